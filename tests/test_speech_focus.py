"""A question naming no speech is answered first from the speech that speaks of its words
throughout, not from another speech holding them once in a short passage (a long report
listing the same work among many others)."""

from __future__ import annotations

from dataclasses import replace

from conftest import filler_speeches, library_fixture

from speechbot.index import SearchSettings

OTHER_WORK = (
    "农村公路要提档升级。",
    "中小学校舍要加固改造。",
    "基层医疗机构要补齐设备。",
    "城市绿地要增加面积。",
    "养老服务要覆盖社区。",
    "公共文化场馆要免费开放。",
    "农贸市场要完成改造。",
    "就业培训要面向困难群体。",
)

LISTED = "今年要办好几件民生实事：农村公路提档升级，绿地扩容，燃煤锅炉改造，供热管网更新。"

SPEECHES = {
    # the speech about heating: its answer says more than the question asks
    "winter-meeting.txt": """在全市民生工作会议上的讲话

同志们：

一、今冬的任务

入冬以前，供热管网要全部检修一遍，发现隐患立即处置。

今年完成燃煤锅炉改造四十台，改造后的锅炉接入供热管网，一百二十个老旧小区告别了冬天屋里冷的日子。

燃煤锅炉改造以后，供热企业要加强运行调度，保证室温达标。

二、明年的打算

供热管网老化的小区，明年继续分批更新。
""",
    # a year's report listing the work in one short sentence among much else
    "city-report.txt": "市政府工作报告\n\n各位代表：\n\n"
    + "".join(f"{work}各部门要抓好落实，按期完成。\n\n" for work in OTHER_WORK)
    + f"{LISTED}\n\n"
    + "".join(f"{work}年底前要见到实效。\n\n" for work in OTHER_WORK)
    + "".join(f"{work}资金要足额到位。\n\n" for work in OTHER_WORK)
    + "".join(f"{work}群众要能看到变化。\n\n" for work in OTHER_WORK),
    **filler_speeches(),
}

QUESTION = "燃煤锅炉改造和供热管网"
ANSWER = "今年完成燃煤锅炉改造四十台"
PASSAGES_ALONE = replace(SearchSettings(), speech_focus_weight=0.0)


library = library_fixture(SPEECHES)


def test_the_speech_speaking_of_the_words_answers_first(library):
    first, second = library.search(QUESTION, top=2)
    assert first.title == "在全市民生工作会议上的讲话"
    assert first.text.startswith(ANSWER)
    assert second.text == LISTED


def test_passages_alone_put_the_report_listing_the_words_first(library):
    # what the order above corrects: the short sentence holds every word, closer together
    library.set_search_settings(PASSAGES_ALONE)
    try:
        assert library.search(QUESTION, top=1)[0].text == LISTED
    finally:
        library.set_search_settings(SearchSettings())
