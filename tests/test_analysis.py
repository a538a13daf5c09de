"""The analysis chain: what the index and the query rely on."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechbot.index.analysis import _NUMBER_RE, Analyzer, Token, normalise
from speechbot.index.errors import SpeechbotError
from speechbot.index.highlight import match_spans
from speechbot.index.query import build_query
from speechbot.index.settings import SearchSettings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

MIXED = (
    "２０１９年，國內生產總值增長６．６％，ＧＤＰ總量突破90万亿元；"
    "城镇新增就业1361万人，居民收入增长3.5%，質量效益继续提升。"
    "我们要推动高质量发展，加快培育新质生产力！"
)

MADE_UP_WORD = "翠湖星链工程"  # jieba's own dictionary splits it: 翠湖 / 星链 / 工程


def query_terms(analyzer: Analyzer, text: str) -> list[str]:
    """The terms of a query with no archive behind it (no thesaurus, no sound-alikes)."""
    return build_query(text, SearchSettings(), analyzer=analyzer).words


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    userdict = tmp_path_factory.mktemp("dicts") / "mine.txt"
    userdict.write_text(f"# my words\n{MADE_UP_WORD} 10 nz\n", encoding="utf-8")
    return Analyzer(
        user_dicts=[userdict],
        extra_stopwords=["进一步"],
        synonyms={"ＧＤＰ": ["国内生产总值"]},
    )


def _is_punct_or_space(term: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PZSC" for ch in term)


# -- normalise ---------------------------------------------------------------------------


def test_normalise_maps_width_case_and_script_keeping_length() -> None:
    assert normalise("ＧＤＰ增長６．５％") == "gdp增长6.5%"
    assert normalise("質量發展") == "质量发展"
    assert normalise("２０１９年\u3000Ａｂｃ") == "2019年 abc"
    for text in ["", "㎡½ﬁ", "İstanbul", "ＡＢＣ，。", MIXED]:
        assert len(normalise(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), repeat=st.integers(1, 120))
def test_a_long_text_normalises_as_its_parts_do(text: str, repeat: int) -> None:
    # long texts (a whole speech) take the numpy path, short ones str.translate
    long = (text + "質量ＧＤＰ，") * repeat * 20
    assert normalise("\ud800" + long) == "\ufffd" + normalise(long)  # a lone surrogate
    assert (
        normalise(long) == "".join(normalise(part) for part in [text, "質量ＧＤＰ，"]) * repeat * 20
    )


# -- tokens and offsets ------------------------------------------------------------------


def test_token_offsets_point_into_the_original_text(analyzer: Analyzer) -> None:
    tokens = analyzer.tokens(MIXED)
    norm = normalise(MIXED)
    assert tokens and all(isinstance(t, Token) for t in tokens)
    for token in tokens:
        assert 0 <= token.start < token.end <= len(MIXED)
        assert norm[token.start : token.end] == token.term
    starts = [t.start for t in tokens]
    assert starts == sorted(starts)
    by_term = {t.term: t for t in tokens}
    year = by_term["2019年"]
    assert MIXED[year.start : year.end] == "２０１９年"
    gdp = by_term["gdp"]
    assert MIXED[gdp.start : gdp.end] == "ＧＤＰ"
    assert MIXED[by_term["6.6%"].start : by_term["6.6%"].end] == "６．６％"
    assert "质量" in by_term and MIXED[by_term["质量"].start : by_term["质量"].end] == "質量"


def test_traditional_and_full_width_queries_equal_simplified_index_terms(
    analyzer: Analyzer,
) -> None:
    assert analyzer.terms("質量發展") == analyzer.terms("质量发展")
    assert query_terms(analyzer, "質量發展") == query_terms(analyzer, "质量发展")
    assert analyzer.terms("ＧＤＰ") == ["gdp"] == analyzer.terms("GDP")
    assert analyzer.terms("國內生產總值") == analyzer.terms("国内生产总值")


def test_numbers_are_units_and_bare_numbers(analyzer: Analyzer) -> None:
    terms = analyzer.terms("2019年经济增长6.5%，新增就业50万人，总量达到82.7万亿元，上涨3.5%。")
    for expected in ["2019年", "2019", "6.5%", "6.5", "50", "82.7万亿元", "82.7", "3.5%", "3.5"]:
        assert expected in terms
    assert "50万人" in terms and "50万" in terms
    assert {"50万", "50", "2019年", "2019", "3.5%", "3.5"} <= set(
        analyzer.terms("50万 2019年 3.5%")
    )
    # the query finds both forms: with its unit, and bare
    assert "50" in query_terms(analyzer, "50万") and "50万" in query_terms(analyzer, "50万")


@pytest.mark.parametrize("segmenter", ["jieba", "rjieba"])
def test_a_word_running_into_a_number_is_kept_beside_its_units(segmenter: str) -> None:
    # rjieba keeps "x-2019" and "12-30" whole: the number unit inside still counts
    analyzer = Analyzer(segmenter=segmenter)
    for text in ["x-2019年经济", "投资12-30万元", "截至2026-02-02日", "编号a-3.5%的"]:
        _assert_fast_paths_agree(analyzer, text)
    assert {"2019年", "2019", "经济"} <= set(analyzer.terms("x-2019年经济"))
    assert {"30万元", "30万", "30", "投资"} <= set(analyzer.terms("投资12-30万元"))


def test_stopwords_and_punctuation_are_never_terms(analyzer: Analyzer) -> None:
    terms = analyzer.terms("我们的工作是为了人民，发展和改革也都要抓好。——“问题”！？…… (注)")
    for stop in ["的", "了", "是", "和", "我们", "也", "都", "要"]:
        assert stop not in terms
    for content in ["工作", "人民", "发展", "改革", "问题"]:
        assert content in terms
    assert not any(_is_punct_or_space(t) for t in terms)
    assert not any(_is_punct_or_space(t) for t in analyzer.terms(MIXED))
    assert analyzer.terms("，。！？、；：“”‘’（）《》——…… \n\t") == []


def test_latin_words_are_lower_case(analyzer: Analyzer) -> None:
    assert "gdp" in analyzer.terms("GDP增速")
    assert "cpi" in analyzer.terms("ＣＰＩ上涨")


def test_shipped_userdict_keeps_official_vocabulary_whole(analyzer: Analyzer) -> None:
    terms = analyzer.terms("我们要推动高质量发展，加快培育新质生产力，设立区长质量奖。")
    assert "新质生产力" in terms
    assert "区长质量奖" in terms
    assert "高质量发展" in terms
    assert "十五五" in analyzer.terms("编制十五五规划")
    assert "供给侧结构性改革" in analyzer.terms("深化供给侧结构性改革")
    # ordinary text still segments as before
    assert analyzer.terms("我们都知道这件事") == ["知道", "这件", "事"]


# -- character field ---------------------------------------------------------------------


def test_chars_give_single_characters_and_whole_latin_words(analyzer: Analyzer) -> None:
    chars = analyzer.chars("我知道了")
    assert "知" in chars and "道" in chars
    assert "了" not in chars and "的" not in analyzer.chars("我的书")
    assert analyzer.chars("ＧＤＰ增长3.5%，") == ["gdp", "增", "长", "3.5"]


# -- configuration -----------------------------------------------------------------------


def test_user_dicts_are_honoured_and_analyzers_do_not_interfere(
    analyzer: Analyzer, custom: Analyzer
) -> None:
    sentence = f"启动{MADE_UP_WORD}建设"
    assert MADE_UP_WORD in custom.terms(sentence)
    assert MADE_UP_WORD not in analyzer.terms(sentence)
    assert MADE_UP_WORD not in Analyzer().terms(sentence)
    assert MADE_UP_WORD not in jieba.lcut(sentence)  # the global tokenizer is untouched
    # both still carry the shipped dictionary
    assert "新质生产力" in custom.terms("培育新质生产力")


def test_extra_stopwords_and_synonyms(analyzer: Analyzer, custom: Analyzer) -> None:
    assert "进一步" in analyzer.terms("进一步扩大开放")
    assert "进一步" not in custom.terms("进一步扩大开放")
    query = query_terms(custom, "GDP增长")
    assert query[:2] == ["gdp", "增长"]
    assert set(custom.terms("国内生产总值")) <= set(query)
    # without a synonym table, only the English glossary reads GDP
    no_glossary = SearchSettings(glossary_weight=0.0)
    assert "国内" not in build_query("GDP增长", no_glossary, analyzer=analyzer).words


def test_missing_user_dictionary_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechbotError, match="nope.txt"):
        Analyzer(user_dicts=[tmp_path / "nope.txt"])


# -- real speeches -----------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="no shared corpus")
def test_every_corpus_file_tokenises(analyzer: Analyzer) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        tokens = analyzer.tokens(text)
        norm = normalise(text)
        assert len(tokens) > len(text) / 10, path.name
        assert all(norm[t.start : t.end] == t.term for t in tokens), path.name
        assert len(set(analyzer.chars(text))) > 50, path.name
        for line in text.split("\n"):  # ingest's table path agrees with the token path
            _assert_fast_paths_agree(analyzer, line)


def _reference_tokens(analyzer: Analyzer, text: str) -> list[tuple[str, int, int]]:
    """The plain algorithm, word by word: a number unit is emitted before the first word
    starting at or after it, and the words inside it are left out."""
    norm = normalise(text)
    numbers = list(_NUMBER_RE.finditer(norm))
    out, pos, last = [], 0, (-1, -1)
    for word in analyzer._tokenizer.cut(norm):
        start, pos = pos, pos + len(word)
        while numbers and numbers[0].start() <= start:
            number = numbers.pop(0)
            last = number.span()
            out += [(t, last[0], last[0] + len(t)) for t in Analyzer.number_terms(number)]
        if not (start >= last[0] and pos <= last[1]) and analyzer.keeps(word):
            out.append((word, start, pos))
    for number in numbers:
        out += [(t, number.start(), number.start() + len(t)) for t in Analyzer.number_terms(number)]
    return out


def _assert_fast_paths_agree(analyzer: Analyzer, text: str) -> None:
    """Ingest maps whole runs of words through tables; the terms must be those of the
    plain word-by-word algorithm, sub-words of each word right after it."""
    reference = _reference_tokens(analyzer, text)
    assert [(t.term, t.start, t.end) for t in analyzer.tokens(text)] == reference
    words = [term for term, _, _ in reference]
    assert analyzer.terms(text) == words
    with_subwords = [x for w in words for x in (w, *analyzer._find_subwords(w))]
    assert analyzer.index_terms(text) == with_subwords
    assert analyzer.fields(text) == (with_subwords, analyzer.chars(text))


# -- properties ------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
        st.sampled_from(list("0123456789.%‰万亿千百年月元人个百分点質發國的了，。 \n")),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, query=_TEXT)
def test_any_text_analyses_with_valid_offsets(analyzer: Analyzer, text: str, query: str) -> None:
    norm = normalise(text)
    assert len(norm) == len(text)
    tokens = analyzer.tokens(text)
    previous = 0
    for token in tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= previous
        previous = token.start
        assert norm[token.start : token.end] == token.term
    _assert_fast_paths_agree(analyzer, text)
    spans = match_spans(analyzer, text, query_terms(analyzer, query))
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))


def _spans_of_whole_text(analyzer: Analyzer, text: str, terms: list[str]) -> list:
    """What a hit marks, from the whole text's tokens at once: the tokens that are terms,
    and every occurrence of a term no token matched."""
    spans, found, norm = set(), set(), normalise(text)
    for token in analyzer.tokens(text):
        if token.term in terms:
            spans.add((token.start, token.end))
            found.add(token.term)
    for term in set(terms) - found:
        spans |= {(i, i + len(term)) for i in range(len(norm)) if norm.startswith(term, i)}
    merged: list = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_SENTENCES = st.lists(
    st.sampled_from(
        ["。", "！", "？", "；", "!", "?", ";", "，", " ", "3.5%", "12亿元", "", "”"]
        + ["国内生产总值增长", "经济发展的目的", "雄安新区", "人民群众", "百分之五"]
    )
    | _TEXT,
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_SENTENCES, picks=st.lists(st.integers(0, 10_000), max_size=4), query=_TEXT)
def test_marks_are_those_of_the_whole_text_sentence_by_sentence(
    analyzer: Analyzer, text: str, picks: list[int], query: str
) -> None:
    own = analyzer.terms(text)
    terms = [own[p % len(own)] for p in picks if own] + query_terms(analyzer, query)
    assert match_spans(analyzer, text, terms) == _spans_of_whole_text(analyzer, text, terms)


def test_a_word_marked_where_the_text_has_it_and_not_inside_a_longer_one(analyzer) -> None:
    text = "国内生产总值增长。生产稳定"
    assert match_spans(analyzer, text, ["生产"]) == [(9, 11)]
    assert match_spans(analyzer, text, ["生产"]) == _spans_of_whole_text(analyzer, text, ["生产"])
