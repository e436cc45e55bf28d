"""The enumerated words of plan and progress files, accepted in either script.

A data file may write a comparator or a reported status in simplified or traditional
characters (超过 or 超過, 基本达到 or 基本達到). Each is mapped once, when the file is
validated, to one canonical spelling, so every later comparison is independent of the script.
The words live in `tokens.yaml`; the code names each token by an English member name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..source.packagedata import read_package_data

TOKENS_FILE = Path(__file__).with_name("tokens.yaml")

Spellings = Annotated[tuple[Annotated[str, Field(min_length=1)], ...], Field(min_length=1)]
"""A token's spellings, the canonical one first."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _each_spelling_once(self) -> _Table:
        seen: set[str] = set()
        for spellings in self.model_dump().values():
            twice = seen.intersection(spellings)
            if twice or len(set(spellings)) < len(spellings):
                raise ValueError(f"a spelling names two tokens: {sorted(twice) or spellings}")
            seen.update(spellings)
        return self


class ComparatorWords(_Table):
    below: Spellings
    above: Spellings
    at_least: Spellings
    reaches: Spellings
    rank: Spellings
    range: Spellings


class StatusWords(_Table):
    achieved: Spellings
    mostly_achieved: Spellings
    not_achieved: Spellings


class SecrecyWords(_Table):
    top_secret: Spellings
    secret: Spellings
    confidential: Spellings


class UrgencyWords(_Table):
    extra_urgent: Spellings
    urgent: Spellings


class TokenWords(BaseModel):
    """tokens.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    comparators: ComparatorWords
    statuses: StatusWords
    secrecy_levels: SecrecyWords
    urgencies: UrgencyWords


_WORDS = read_package_data(TOKENS_FILE, TokenWords)


class Comparator(StrEnum):
    """How a target's figure is held against its value; the member's value is its canonical
    word."""

    BELOW = _WORDS.comparators.below[0]
    """figure < value"""
    ABOVE = _WORDS.comparators.above[0]
    """figure > value"""
    AT_LEAST = _WORDS.comparators.at_least[0]
    """figure >= value"""
    REACHES = _WORDS.comparators.reaches[0]
    """figure >= value"""
    RANK = _WORDS.comparators.rank[0]
    """a place in a ranking, <= value"""
    RANGE = _WORDS.comparators.range[0]
    """low <= figure <= high"""


class ReportedStatus(StrEnum):
    """The statuses a district or department may report for a milestone (canonical words)."""

    ACHIEVED = _WORDS.statuses.achieved[0]
    MOSTLY_ACHIEVED = _WORDS.statuses.mostly_achieved[0]
    NOT_ACHIEVED = _WORDS.statuses.not_achieved[0]


COMPARATOR_SPELLINGS: Mapping[str, Comparator] = {
    word: Comparator[name.upper()]
    for name, words in _WORDS.comparators.model_dump().items()
    for word in words
}

STATUS_SPELLINGS: Mapping[str, ReportedStatus] = {
    word: ReportedStatus[name.upper()]
    for name, words in _WORDS.statuses.model_dump().items()
    for word in words
}


SECRECY_LEVELS: tuple[tuple[str, ...], ...] = tuple(_WORDS.secrecy_levels.model_dump().values())
"""The secrecy levels (密級), each with its spellings; a document prints the one it is given."""

URGENCIES: tuple[tuple[str, ...], ...] = tuple(_WORDS.urgencies.model_dump().values())
"""The urgencies (緊急程度), each with its spellings."""


def _literal(words: Mapping[str, object]) -> Any:
    """A `Literal` of the words, for a field's JSON Schema."""
    return cast(Any, Literal)[tuple(words)]


AcceptedComparator: Any = _literal(COMPARATOR_SPELLINGS)
"""Every spelling a file may use for a comparator (for the JSON Schema)."""

AcceptedStatus: Any = _literal(STATUS_SPELLINGS)
"""Every spelling a file may use for a reported status (for the JSON Schema)."""

AcceptedUrgency: Any = _literal({word: None for words in URGENCIES for word in words})
"""Every spelling a file may use for an urgency (for the JSON Schema)."""


def spelled_as(spellings: tuple[tuple[str, ...], ...]) -> str:
    """The tokens of a table for a message: 'a/b, c'."""
    return ", ".join("/".join(words) for words in spellings)


def spellings_of(canonical: str, table: Mapping[str, str]) -> list[str]:
    """Every accepted spelling of a canonical token, the canonical one first."""
    return [canonical] + [word for word, value in table.items() if value == canonical != word]


def canonicaliser(table: Mapping[str, str], what: str) -> Callable[[Any], Any]:
    """A validator mapping any accepted spelling to its canonical token.

    An unknown word is refused with every accepted spelling; a value that is not a string
    passes through, for the field's own type to refuse.
    """
    allowed = ", ".join(
        "/".join(spellings_of(canonical, table)) for canonical in dict.fromkeys(table.values())
    )

    def canonical(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        found = table.get(value.strip())
        if found is None:
            raise ValueError(f"unknown {what} {value!r}; use one of {allowed}")
        return found

    return canonical
