"""A single character names no speech: the 年 of "多少年" must not lift the speeches whose
title happens to hold a stray 年 ("2017 年 工作报告" of a bilingual page)."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

SPEECHES = {
    "annual-review.txt": """2017 年 工作回顾

各位代表：

这一年，各项征收工作顺利，年度任务全面完成。

年年征收，年年增长。
""",
    "tax-reform.txt": """财税体制改革座谈会讲话

同志们：

全面推开营改增，结束了66年的营业税征收历史。

地方税体系建设稳步推进。
""",
}


FILLER = filler_speeches(
    "{}工作会议讲话",
    topics=["教育", "卫生", "交通", "水利", "农业", "科技", "文化", "体育", "环保", "住房"],
)


library = library_fixture({**SPEECHES, **FILLER})


def test_a_measure_character_names_no_speech(library):
    # the review's title holds 年 alone: it is not therefore the speech asked about
    texts = [hit.text for hit in library.search("征收了多少年", top=5)]
    answer = texts.index("全面推开营改增，结束了66年的营业税征收历史。")
    review = texts.index("这一年，各项征收工作顺利，年度任务全面完成。")
    assert answer < review
