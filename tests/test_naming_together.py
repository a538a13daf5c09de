"""Words that each stand in too many passages to name a speech name the few speeches whose
titles hold several of them: "全国科技大会…" is the speech at the national science and
technology conference, though 全国 and 科技 are in every other paragraph."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_of

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
