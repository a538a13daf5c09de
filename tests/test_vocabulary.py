"""Questions in English and in the archive's own abbreviations, as a user sees them: the
passages found on a small library written here, and the note that questions are read in
Chinese."""

from __future__ import annotations

import pytest

from speechbot.index import Library, LibraryConfig, SearchSettings
from speechbot.index.cli import READ_IN_CHINESE, main

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

稳健的货币政策要灵活适度、精准有效。

三、深化改革

推进“十四五”规划重大工程，落实第二个五年计划以来积累的经验。发展公共交通，优化城市交通。

“两会”期间，代表委员积极建言。继续推进供给侧结构性改革，做好“三去一降一补”。
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
