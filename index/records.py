"""A speech as the store writes it, made without the store (by ingest workers)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import Passage, Speech
from .schema import section_to_dict

# (section path "2.1", paragraph, start, end, headings as JSON, lengths of body, head, chars)
PassageRow = tuple[str, int, int, int, str, int, int, int]


@dataclass(frozen=True)
class SpeechRecord:
    """A speech as the store writes it, made without the store (by ingest workers): its
    row values, and its passages' terms as ids into the speech's own vocabulary, so that
    the writer maps each distinct term to its stored id once, not every occurrence."""

    title: str
    date: str | None
    speaker: str | None
    occasion: str | None
    part: str | None
    text: str
    outline: str  # JSON
    meta_terms: str  # tab-separated
    vocabulary: tuple[str, ...]
    ids: np.ndarray  # int32 into ``vocabulary``: each passage's body, head, chars, end to end
    passages: list[PassageRow]


def speech_record(
    speech: Speech,
    meta_terms: Sequence[str],
    passages: Sequence[Passage],
    fields: Sequence[tuple[list[str], list[str], list[str]]],
) -> SpeechRecord:
    """The record of a speech whose passages have these (body, head, chars) terms."""
    every_term = list(itertools.chain.from_iterable(itertools.chain.from_iterable(fields)))
    vocabulary = tuple(dict.fromkeys(every_term))  # in order of first sight
    numbering = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    ids = np.fromiter(map(numbering.__getitem__, every_term), np.int32, len(every_term))
    # a section's passages share their headings: each path is encoded once
    paths = {p.headings for p in passages}
    headings = {h: json.dumps(list(h), ensure_ascii=False) for h in paths}
    rows = [
        (
            ".".join(map(str, p.section_path)),
            p.paragraph,
            p.start,
            p.end,
            headings[p.headings],
            len(body),
            len(head),
            len(chars),
        )
        for p, (body, head, chars) in zip(passages, fields, strict=True)
    ]
    return SpeechRecord(
        speech.title,
        speech.date,
        speech.speaker,
        speech.occasion,
        speech.part,
        speech.text,
        json.dumps(section_to_dict(speech.outline)),
        "\t".join(meta_terms),
        vocabulary,
        ids,
        rows,
    )
