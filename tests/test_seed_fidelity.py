"""The default plan's YAML against the only authoritative text: the seed copy of the circular.

The seed (`<repo>/../shared/seed/shaoxing-2021-2-circular.txt`, see its README) is the public
web copy of 紹政辦發〔2021〕2號: traditional characters, half-width punctuation, and the attached
schedule table flattened into one cell per line. Wording is compared after
`normalise_for_compare` (white space dropped, full and half width folded). The schedule is
read by a small parser written here, independent of the loader, and checked cell by cell.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from reportgen.plan.loader import load_plan
from reportgen.plan.model import CITY_COLUMN, Plan, Project, ScheduleRow, Target
from reportgen.plan.textnorm import normalise_for_compare as norm
from reportgen.resources import default_plan_dir
from reportgen.zh.numerals import chinese_number

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEED_FILE = SEED_DIR / "shaoxing-2021-2-circular.txt"

pytestmark = pytest.mark.skipif(
    not SEED_FILE.is_file(),
    reason=f"seed text not found at {SEED_FILE} (the shared folder must sit beside the repo)",
)

SCHEDULE_COLUMNS = ["越城區", "柯橋區", "上虞區", "諸暨市", "嵊州市", "新昌縣", "全市創建"]
DISCLOSURE_LABELS = ["索引號", "公開方式", "發布機構", "公開日期", "主題分類", "發文字號"]
SEED_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ATTACHMENT_LINE = re.compile(r"附件\s*[:：].+")  # 附件:紹興市… at the end of the plan's text


@functools.cache
def default_plan() -> Plan:
    return load_plan(default_plan_dir())


@functools.cache
def seed_lines() -> tuple[str, ...]:
    """The seed's lines, exactly (no stripping: blank lines carry the table's structure)."""
    return tuple(SEED_FILE.read_text("utf-8").split("\n"))


def seed_index(predicate: str | re.Pattern[str], start: int = 0) -> int:
    """Index of the first line at or after `start` that starts with / fully matches `predicate`."""
    lines = seed_lines()
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if isinstance(predicate, str) and line.startswith(predicate):
            return i
        if isinstance(predicate, re.Pattern) and predicate.fullmatch(line):
            return i
    raise AssertionError(f"seed has no line matching {predicate!r} after line {start + 1}")


def nonblank(start: int, stop: int) -> list[str]:
    return [line.strip() for line in seed_lines()[start:stop] if line.strip()]


# --- the seed's notice ---------------------------------------------------------------------


@dataclass(frozen=True)
class SeedNotice:
    disclosure: dict[str, str]
    title_lines: list[str]
    addressee: str
    body: list[str]
    signature: str
    date: str
    date_index: int


@functools.cache
def seed_notice() -> SeedNotice:
    """The notice: disclosure header, title, addressee, body, signature and date.

    Layout of the web copy: the disclosure fields (three lines), the title lines, the page's
    `發布日期:` line (furniture), the addressee, the body paragraphs, the signature and the
    date (the line before the date is the signature).
    """
    lines = seed_lines()
    published_line = seed_index("發布日期")
    header_end = next(i for i in range(len(lines)) if not lines[i].strip())
    header = " ".join(lines[:header_end])
    disclosure = {}
    for label in DISCLOSURE_LABELS:
        found = re.search(rf"{label}\s*[:：]\s*(\S+)", header)
        assert found, f"seed disclosure header has no {label}: {header!r}"
        disclosure[label] = found.group(1)
    title_lines = nonblank(header_end, published_line)
    date_index = seed_index(SEED_DATE, published_line)
    after = nonblank(published_line + 1, date_index)
    addressee, *body, signature = after
    return SeedNotice(
        disclosure=disclosure,
        title_lines=title_lines,
        addressee=addressee.rstrip(":："),
        body=body,
        signature=signature,
        date=lines[date_index].strip(),
        date_index=date_index,
    )


def test_seed_notice_was_read_sensibly() -> None:
    """Guard the reader above: the seed's layout is what the fidelity tests assume."""
    notice = seed_notice()
    assert len(notice.title_lines) == 3
    assert notice.title_lines[-1].endswith("的通知")
    assert notice.body and all(p.endswith("。") for p in notice.body)
    assert notice.signature.endswith("辦公室")


def test_notice_title() -> None:
    doc = default_plan().document
    seed = seed_notice().title_lines
    assert doc.title_lines is not None
    assert norm("".join(doc.title_lines)) == norm("".join(seed))
    assert norm(doc.title) == norm("".join(seed))
    assert [norm(line) for line in doc.title_lines] == [norm(line) for line in seed]


def test_notice_addressee_body_signature_date() -> None:
    doc = default_plan().document
    notice = seed_notice()
    assert norm(doc.addressee) == norm(notice.addressee)
    assert [norm(p) for p in doc.body] == [norm(p) for p in notice.body]
    assert norm(doc.signature) == norm(notice.signature)
    assert doc.date.isoformat() == "2021-01-18"
    assert f"{doc.date.year}年{doc.date.month}月{doc.date.day}日" == notice.date


def test_notice_disclosure_fields() -> None:
    doc = default_plan().document
    assert doc.disclosure is not None
    seed = seed_notice().disclosure
    ours = {
        "索引號": doc.disclosure.index_number,
        "公開方式": doc.disclosure.openness,
        "發布機構": doc.disclosure.publisher,
        "公開日期": doc.disclosure.published.isoformat(),
        "主題分類": doc.disclosure.topic,
        "發文字號": str(doc.doc_number),
    }
    assert {k: norm(v) for k, v in ours.items()} == {k: norm(v) for k, v in seed.items()}
    assert str(doc.doc_number) == "紹政辦發〔2021〕2號"


# --- the plan ------------------------------------------------------------------------------


def seed_plan_paragraphs() -> list[str]:
    """The plan's text in the seed: from the preamble 根據《… through the 附件: line."""
    start = seed_index("根據《", seed_notice().date_index)
    end = seed_index(ATTACHMENT_LINE, start)
    return nonblank(start, end + 1)


def model_plan_paragraphs(p: Plan) -> list[str]:
    """The plan's running text built from the model, one paragraph per seed line."""
    paragraphs = [p.plan.preamble]
    for i, part in enumerate(p.plan.parts, start=1):
        paragraphs.append(f"{chinese_number(i)}、{part.heading}")
        for measure in part.measures:
            text = f"（{chinese_number(measure.number)}）{measure.heading}。{measure.text}"
            if measure.responsible:
                text += f"（責任單位：{p.responsible_text(measure)}）"
            paragraphs.append(text)
    assert p.plan.attachment is not None
    paragraphs.append(f"附件：{p.plan.attachment}")
    return paragraphs


def test_plan_text_equals_the_seed() -> None:
    seed = seed_plan_paragraphs()
    ours = model_plan_paragraphs(default_plan())
    # Paragraph by paragraph first, for a readable difference ...
    assert len(ours) == len(seed), (len(ours), len(seed))
    for i, (mine, theirs) in enumerate(zip(ours, seed, strict=True)):
        assert norm(mine) == norm(theirs), f"paragraph {i + 1} differs"
    # ... then the whole running text, as one string.
    assert norm("".join(ours)) == norm("".join(seed))


def test_plan_text_paragraph_count() -> None:
    """1 preamble + 4 part headings + 18 measures + the attachment line."""
    assert len(seed_plan_paragraphs()) == 1 + 4 + 18 + 1
    assert len(default_plan().measures) == 18


def test_plan_title_matches_the_seed() -> None:
    p = default_plan().plan
    start = seed_notice().date_index + 1
    seed_title = nonblank(start, seed_index("根據《", start))
    assert len(seed_title) == 2
    assert p.title_lines is not None
    assert [norm(line) for line in p.title_lines] == [norm(line) for line in seed_title]
    assert norm(p.title) == norm("".join(seed_title))


def test_responsible_text_is_rendered_as_the_plan_writes_it() -> None:
    p = default_plan()
    assert p.responsible_text(p.measure(8)) == "各區、縣〔市〕政府，市教育局"
    assert p.responsible_text(p.measure(12)) == "市教育局、市人力社保局，各區、縣〔市〕政府"
    assert p.responsible_text(p.measure(1)) == ""


def test_measure_7_falls_to_the_six_district_governments_in_order() -> None:
    p = default_plan()
    units = p.responsible_units(p.measure(7))
    assert [u.district for u in units] == [d.id for d in p.registry.districts]
    assert [p.district(u.district).name for u in units if u.district] == SCHEDULE_COLUMNS[:6]
    assert [u.name for u in units] == [f"{name}政府" for name in SCHEDULE_COLUMNS[:6]]


def test_measure_12_expands_groups_after_named_units() -> None:
    p = default_plan()
    names = [u.name for u in p.responsible_units(p.measure(12))]
    assert names[:2] == ["市教育局", "市人力社保局"]
    assert names[2:] == [f"{name}政府" for name in SCHEDULE_COLUMNS[:6]]


# --- targets -------------------------------------------------------------------------------


def test_every_target_quote_occurs_in_its_measure_and_in_the_seed() -> None:
    p = default_plan()
    seed_text = norm("".join(seed_plan_paragraphs()))
    assert p.targets.targets, "targets.yaml lists no targets"
    for target in p.targets.targets:
        measure = p.measure(target.measure)
        assert target.quote in measure.text, f"{target.id}: quote not in measure {measure.number}"
        assert norm(target.quote) in seed_text, f"{target.id}: quote not in the seed"


def target_quoting(words: str) -> Target:
    matches = [t for t in default_plan().targets.targets if words in t.quote]
    assert len(matches) == 1, f"{len(matches)} targets quote {words!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("words", "comparator", "value"),
    [
        ("小于0.35", "小于", Decimal("0.35")),
        ("初中小于0.3", "小于", Decimal("0.3")),
        ("超過200所", "超過", 200),
        ("50個以上", "以上", 50),
        ("4—6個", "區間", (4, 6)),
        ("雙師型教師比例達到93%", "達到", 93),
        ("15所", "達到", 15),
    ],
)
def test_target_comparators_mean_what_the_text_says(
    words: str, comparator: str, value: Decimal | int | tuple[int, int]
) -> None:
    target = target_quoting(words)
    assert target.comparator == comparator
    assert target.value == value


def test_rank_targets_read_as_top_four() -> None:
    ranks = [t for t in default_plan().targets.targets if t.comparator == "前"]
    assert len(ranks) == 2
    for target in ranks:
        assert "前四位" in target.quote
        assert target.value == 4


# --- the attached schedule -----------------------------------------------------------------
#
# The flattening rule of the web copy, established by counting: after the header cells (項目,
# 時間, 越城區 … 新昌縣, 全市創建, each followed by one blank line) every table row is its
# project name (on the project's first row only: a rowspan), the year, then the 7 cells. A
# non-empty cell is written as its text and "\n\n"; an empty cell as a single "\n". So between
# two tokens the run of newlines is 2 + the number of empty cells between them. Inside one cell
# the text may break over two lines, with a single "\n" (then indented, "基本達到\n  創建標準")
# or with "\n\n" ("創建率達到\n\n全省平均"). After the table the page adds one more "\n" before
# its 信息來源 furniture line.

TABLE_TRAILER_NEWLINES = 1
HEADER_CELLS = ["項目", "時間", *SCHEDULE_COLUMNS]
YEAR = re.compile(r"20\d\d")


@dataclass(frozen=True)
class Fragment:
    """One non-blank seed line of the table, with the newlines run that precedes it."""

    text: str
    line: int  # 1-based line number in the seed
    gap: int  # newlines between the previous fragment and this one


@dataclass(frozen=True)
class SeedRow:
    project: str
    year: int
    fragments: tuple[Fragment, ...]  # from the row's first token (name or year) on
    trailing_gap: int  # newlines from the row's last fragment to the next row (or table end)
    is_last: bool


@dataclass(frozen=True)
class SeedTable:
    title: str
    headers: list[str]  # 項目, 時間, then the columns
    rows: list[SeedRow]

    @property
    def columns(self) -> list[str]:
        return self.headers[2:]


def tokens_of(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Fragments joined into tokens: a run of exactly one newline continues the same token."""
    tokens: list[list[Fragment]] = []
    for fragment in fragments:
        if tokens and fragment.gap == 1:
            tokens[-1].append(fragment)
        else:
            tokens.append([fragment])
    return tokens


@functools.cache
def seed_table() -> SeedTable:
    lines = seed_lines()
    attachment_heading = seed_index(re.compile("附件"), seed_index(ATTACHMENT_LINE))
    start = seed_index("項目", attachment_heading)
    end = seed_index("信息來源", start)
    fragments: list[Fragment] = []
    previous = start - 1
    for i in range(start, end + 1):
        if lines[i].strip():
            fragments.append(Fragment(lines[i].strip(), i + 1, i - previous))
            previous = i
    *body, end_marker = fragments
    assert end_marker.text.startswith("信息來源")

    header, body = body[: len(HEADER_CELLS)], body[len(HEADER_CELLS) :]
    assert [f.text for f in header] == HEADER_CELLS, f"seed line {start + 1}: table header"
    for f in header[1:]:
        assert f.gap == 2, f"seed line {f.line}: header cells are one blank line apart"

    tokens = tokens_of(body)
    year_positions = [
        i for i, tok in enumerate(tokens) if len(tok) == 1 and YEAR.fullmatch(tok[0].text)
    ]
    assert year_positions, "no year tokens in the seed table"
    # A row starts at its year, or at its project name when a new project starts there (the
    # first row, or a year that does not follow on from the one before).
    starts: list[tuple[int, str, int]] = []  # (token index where the row starts, project, year)
    project = ""
    last_year = None
    for position in year_positions:
        year = int(tokens[position][0].text)
        if last_year is None or year <= last_year:
            assert position >= 1, f"seed line {tokens[position][0].line}: row without project"
            name_token = tokens[position - 1]
            assert len(name_token) == 1 and tokens[position][0].gap == 2, (
                f"seed line {name_token[0].line}: a project name must stand one blank line "
                "above its first year"
            )
            project = name_token[0].text
            starts.append((position - 1, project, year))
        else:
            starts.append((position, project, year))
        last_year = year
    assert starts[0][0] == 0, f"seed line {tokens[0][0].line}: text between header and row 1"
    assert tokens[0][0].gap == 2, f"seed line {tokens[0][0].line}: blank line after header"

    rows = []
    for n, (first, name, year) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(tokens)
        row_fragments = tuple(f for tok in tokens[first:stop] for f in tok)
        following = tokens[stop][0] if stop < len(tokens) else end_marker
        rows.append(
            SeedRow(
                project=name,
                year=year,
                fragments=row_fragments,
                trailing_gap=following.gap,
                is_last=stop == len(tokens),
            )
        )
    title = nonblank(attachment_heading + 1, start)
    assert len(title) == 1, f"seed lines {attachment_heading + 2}–{start}: one table title"
    return SeedTable(title=title[0], headers=[f.text for f in header], rows=rows)


@dataclass(frozen=True)
class Expected:
    """One fragment the YAML row predicts: its text, the gap(s) allowed before it, its cell."""

    text: str
    gaps: frozenset[int]
    column: str | None  # None for the project name and the year


def expected_stream(
    p: Plan, project: Project, row: ScheduleRow, *, first: bool, last: bool
) -> tuple[list[Expected], int]:
    """The fragments and the trailing newline run that the YAML row must appear as."""
    stream: list[Expected] = []
    if first:
        stream.append(Expected(project.label, frozenset({2}), None))
    stream.append(Expected(str(row.year), frozenset({2}), None))
    pending = 2  # the year's own "\n\n"
    for column in p.columns:
        text = row.cells.get(column, "")
        if not text:
            pending += 1  # an empty cell is one "\n"
            continue
        for k, line in enumerate(text.split("\n")):
            # The first line of a cell stands 2 + (empty cells before it) after the previous
            # token; a continuation line, 1 or 2 (both breaks occur in the seed).
            gaps = frozenset({pending}) if k == 0 else frozenset({1, 2})
            stream.append(Expected(line.strip(), gaps, column))
        pending = 2
    if last:
        pending += TABLE_TRAILER_NEWLINES
    return stream, pending


def match_row(seed_row: SeedRow, stream: list[Expected], trailing: int) -> dict[str, str]:
    """Match the seed row to the expected stream exactly; return the seed's cells by column."""
    fragments = seed_row.fragments
    where = f"{seed_row.project} {seed_row.year}"
    for k, (frag, want) in enumerate(zip(fragments, stream, strict=False)):
        assert frag.text == want.text, (
            f"seed line {frag.line} ({where}): found {frag.text!r}, the YAML row predicts "
            f"{want.text!r} (column {want.column})"
        )
        if k > 0:  # the gap before a row's first token is the previous row's trailing gap
            assert frag.gap in want.gaps, (
                f"seed line {frag.line} ({where}): {frag.gap} newlines before {frag.text!r}, "
                f"the YAML row predicts {sorted(want.gaps)} (column {want.column}): "
                "an empty cell is missing or extra in the YAML"
            )
    if len(fragments) != len(stream):
        extra = fragments[len(stream)] if len(fragments) > len(stream) else None
        line = extra.line if extra else fragments[-1].line
        raise AssertionError(
            f"seed line {line} ({where}): the seed row has {len(fragments)} line(s) of text, "
            f"the YAML row predicts {len(stream)}"
        )
    assert seed_row.trailing_gap == trailing, (
        f"seed line {fragments[-1].line} ({where}): {seed_row.trailing_gap} newlines after the "
        f"row, the YAML row predicts {trailing}: trailing empty cells differ"
    )
    cells: dict[str, list[str]] = {}
    for frag, want in zip(fragments, stream, strict=True):
        if want.column is not None:
            cells.setdefault(want.column, []).append(frag.text)
    return {column: "\n".join(parts) for column, parts in cells.items()}


def yaml_rows() -> list[tuple[Project, ScheduleRow, bool]]:
    rows = []
    for project in default_plan().schedule.projects:
        for i, row in enumerate(project.rows):
            rows.append((project, row, i == 0))
    return rows


def _row_id(item: tuple[Project, ScheduleRow, bool]) -> str:
    project, row, _ = item
    return f"{project.id}-{row.year}"


@pytest.mark.parametrize("item", yaml_rows(), ids=_row_id)
def test_schedule_row_matches_the_seed_cell_by_cell(
    item: tuple[Project, ScheduleRow, bool],
) -> None:
    project, row, first = item
    p = default_plan()
    table = seed_table()
    found = [r for r in table.rows if (r.project, r.year) == (project.label, row.year)]
    assert len(found) == 1, f"seed has {len(found)} rows for {project.label} {row.year}"
    seed_row = found[0]
    stream, trailing = expected_stream(p, project, row, first=first, last=seed_row.is_last)
    seed_cells = match_row(seed_row, stream, trailing)
    # Every cell, empty ones included, column by column.
    for column in p.columns:
        ours = row.cells.get(column, "")
        theirs = seed_cells.get(column, "")
        assert [line.strip() for line in ours.split("\n")] == theirs.split("\n"), (
            f"{project.label} {row.year} {p.column_name(column)}: YAML {ours!r}, seed {theirs!r}"
        )


def test_schedule_rows_are_the_seed_rows_in_order() -> None:
    seed = [(r.project, r.year) for r in seed_table().rows]
    ours = [(project.label, row.year) for project, row, _ in yaml_rows()]
    assert ours == seed


def test_schedule_columns_and_totals() -> None:
    p = default_plan()
    table = seed_table()
    assert table.columns == SCHEDULE_COLUMNS
    assert [p.column_name(c) for c in p.columns] == SCHEDULE_COLUMNS
    assert p.columns[-1] == CITY_COLUMN
    assert len(table.rows) == 18
    assert len(yaml_rows()) == 18
    assert len(p.milestones()) == 34
    # Count the seed's non-empty cells through the matched rows.
    non_empty = 0
    for (project, row, first), seed_row in zip(yaml_rows(), table.rows, strict=True):
        stream, trailing = expected_stream(p, project, row, first=first, last=seed_row.is_last)
        non_empty += len([c for c, text in match_row(seed_row, stream, trailing).items() if text])
    assert non_empty == 34


def test_schedule_title_and_headers() -> None:
    p = default_plan()
    table = seed_table()
    assert norm(p.schedule.title) == norm(table.title)
    assert p.plan.attachment is not None
    assert norm(p.plan.attachment) == norm(table.title)
    headers = p.schedule.headers
    assert [headers.project, headers.year, headers.city] == [
        table.headers[0],
        table.headers[1],
        table.headers[-1],
    ]


def test_schedule_project_labels_and_names() -> None:
    """The table uses short labels; the YAML keeps the full name the plan's text uses."""
    p = default_plan()
    labels = [project.label for project in p.schedule.projects]
    assert labels == list(dict.fromkeys(r.project for r in seed_table().rows))
    preamble = norm(p.plan.preamble)
    for project in p.schedule.projects:
        assert norm(project.name) in preamble, project.name
        assert project.label in project.name


def test_the_parser_refuses_a_damaged_table() -> None:
    """The matcher fails loudly (with the seed line) when a cell moves one column."""
    p = default_plan()
    project, row, first = yaml_rows()[0]
    seed_row = seed_table().rows[0]
    moved = dict(row.cells)
    moved["yuecheng"] = moved.pop("keqiao")  # 通過評估驗收 one column to the left
    damaged = row.model_copy(update={"cells": moved})
    stream, trailing = expected_stream(p, project, damaged, first=first, last=False)
    with pytest.raises(AssertionError, match=r"seed line \d+"):
        match_row(seed_row, stream, trailing)
