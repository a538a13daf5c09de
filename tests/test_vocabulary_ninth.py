"""Questions that use other words than the text, as a user sees them: a short form the
archive declares in a bracket, a numbered slogan and its parts, a plan named in full where
the text writes its short form in quotes (fixtures written here)."""

from __future__ import annotations

import json

from conftest import library_of

from speechbot.index import Library, SearchSettings
from speechbot.index.analysis import Analyzer
from speechbot.index.query import build_query
from speechbot.index.vocabulary import mine_abbreviations, shipped_synonyms

DECLARED = {
    "policy-2014.txt": "施政報告\n\n一、金融\n\n我們成立金融合作促進局(“金合局”)，就發展債券市場向政府提出意見。\n",
    "policy-2015.txt": (
        "施政報告\n\n一、金融\n\n金合局已向政府提交首份報告，建議擴大離岸人民幣業務。\n\n"
        "政府會繼續推動金融業發展，提高市場效率。\n"
    ),
}


def test_a_short_form_declared_in_a_bracket_with_quotes_finds_its_passages(tmp_path):
    library = library_of(tmp_path, DECLARED)
    hits = {hit.text[:5]: hit for hit in library.search("金融合作促进局有什么建议", top=3)}
    found = hits["金合局已向"]  # the passage writing the short form only
    assert "金合" in "".join(found.text[s:e] for s, e in found.spans)  # found by it, in bold
    library.close()


def test_an_index_of_an_older_miner_is_rebuilt_with_the_new_pairs(tmp_path):
    library = library_of(tmp_path, DECLARED)
    library.close()
    # an index saved before the miner read quoted short forms: pairs in the old layout
    for saved in (tmp_path / "data").glob("index-*/abbreviations.json"):
        saved.write_text(json.dumps({"双高计划": ["高水平高职学校建设计划"]}), "utf-8")
    library = Library(tmp_path / "data")
    hits = {hit.text[:5]: hit for hit in library.search("金融合作促进局有什么建议", top=3)}
    found = hits["金合局已向"]  # the passage writing the short form only
    assert "金合" in "".join(found.text[s:e] for s, e in found.spans)  # found by it, in bold
    library.close()


def test_the_parts_a_numbered_slogan_lists_are_mined_as_its_meaning():
    text = "提出“三通”（通邮、通商、通航）。“两个维护”（坚决维护）。“一杯奶”（牵头单位：教育厅）。"
    mined = mine_abbreviations([text])
    assert mined["三通"] == ("通邮", "通商", "通航")
    assert "两个维护" not in mined and "一杯奶" not in mined  # one part, a note


def test_a_plan_named_in_full_also_searches_its_short_form_as_the_texts_quote_it():
    analyzer = Analyzer(synonyms=shipped_synonyms())
    assert analyzer.terms("执行“八五”计划") == ["执行", "八五", "计划"]  # how the texts read
    words = build_query(
        "第八个五年计划第一年完成得怎么样", SearchSettings(), analyzer=analyzer
    ).words
    assert "八五" in words
    words = build_query("打八五折", SearchSettings(), analyzer=analyzer).words
    assert "第八个五年计划" not in words and "五年" not in words  # a bare 八五 stays a number


def test_an_abbreviation_typed_as_its_parts_counts_as_they_do_together():
    analyzer = Analyzer(synonyms=shipped_synonyms())
    query = build_query(
        "简政放权、放管结合、优化服务改革有什么部署", SearchSettings(), analyzer=analyzer
    )
    weights = {term.text: term.weight for term in query.terms}
    assert weights["放管服"] == weights["简政放权"]  # three parts typed: as strong as one of them
    query = build_query("放管结合有什么要求", SearchSettings(), analyzer=analyzer)
    weights = {term.text: term.weight for term in query.terms}
    assert weights["放管服"] < weights["放管结合"]  # one part typed: a synonym's weight


def test_the_many_parts_of_an_abbreviation_weigh_less_than_the_word_typed():
    analyzer = Analyzer(synonyms=shipped_synonyms())
    query = build_query("六保是什么", SearchSettings(), analyzer=analyzer)
    parts = [
        term.weight for term in query.terms if term.stands_for == "六保" and term.text != "六保"
    ]
    assert len(parts) > 6  # the six 保 and their words
    assert max(parts) * 6 <= 1.0  # six of them weigh no more than 六保 itself


def test_a_numbered_short_form_the_archive_lists_searches_its_parts_at_a_share(tmp_path):
    library = library_of(
        tmp_path,
        {
            "a.txt": "讲话\n\n一、交流\n\n实现“四通”（通邮、通商、通航、通车），扩大往来。\n",
            "b.txt": "讲话\n\n一、往来\n\n两地通航以来，旅客逐年增加。\n",
        },
    )
    query = build_query(
        "四通", library.config.settings, analyzer=library.analyzer, archive=library.index
    )
    parts = {term.text: term.weight for term in query.terms if term.stands_for == "四通"}
    assert {"通邮", "通商", "通航", "通车"} <= set(parts)
    assert all(parts[p] < 1.0 for p in ("通邮", "通商", "通航", "通车"))  # below a typed word
    assert any("通航以来" in hit.text for hit in library.search("四通", top=3))
    library.close()
