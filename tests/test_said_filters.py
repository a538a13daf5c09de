"""A year or a region said in a question is a soft filter: the answer looks first in the
speeches of that year or region, falls back to every speech when they hold nothing, and
says in one line which speeches it searched.  Through the fake Bot API and the terminal
chat, on four short reports whose years are in their file names only."""

from __future__ import annotations

import pytest
from conftest import library_of
from test_bot import USER, plain, replies, run, running
from test_bot_citations import terminal

from bench.fakebot import FakeBotApi
from speechbot.index import Scope, scope_in_question

REPORTS = {
    "2019-guangdong.txt": """广东省政府工作报告

一、过去一年的工作

全省制造业投资稳步回升，珠江口西岸新建产业园区六个。

二、今年的主要任务

推进粤港澳大湾区建设，财政赤字率控制在合理水平。
""",
    "2020-guangdong.txt": """广东省政府工作报告

一、过去一年的工作

珠江口西岸产业园区全部投产，口罩产能扩大到每日一亿只。

二、今年的主要任务

做好稳就业工作，财政赤字率适当提高。
""",
    "2019-shanghai.txt": """上海市政府工作报告

一、过去一年的工作

进口博览会成功举办，黄浦江两岸贯通工程完成。

二、今年的主要任务

建设科创中心，财政赤字率保持稳定。
""",
    "2020-hongkong.txt": """香港特别行政区施政报告

一、经济

维多利亚港两岸建设海滨长廊，财政赤字率因防疫开支上升。

二、民生

增建公营房屋，缩短轮候时间。
""",
}


@pytest.fixture
def reports(tmp_path):
    library = library_of(tmp_path, REPORTS)
    yield library
    library.close()


def test_the_question_names_only_years_and_regions_that_some_speech_has(reports):
    speeches = reports.list()
    # a single year takes in the next year's speeches: their reports review it
    assert scope_in_question("2019年广东的赤字率", speeches) == Scope(
        years=(2019, 2020), regions=("广东",)
    )
    assert scope_in_question("2020年的赤字率", speeches) == Scope(years=(2020, 2020))
    assert scope_in_question("2018到2020年的赤字率", speeches) == Scope(years=(2018, 2020))
    assert scope_in_question("2018–2020年香港", speeches) == Scope(
        years=(2018, 2020), regions=("香港",)
    )
    # no speech of 2015, none of Beijing; a number that is no year
    assert scope_in_question("2015年北京的赤字率", speeches) is None
    assert scope_in_question("新增2019个岗位", speeches) is None
    assert scope_in_question("稳就业", speeches) is None
    # in English: the glossary's places, bare years
    assert scope_in_question("Guangdong deficit in 2019", speeches) == Scope(
        years=(2019, 2020), regions=("广东",)
    )
    assert scope_in_question("deficit ratio", speeches) is None


def test_a_year_in_the_question_searches_that_years_speeches_first(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports, results_per_page=5):
                api.message(USER, USER, "2020年财政赤字率")
                (answer,) = await replies(api, USER, 1)
                text = plain(answer)
                assert "在 2 篇讲话中检索：2020年" in text
                assert "财政赤字率适当提高" in text and "防疫开支" in text
                assert "合理水平" not in text and "保持稳定" not in text

    run(scenario())


def test_a_region_in_the_question_searches_that_regions_speeches_first(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports, results_per_page=5):
                api.message(USER, USER, "广东财政赤字率")
                api.message(USER, USER, "香港 财政赤字率")
                first, second = await replies(api, USER, 2)
                assert "在 2 篇讲话中检索：广东" in plain(first)
                assert "合理水平" in plain(first) and "适当提高" in plain(first)
                assert "保持稳定" not in plain(first) and "防疫开支" not in plain(first)
                assert "在 1 篇讲话中检索：香港" in plain(second)
                assert "防疫开支" in plain(second) and "合理水平" not in plain(second)

    run(scenario())


def test_nothing_in_the_named_speeches_falls_back_to_all_and_says_so(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports, results_per_page=5):
                api.message(USER, USER, "2020年进口博览会")
                (answer,) = await replies(api, USER, 1)
                text = plain(answer)
                assert "2020年的讲话中没有找到，改在全部 4 篇讲话中检索" in text
                assert "进口博览会成功举办" in text

    run(scenario())


def test_a_question_naming_nothing_says_it_searched_every_speech(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports, results_per_page=5):
                api.message(USER, USER, "财政赤字率")
                api.message(USER, USER, "2015年北京财政赤字率")  # neither is in the archive
                for answer in await replies(api, USER, 2):
                    text = plain(answer)
                    assert "在全部 4 篇讲话中检索" in text and "没有找到" not in text
                    assert "合理水平" in text and "防疫开支" in text

    run(scenario())


def test_the_chats_current_speech_keeps_its_one_scope_line(reports):
    shanghai = {info.source: info.id for info in reports.list()}["2019-shanghai.txt"]

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports, results_per_page=5):
                api.message(USER, USER, f"/use {shanghai}")
                api.message(USER, USER, "2020年广东财政赤字率")
                answer = plain((await replies(api, USER, 2))[1])
                assert f"只在 #{shanghai} 上海市政府工作报告 中查找" in answer
                assert "检索" not in answer  # one line says where, not two
                assert "保持稳定" in answer and "合理水平" not in answer

    run(scenario())


def test_the_terminal_chat_says_which_speeches_it_searched(reports):
    out = terminal(reports, "2019年上海财政赤字率", "2020年进口博览会", "赤字率")
    assert "在 1 篇讲话中检索：2019–2020年，上海" in out and "】保持稳定" in out
    assert "2020年的讲话中没有找到，改在全部 4 篇讲话中检索" in out
    assert "】成功举办" in out
    assert "在全部 4 篇讲话中检索" in out


def test_a_years_results_are_found_in_the_next_years_review(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports, results_per_page=5):
                api.message(USER, USER, "2019年口罩产能")  # the 2020 report reviews 2019
                (answer,) = await replies(api, USER, 1)
                text = plain(answer)
                assert "在 4 篇讲话中检索：2019–2020年" in text and "没有找到" not in text
                assert "口罩产能扩大到每日一亿只" in text

    run(scenario())
