"""Questions in English and in the archive's own abbreviations, as a user sees them: the
passages found on a small library written here, and the note that questions are read in
Chinese."""

from __future__ import annotations

import pytest
from conftest import library_of

from speechbot.index import Library, LibraryConfig, SearchSettings
from speechbot.index.analysis import Analyzer
from speechbot.index.cli import READ_IN_CHINESE, main
from speechbot.index.glossary import read_english
from speechbot.index.query import build_query
from speechbot.index.vocabulary import five_year_plans, mine_abbreviations, shipped_synonyms

SPEECHES = {
    "entrepreneurs-symposium.txt": """在企业家座谈会上的讲话

同志们：

一、弘扬企业家精神

第一，希望大家增强爱国情怀。企业家爱国有多种实现形式。

第二，希望大家拓展国际视野。有多大的视野，就有多大的胸怀。

二、保护市场主体

要打造市场化、法治化、国际化营商环境，依法平等保护各种所有制企业产权。
""",
    "gov-report-2024.txt": """2024年政府工作报告

各位代表：

一、2023年工作回顾

城镇新增就业1244万人，年末城镇调查失业率为5.1%。脱贫攻坚成果得到巩固。

二、2024年政策取向

积极的财政政策要适度加力。今年赤字率拟按3%安排，赤字规模4.06万亿元。

继续推进供给侧结构性改革，巩固“三去一降一补”成果。

稳健的货币政策要灵活适度、精准有效。

三、两会

“两会”期间，代表委员积极建言。
""",
    "city-work-report.txt": """市政府工作报告

一、交通

优先发展公共交通，方便群众出行。

公路建设提速，交通运输更加便利。

二、规划

“十四五”规划重大工程全面完成。

第十三个五年规划顺利收官。

第二个五年计划期间建成拖拉机厂。

今年计划新建学校二十所。

三、改革

去产能任务全面完成，企业杠杆率稳步下降。

稳定就业，保居民就业、保市场主体取得实效。

新型冠状病毒肺炎疫情防控取得重大成果。
""",
    "shanghai-report-2026.txt": """2026年上海市政府工作报告

各位代表：

一、2025年工作回顾

全市生产总值达到5.67万亿元、增长5.4%。
""",
}


@pytest.fixture(scope="module", params=["c", "numpy"])
def library(request, tmp_path_factory) -> Library:
    folder = tmp_path_factory.mktemp("speeches")
    for name, text in SPEECHES.items():
        (folder / name).write_text(text, "utf-8")
    settings = SearchSettings(backend=request.param)
    lib = Library(tmp_path_factory.mktemp("data"), LibraryConfig(settings=settings))
    assert all(o.ok for o in lib.ingest([folder]))
    return lib


def first(library: Library, question: str) -> str:
    hits = library.search(question, top=3)
    assert hits, question
    return hits[0].text


def top_three(library: Library, question: str) -> str:
    return "\n".join(hit.text for hit in library.search(question, top=3))


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What did Xi tell entrepreneurs about international vision?", "拓展国际视野"),
        ("What is the 2024 deficit target?", "赤字率拟按3%安排"),
        ("How many new urban jobs were created?", "城镇新增就业1244万人"),
        ("surveyed unemployment rate", "调查失业率为5.1%"),
        ("Prudent Monetary Policy", "稳健的货币政策"),
        ("Shanghai GDP", "全市生产总值达到5.67万亿元"),
    ],
)
def test_english_questions_find_the_chinese_passage(library, question, answer):
    assert answer in first(library, question)


def test_numbers_typed_in_english_keep_working(library):
    assert "赤字率拟按3%安排" in first(library, "deficit 3%")
    assert "赤字率拟按3%安排" in first(library, "2024 deficit")


def test_english_marks_the_chinese_words_it_found(library):
    hit = library.search("international vision", top=1)[0]
    assert "国际视野" in [hit.text[s:e] for s, e in hit.spans]


def test_english_the_glossary_does_not_know_is_said_to_be_read_in_chinese(library, capsys):
    assert library.unread_english("What about the weather?")
    assert not library.unread_english("What is the deficit target?")
    assert not library.unread_english("2024年赤字率")
    assert not library.unread_english("GDP增长多少")
    assert main(["--data", str(library.data_dir), "ask", "What about the weather?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(READ_IN_CHINESE) and "Questions are read in Chinese" in out
    assert main(["--data", str(library.data_dir), "ask", "deficit target"]) == 0
    out = capsys.readouterr().out
    assert READ_IN_CHINESE not in out and "赤字率拟按3%安排" in out


@pytest.mark.parametrize(
    ("question", "answer", "marked"),
    [
        ("公交", "优先发展公共交通", "公共交通"),
        ("十三五规划", "第十三个五年规划顺利收官", "第十三个"),
        ("二五计划", "第二个五年计划期间", "第二个"),
        ("六保", "保居民就业、保市场主体", "市场主体"),
        ("新冠", "新型冠状病毒肺炎疫情", "冠状病毒"),
    ],
)
def test_abbreviations_find_and_mark_their_full_form(library, question, answer, marked):
    hit = library.search(question, top=1)[0]
    assert answer in hit.text
    assert any(marked in hit.text[s:e] for s, e in hit.spans)  # shown in bold


def test_abbreviations_and_their_parts_find_each_other(library):
    # the abbreviation as written stays first; its parts follow
    assert "去产能任务全面完成" in top_three(library, "三去一降一补")
    assert "三去一降一补" in top_three(library, "去杠杆 降成本")
    assert "“十四五”规划重大工程" in top_three(library, "第十四个五年规划")


def test_every_numbered_plan_has_its_group():
    groups = five_year_plans()
    assert len(groups) == 15
    assert groups[0] == ["一五计划", "一五规划", "第一个五年计划", "第一个五年规划"]
    assert "十四五" in groups[13] and "第十四个五年规划" in groups[13]
    assert "第十五个五年计划" in groups[14]


@pytest.mark.parametrize(
    ("question", "chinese"),
    [
        ("What did Xi say at the BRICS summit?", "金砖国家"),
        ("When did the AIIB open?", "亚洲基础设施投资银行"),
        ("giant pandas", "大熊猫"),
        ("Global Development Initiative", "全球发展倡议"),
        ("Five Principles of Peaceful Coexistence", "和平共处五项原则"),
    ],
)
def test_the_glossary_reads_the_worlds_names(question, chinese):
    reading = read_english(question)
    assert any(chinese in words for _, words in reading.found)


@pytest.mark.parametrize(
    ("question", "part"),
    [("入世以来外贸", "世界贸易组织"), ("新农合参合率", "合作医疗"), ("普九", "义务教育")],
)
def test_the_older_reports_abbreviations_search_their_full_form(question, part):
    analyzer = Analyzer(synonyms=shipped_synonyms())
    words = build_query(question, SearchSettings(), analyzer=analyzer).words
    assert set(analyzer.terms(part)) <= set(words)


@pytest.mark.parametrize(
    ("question", "full"),
    [
        ("文革期间的教育", "文化大革命"),
        ("今年社零", "社会消费品零售总额"),
        ("北交所设立", "北京证券交易所"),
        ("经合组织", "经济合作与发展组织"),
        ("两个确立", "核心地位"),
    ],
)
def test_the_short_forms_of_political_writing_search_what_they_stand_for(question, full):
    analyzer = Analyzer(synonyms=shipped_synonyms())
    query = build_query(question, SearchSettings(), analyzer=analyzer)
    assert set(analyzer.terms(full)) <= set(query.words)


def test_an_english_question_searches_the_chinese_not_its_english_words():
    query = build_query("grain output in 2019", SearchSettings(), analyzer=Analyzer())
    assert "粮食产量" in query.words and "grain" not in query.words and "output" not in query.words
    assert query.years == (2019,)  # a bare year in English is a year named
    g20 = build_query("G20 health ministers", SearchSettings(), analyzer=Analyzer())
    assert "二" not in g20.words  # a lone character split off 二十国集团 names every speech
    assert "二十国集团" in g20.phrases


@pytest.mark.parametrize(
    ("question", "chinese"),
    [
        ("abolition of the agricultural tax", "农业税"),
        ("fight against SARS", "非典"),
        ("Paris Peace Forum", "巴黎和平论坛"),
        ("Guangdong housing supply", "广东"),
        ("according to law", "依法"),
    ],
)
def test_the_glossary_reads_policy_places_and_history(question, chinese):
    reading = read_english(question)
    assert any(chinese in words for _, words in reading.found)


def test_the_archives_own_abbreviations_are_mined_from_its_texts():
    text = (
        "我们筹建了区域农业科技合作中心（以下简称“农科中心”）。农业（包括农村副业）稳步发展。"
        "厂长（经理）负责。“双高计划”：是“中国特色高水平高职学校和专业建设计划”的简称。"
        "办好进博会（中国国际进口博览会）。"
    )
    mined = mine_abbreviations([text])
    assert mined["农科中心"] == ("农业科技合作中心",)  # from its first character on
    assert mined["双高计划"] == ("中国特色高水平高职学校和专业建设计划",)
    assert mined["进博会"] == ("中国国际进口博览会",)
    assert "农业" not in mined and "经理" not in mined  # a gloss, an alternative


def test_a_short_form_the_archive_declares_finds_its_full_form(tmp_path):
    library = library_of(
        tmp_path,
        {
            "a.txt": "一、合作\n\n成立区域农业科技合作中心（以下简称“农科中心”），首批吸纳十家单位。\n",
            "b.txt": "二、成效\n\n区域农业科技合作中心今年培训农民三千人次。\n\n农民收入稳步增长。\n",
        },
    )
    hits = {hit.text: hit for hit in library.search("农科中心", top=3)}
    found = hits["区域农业科技合作中心今年培训农民三千人次。"]
    marked = "".join(found.text[s:e] for s, e in found.spans)
    assert "农业" in marked and "科技" in marked  # the full form, found and shown in bold
    library.close()


def test_a_latin_name_in_a_chinese_question_also_searches_its_chinese():
    words = build_query("APEC会议上的讲话", SearchSettings(), analyzer=Analyzer()).words
    assert "apec" in words and "亚太经合组织" in words  # the typed name stays
    words = build_query("SARS疫情", SearchSettings(), analyzer=Analyzer()).words
    assert "非典" in words
