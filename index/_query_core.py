"""What the steps of ``build_query`` share: the draft they add to, what a term's origin
and naming can be, and what they may ask of the archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

import numpy as np

from .analysis import Analyzer
from .settings import SearchSettings

__all__ = ["YEAR", "Archive", "Draft", "Naming", "Origin"]

YEAR = "#year"  # what either spelling of a year stands for: one word, two spellings


class Origin(Enum):
    """How a term came into the query."""

    TYPED = "typed"  # a word the user typed
    FIGURE = "figure"  # a figure they spelled out, as the reports write it (百分之五 → 5%)
    YEAR = "year"  # the other spelling of a year they typed (1957年 ↔ 一九五七年)
    SUBWORD = "subword"  # a dictionary word inside a long typed word (经济 of 民营经济)
    SYNONYM = "synonym"  # from the synonym table (gdp → 国内生产总值)
    THESAURUS = "thesaurus"  # an equal-meaning word from Cilin (看病 → 就诊)
    SOUND_ALIKE = "sound-alike"  # the archive's word a typo sounds like (世搏会 → 世博会)
    GLOSSARY = "glossary"  # the Chinese of an English phrase typed (deficit → 赤字率)


class Naming(Enum):
    """What a term says about which speech is meant."""

    NONE = "none"
    SPEECH = "speech"  # it names a few speeches: "2018年", "河南", "科学家座谈会"
    KIND = "kind"  # it names a kind of speech: "政府工作报告", "讲话"


class Archive(Protocol):
    """What the query steps need to know of the archive (a ``SearchIndex``)."""

    def word_frequency(self, term: str) -> int:
        """Passages whose text holds ``term``."""

    def speech_frequency(self, term: str) -> int:
        """Speeches whose title, year, speaker or occasion hold ``term``."""

    def speeches_holding(self, term: str) -> frozenset[int]:
        """The speeches (as the speech field's rows) whose title, year … hold ``term``."""

    def passages_holding(self, term: str) -> np.ndarray:
        """The passages (as rows, ascending) whose text holds ``term``."""

    def passages_of(self, speeches: frozenset[int]) -> np.ndarray:
        """The passages (as rows, ascending) of ``speeches`` (as the speech field's rows)."""

    @property
    def speech_count(self) -> int: ...

    def __len__(self) -> int:
        """Passages."""


@dataclass
class Draft:
    """The query as the steps build it: term → weight and term → the word it stands for,
    in the order terms were added."""

    text: str
    settings: SearchSettings
    analyzer: Analyzer
    archive: Archive | None
    weights: dict[str, float] = field(default_factory=dict)
    stands_for: dict[str, str] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    naming: dict[str, Naming] = field(default_factory=dict)
    typed: list[str] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    phrase_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrase → its words
    asks_figure: bool = False
    years: list[int] = field(default_factory=list)
    relative_year: int | None = None  # 去年 -1, 今年 0, 明年 1, when no year is named
    reviewed: list[int] = field(default_factory=list)  # years asked about, not naming a speech
    # years naming the speech asked of: a report's ("2021年政府工作报告"), a plan's
    speech_years: list[int] = field(default_factory=list)
    asks_plan: bool = False
    places: list[str] = field(default_factory=list)
    unread_english: bool = False
    english: bool = False  # mostly English, read through the glossary
    # the dictionary's guesses at an English word's sense: not widened further (Cilin)
    senses: set[str] = field(default_factory=set)

    def add(self, term: str, weight: float, origin: Origin, stands_for: str) -> None:
        """Add ``term`` unless an earlier step did."""
        if term not in self.weights:
            self.weights[term] = weight
            self.stands_for[term] = stands_for
            self.origins[term] = origin

    def drop(self, term: str) -> None:
        """Take a typed word out of the query (an English function word)."""
        for table in (self.weights, self.stands_for, self.origins):
            table.pop(term, None)
        self.typed = [t for t in self.typed if t != term]

    def merge(self, found: dict[str, float], origin: Origin) -> None:
        """Terms an expansion found (it already recorded what they stand for)."""
        for term, weight in found.items():
            if term not in self.weights:
                self.weights[term] = weight
                self.origins[term] = origin
