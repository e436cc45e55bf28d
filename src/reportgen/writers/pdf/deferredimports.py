"""Importing WeasyPrint without fontTools' subsetter and variable-font instancer.

`weasyprint.pdf.fonts` imports `fontTools.subset` and `fontTools.varLib.instancer` at its
top. With HarfBuzz's subsetter installed (the project's setup installs it) WeasyPrint calls
neither for static faces: the subsetter is its fallback without HarfBuzz's, the instancer
turns variable faces into static ones, and the profile's faces are static. Importing the two
brings in about a hundred fontTools modules (OpenType tables, varLib, otlLib, feaLib) and
takes 0.2 s of every process that lays out a PDF.

`deferred_modules` stands a `StandIn` for each of them in `sys.modules` while WeasyPrint is
imported, and takes it out afterwards, so nothing else ever sees it. What WeasyPrint takes
from a stand-in (`subset.Options`, `instantiateVariableFont`, …) is a `DeferredCallable`,
and WeasyPrint only ever calls these: the first call imports the real module and calls the
real attribute. A later `import fontTools.subset` anywhere gets the real module.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Iterator
from typing import Any

DEFERRED_MODULES = ("fontTools.subset", "fontTools.varLib.instancer")
"""What WeasyPrint imports at its top and calls only for fallbacks and variable faces."""


class DeferredCallable:
    """`module.name`, imported and called when first called."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.target()(*args, **kwargs)

    def target(self) -> Any:
        """The real attribute (its module imported now if it was not yet)."""
        return getattr(importlib.import_module(self.module), self.name)

    def __repr__(self) -> str:
        return f"<deferred {self.module}.{self.name}>"


class StandIn(types.ModuleType):
    """A module that gives a `DeferredCallable` for each public name asked of it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return DeferredCallable(self.__name__, name)


@contextlib.contextmanager
def deferred_modules(names: tuple[str, ...] = DEFERRED_MODULES) -> Iterator[None]:
    """Within the block, importing one of `names` (not imported yet) gives its stand-in."""
    standing = [name for name in names if name not in sys.modules]
    for name in standing:
        sys.modules[name] = StandIn(name)
    try:
        yield
    finally:
        for name in standing:
            if isinstance(sys.modules.get(name), StandIn):
                del sys.modules[name]
