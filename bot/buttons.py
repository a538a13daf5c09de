"""Inline buttons' callback data, encoded and decoded in one place (at most 64 bytes):
``p:RESULT:PAGE`` a page of a saved result list, ``k:RESULT:PAGE`` a page of a saved list of
candidates, ``o:3:1.2`` the full text of a section (``o:3:0#5`` one paragraph),
``n:3:0#5`` a neighbouring paragraph (replaces the message), ``c:3:1.2#5`` the citation of
a section or paragraph, ``f:3`` the whole speech as a file, ``s:PAGE`` a page of the speech list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from speechbot.index import Ref

__all__ = [
    "CandidatePage",
    "Citation",
    "FullText",
    "Neighbour",
    "Original",
    "Page",
    "SpeechList",
    "candidate_page",
    "citation",
    "decode",
    "full_text",
    "neighbour",
    "original",
    "page",
    "speech_list",
]


@dataclass(frozen=True)
class Page:
    result_id: int
    page: int


@dataclass(frozen=True)
class CandidatePage:
    result_id: int
    page: int


@dataclass(frozen=True)
class Original:
    ref: Ref


@dataclass(frozen=True)
class Neighbour:
    ref: Ref


@dataclass(frozen=True)
class Citation:
    ref: Ref


@dataclass(frozen=True)
class FullText:
    speech_id: int


@dataclass(frozen=True)
class SpeechList:
    page: int


_NUMBER = r"[0-9]{1,19}"  # ASCII digits only, and small enough for SQLite's integers
_PAGE = re.compile(rf"([pk]):({_NUMBER}):([0-9]{{1,4}})")
_LIST = re.compile(r"s:([0-9]{1,4})")
_FILE = re.compile(r"f:([0-9]{1,9})")
_REF_BUTTONS = {"o": Original, "n": Neighbour, "c": Citation}


def page(result_id: int, number: int) -> str:
    return f"p:{result_id}:{number}"


def candidate_page(result_id: int, number: int) -> str:
    return f"k:{result_id}:{number}"


def original(ref: Ref) -> str:
    return f"o:{ref}"


def neighbour(ref: Ref) -> str:
    return f"n:{ref}"


def citation(ref: Ref) -> str:
    return f"c:{ref}"


def full_text(speech_id: int) -> str:
    return f"f:{speech_id}"


def speech_list(number: int) -> str:
    return f"s:{number}"


def decode(
    data: str | None,
) -> Page | CandidatePage | Original | Neighbour | Citation | FullText | SpeechList | None:
    """The button behind ``data``; None for anything this bot never made."""
    data = data or ""
    if match := _PAGE.fullmatch(data):
        result_id = int(match.group(2))
        if result_id >= 2**63:
            return None
        kind = Page if match.group(1) == "p" else CandidatePage
        return kind(result_id, int(match.group(3)))
    if match := _LIST.fullmatch(data):
        return SpeechList(int(match.group(1)))
    if match := _FILE.fullmatch(data):
        return FullText(int(match.group(1)))
    kind = _REF_BUTTONS.get(data[:2].rstrip(":")) if data[1:2] == ":" else None
    if kind is not None and (ref := Ref.parse(data[2:])) is not None:
        return kind(ref)
    return None
