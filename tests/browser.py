"""Headless Chromium driven over the DevTools protocol on a pipe, for the web page's tests.

`--window-size` cannot make a headless window narrower than 500 CSS pixels (a screenshot
at 390 is then a crop of a 500-pixel layout), so the viewport is set the way the browser's
own device emulation does it: `Emulation.setDeviceMetricsOverride`. The protocol runs over
`--remote-debugging-pipe` (file descriptors 3 and 4, messages ending in NUL): no network
port, no extra package.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


class Browser:
    """One Chromium process with a fresh profile and one page."""

    def __init__(self) -> None:
        assert CHROMIUM, "chromium is not installed (scripts/install-system-packages.sh test)"
        self._profile = tempfile.TemporaryDirectory(prefix="reportgen-chromium-")
        to_browser_read, self._to_browser = _high(*os.pipe())
        self._from_browser, from_browser_write = _high(*os.pipe())
        # The browser reads commands on fd 3 and writes answers on fd 4. Bash puts the pipes'
        # ends there (moved above 9 first, so neither already is 3 or 4; dash takes one-digit
        # descriptors only), then becomes the browser.
        command = [
            CHROMIUM,
            *FLAGS,
            f"--user-data-dir={self._profile.name}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self._process = subprocess.Popen(
            [
                "bash",
                "-c",
                f'exec "$@" 3<&{to_browser_read} 4>&{from_browser_write}',
                "bash",
                *command,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_read, from_browser_write),
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self._session = ""
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
            self._session = attached["sessionId"]
            self.call("Page.enable", session=True)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError, AssertionError):
            self.call("Browser.close")
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    # --- protocol ---------------------------------------------------------------------------

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer; events meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                assert "error" not in answer, f"{method}: {answer['error']}"
                result: dict[str, Any] = answer.get("result", {})
                return result
            self._events.append(answer)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            assert chunk, "chromium closed its DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _wait_for(self, method: str) -> None:
        while True:
            for number, event in enumerate(self._events):
                if event.get("method") == method:
                    del self._events[number]
                    return
            self._events.append(self._read())

    # --- what the tests use -------------------------------------------------------------------

    def open(self, page: Path, width: int, height: int = 900) -> None:
        """Show `page` in a viewport `width` CSS pixels wide, as a phone or a desktop would."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self._events.clear()
        self.call("Page.navigate", session=True, url=page.resolve().as_uri())
        self._wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (run by the test, not shipped)."""
        result = self.call(
            "Runtime.evaluate", session=True, expression=expression, returnByValue=True
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def screenshot(self, target: Path, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            width = self.evaluate("document.documentElement.clientWidth")
            height = self.evaluate("document.documentElement.scrollHeight")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        data = self.call("Page.captureScreenshot", session=True, **params)["data"]
        target.write_bytes(base64.b64decode(data))

    def print_pdf(self) -> bytes:
        """The page printed as the browser prints it (its print CSS; no header or footer)."""
        result = self.call(
            "Page.printToPDF", session=True, preferCSSPageSize=True, displayHeaderFooter=False
        )
        return base64.b64decode(result["data"])


def _high(*fds: int) -> tuple[int, ...]:
    """`fds` moved to numbers above 9 (closed on exec unless passed on)."""
    moved = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in fds)
    for fd in fds:
        os.close(fd)
    return moved
