"""The batch command: planned documents, incremental rebuilds, failures, interruption, manifest.

Most tests build HTML only (fast); the DOCX and PDF variants run when their writers import.
Summary documents are expected only when the pipeline registers the `summary` kind.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from cliprocess import run_command
from reportgen.batch.manifest import MANIFEST_NAME, RunManifest, sha256_file
from reportgen.batch.plan import parse_years, plan_jobs
from reportgen.batch.runner import BatchReport, Status, remove_stale_temporaries, run_batch
from reportgen.cli.batch import batch
from reportgen.core import DocumentRequest, Format, Options
from reportgen.documents.registry import document_kinds
from reportgen.errors import UsageError
from reportgen.plan.model import Plan
from reportgen.resources import DEFAULT_PLAN_NAME, default_plan_dir

HAS_SUMMARY = "summary" in document_kinds()
needs_summary = pytest.mark.skipif(
    not HAS_SUMMARY, reason="the pipeline has no `summary` document kind yet"
)
P = DEFAULT_PLAN_NAME  # the prefix of every output file name
YEARS = (2021, 2022, 2023)  # the years the default plan has progress files for

runner = CliRunner()


# --- helpers -------------------------------------------------------------------------------


def batch_app() -> typer.Typer:
    """The program's app when it has the `batch` command, else a stand-in with just it."""
    from reportgen.cli import app as cli

    if "batch" in typer.main.get_command(cli.app).commands:  # type: ignore[attr-defined]
        return cli.app
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """reportgen (test stand-in)"""

    app.command("batch")(batch)
    return app


def invoke(*args: str | Path) -> tuple[int, str]:
    """Run `reportgen batch ARGS` in this process; its exit code and output (stdout+stderr)."""
    result = runner.invoke(batch_app(), ["batch", *map(str, args)])
    assert "Traceback" not in result.output, result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def run(plan_dir: Path, output: Path, **options: object) -> BatchReport:
    """The library call, HTML only and in this process unless told otherwise."""
    settings: dict[str, object] = {"formats": ("html",), "jobs": 1, **options}
    return run_batch(Options(plan_dir=plan_dir, output_dir=output, **settings))  # type: ignore[arg-type]


def names(report: BatchReport, status: Status) -> set[str]:
    return {o.name for o in report.of(status)}


def all_documents(plan: Plan, years: Sequence[int] = YEARS) -> set[str]:
    """The stems of the default batch for `years`."""
    stems = {f"{P}-circular"} | {f"{P}-notice-{y}" for y in years}
    stems |= {f"{P}-reminder-{y}" for y in years}  # some unit is late in every year
    if HAS_SUMMARY:
        stems |= {f"{P}-summary-{y}-{u.id}" for y in years for u in plan.registry.units}
    return stems


def depending_on(plan: Plan, year: int, years: Sequence[int] = YEARS) -> set[str]:
    """The documents that depend on progress/YEAR.yaml: those of that year and later ones."""
    later = [y for y in years if y >= year]
    stems = {f"{P}-notice-{y}" for y in later} | {f"{P}-reminder-{y}" for y in later}
    if HAS_SUMMARY:
        stems |= {f"{P}-summary-{y}-{u.id}" for y in later for u in plan.registry.units}
    return stems


def assert_complete(path: Path) -> None:
    """A whole document: HTML ends with </html>, DOCX is a sound zip, PDF ends with %%EOF."""
    data = path.read_bytes()
    if path.suffix == ".html":
        assert data.rstrip().endswith(b"</html>"), path
    elif path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path
            assert "word/document.xml" in archive.namelist(), path
    elif path.suffix == ".pdf":
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
    else:
        raise AssertionError(f"unexpected output {path}")


def our_temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob(f".{P}-*.part"))


def recorded(output: Path) -> set[str]:
    """The documents the run manifest records as built."""
    path = output / MANIFEST_NAME
    if not path.exists():
        return set()
    data = json.loads(path.read_text("utf-8"))
    return {name for name, doc in data["documents"].items() if doc["fingerprint"]}


def writer_available(fmt: str) -> None:
    if fmt != "html":
        pytest.importorskip(f"reportgen.writers.{fmt}.writer")


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    """A writable copy of the default plan, under its own name (it names the outputs)."""
    target = tmp_path / "plans" / DEFAULT_PLAN_NAME
    shutil.copytree(default_plan_dir(), target)
    return target


def slow_templates(tmp_path: Path, iterations: int = 250_000) -> Path:
    """A copy of the built-in templates whose base template spends ~0.25 s in a loop."""
    from reportgen.resources import templates_dir

    target = tmp_path / "slow-templates"
    shutil.copytree(templates_dir(), target)
    base = target / "base.html.j2"
    loop = (
        "{% set ns = namespace(n=0) %}"
        f"{{% for _ in range({iterations}) %}}{{% set ns.n = ns.n + 1 %}}{{% endfor %}}"
    )
    text = base.read_text("utf-8")
    base.write_text(text.replace("<!DOCTYPE html>", loop + "<!DOCTYPE html>", 1), "utf-8")
    return target


# --- planning ------------------------------------------------------------------------------


def test_parse_years() -> None:
    assert parse_years("2021-2023") == (2021, 2022, 2023)
    assert parse_years("2023, 2021") == (2021, 2023)
    assert parse_years("2022") == (2022,)
    for bad in ("2023-2021", "twenty", "2021-", ""):
        with pytest.raises(ValueError):
            parse_years(bad)


def test_default_jobs_follow_the_progress_files(plan: Plan) -> None:
    requests = plan_jobs(plan)
    assert requests[0] == DocumentRequest("circular")
    assert [r.year for r in requests if r.kind == "notice"] == list(YEARS)
    assert [r.year for r in requests if r.kind == "reminder"] == list(YEARS)
    summaries = {(r.year, r.unit) for r in requests if r.kind == "summary"}
    if HAS_SUMMARY:
        assert summaries == {(y, u.id) for y in YEARS for u in plan.registry.units}
    else:
        assert summaries == set()
    assert len(set(requests)) == len(requests)


def test_jobs_for_chosen_years_kinds_and_units(plan: Plan) -> None:
    requests = plan_jobs(plan, years=[2024], kinds=["notice"])
    assert requests == [DocumentRequest("notice", year=2024)]
    with pytest.raises(UsageError, match="outside the plan period"):
        plan_jobs(plan, years=[2019])
    with pytest.raises(UsageError, match="unknown document kinds"):
        plan_jobs(plan, kinds=["memo"])
    with pytest.raises(UsageError, match="unknown units"):
        plan_jobs(plan, units=["nobody"])


# --- (a) a full batch ----------------------------------------------------------------------


def test_full_batch_in_worker_processes(plan_dir: Path, tmp_path: Path, plan: Plan) -> None:
    out = tmp_path / "out"
    code, output = invoke("--plan", plan_dir, "-o", out, "-f", "html", "--jobs", "2")
    assert code == 0, output
    expected = all_documents(plan)
    assert f"built {len(expected)}, skipped 0, failed 0" in output
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{n}.html" for n in expected] + [MANIFEST_NAME])
    for name in expected:
        assert_complete(out / f"{name}.html")
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    assert set(manifest["documents"]) == expected
    notice = manifest["documents"][f"{P}-notice-2022"]
    assert notice["request"] == {
        "kind": "notice",
        "year": 2022,
        "unit": None,
        "number": None,
        "date": None,
    }
    assert "plan/progress/2022.yaml" in notice["inputs"]
    assert "plan/progress/2023.yaml" not in notice["inputs"]
    html = out / f"{P}-notice-2022.html"
    assert notice["outputs"] == {
        html.name: {"sha256": sha256_file(html), "bytes": html.stat().st_size}
    }
    assert list(out.glob(".*.part")) == []


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_batch_in_every_format(fmt: Format, plan_dir: Path, tmp_path: Path) -> None:
    writer_available(fmt)
    documents = [
        "  - {kind: circular}",
        "  - {kind: notice, year: 2022}",
        *(["  - {kind: summary, year: 2022, unit: edu}"] if HAS_SUMMARY else []),
    ]
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(
        f"plan: {plan_dir}\noutput: out\nformats: [{fmt}, html]\ndocuments:\n"
        + "\n".join(documents)
        + "\n",
        "utf-8",
    )
    code, output = invoke("--manifest", manifest)
    assert code == 0, output
    out = tmp_path / "out"
    stems = [f"{P}-circular", f"{P}-notice-2022"] + (
        [f"{P}-summary-2022-edu"] if HAS_SUMMARY else []
    )
    assert f"built {len(stems)}, skipped 0, failed 0" in output
    for stem in stems:
        assert_complete(out / f"{stem}.{fmt}")
        assert_complete(out / f"{stem}.html")
    recorded_docs = json.loads((out / MANIFEST_NAME).read_text("utf-8"))["documents"]
    assert sorted(recorded_docs) == sorted(stems)
    for stem in stems:
        assert sorted(recorded_docs[stem]["outputs"]) == sorted([f"{stem}.{fmt}", f"{stem}.html"])
        if fmt == "pdf":
            assert recorded_docs[stem]["pages"] >= 1
            assert "fonts" in recorded_docs[stem]["inputs"]
    code, output = invoke("--manifest", manifest)
    assert code == 0, output
    assert f"built 0, skipped {len(stems)}, failed 0" in output


# --- (b) nothing changed, nothing built ------------------------------------------------------


def test_second_run_skips_everything(plan_dir: Path, tmp_path: Path, plan: Plan) -> None:
    out = tmp_path / "out"
    total = len(all_documents(plan))
    assert invoke("--plan", plan_dir, "-o", out, "-f", "html", "-j", "1")[0] == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    code, output = invoke("--plan", plan_dir, "-o", out, "-f", "html", "-j", "1")
    assert code == 0, output
    assert f"built 0, skipped {total}, failed 0" in output
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    code, output = invoke("--plan", plan_dir, "-o", out, "-f", "html", "--dry-run")
    assert code == 0, output
    assert output.splitlines()[0] == f"would build 0, up to date {total}"
    assert len(output.splitlines()) == 1


def test_dry_run_writes_nothing_and_says_why(plan_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke(
        "--plan", plan_dir, "-o", out, "-f", "html", "--years", "2021", "--dry-run"
    )
    assert code == 0, output
    assert not out.exists()
    assert f"  {P}-circular: new" in output.splitlines()
    report = run(plan_dir, out, years=(2021,))
    assert names(report, "failed") == set()
    (out / f"{P}-circular.html").unlink()
    (out / f"{P}-notice-2021.html").write_text("edited by hand", "utf-8")
    report = run(plan_dir, out, years=(2021,), dry_run=True)
    reasons = {o.name: o.reason for o in report.of("to build")}
    assert reasons == {
        f"{P}-circular": f"output missing: {P}-circular.html",
        f"{P}-notice-2021": f"output changed since it was built: {P}-notice-2021.html",
    }
    report = run(plan_dir, out, years=(2021,), force=True, dry_run=True)
    assert {o.reason for o in report.of("to build")} == {"forced (--force)"}
    assert report.of("skipped") == []


# --- (c) a changed progress file rebuilds exactly what depends on it -------------------------


def test_changed_progress_rebuilds_its_dependents(
    plan_dir: Path, tmp_path: Path, plan: Plan
) -> None:
    out = tmp_path / "out"
    first = run(plan_dir, out)
    assert names(first, "built") == all_documents(plan)
    progress = plan_dir / "progress" / "2022.yaml"
    text = progress.read_text("utf-8")
    assert "{target: twinned-schools, value: 200," in text
    progress.write_text(
        text.replace("twinned-schools, value: 200,", "twinned-schools, value: 201,")
    )
    expected = depending_on(plan, 2022)
    dry = run(plan_dir, out, dry_run=True)
    assert names(dry, "to build") == expected
    assert {o.reason for o in dry.of("to build")} == {"input changed: plan/progress/2022.yaml"}
    second = run(plan_dir, out)
    assert names(second, "built") == expected
    assert names(second, "skipped") == all_documents(plan) - expected
    assert f"{P}-circular" not in expected and f"{P}-notice-2021" not in expected
    assert "201所" in (out / f"{P}-notice-2022.html").read_text("utf-8")


def test_touching_a_file_without_changing_it_rebuilds_nothing(
    plan_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(plan_dir, out, years=(2022,))
    later = time.time() + 10
    os.utime(plan_dir / "progress" / "2022.yaml", (later, later))
    report = run(plan_dir, out, years=(2022,))
    assert report.of("built") == []


# --- (d) one broken document -----------------------------------------------------------------


def test_a_failing_document_does_not_stop_the_others(
    plan_dir: Path, tmp_path: Path, plan: Plan
) -> None:
    from reportgen.resources import templates_dir

    templates = tmp_path / "templates"
    templates.mkdir()
    notice = (templates_dir() / "notice.html.j2").read_text("utf-8")
    broken = "{% if '2022年度' in meta.subject %}{{ no_such_value }}{% endif %}\n"
    templates.joinpath("notice.html.j2").write_text(
        notice.replace("{% block content %}\n", "{% block content %}\n" + broken, 1), "utf-8"
    )
    out = tmp_path / "out"
    args = ("--plan", plan_dir, "-o", out, "-f", "html", "--templates", templates, "-j", "2")
    code, output = invoke(*args)
    assert code == 1, output
    total = len(all_documents(plan))
    assert f"built {total - 1}, skipped 0, failed 1" in output
    failures = [line for line in output.splitlines() if line.startswith("failed: ")]
    assert len(failures) == 1
    assert failures[0].startswith(f"failed: {P}-notice-2022: ")
    assert "'no_such_value' is undefined" in failures[0]
    assert not (out / f"{P}-notice-2022.html").exists()
    assert (out / f"{P}-notice-2023.html").exists()
    assert recorded(out) == all_documents(plan) - {f"{P}-notice-2022"}
    error = json.loads((out / MANIFEST_NAME).read_text("utf-8"))["documents"][f"{P}-notice-2022"][
        "error"
    ]
    assert "no_such_value" in error[0]
    code, output = invoke(*args)  # only the failed one is tried again
    assert code == 1
    assert f"built 0, skipped {total - 1}, failed 1" in output


def test_an_invalid_progress_file_fails_only_its_documents(
    plan_dir: Path, tmp_path: Path, plan: Plan
) -> None:
    progress = plan_dir / "progress" / "2023.yaml"
    progress.write_text(progress.read_text("utf-8").replace("year: 2023", "year: 2030"), "utf-8")
    report = run(plan_dir, tmp_path / "out")
    assert report.exit_code == 1
    assert names(report, "failed") == depending_on(plan, 2023)
    assert names(report, "built") == all_documents(plan) - depending_on(plan, 2023)
    reason = report.of("failed")[0].reason
    assert re.match(r".*2023\.yaml:\d+:\d+: year: year 2030 differs from the file name", reason)


# --- (e) killed, interrupted -----------------------------------------------------------------


def batch_argv() -> list[str]:
    """How to start `reportgen batch` in a new process."""
    from reportgen.cli import app as cli

    if "batch" in typer.main.get_command(cli.app).commands:  # type: ignore[attr-defined]
        return [sys.executable, "-m", "reportgen", "batch"]
    launcher = (
        "from reportgen.cli.app import app\n"
        "from reportgen.cli.batch import batch\n"
        "if __name__ == '__main__':\n"
        "    app.command('batch')(batch)\n"
        "    app(prog_name='reportgen')\n"
    )
    return [sys.executable, "-c", launcher, "batch"]


def start_batch(*args: str | Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.Popen(
        [*batch_argv(), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def wait_for_first_document(process: subprocess.Popen[str], out: Path) -> None:
    deadline = time.monotonic() + 15
    while not recorded(out):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no document finished in 15 s"
        time.sleep(0.05)


@pytest.fixture
def slow_batch(plan_dir: Path, tmp_path: Path) -> Iterator[tuple[list[str | Path], Path]]:
    """Arguments of a batch of 12 (4 without summaries) slow HTML documents, and its output."""
    out = tmp_path / "out"
    templates = slow_templates(tmp_path)
    yield (
        ["--plan", plan_dir, "-o", out, "-f", "html", "--years", "2021", "--templates", templates],
        out,
    )


def test_killed_run_leaves_whole_files_and_the_next_run_finishes(
    slow_batch: tuple[list[str | Path], Path], plan: Plan
) -> None:
    args, out = slow_batch
    process = start_batch(*args, "--jobs", "1")
    wait_for_first_document(process, out)
    process.kill()
    process.communicate(timeout=10)
    for path in out.glob(f"{P}-*"):
        assert_complete(path)
    finished = recorded(out)
    everything = all_documents(plan, [2021])
    assert finished and finished < everything
    # what a SIGKILL in the middle of a write leaves, and a file that is not ours
    (out / f".{P}-notice-2021.html.k1ll3d00.part").write_bytes(b"<!DOCTYPE html><html")
    (out / ".notes.txt.k1ll3d00.part").write_bytes(b"someone else's")
    done = run_command([*batch_argv(), *args, "--jobs", "1"])
    assert done.returncode == 0, done.stderr
    remaining = len(everything - finished)
    assert f"built {remaining}, skipped {len(finished)}, failed 0" in done.stdout
    assert re.search(r"removed \d+ temporary files left by an interrupted run", done.stderr)
    assert our_temporaries(out) == []
    assert (out / ".notes.txt.k1ll3d00.part").exists()
    assert recorded(out) == everything
    for name in everything:
        assert_complete(out / f"{name}.html")


@pytest.mark.parametrize(
    ("signum", "jobs"),
    [(signal.SIGINT, "1"), (signal.SIGTERM, "2")],
    ids=["SIGINT-in-process", "SIGTERM-workers"],
)
def test_a_signal_stops_the_run_cleanly(
    signum: signal.Signals, jobs: str, slow_batch: tuple[list[str | Path], Path], plan: Plan
) -> None:
    args, out = slow_batch
    process = start_batch(*args, "--jobs", jobs)
    wait_for_first_document(process, out)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 128 + signum, (stdout, stderr)
    assert "Traceback" not in stderr
    assert f"interrupted by {signum.name}: built " in stdout
    assert list(out.glob(".*.part")) == []
    manifest, notes = RunManifest.read(out)
    assert notes == []
    for name, record in manifest.documents.items():
        for file_name, output in record.files.items():
            assert sha256_file(out / file_name) == output.sha256, name
    for path in out.glob(f"{P}-*"):
        assert_complete(path)
    assert recorded(out) < all_documents(plan, [2021])


# --- (f) two documents, one file ---------------------------------------------------------------


def test_duplicate_output_paths_are_refused(plan_dir: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(
        f"plan: {plan_dir}\n"
        "formats: html\n"
        "documents:\n"
        "  - {kind: notice, year: 2022}\n"
        "  - {kind: circular}\n"
        "  - {kind: notice, year: 2022, number: 7}\n",
        "utf-8",
    )
    code, output = invoke("--manifest", manifest, "-o", tmp_path / "out")
    assert code == 65, output
    assert re.search(
        rf"^{re.escape(str(manifest))}:6:5: documents\[2\]: notice 2022 would write "
        rf"{P}-notice-2022\.html, as notice 2022 \(document 1\) does",
        output,
        re.MULTILINE,
    ), output
    assert not (tmp_path / "out").exists()


@needs_summary
def test_a_unit_named_twice_is_a_duplicate(plan_dir: Path, tmp_path: Path) -> None:
    documents = (
        DocumentRequest("summary", year=2022, unit="edu"),
        DocumentRequest("summary", year=2022, unit="市教育局"),
    )
    with pytest.raises(UsageError, match=rf"would write {P}-summary-2022-edu\.html"):
        run(plan_dir, tmp_path / "out", documents=documents)


# --- (g) the batch manifest ----------------------------------------------------------------------


def test_a_broken_manifest_is_located(tmp_path: Path) -> None:
    manifest = tmp_path / "batch.yaml"
    manifest.write_text(
        "formats: [html, odt]\njobs: 0\nyears: 2021-20x\ncolour: red\n"
        "documents:\n  - {kind: notice, yaer: 2022}\n",
        "utf-8",
    )
    code, output = invoke("--manifest", manifest)
    assert code == 65, output
    lines = output.splitlines()
    where = re.escape(str(manifest))
    for pattern in [
        rf"{where}:1:\d+: formats\[1\]: ",
        rf"{where}:2:7: jobs: .*greater than or equal to 1",
        rf"{where}:3:8: years: '2021-20x' is not a year",
        rf"{where}:4:1: colour: unknown key",
        rf"{where}:6:\d+: documents\[0\]\.yaer: unknown key",
    ]:
        assert any(re.match(pattern, line) for line in lines), (pattern, output)


def test_a_manifest_with_bad_yaml_or_folders_is_located(tmp_path: Path) -> None:
    manifest = tmp_path / "batch.yaml"
    manifest.write_text("formats: [html\nyears: 2021\n", "utf-8")
    code, output = invoke("--manifest", manifest)
    assert code == 65
    assert re.match(rf"{re.escape(str(manifest))}:1:10: YAML syntax error", output), output
    manifest.write_text("plan: nowhere\ntemplates: nothing\n", "utf-8")
    code, output = invoke("--manifest", manifest)
    assert code == 65
    assert f"{manifest}:1:7: plan: folder {tmp_path / 'nowhere'} not found" in output
    assert f"{manifest}:2:12: templates: a batch manifest may not choose templates" in output


def test_manifest_keys_and_command_line_options(plan_dir: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "batch.yaml"
    relative = plan_dir.relative_to(tmp_path)
    manifest.write_text(
        f"plan: {relative}\noutput: from-manifest\nformats: html\nyears: 2021\njobs: 1\n", "utf-8"
    )
    code, output = invoke("--manifest", manifest)
    assert code == 0, output
    built = sorted(p.name for p in (tmp_path / "from-manifest").glob("*.html"))
    assert f"{P}-notice-2021.html" in built and f"{P}-notice-2022.html" not in built
    code, output = invoke("--manifest", manifest, "-o", tmp_path / "cli", "--years", "2022")
    assert code == 0, output
    built = sorted(p.name for p in (tmp_path / "cli").glob("*.html"))
    assert f"{P}-notice-2022.html" in built and f"{P}-notice-2021.html" not in built


def test_years_outside_the_period(plan_dir: Path, tmp_path: Path) -> None:
    code, output = invoke("--plan", plan_dir, "-o", tmp_path, "--years", "2019-2021")
    assert code == 2
    assert "years 2019-2020 are outside the plan period 2021–2025" in output
    code, output = invoke("--plan", plan_dir, "--years", "21")
    assert code == 2
    assert "'21' is not a year" in output


# --- the run manifest and the output folder --------------------------------------------------


def test_the_manifest_is_deterministic(plan_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    run(plan_dir, first, years=(2022,))
    run(plan_dir, second, years=(2022,), jobs=2)
    one, _ = RunManifest.read(first)
    two, _ = RunManifest.read(second)
    assert one.to_json(timings=False) == two.to_json(timings=False)
    for path in first.glob("*.html"):
        assert path.read_bytes() == (second / path.name).read_bytes()
    text = (first / MANIFEST_NAME).read_text("utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert str(tmp_path) not in text  # no absolute paths of ours


def test_an_unreadable_manifest_means_rebuilding(plan_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(plan_dir, out, years=(2021,))
    (out / MANIFEST_NAME).write_text("{not json", "utf-8")
    report = run(plan_dir, out, years=(2021,))
    assert report.of("skipped") == []
    assert any("unreadable" in note for note in report.notes)
    assert report.exit_code == 0


def test_another_batch_holds_the_output_folder(plan_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    handle = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, output = invoke("--plan", plan_dir, "-o", out, "-f", "html")
    finally:
        os.close(handle)
    assert code == 73
    assert "another reportgen batch is writing into this folder" in output


def test_only_our_temporary_files_are_removed(tmp_path: Path) -> None:
    ours = tmp_path / ".a-notice-2021.html.x1y2z3w4.part"
    theirs = tmp_path / ".b.html.x1y2z3w4.part"
    for path in (ours, theirs):
        path.write_bytes(b"")
    assert remove_stale_temporaries(tmp_path, {"a-notice-2021.html"}) == [ours]
    assert not ours.exists() and theirs.exists()


def test_batch_help() -> None:
    code, output = invoke("--help")
    assert code == 0
    for option in ("--plan", "--output", "--format", "--years", "--jobs", "--force"):
        assert option in output
    for option in ("--dry-run", "--manifest", "--script", "--strict-fonts", "--font-dir"):
        assert option in output
    assert "--templates" in output and "--profile" in output


# --- workers forked from a warmed-up server --------------------------------------------------


def test_warm_workers_write_the_same_bytes_as_this_process(plan_dir: Path, tmp_path: Path) -> None:
    """Workers are forked from a forkserver that has rendered a sample document (fontconfig,
    Pango and HarfBuzz initialised before the fork): their DOCX and PDF files must equal
    those built in this process, byte for byte."""
    writer_available("pdf")
    writer_available("docx")
    here, workers = tmp_path / "here", tmp_path / "workers"
    settings: dict[str, object] = {"formats": ("docx", "pdf"), "years": (2021,)}
    first = run(plan_dir, here, jobs=1, **settings)
    second = run(plan_dir, workers, jobs=2, **settings)
    assert not first.of("failed") and not second.of("failed"), second.summary_lines()
    files = sorted(p.name for p in here.iterdir() if p.suffix in {".docx", ".pdf"})
    assert len(files) == 2 * len(names(first, "built")) >= 4
    for name in files:
        assert (here / name).read_bytes() == (workers / name).read_bytes(), name


def test_workers_start_warm() -> None:
    from concurrent.futures import ProcessPoolExecutor

    from reportgen.batch.execute import _pool_context
    from reportgen.batch.warm import warmed_up

    context = _pool_context()
    if context.get_start_method() != "forkserver":
        pytest.skip("no forkserver on this platform: workers warm up on their first document")
    with ProcessPoolExecutor(1, mp_context=context) as executor:
        assert executor.submit(warmed_up).result() is True


def test_the_warm_up_sample_uses_every_block_style() -> None:
    from reportgen.batch.warm import sample_html
    from reportgen.render.vocabulary import BLOCK_CLASSES
    from reportgen.writers.pdf.writer import vocabulary_warnings

    html = sample_html()
    assert vocabulary_warnings(html) == []
    for cls in BLOCK_CLASSES:
        if cls not in {"gw-signature", "gw-colophon"}:
            assert f'class="{cls}"' in html, cls


def test_workers_leave_no_temporary_font_files(plan_dir: Path, tmp_path: Path) -> None:
    """Each PDF worker copies the faces of its @font-face rules (16 MB of CJK fonts) into a
    temporary folder, and single faces out of font collections into another: both go when
    the worker ends, though multiprocessing ends it without running exit handlers."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    args = ["--plan", plan_dir, "-o", out, "-f", "pdf", "--years", "2021", "--jobs", "2"]
    done = run_command([*batch_argv(), *args], env={"TMPDIR": str(temp)}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*.pdf"))) > 2  # both workers had documents to build
    assert sorted(p.name for p in temp.iterdir()) == []
