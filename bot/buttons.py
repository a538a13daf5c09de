"""Inline buttons' callback data, encoded and decoded in one place (at most 64 bytes):
``p:RESULT:PAGE`` a page of a saved result list, ``o:3:1.2`` the full text of a section,
``s:PAGE`` a page of the speech list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from speechbot.index import Ref

__all__ = ["Original", "Page", "SpeechList", "decode", "original", "page", "speech_list"]


@dataclass(frozen=True)
class Page:
    result_id: int
    page: int


@dataclass(frozen=True)
class Original:
    ref: Ref


@dataclass(frozen=True)
class SpeechList:
    page: int


_NUMBER = r"[0-9]{1,19}"  # ASCII digits only, and small enough for SQLite's integers
_PAGE = re.compile(rf"p:({_NUMBER}):([0-9]{{1,4}})")
_LIST = re.compile(r"s:([0-9]{1,4})")


def page(result_id: int, number: int) -> str:
    return f"p:{result_id}:{number}"


def original(ref: Ref) -> str:
    return f"o:{ref}"


def speech_list(number: int) -> str:
    return f"s:{number}"


def decode(data: str | None) -> Page | Original | SpeechList | None:
    """The button behind ``data``; None for anything this bot never made."""
    data = data or ""
    if match := _PAGE.fullmatch(data):
        result_id = int(match.group(1))
        return Page(result_id, int(match.group(2))) if result_id < 2**63 else None
    if match := _LIST.fullmatch(data):
        return SpeechList(int(match.group(1)))
    if data.startswith("o:") and (ref := Ref.parse(data[2:])) is not None:
        return Original(ref)
    return None
