"""Numbering reused at another level, and labels a page mangled, on documents written for these
tests: several people's reports each under "N.姓名（职务）" with their own 一、二、; a top part
that goes on after a nested 一、…六、; "三）" whose opening bracket was lost; a part name spaced
out ("引　　言"). What a user sees: the speech's headings with their depth, the path a passage
is cited under, and the outline scored against a gold that lists appendix entries at the top."""

from __future__ import annotations

import json

from conftest import library_of, quoted

from speechbot.index.evaluate_outline import evaluate_outlines
from speechbot.index.ingest import build_speeches
from speechbot.index.library import Library
from speechbot.index.loaders import load_text

BODY = "全年围绕中心任务扎实推进各项工作，完成了年初确定的目标，群众满意度稳步提高。"


def speech(text: str, name: str = "report.txt"):
    (only,) = build_speeches(load_text(text.encode("utf-8"), name), name)
    return only


def headings(text: str) -> list[tuple[int, str]]:
    return [(len(s.path), s.heading) for s in speech(text).sections() if s.path]


def path_of(text: str, words: str) -> str:
    for passage in speech(text).passages():
        if words in passage.text:
            return " › ".join(passage.headings)
    raise AssertionError(f"{words} is in no passage")


# a school's annual review: each member's report under "N.姓名（职务）", parts 一、二、 below
REVIEWS = f"""某某中学领导班子年度述职报告
发布时间：2030年1月10日
1.王立新（校长）
{BODY}现汇报如下：
一、抓好班子建设
{BODY}
二、推进课程改革
{BODY}王校长的第二部分到此。
2.李文华（副校长）
{BODY}
一、学习提升方面
{BODY}
二、分管工作方面
1.规范教学常规
{BODY}
2.加强教研活动
{BODY}
3.做好质量分析
{BODY}李副校长的分管工作到此。
3.赵明（副校长）
{BODY}
一、安全工作
{BODY}赵副校长的安全工作到此。
"""


def test_a_numbered_line_under_the_page_header_is_the_first_report_not_a_byline():
    got = headings(REVIEWS)
    assert got[:3] == [(1, "1.王立新（校长）"), (2, "一、抓好班子建设"), (2, "二、推进课程改革")]
    assert speech(REVIEWS).title == "某某中学领导班子年度述职报告"


def test_each_report_holds_its_own_parts():
    got = headings(REVIEWS)
    assert (1, "2.李文华（副校长）") in got and (2, "一、学习提升方面") in got
    assert path_of(REVIEWS, "王校长的第二部分到此") == "1.王立新（校长） › 二、推进课程改革"


def test_a_number_that_goes_on_the_outer_list_closes_the_nested_one():
    # "3.赵明" follows 2.李文华, not the 1.–3. of 李文华's 二、
    got = headings(REVIEWS)
    assert (1, "3.赵明（副校长）") in got and (2, "一、安全工作") in got
    assert path_of(REVIEWS, "李副校长的分管工作到此") == (
        "2.李文华（副校长） › 二、分管工作方面 › 3.做好质量分析"
    )
    assert path_of(REVIEWS, "赵副校长的安全工作到此") == "3.赵明（副校长） › 一、安全工作"


# a plan whose third part lists （一）（二） and then a nested 一、…四、: the second 四、 cannot
# go on that list (it stands at 四) and is the plan's fourth part
PLAN = f"""关于今后五年工作的报告
各位代表：
{BODY}
一、过去五年的回顾
{BODY}
二、今后五年的任务
{BODY}
三、改革的主要措施
（一）增强企业活力
{BODY}
（二）完善市场体系
{BODY}做好改革，要注意以下几点：
一、充分认识改革的长期性
{BODY}
二、充分认识改革的复杂性
{BODY}
三、充分认识改革的紧迫性
{BODY}
四、充分认识改革的系统性
{BODY}
四、坚持对外开放
对外开放是一项长期的基本国策，要坚定不移地执行下去。
"""


def test_a_top_part_after_a_nested_list_of_its_numbering_is_a_top_part(tmp_path):
    got = headings(PLAN)
    assert (1, "四、坚持对外开放") in got
    assert (3, "四、充分认识改革的系统性") in got  # the nested list stays nested
    library = library_of(tmp_path, {"plan.txt": PLAN})
    quote = quoted(library, "第四部分", "plan.txt")
    assert "对外开放是一项长期的基本国策" in quote.text


# a report whose page lost the opening bracket of one point
LOST_BRACKET = f"""各位代表：
{BODY}
一、主要工作
（一）经济平稳运行
{BODY}
（二）产业加快升级
{BODY}
三）改革持续深化
改革开放的各项举措落地见效，重点领域改革取得突破。
（四）民生不断改善
{BODY}
"""


def test_a_point_whose_opening_bracket_was_lost_is_still_a_point():
    got = headings(LOST_BRACKET)
    assert (2, "三）改革持续深化") in got and (2, "（四）民生不断改善") in got
    assert path_of(LOST_BRACKET, "各项举措落地见效") == "一、主要工作 › 三）改革持续深化"


def test_a_closing_bracket_after_a_numeral_with_no_list_open_is_text():
    text = f"各位代表：\n{BODY}\n三）这一行不是任何列表的一项，只是正文。\n{BODY}\n"
    assert headings(text) == []


SPACED_PART = f"""# 在某某座谈会上的讲话
## 引　　言
同志们！今天请大家来座谈，交换意见。{BODY}
## 结　　论
{BODY}
"""


def test_a_spaced_out_part_name_above_the_first_paragraph_is_a_part():
    got = [(1, h) for depth, h in headings_md(SPACED_PART) if depth == 1]
    assert got[:2] == [(1, "引\u3000\u3000言"), (1, "结\u3000\u3000论")]


def headings_md(text: str) -> list[tuple[int, str]]:
    (only,) = build_speeches(load_text(text.encode("utf-8"), "talk.md"), "talk.md")
    return [(len(s.path), s.heading) for s in only.sections() if s.path]


GLOSSARY = f"""各位代表：
{BODY}
一、主要工作
{BODY}
名词解释
1.“三个一”工程：一个平台、一张网、一套制度。
2.“两个清单”：责任清单和负面清单。
"""


def test_appendix_entries_are_scored_at_the_level_a_gold_gives_them(tmp_path):
    # a gold that lists the glossary's entries at its top, without the bare label 名词解释:
    # the label is left out of the depth as it is out of the paths
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glossary.txt").write_text(GLOSSARY, encoding="utf-8")
    lines = GLOSSARY.splitlines()
    gold = {"doc": "docs/glossary.txt", "headings": []}
    for number, line in enumerate(lines, start=1):
        if line.startswith(("一、", "1.", "2.")):
            gold["headings"].append(
                {"at": [number, 0, len(line)], "level": 1, "appendix": not line.startswith("一")}
            )
    entry = json.loads(json.dumps(gold))
    (score,) = evaluate_outlines(Library(tmp_path / "data"), tmp_path, [entry])
    assert score.figures["f1"] == 1.0 and score.figures["level_f1"] == 1.0


# a part whose points are lead sentences, closed by a list the part's own paragraph opens
LEADS = f"""各位代表：
{BODY}
一、今年的主要任务
（一）着力改善民生
稳定扩大就业。{BODY}
提高教育质量。{BODY}
健全社会保障。{BODY}
完善养老服务。{BODY}
民生无小事，枝叶总关情。今年再办好三件实事。一是新建社区食堂一百个。二是改造农村公路五百公里。三是为老年人免费体检。
（二）着力推进改革
深化财税改革。{BODY}
完善金融体系。今年将采取两项举措。一是设立科技贷款专项。二是扩大普惠信贷投放。
优化营商环境。{BODY}
推进国企改革。{BODY}
"""


def test_a_list_closing_a_run_of_lead_points_is_filed_under_the_part_it_surely_belongs_to():
    assert (
        path_of(LEADS, "新建社区食堂")
        == "一、今年的主要任务 › （一）着力改善民生 › 一是新建社区食堂一百个"
    )
    assert path_of(LEADS, "今年再办好三件实事") == "一、今年的主要任务 › （一）着力改善民生"
    assert (
        path_of(LEADS, "免费体检")
        == "一、今年的主要任务 › （一）着力改善民生 › 三是为老年人免费体检"
    )


def test_a_list_between_two_lead_points_stays_with_the_point_above():
    assert path_of(LEADS, "设立科技贷款") == (
        "一、今年的主要任务 › （二）着力推进改革 › 完善金融体系 › 一是设立科技贷款专项"
    )
