"""Title lines: word boundaries, balance and shape, and the break words data may give."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from reportgen.documents.titlelines import break_after, break_title, gap_costs
from reportgen.errors import DataError
from reportgen.plan.loader import load_plan
from reportgen.zh.text import text_width_chars

TITLES = [
    "云溪县人民政府办公室关于印发云溪县农村人居环境整治提升三年实施方案（2024—2026年）的通知",
    "云溪县人民政府办公室关于2025年度农村人居环境整治提升工作进展情况的通报",
    "云溪县住房和城乡建设局关于2024年度农村人居环境整治提升实施方案落实情况的报告",
    "紹興市人民政府辦公室關于印發紹興市推進教育現代化建設五大創建行動計劃（2021—2025年）的通知",
    "紹興市人力資源和社會保障局關于2022年度教育現代化五大創建行動計劃落實情況的報告",
    "越城區人民政府關于2022年度教育現代化五大創建行動計劃落實情況的報告",
]


@pytest.mark.parametrize("title", TITLES)
def test_lines_are_whole_balanced_and_fit(title: str) -> None:
    lines = break_title(title, 20.1)
    assert "".join(lines) == title
    assert len(lines) > 1
    widths = [text_width_chars(line) for line in lines]
    assert max(widths) <= 20.1
    assert min(widths) * 3 >= max(widths)
    for upper, lower in itertools.pairwise(lines):
        assert not re.search(r"\d$", upper) or not re.match(r"[\d年]", lower), lines
        assert lower[0] not in "）》”、，。：；", lines
        assert upper[-1] not in "（《“", lines


def test_the_old_orphan_is_gone() -> None:
    # Broken by the renderer's wrapping, this title left 「报」 alone on its last line.
    lines = break_title(TITLES[1], 20.1)
    assert lines == ["云溪县人民政府办公室关于2025年度", "农村人居环境整治提升工作进展情况的通报"]


def test_a_short_title_stays_whole_and_an_endless_one_is_left_to_the_renderer() -> None:
    assert break_title("关于加强管理的通知", 20) == ["关于加强管理的通知"]
    long_title = "农" * 200
    assert break_title(long_title, 20) == [long_title]


def test_no_break_inside_a_number_or_a_bracket_mark() -> None:
    costs = gap_costs("方案（2024—2026年）的通知")
    forbidden = [i for i, cost in enumerate(costs) if cost == float("inf")]
    # 0 (the start), after （, inside 2024, around —, inside 2026, before 年, before ）
    assert forbidden == [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]


def test_break_after_words() -> None:
    title = "某局关于2025年度某某工作的报告"
    assert break_after(title, ["年度"]) == ["某局关于2025年度", "某某工作的报告"]
    assert break_after(title, ["没有"]) is None
    assert break_after(title, ["报告"]) is None  # would leave an empty last line


def test_break_words_that_miss_the_titles_are_a_located_error(plan_copy: Path) -> None:
    document = plan_copy / "document.yaml"
    text = document.read_text("utf-8").replace("  notice: [年度]", "  notice: [年級]")
    document.write_text(text, "utf-8")
    with pytest.raises(DataError) as caught:
        load_plan(plan_copy)
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{document}:")
    assert "title_breaks.notice: the words ['年級'] do not each occur" in problem


@pytest.mark.parametrize("kind", ["circular", "memo"])
def test_break_words_for_a_kind_without_breakable_titles_are_a_located_error(
    plan_copy: Path, kind: str
) -> None:
    document = plan_copy / "document.yaml"
    text = document.read_text("utf-8").replace("  summary: [年度]", f"  {kind}: [年度]")
    document.write_text(text, "utf-8")
    with pytest.raises(DataError) as caught:
        load_plan(plan_copy)
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{document}:34:")
    assert f"title_breaks.{kind}: no kind of document {kind!r} with titles to break" in problem
    assert "use one of: notice, summary, reminder" in problem


def test_break_words_for_the_reminder_set_its_title_lines(plan_copy: Path) -> None:
    from reportgen.core import DocumentRequest
    from reportgen.documents.reminder import KIND
    from reportgen.layout.profile import load_profile

    document = plan_copy / "document.yaml"
    text = document.read_text("utf-8").replace("  summary: [年度]", "  reminder: [督辦]")
    document.write_text(text, "utf-8")
    plan = load_plan(plan_copy)
    request = DocumentRequest("reminder", year=2023)
    facts = KIND.build_context(plan, load_profile(), request, [])
    first, second = facts["title_lines"]
    assert first.endswith("督辦") and not second.startswith("督辦")
    assert first + second == facts["meta"]["title"]
