"""Of the words of a question that name speeches, one naming none of the speeches the
question names best is a word of its subject: in "十五大的主题是什么", 主题 is in the title of
a 主题教育 speech, yet the question asks for the 十五大 report's 主题."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

SPEECHES = {
    "congress-15.txt": """在中国共产党第十五次全国代表大会上的报告

同志们：

大会的主题是：高举旗帜，把事业全面推向新世纪。

我们要继续推进改革开放，推动经济发展和社会全面进步。
""",
    "congress-16.txt": """在中国共产党第十六次全国代表大会上的报告

同志们：

十五大以来的五年，我们高举旗帜，经受住了各种风险的考验，十五大确定的任务全面完成。

我们要全面建设小康社会，开创事业新局面。
""",
    "education-campaign.txt": """在主题教育工作会议上的讲话

同志们：

这次主题教育要突出重点，抓好学习，务求实效。

各级党组织要加强领导，确保各项工作落到实处。
""",
}
FILLER = filler_speeches()


library = library_fixture({**SPEECHES, **FILLER})


def test_a_word_naming_another_speech_is_a_word_of_the_subject(library):
    hit = library.search("十五大的主题是什么", top=1)[0]
    assert hit.source == "congress-15.txt" and "大会的主题是" in hit.text
