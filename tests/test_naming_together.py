"""Words that each stand in too many passages to name a speech name the few speeches whose
titles hold several of them: "全国科技大会…" is the speech at the national science and
technology conference, though 全国 and 科技 are in every other paragraph."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture, library_of

SPEECHES = {
    "conference.txt": """在全国科技大会上的讲话

同志们：

现在距离实现建成科技强国目标只有11年时间了，我们要只争朝夕、埋头苦干。
""",
    "academy.txt": """在科学院建院纪念大会上的讲话

同志们：

全国科技工作者要勇攀高峰，全国科技界要团结协作。

离建成科技强国还有几年？建成科技强国还有几年，要看我们的努力。

全国科技系统要改进作风，全国科技人才要潜心研究。

全国科技资源要统筹使用，全国科技投入要稳定增长。
""",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = library_of(
        tmp_path_factory.mktemp("together"),
        {**SPEECHES, **filler_speeches(topics=("教育", "卫生"))},
    )
    yield library
    library.close()


def test_common_words_together_name_the_speech_whose_title_holds_them(library):
    hit = library.search("全国科技大会讲话说离建成科技强国还有几年", top=1)[0]
    assert hit.source == "conference.txt"
    assert hit.text.startswith("现在距离实现建成科技强国目标只有11年时间了")


def test_one_common_word_alone_names_nothing(library):
    hit = library.search("科技强国还有几年", top=1)[0]
    assert hit.source == "academy.txt"


# 正式 and 成立 each stand in the titles of many speeches, never of the same one: in a question
# they are its subject, not a speech's name
APART = {
    **{
        f"hansard-{n}.txt": f"立法会会议过程正式纪录（第{n}次）\n\n主席：会议现在开始，议员讨论了第{n}项议题。\n"
        for n in range(1, 7)
    },
    **{
        f"anniversary-{n}.txt": f"在庆祝第{n}协会成立{n}0周年大会上的讲话\n\n同志们：\n\n"
        f"{n}0年来，协会不断壮大，丝路基金投入支持，丝路基金运营良好。\n"
        for n in range(1, 7)
    },
    "report-2016.txt": "2016年政府工作报告\n\n各位代表：\n\n"
    "人民币加入特别提款权货币篮子。亚洲基础设施投资银行正式成立，丝路基金投入运营。\n",
}


apart = library_fixture({**APART, **filler_speeches()})


def test_words_naming_many_speeches_apart_are_the_subject(apart):
    hit = apart.search("亚投行正式成立 丝路基金", top=1)[0]
    assert hit.source == "report-2016.txt"
    assert "亚洲基础设施投资银行正式成立，丝路基金投入运营。" in hit.text
