"""The word lists shipped beside their modules: read, validated, and what the code makes of
them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import DataError
from reportgen.plan.model import PlanDefaults, doc_number_text
from reportgen.plan.tokens import (
    COMPARATOR_SPELLINGS,
    STATUS_SPELLINGS,
    Comparator,
    ReportedStatus,
    TokenWords,
)
from reportgen.source.packagedata import read_package_data

GOOD_TOKENS = """\
comparators:
  below: [小于, 小於]
  above: [超過, 超过]
  at_least: [以上]
  reaches: [達到, 达到]
  rank: [前]
  range: [區間, 区间]
statuses:
  achieved: [達到, 达到]
  mostly_achieved: [基本達到, 基本达到]
  not_achieved: [未達到, 未达到]
secrecy_levels:
  top_secret: [绝密, 絕密]
  secret: [机密, 機密]
  confidential: [秘密]
urgencies:
  extra_urgent: [特急]
  urgent: [加急]
"""


def test_every_spelling_maps_to_its_token_and_the_canonical_word_comes_first() -> None:
    assert COMPARATOR_SPELLINGS["超过"] is Comparator.ABOVE
    assert COMPARATOR_SPELLINGS["区间"] is Comparator.RANGE
    assert STATUS_SPELLINGS["基本达到"] is ReportedStatus.MOSTLY_ACHIEVED
    assert all(COMPARATOR_SPELLINGS[str(token)] is token for token in Comparator)
    assert all(STATUS_SPELLINGS[str(token)] is token for token in ReportedStatus)
    assert f"{Comparator.BELOW}0.35" == "小于0.35"


def test_the_shipped_token_file_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "tokens.yaml"
    path.write_text(GOOD_TOKENS, encoding="utf-8")
    words = read_package_data(path, TokenWords)
    assert words.comparators.range == ("區間", "区间")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("  rank: [前]\n", "  rank: [前, 小于]\n", 2, "a spelling names two tokens"),
        ("  rank: [前]\n", "", 2, "Field required"),
        ("  not_achieved: [未達到, 未达到]\n", "  not_achieved: []\n", 11, "at least 1 item"),
    ],
)
def test_a_broken_token_file_is_a_located_error(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    path = tmp_path / "tokens.yaml"
    path.write_text(GOOD_TOKENS.replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_package_data(path, TokenWords)
    problems = caught.value.problems
    assert [(p.line, message in p.message) for p in problems] == [(line, True)], problems


def test_the_document_number_is_written_as_the_defaults_say() -> None:
    assert doc_number_text("紹政辦發", 2021, 2) == "紹政辦發〔2021〕2號"


def test_a_document_number_form_must_use_its_three_fields() -> None:
    with pytest.raises(ValueError, match="exactly the fields"):
        PlanDefaults.model_validate(
            {"doc_number": "{code}〔{year}〕", "schedule_headers": {"project": "a", "year": "b"}}
        )
