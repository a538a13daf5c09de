"""Across speeches in the bot, through the real Application and the fake Bot API: a quoted
question lists every paragraph that holds the phrase, /exact pages through them, /compare
puts one passage per speech side by side by date."""

from __future__ import annotations

import pytest
from conftest import library_of
from test_across_speeches import REPORTS
from test_bot import USER, plain, replies, run, running

from bench.fakebot import FakeBotApi


@pytest.fixture
def reports(tmp_path):
    library = library_of(tmp_path, REPORTS)
    yield library
    library.close()


def test_a_quoted_question_lists_every_mention_with_its_count(reports):
    ids = {info.source: info.id for info in reports.list()}
    first = ids["report-2018-hubei.txt"]

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports):
                api.message(USER, USER, "“东湖科学城”")
                (answer,) = await replies(api, USER, 1)
                text = plain(answer)
                assert "“东湖科学城”见于 3 篇讲话的 4 段（共 5 处；在 4 篇讲话中检索）" in text
                assert f"/q_{first}_1 〔{first}:1#2〕" in text  # tap to read the section
                assert f"/q_{first}_2 〔{first}:2#1〕" in text
                assert "<b>东湖 科学城</b>" in answer  # marked as written, space and all
                assert text.index("2018年湖北省") < text.index("2021年湖南省")

    run(scenario())


def test_exact_pages_through_the_mentions(reports, monkeypatch):
    monkeypatch.setattr("speechbot.bot.render.MENTIONS_PER_PAGE", 3)

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports):
                api.message(USER, USER, "/exact 地区生产总值")
                (answer,) = await replies(api, USER, 1)
                text = plain(answer)
                assert "见于 4 篇讲话的 8 段" in text and "第 1–3 段" in text
                assert "下一页：/exact 2 地区生产总值" in text
                api.message(USER, USER, "/exact 3 地区生产总值")
                api.message(USER, USER, "/exact 4 地区生产总值")
                answers = await replies(api, USER, 3)
                assert "第 7–8 段" in plain(answers[1]) and "下一页" not in plain(answers[1])
                assert "第 4 页没有内容" in plain(answers[2])
                api.message(USER, USER, "/exact 长江经济带")
                answers = await replies(api, USER, 4)
                assert "原文中没有“长江经济带”" in plain(answers[3])

    run(scenario())


def test_compare_puts_one_passage_per_speech_side_by_side_by_date(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports):
                api.message(USER, USER, "/compare 地区生产总值增长目标")
                (answer,) = await replies(api, USER, 1)
                text = plain(answer)
                assert "4 篇讲话各一段，按日期排列（在 4 篇讲话中检索）" in text
                targets = ["7.5%左右", "7.2%左右", "6.5%以上", "6%以上"]
                positions = [text.find(t) for t in targets]
                assert -1 not in positions and positions == sorted(positions)

    run(scenario())


def test_a_question_over_every_year_is_compared_side_by_side(reports):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports):
                api.message(USER, USER, "历年地区生产总值增长目标")
                (answer,) = await replies(api, USER, 1)
                assert "4 篇讲话各一段，按日期排列" in plain(answer)

    run(scenario())


def test_mentions_keep_to_the_chats_current_speech(reports):
    ids = {info.source: info.id for info in reports.list()}
    hunan = ids["report-2021-hunan.txt"]

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, reports):
                api.message(USER, USER, f"/use {hunan}")
                api.message(USER, USER, '"东湖科学城"')
                answers = await replies(api, USER, 2)
                text = plain(answers[1])
                assert "见于 1 篇讲话的 1 段（共 1 处；在 1 篇讲话中检索）" in text
                assert f"〔{hunan}:2#1〕" in text

    run(scenario())
