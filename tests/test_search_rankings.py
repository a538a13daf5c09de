"""Rankings pinned on a small library written here (no ../shared needed): what each step of
the query contributes shows in what a user sees, with either scoring kernel."""

from __future__ import annotations

import pytest

from speechbot.index import Library, LibraryConfig, SearchSettings

SPEECHES = {
    "gov-report-2018-henan.txt": """河南省2018年政府工作报告

各位代表：

一、过去五年工作回顾

过去五年，全省生产总值年均增长8.3%，城镇新增就业720万人，居民人均可支配收入年均增长9.1%。

我们坚持稳中求进工作总基调，推动高质量发展，全面深化改革，经济结构持续优化。

二、2018年主要任务

（一）稳就业。城镇新增就业110万人以上，城镇登记失业率控制在4.5%以内。一是加强全科医生队伍建设，二是扩大高校毕业生就业渠道。

（二）办好世博会参展工作。组织企业参加上海世博会，推介河南特色产品。

（三）改善看病就医条件。推进分级诊疗，让群众就近就诊，减少异地就医。
""",
    "beijing-science-conference-2021.txt": """在北京科学家座谈会上的讲话

同志们：

一、科技创新的形势

当前，新一轮科技革命和产业变革深入发展，科技创新成为国际竞争的主战场。我们要坚持创新驱动发展战略，加快建设科技强国。

二、主要任务

一是加强基础研究，基础研究经费占研发经费比重提高到百分之八。二是培养青年科技人才队伍，建设一流科研队伍。三是深化科技体制改革，完善科技评价体系。

最后，希望广大科学家弘扬科学家精神，为高质量发展作出新贡献。
""",
    "guangdong-report-1957.txt": """广东省一九五七年政府工作报告

各位代表：

一、一九五六年的工作

一九五六年全省粮食产量达到一百二十亿斤，比上年增长百分之五。工业总产值增长百分之二十。

二、一九五七年的任务

我们要继续发展农业生产，兴修水利，扩大耕地面积，保证粮食增产。
""",
}

# question → (ref, the words marked in it) of each hit, best first
PINNED = {
    # typed words; the year names the 2018 report
    "2018年城镇新增就业目标": [
        ("2:2.1#1", ["城镇新增就业", "城镇"]),
        ("2:1#1", ["城镇新增就业"]),
        ("2:2.1.2#1", ["就业"]),
    ],
    # a typo read as the word it sounds like (医声 → 医生), and a word pair as typed
    "全科医声队伍建设": [
        ("2:2.1.1#1", ["全科医生队伍建设"]),
        ("1:2.2#1", ["建设", "队伍"]),
        ("1:1#1", ["建设"]),
    ],
    # Cilin's equal-meaning words (看病 → 就诊, 就医)
    "看病": [("2:2.3#1", ["诊疗", "就诊", "就医"])],
    # a question asking for a figure
    "粮食产量是多少": [
        ("3:1#1", ["粮食产量"]),
        ("3:2#1", ["生产", "粮食"]),
        ("2:1#1", ["生产"]),
    ],
    # a year typed in digits finds it spelled out
    "1956年粮食产量": [
        ("3:1#1", ["一九五六年", "粮食产量"]),
        ("3:2#1", ["生产", "粮食"]),
        ("2:1#1", ["生产"]),
    ],
    # words naming a speech lift its passages
    "科学家座谈会 基础研究": [
        ("1:2.1#1", ["基础研究", "基础研究"]),
        ("1:2#1", ["科学家", "科学家"]),  # the closing "最后，希望广大科学家…", part two's own
        ("2:2.2#1", []),
    ],
    "河南 世博会": [("2:2.2#1", ["世博会", "河南"])],
    "青年人才队伍建设": [
        ("1:2.2#1", ["青年", "人才队伍", "建设", "队伍"]),
        ("2:2.1.1#1", ["队伍建设"]),
        ("1:1#1", ["建设"]),
    ],
}


@pytest.fixture(scope="module", params=["c", "numpy"])
def library(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("speeches")
    for name, text in SPEECHES.items():
        (folder / name).write_text(text, "utf-8")
    settings = SearchSettings(backend=request.param)
    library = Library(folder / "data", LibraryConfig(settings=settings))
    assert all(o.ok for o in library.ingest(sorted(folder.glob("*.txt"))))
    yield library
    library.close()


@pytest.mark.parametrize("question", list(PINNED))
def test_pinned_rankings(library, question):
    hits = library.search(question, top=3)
    got = [(str(h.ref), [h.text[s:e] for s, e in h.spans]) for h in hits]
    assert got == PINNED[question]
