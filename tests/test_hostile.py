"""Hostile input: files, queries and points that must never crash anything or harm the index.

The property tests run a few hundred examples here; `./run fuzz` runs them with 10,000+
(HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechbot.index.analysis import Analyzer
from speechbot.index.clean import clean
from speechbot.index.errors import LoadError
from speechbot.index.highlight import match_spans
from speechbot.index.library import Library
from speechbot.index.loaders import SUPPORTED_SUFFIXES, load_text
from speechbot.index.outline import parse_outline, spans
from speechbot.index.query import build_query
from speechbot.index.quote import find_quote
from speechbot.index.search import CONTINUATION_CHARS, SHOWN_CHARS
from speechbot.index.settings import SearchSettings

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    lib = Library(tmp_path_factory.mktemp("hostile"))
    lib.ingest([SAMPLES])
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


HOSTILE_QUERIES = [
    "",
    " ",
    "\u200f\u202e城市更新\u202c",
    "'; DROP TABLE passages; --",
    "<script>alert(1)</script>",
    "**粗体** _斜体_ [链接](http://x)",
    "\ud800坏的代理对",
    "😀" * 100,
    "城" * 10_000,
    "%_\\*?[]",
    "0:0",
    "999:1.2#3",
    "/q_999_1",
    "\x00\x01\x02",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_answer_quietly(library, query):
    hits = library.search(query, top=5)
    assert all(h.text for h in hits)
    result = library.quote(query)
    assert result.quote is None or result.quote.text


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    query=st.one_of(
        st.text(max_size=60),
        # Chinese questions with typos, figures and words the sample lacks
        st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=30),
        st.builds(lambda a, b: a + "多少" + b, st.text(max_size=10), st.text(max_size=10)),
    )
)
def test_any_question_is_answered_with_valid_hits(library, query):
    hits = library.search(query, top=5)
    assert len(hits) <= 5 and len({str(h.ref) for h in hits}) == len(hits)
    for hit in hits:
        assert hit.text and all(0 <= a < b <= len(hit.text) for a, b in hit.spans)


def test_a_reference_that_does_not_exist(library):
    assert library.quote("99:1.2").quote is None
    assert library.quote("1:9.9.9").quote is None


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_any_bytes_load_or_fail_clearly(data, suffix):
    try:
        loaded = load_text(data, "上传" + suffix)
    except LoadError as exc:
        assert "上传" + suffix in str(exc)
    else:
        assert loaded.text.strip()


text_with_structure = st.lists(
    st.one_of(
        st.text(max_size=200),
        st.sampled_from(
            [
                "一、",
                "（二）",
                "1.",
                "(3)",
                "一是",
                "第一，",
                "第二部分",
                "发布时间:2020-01-01",
                "范文(一):",
            ]
        ),
        st.sampled_from(["\n", "\u3000\u3000", "\r\n", "。", "；"]),
    ),
    max_size=60,
).map("".join)


@given(raw=text_with_structure)
def test_cleaning_and_outline_never_fail_and_lose_nothing(raw):
    for part in clean(raw, "x.txt"):
        root = parse_outline(part.text)
        joined = "".join(part.text[a:b] for a, b in spans(root))
        assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", part.text)


@given(text=st.text(max_size=300))
def test_tokenising_never_fails(analyzer, text):
    for token in analyzer.tokens(text):
        assert 0 <= token.start < token.end <= len(text)
    build_query(text, SearchSettings(), analyzer=analyzer)
    match_spans(analyzer, text, build_query(text[:20], SearchSettings(), analyzer=analyzer).words)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(point=st.one_of(st.text(max_size=30), text_with_structure.map(lambda s: s[:30])))
def test_quoting_any_point_never_fails(library, point):
    speeches = [library.speech(s.id) for s in library.list()]
    result = find_quote(point, speeches, library.analyzer)
    assert result.quote is None or result.quote.text in library.speech(result.quote.speech_id).text


def test_truncated_docx_is_refused():
    import docx

    document = docx.Document()
    document.add_paragraph("一、内容")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(LoadError, match="half.docx"):
        load_text(out.getvalue()[: len(out.getvalue()) // 2], "half.docx")


def test_docx_without_document_part_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    with pytest.raises(LoadError, match="docx"):
        load_text(out.getvalue(), "fake.docx")


def test_one_megabyte_single_line_ingests_quickly(tmp_path):
    sentence = "要坚持稳中求进工作总基调，推动高质量发展，扩大国内需求，保障和改善民生。"
    line = sentence * (1_000_000 // len(sentence.encode()))
    path = tmp_path / "一行.txt"
    path.write_text(line, "utf-8")
    library = Library(tmp_path / "data")
    started = time.perf_counter()
    (outcome,) = library.ingest([path])
    assert outcome.ok
    assert (
        time.perf_counter() - started < 120
    )  # a guard against quadratic blow-ups, not a benchmark
    hits = library.search("保障和改善民生", top=3)
    # searched in sentence windows; a hit may show the next sentences of its paragraph, or a
    # second window of it nearby, within what the bot shows
    longest = max(320 + CONTINUATION_CHARS, SHOWN_CHARS)
    assert hits and all(len(h.text) <= longest for h in hits)
    assert all(len(h.text) < len(line) // 10 for h in hits)
    library.close()


def test_text_with_no_structure_at_all(tmp_path):
    library = Library(tmp_path / "data")
    path = tmp_path / "随笔.txt"
    path.write_text("这是一段没有任何标题的文字。它只有几句话，但也应当可以检索和引用。", "utf-8")
    (outcome,) = library.ingest([path])
    assert outcome.ok
    assert library.search("检索和引用")[0].ref.path == ()
    assert library.quote(f"{outcome.speech_ids[0]}:0").quote.text.startswith("这是一段")
    library.close()


def test_latin1_text_that_no_detector_is_sure_of(tmp_path):
    data = "Café crème, naïve résumé. Über straße.".encode("latin-1")
    try:
        loaded = load_text(data, "notes.txt")
    except LoadError as exc:
        assert "notes.txt" in str(exc)
    else:
        assert "Caf" in loaded.text
