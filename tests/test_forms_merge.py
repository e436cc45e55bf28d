"""Merging answers into a progress file's text: only what changed is touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from reportgen.forms.answers import FormAnswers, MilestoneAnswer, NarrativeAnswer, Place
from reportgen.forms.merge import merge_answers
from reportgen.forms.yamlsplice import ListEdits, flow_entry, splice

PLACE = Place("form.xlsx", "S", {"status": "G3", "work": "E3"})


def _form(**kinds: list[object]) -> FormAnswers:
    form = FormAnswers(Path("form.xlsx"), "zhuji-gov")
    for name, items in kinds.items():
        getattr(form, name).extend(items)
    return form


MILESTONE = MilestoneAnswer(
    "national-balanced", "zhuji", 2021, "達到", dt.date(2021, 12, 1), "通過: 驗收 #2", PLACE
)
NARRATIVE = NarrativeAnswer("zhuji-gov", 8, "第一行\n第二行", "", PLACE)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "year: 2021\n",
        "year: 2021\nmilestones: []\nnarratives:\n# trailing comment\n",
        "year: 2021\nmilestones: null\n",
        "{year: 2021, milestones: []}\n",  # flow style throughout: rewritten whole
        "year: 2021\nmilestones: [{project: a, district: b, year: 2021, status: 達到}]\n",
    ],
)
def test_answers_merge_into_any_layout(text: str | None) -> None:
    result = merge_answers(
        text,
        2021,
        [_form(milestones=[MILESTONE], narratives=[NARRATIVE])],
        force=False,
        file_name="p.yaml",
    )
    data = yaml.safe_load(result.text)
    assert data["year"] == 2021
    assert {
        "project": "national-balanced",
        "district": "zhuji",
        "year": 2021,
        "status": "達到",
        "date": dt.date(2021, 12, 1),
        "evidence": "通過: 驗收 #2",
    } in data["milestones"]
    assert data["narratives"] == [{"unit": "zhuji-gov", "measure": 8, "work": "第一行\n第二行"}]
    if text and "#" in text:
        assert "# trailing comment" in result.text


def test_comments_and_wrapping_of_untouched_entries_stay() -> None:
    text = (
        "# head\nyear: 2021\nmilestones:   # the schedule\n"
        "  - {project: a, district: zhuji, year: 2021, status: 未達到,\n"
        "     evidence: x}   # kept\n"
        "\n# before targets\ntargets: []\n"
    )
    result = merge_answers(
        text, 2021, [_form(milestones=[MILESTONE])], force=False, file_name="p.yaml"
    )
    assert result.text.startswith(text.split("\n# before targets")[0])
    assert "\n# before targets\ntargets: []\n" in result.text
    assert result.text.count("\n  - {") == 2


def test_a_conflict_is_listed_and_force_replaces() -> None:
    text = (
        "year: 2021\nmilestones:\n"
        "  - {project: national-balanced, district: zhuji, year: 2021, status: 未達到}\n"
    )
    kept = merge_answers(
        text, 2021, [_form(milestones=[MILESTONE])], force=False, file_name="p.yaml"
    )
    assert str(kept.conflicts[0]).startswith("form.xlsx:S!G3: conflict: p.yaml")
    forced = merge_answers(
        text, 2021, [_form(milestones=[MILESTONE])], force=True, file_name="p.yaml"
    )
    assert not forced.conflicts
    entry = yaml.safe_load(forced.text)["milestones"][0]
    assert entry["status"] == "達到" and entry["evidence"] == "通過: 驗收 #2"
    assert forced.changes["zhuji-gov"].describe() == "milestones 1 replaced"


def test_a_status_in_the_other_script_is_no_conflict() -> None:
    text = "year: 2021\nmilestones:\n  - {project: p, district: d, year: 2021, status: 达到}\n"
    answer = MilestoneAnswer("p", "d", 2021, "達到", None, "", PLACE)
    result = merge_answers(
        text, 2021, [_form(milestones=[answer])], force=False, file_name="p.yaml"
    )
    assert not result.conflicts
    assert result.changes["zhuji-gov"].describe() == "milestones 1 unchanged"


def test_long_flow_entries_wrap_like_the_sample_files() -> None:
    entry = {"project": "p" * 30, "district": "d" * 30, "year": 2021, "evidence": "e" * 30}
    text = flow_entry(entry, 4)
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith(" " * 5) and not lines[1].startswith(" " * 6)
    assert all(len(line) + (4 if i == 0 else 0) <= 100 for i, line in enumerate(lines))
    assert yaml.safe_load(text) == entry


def test_splice_leaves_text_without_edits_alone() -> None:
    text = "year: 2021  # c\nmilestones:\n  - {a: 1}\n"
    assert splice(text, {"milestones": ListEdits()}) == text
