"""A list named by its subject, on a report written for these tests: a paragraph leading into
"——" points that the outline files under the point before them ("重大原则的第三条"), and a
list in an appendix named by its heading ("十件民生实事的第三件"); a page on one line where
"一是…" run inside a paragraph and "第一，…" points follow ("第四点", "宝贵经验的第五条")."""

from __future__ import annotations

import pytest
from conftest import library_of, quoted

BODY = "要坚持稳中求进工作总基调，推动高质量发展，把各项工作做细做实。"

REPORT = f"""在云海省第九次代表大会上的报告
同志们：
现在，我代表上届委员会向大会作报告。
一、过去五年的工作
{BODY}
二、今后五年的使命任务
今后五年的中心任务，就是团结带领全省人民建设现代化云海。
——云海现代化是人口规模巨大的现代化。{BODY}
——云海现代化是共同富裕的现代化。{BODY}
到二〇四〇年，全省发展的总体目标是基本实现现代化。
前进道路上，必须牢牢把握以下重大原则。
——坚持和加强党的全面领导。{BODY}
——坚持以人民为中心的发展思想。{BODY}
——坚持深化改革开放。{BODY}
三、加快构建新发展格局
{BODY}
坚持民生为大，扎实办好十件民生实事。
附件
2031年十件民生实事
一、提高城乡低保标准。{BODY}
二、新增普惠托育托位。{BODY}
三、改造老旧小区电梯。{BODY}
"""


LESSONS = ("坚持党的领导", "坚持改革", "坚持开放", "坚持创新", "坚持人民至上")
TASKS = ("贯彻新发展理念", "深化改革", "扩大开放", "创新城市治理", "践行以人民为中心")
# a news page holding the whole speech on one line
PAGE = (
    "同志们：今天，我们在这里隆重集会，庆祝云海特区建立40周年。"
    + f"云海特区40年实践，积累了宝贵经验。{''.join(f'{n}是必须{t}。' for n, t in zip('一二三四五', LESSONS, strict=True))}"
    + "新时代新征程，云海要有新担当。"
    + "".join(f"第{n}，{t}。{BODY}" for n, t in zip("一二三四五", TASKS, strict=True))
    + "\n"
)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    files = {"congress.txt": REPORT, "page.txt": PAGE}
    library = library_of(tmp_path_factory.mktemp("list-subjects"), files)
    yield library
    library.close()


@pytest.mark.parametrize(
    ("point", "heading"),
    [
        ("重大原则的第三条", "——坚持深化改革开放"),
        ("重大原则的第一条", "——坚持和加强党的全面领导"),
        ("第二部分的第二点", "——云海现代化是共同富裕的现代化"),
        # an appendix's list, named by its heading's words ("件" counts as 项 does)
        ("十件民生实事的第三件", "三、改造老旧小区电梯"),
        ("民生实事第二件事", "二、新增普惠托育托位"),
    ],
)
def test_a_list_named_by_its_subject(library, point, heading):
    quote = quoted(library, point, "congress.txt")
    assert quote.path[-1].startswith(heading), quote.path


@pytest.mark.parametrize(
    ("point", "heading"),
    [
        ("第四点", "第四，创新城市治理"),
        ("宝贵经验的第五条", "五是必须坚持人民至上"),
        ("宝贵经验的第二条", "二是必须坚持改革"),
    ],
)
def test_points_run_into_a_page_on_one_line(library, point, heading):
    quote = quoted(library, point, "page.txt")
    assert quote.path[-1].startswith(heading), quote.path


# a city's report of 2031: a list led by a paragraph naming the year before, its first point
# 首先; a list run into one paragraph from 首先 on; a list of the year's work the lead
# sentence names without 今年
CITY = f"""2031年云海市政府工作报告
——2031年1月10日在云海市第十六届人民代表大会第五次会议上
各位代表：
一、2030年工作回顾
{BODY}
回顾2030年，我们在实践中积累了对今后发展具有重要意义的宝贵经验。
首先，必须坚持稳中求进。{BODY}
第二，必须坚持改革开放。{BODY}
第三，必须坚持人民至上。{BODY}
二、2031年工作安排
为了保证农业稳定增长，必须深化农村改革。首先要增加对农业的投入，投入不得挪作他用。二是保护耕地，坚决制止撂荒。三是搞好农田水利建设，提高灌溉能力。四是推广优良品种。
重点抓好四个方面工作：
（一）扩大有效投资。{BODY}
（二）培育新兴产业。{BODY}
（三）加强生态保护。{BODY}
（四）办好民生实事。{BODY}
"""
CONGRESS = f"""在中国共产党第三十一次全国代表大会上的报告
同志们：
一、形势和任务
中央提出了八项任务。
第一，一定要搞好党的建设。{BODY}
第二，一定要把经济搞上去。{BODY}
第三，一定要发展科学教育。{BODY}
"""


@pytest.mark.parametrize(
    ("point", "heading"),
    [
        # the year the words name is not the report's: they name a list of the chosen speech
        ("回顾2030年积累的宝贵经验的第三条", "第三，必须坚持人民至上"),
        ("宝贵经验的第二条", "第二，必须坚持改革开放"),
        # 首先 opens the list run into the paragraph: 三是 is its third point
        ("二、三是", "三是搞好农田水利建设"),
        ("今年重点抓好的四个方面工作中的第三个方面", "（三）加强生态保护"),
    ],
)
def test_lists_of_a_chosen_report(tmp_path, point, heading):
    library = library_of(tmp_path, {"city.txt": CITY})
    try:
        (speech,) = library.list()
        result = library.quote(point, speech_id=speech.id)
        assert result.quote is not None, (point, result.candidates)
        assert result.quote.path[-1].startswith(heading), result.quote.path
    finally:
        library.close()


def test_a_congress_named_by_its_political_report(tmp_path):
    library = library_of(tmp_path, {"congress31.txt": CONGRESS, "city.txt": CITY})
    try:
        result = library.quote("三十一大政治报告里八项任务的第二项")
        assert result.quote is not None, result.candidates
        assert result.quote.path[-1] == "第二，一定要把经济搞上去"
    finally:
        library.close()
