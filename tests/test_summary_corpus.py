"""Summaries a user reads: outline with references, keywords, verbatim key sentences."""

from __future__ import annotations

import pytest
from conftest import speech_id_of

from speechbot.index.model import Ref


@pytest.mark.parametrize(
    ("source", "keyword"),
    [
        ("speech-2020-03-poverty-alleviation-symposium.txt", "脱贫"),
        ("gov-report-2024.txt", "发展"),
        ("quality-conference-speech.txt", "质量"),
    ],
)
def test_summary_of_a_real_speech(corpus_library, source, keyword):
    sid = speech_id_of(corpus_library, source)
    speech = corpus_library.speech(sid)
    summary = corpus_library.summary(sid)
    assert summary.title == speech.title and summary.date == speech.date
    assert any(keyword in k for k in summary.keywords)
    assert 3 <= len(summary.key_sentences) <= 5
    for key in summary.key_sentences:
        assert key.text in speech.text  # verbatim
        section = speech.section(key.ref.path)
        assert key.text in section.paragraphs[key.ref.paragraph - 1].text  # its ref holds it
        assert not key.text.startswith(("同志们", "各位代表"))
    level_one = [e.heading for e in summary.outline if e.level == 1]
    assert level_one == [c.heading for c in speech.outline.children]
    assert all(isinstance(e.ref, Ref) and e.ref.speech_id == sid for e in summary.outline)
    assert corpus_library.summary(sid) == summary  # deterministic


def test_key_sentences_in_document_order_and_distinct(corpus_library):
    sid = speech_id_of(corpus_library, "gov-report-2019.txt")
    keys = corpus_library.summary(sid).key_sentences
    text = corpus_library.speech(sid).text
    positions = [text.index(k.text) for k in keys]
    assert positions == sorted(positions)
    assert len({k.text for k in keys}) == len(keys)


def test_long_outline_is_capped_but_keeps_every_part(corpus_library):
    sid = speech_id_of(corpus_library, "cpc-congress-report-19.txt")
    outline = corpus_library.summary(sid).outline
    assert len(outline) <= 30
    assert sum(e.level == 1 for e in outline) == 13
