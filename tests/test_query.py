"""The query as one value: its terms with their weights and origins, its characters, its
word pairs and the answer it asks for; and the spans a hit marks."""

from __future__ import annotations

import pytest

from speechbot.index.analysis import Analyzer
from speechbot.index.highlight import match_spans
from speechbot.index.query import Naming, Origin, build_query
from speechbot.index.settings import SearchSettings

MIXED = (
    "２０１９年，國內生產總值增長６．６％，ＧＤＰ總量突破90万亿元；"
    "城镇新增就业1361万人，居民收入增长3.5%，質量效益继续提升。"
    "我们要推动高质量发展，加快培育新质生产力！"
)
SETTINGS = SearchSettings()


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(synonyms={"ＧＤＰ": ["国内生产总值"]})


def query_terms(analyzer: Analyzer, text: str) -> list[str]:
    return build_query(text, SETTINGS, analyzer=analyzer).words


def spans_of(analyzer: Analyzer, text: str, query: str) -> list[tuple[int, int]]:
    return match_spans(analyzer, text, query_terms(analyzer, query))


def test_each_term_carries_its_weight_and_origin(analyzer: Analyzer) -> None:
    query = build_query("GDP增长百分之三点五 高质量发展 1957年", SETTINGS, analyzer=analyzer)
    terms = {t.text: t for t in query.terms}
    assert terms["gdp"].origin is Origin.TYPED and terms["gdp"].weight == 1.0
    assert terms["3.5%"].origin is Origin.FIGURE and terms["3.5%"].weight == 1.0
    assert terms["质量"].origin is Origin.SUBWORD and terms["质量"].stands_for == "高质量发展"
    for word in analyzer.terms("国内生产总值"):
        # the Chinese of a Latin name typed in a Chinese question, at full weight
        assert terms[word].origin is Origin.GLOSSARY and terms[word].stands_for == "gdp"
        assert terms[word].weight == SETTINGS.glossary_weight
    assert terms["一九五七年"].origin is Origin.YEAR and terms["1957年"].stands_for == "#year"
    assert all(t.naming is Naming.NONE for t in query.terms)  # no archive: nothing named
    # the user's words come first, in the order typed, then what they imply
    assert query.words[:2] == ["gdp", "增长"]
    assert query.words.index("高质量发展") < query.words.index("3.5%") < query.words.index("质量")


def test_a_spelling_of_a_year_the_segmenter_breaks_up_is_left_out(analyzer: Analyzer) -> None:
    # "二〇二五年" segments as 二 〇 二 五年: those pieces would name any speech with 二 in its title
    words = query_terms(analyzer, "2025年地区生产总值")
    assert "2025年" in words
    assert not {"二", "〇", "五年"} & set(words)


def test_question_words_are_not_searched(analyzer: Analyzer) -> None:
    assert "多少" not in query_terms(analyzer, "赤字率是多少")
    assert build_query("赤字率是多少", SETTINGS, analyzer=analyzer).asks_figure
    assert not build_query("赤字率的安排", SETTINGS, analyzer=analyzer).asks_figure


def test_query_chars_are_deduplicated_in_order(analyzer: Analyzer) -> None:
    assert build_query("质量质量", SETTINGS, analyzer=analyzer).chars == ("质", "量")
    # "质量" finds "质量奖" through characters even though jieba keeps the word whole
    assert set(build_query("質量", SETTINGS, analyzer=analyzer).chars) <= set(
        analyzer.chars("荣获区长质量奖")
    )
    assert not build_query("的了", SETTINGS, analyzer=analyzer)


def test_word_pairs_typed_together() -> None:
    analyzer = Analyzer(segmenter="rjieba")
    query = build_query("全科医生队伍建设", SETTINGS, analyzer=analyzer)
    assert "队伍建设" in query.phrases
    # each with the words a passage holding it holds
    assert dict(zip(query.phrases, query.phrase_words, strict=True))["队伍建设"] == ("队伍", "建设")
    assert build_query("队伍 建设", SETTINGS, analyzer=analyzer).phrases == ()  # typed apart
    assert build_query("稳就业", SETTINGS, analyzer=analyzer).phrases == ()  # one word


class _Archive:
    """Two speeches named 河南 and 北京, every one a 报告; words 世博会 and 就诊 in passages."""

    speech_count = 10

    def word_frequency(self, term: str) -> int:
        return {"世博会": 5, "就诊": 3, "看病": 2, "报告": 9, "地区": 40}.get(term, 0)

    def speech_frequency(self, term: str) -> int:
        return {"河南": 1, "报告": 10, "地区": 1}.get(term, 0)

    def __len__(self) -> int:
        return 100


def test_the_archive_adds_sound_alikes_and_names_speeches(analyzer: Analyzer) -> None:
    query = build_query("河南报告 世搏会", SETTINGS, analyzer=analyzer, archive=_Archive())
    terms = {t.text: t for t in query.terms}
    assert terms["世博会"].origin is Origin.SOUND_ALIKE
    assert terms["世博会"].weight == pytest.approx(SETTINGS.typo_weight)
    assert terms["河南"].naming is Naming.SPEECH and terms["报告"].naming is Naming.KIND
    assert query.naming_words == ["河南"]
    across = query.weights(SETTINGS, across_speeches=True)
    assert across["河南"] == pytest.approx(SETTINGS.naming_term_weight)
    assert query.weights(SETTINGS, across_speeches=False)["河南"] == 1.0


def test_a_word_common_in_the_text_names_no_speech(analyzer: Analyzer) -> None:
    # 地区 is in one title, and in 40 of 100 passages: a common word, not a name
    query = build_query("河南地区", SETTINGS, analyzer=analyzer, archive=_Archive())
    assert query.naming_words == ["河南"]


def test_query_terms_add_search_mode_subwords_deduplicated(analyzer: Analyzer) -> None:
    terms = query_terms(analyzer, "高质量发展 高质量发展")
    assert terms[0] == "高质量发展"
    assert {"质量", "发展", "高质量"} <= set(terms)
    assert len(terms) == len(set(terms))
    assert query_terms(analyzer, "的了") == []


def test_match_spans_mark_query_terms_in_the_original(analyzer: Analyzer) -> None:
    text = "推动高质量发展，設立區長質量獎。"
    spans = spans_of(analyzer, text, "质量")
    assert [text[s:e] for s, e in spans] == ["质量", "質量"]

    simplified = "设立区长质量奖，建设质量强国。"
    spans = spans_of(analyzer, simplified, "質量")
    assert [simplified[s:e] for s, e in spans] == ["质量", "质量"]

    # a query word that is a token of the text marks those tokens
    plain = "提高产品质量，提升服务质量。"
    spans = spans_of(analyzer, plain, "質量")
    assert [plain[s:e] for s, e in spans] == ["质量", "质量"]

    # the query's sub-words overlap the whole word: one merged span
    spans = spans_of(analyzer, "要推动高质量发展。", "高质量发展")
    assert spans == [(3, 8)]

    spans = spans_of(analyzer, MIXED, "GDP 3.5% 质量 发展")
    assert spans == sorted(spans)
    assert all(s < e for s, e in spans)
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    marked = [MIXED[s:e] for s, e in spans]
    assert "ＧＤＰ" in marked and "3.5%" in marked
    assert spans_of(analyzer, MIXED, "的") == []


def test_match_spans_find_single_characters(analyzer: Analyzer) -> None:
    text = "大家都知道。"
    assert [text[s:e] for s, e in spans_of(analyzer, text, "知")] == ["知"]


def test_one_word_for_several_typed_counts_as_they_do_up_to_a_typed_word() -> None:
    """营改增 stands for the three words 营业税 改征 增值税 typed: it counts as much as a
    typed word, not half; a full form of several words (上海 合作 组织 for 上合 组织) keeps
    the synonym weight, and nothing counts more than a typed word."""
    table = {
        "营改增": ["营业税改征增值税"],
        "营业税改征增值税": ["营改增"],
        "上合组织": ["上海合作组织"],
    }
    analyzer = Analyzer(synonyms=table)
    full = {
        t.text: t.weight for t in build_query("营业税改征增值税", SETTINGS, analyzer=analyzer).terms
    }
    assert full["营改增"] == 1.0
    short = {t.text: t.weight for t in build_query("营改增", SETTINGS, analyzer=analyzer).terms}
    assert short["营业税"] == SETTINGS.synonym_weight
    assert max(short.values()) == 1.0
    split = {t.text: t.weight for t in build_query("上合组织", SETTINGS, analyzer=analyzer).terms}
    assert split["上海"] == SETTINGS.synonym_weight


def test_a_lone_character_split_off_a_synonym_is_not_searched() -> None:
    """十四五 also searches 第十四个五年规划, but not the 个 the segmenter splits off it (a
    passage holding 个 is any passage)."""
    from speechbot.index.vocabulary import shipped_synonyms

    analyzer = Analyzer(synonyms=shipped_synonyms())
    words = build_query("十四五", SETTINGS, analyzer=analyzer).words
    assert "第十四" in words and "个" not in words
