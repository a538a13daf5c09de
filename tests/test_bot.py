"""The real Application, end to end, against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from conftest import SAMPLES

from bench.fakebot import TOKEN, FakeBotApi
from speechbot.bot.app import build_application
from speechbot.bot.config import BotSettings
from speechbot.bot.digest import send_due_digests
from speechbot.bot.state import BotState
from speechbot.index.library import Library

ADMIN, USER, STRANGER = 11, 22, 33
GROUP = -100500


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "data")
    lib.ingest([SAMPLES])
    yield lib
    lib.close()


def settings_for(api: FakeBotApi, **overrides) -> BotSettings:
    base = BotSettings(
        token=TOKEN,
        api_base_url=api.base_url,
        api_file_url=api.file_url,
        admins=frozenset({ADMIN}),
        access_mode="allowlist",
        allowed_users=frozenset({USER}),
        allowed_chats=frozenset({GROUP}),
        results_per_page=2,
    )
    return replace(base, **overrides)


@asynccontextmanager
async def running(api: FakeBotApi, library: Library, **overrides):
    settings = settings_for(api, **overrides)
    state = BotState(library.store.dir)
    app = build_application(settings, library, state)
    for job in app.job_queue.get_jobs_by_name("digests"):
        job.schedule_removal()  # tests drive digests directly, with their own clock
    await app.initialize()
    await app.post_init(app)  # as run_polling/run_webhook do: sets the command menu
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield app, state, settings
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        state.close()


async def replies(api: FakeBotApi, chat_id: int, count: int) -> list[str]:
    return await asyncio.to_thread(api.wait_for_replies, chat_id, count)


def run(coro):
    return asyncio.run(coro)


def test_question_in_private_chat(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "老旧小区改造惠及多少户居民")
                (answer,) = await replies(api, USER, 1)
                assert "惠及居民4.8万户" in plain(answer)
                assert "<b>惠及居民</b>" in answer  # the matched words in bold
                assert "一、充分肯定城市更新取得的成效 › (一)老旧小区改造全面提速" in answer
                assert "/q_1_1_1" in answer  # the tappable reference
                assert api.sent("setMyCommands")  # the command menu was set
                keyboard = api.sent("sendMessage", USER)[0]["reply_markup"]["inline_keyboard"]
                assert keyboard[0][0]["text"] == "原文 1"

    run(scenario())


def test_question_in_a_group_only_when_addressed(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(GROUP, USER, "大家好，今天开会", chat_type="supergroup")
                api.message(GROUP, USER, "/ask 科技创新基金", chat_type="supergroup")
                (answer,) = await replies(api, GROUP, 1)
                assert "设立总规模100亿元的科技创新基金" in plain(answer)
                api.message(GROUP, USER, "@speech_test_bot 青年科技人才", chat_type="supergroup")
                api.message(GROUP, USER, "资金筹措渠道", chat_type="supergroup", reply_to_bot=True)
                texts = await replies(api, GROUP, 3)
                assert "托举工程" in texts[1] and "资金筹措渠道单一" in texts[2]
                assert len(api.texts(GROUP)) == 3  # the chit-chat got no answer

    run(scenario())


@pytest.mark.parametrize(
    ("command", "expected_start"),
    [
        ("/quote 二、第一", "第一,资金筹措渠道单一"),
        ("/quote 1 二、第一", "第一,资金筹措渠道单一"),
        ("/quote 2 第二部分第二点", "二、打造高水平人才队伍"),
        ("/quote 1 (三)", None),  # ambiguous inside speech 1? no: 三、has (一)(二)(三)
        ("/q_1_2_1", "第一,资金筹措渠道单一"),
        ("/quote 1:2.1", "第一,资金筹措渠道单一"),
        ("/quote 1 首先", "首先,要用好中央预算内投资"),
        ("/quote 1 三、(一)最后", "最后,要引导居民按照"),
    ],
)
def test_quote_by_each_form(library, command, expected_start):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, command)
                (answer,) = await replies(api, USER, 1)
                if expected_start:
                    assert expected_start in answer, answer
                    assert "📖" in answer
                else:
                    assert "(三)创新" not in answer or "📖" in answer

    run(scenario())


def test_a_point_typed_plainly_is_quoted_and_a_question_about_it_searched(library):
    # on a phone nobody types /quote: "二、第一" alone is the point's text, a reference
    # pasted back is its paragraph, "…讲了什么" asks for the text; a question about a part
    # or a point no speech has is a question
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/use 1")
                await replies(api, USER, 1)
                api.message(USER, USER, "二、第一")
                api.message(USER, USER, "1:2.1")
                api.message(USER, USER, "第二部分讲了什么")
                api.message(USER, USER, "第二部分有哪些措施")
                api.message(USER, USER, "九、第七")
                _, point, ref, asked, question, missing = await replies(api, USER, 6)
                assert "📖" in asked and "二、" in asked, asked
                for quoted in (point, ref):
                    assert "📖" in quoted and "第一,资金筹措渠道单一" in quoted, quoted
                    assert "🔎" not in quoted
                assert "🔎" in question and "📖" not in question
                assert "🔎" in missing or "没有找到" in missing

    run(scenario())


def test_ambiguous_quote_offers_buttons_and_not_found_offers_outline(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/quote 一、")
                (answer,) = await replies(api, USER, 1)
                assert "有 2 处" in answer
                buttons = api.sent("sendMessage", USER)[0]["reply_markup"]["inline_keyboard"]
                api.callback(USER, USER, 1, buttons[1][0]["callback_data"])
                texts = await replies(api, USER, 2)
                assert (
                    "一、强化企业科技创新主体地位" in texts[1]
                    or "科技创新工作的主要成绩" in texts[1]
                )
                api.message(USER, USER, "/quote 1 第九部分")
                texts = await replies(api, USER, 4)
                assert "没有找到“第九部分”" in texts[2]
                assert "/q_1_1" in texts[3]  # the outline, with references to tap

    run(scenario())


def test_paging_and_original_buttons_survive_a_restart(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "城市更新 工作")
                (first,) = await replies(api, USER, 1)
                markup = api.sent("sendMessage", USER)[0]["reply_markup"]["inline_keyboard"]
                next_data = markup[-1][-1]["callback_data"]
                original = markup[0][0]["callback_data"]
            # a restart: a new Application on the same data
            async with running(api, library):
                api.callback(USER, USER, 1000, next_data)
                await asyncio.to_thread(api.wait_for, lambda: api.sent("editMessageText", USER))
                page_two = api.sent("editMessageText", USER)[0]["text"]
                assert "第 2/" in page_two and page_two != first
                api.callback(USER, USER, 1000, original)
                texts = await replies(api, USER, 2)
                assert "📖" in texts[1]
                api.callback(USER, USER, 1000, "p:987654:1")
                await asyncio.to_thread(
                    api.wait_for, lambda: len(api.sent("editMessageText", USER)) >= 2
                )
                assert "已过期" in api.sent("editMessageText", USER)[1]["text"]

    run(scenario())


def test_html_in_user_text_cannot_break_a_reply(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "<b>城市更新</b> & </code> 资金")
                (answer,) = await replies(api, USER, 1)
                assert "&lt;b&gt;" in answer and "&amp;" in answer and "&lt;/code&gt;" in answer
                assert _balanced(answer)
                api.message(USER, USER, "/quote <i>不存在</i>")
                texts = await replies(api, USER, 2)
                assert "&lt;i&gt;" in texts[1] and _balanced(texts[1])

    run(scenario())


def test_strangers_get_one_polite_refusal_and_no_content(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(STRANGER, STRANGER, "城市更新")
                api.message(STRANGER, STRANGER, "/quote 一、")
                api.callback(STRANGER, STRANGER, 5, "o:1:1")
                api.inline(STRANGER, "城市更新")
                await asyncio.to_thread(api.wait_for, lambda: api.sent("answerInlineQuery"))
                (refusal,) = api.texts(STRANGER)  # one refusal, however often they try
                assert "授权" in refusal and "城市更新" not in refusal
                assert "授权" in api.sent("answerCallbackQuery")[-1]["text"]
                assert api.sent("answerInlineQuery")[-1]["results"] == []

    run(scenario())


def test_a_flood_is_rate_limited_and_others_are_not_slowed(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library, user_rate=5, user_rate_period=60):
                for _ in range(100):
                    api.message(USER, USER, "城市更新")
                api.message(ADMIN, ADMIN, "科技创新基金")
                (answer,) = await replies(api, ADMIN, 1)
                assert "科技创新基金" in plain(answer)
                await asyncio.to_thread(api.wait_for, lambda: len(api.texts(USER)) >= 6)
                await asyncio.sleep(0.5)
                texts = api.texts(USER)
                assert len(texts) == 6  # five answers and one notice; the rest dropped
                assert sum("太快" in t for t in texts) == 1

    run(scenario())


def test_admin_uploads_a_document_and_a_stranger_cannot(library):
    speech = "在安全生产工作会议上的讲话\n同志们：\n一、压实安全责任\n要压实企业安全生产主体责任，严格落实“三管三必须”。\n二、开展隐患排查\n全面开展重大事故隐患专项排查整治。\n"

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library, allowed_users=frozenset({USER, STRANGER})):
                api.document(STRANGER, STRANGER, "安全生产.txt", speech.encode("gb18030"))
                (refusal,) = await replies(api, STRANGER, 1)
                assert "只有管理员" in refusal
                api.document(ADMIN, ADMIN, "安全生产.txt", speech.encode("gb18030"))
                texts = await replies(api, ADMIN, 2)
                assert "已导入：#3 在安全生产工作会议上的讲话" in texts[0]
                assert "一、压实安全责任  /q_3_1" in texts[1]
                api.message(USER, USER, "三管三必须")
                (answer,) = await replies(api, USER, 1)
                assert "严格落实“三管三必须”" in plain(answer) and "/q_3_1  〔3:1#1〕" in answer
                api.document(ADMIN, ADMIN, "坏文件.pdf", b"%PDF-1.4 broken")
                api.document(ADMIN, ADMIN, "图片.png", b"\x89PNG")
                api.document(ADMIN, ADMIN, "巨大.txt", b"x", declared_size=500 * 1024 * 1024)
                texts = await replies(api, ADMIN, 5)
                assert "导入失败" in texts[2] and "坏文件.pdf" in texts[2]
                assert "不支持的文件类型" in texts[3]
                assert "文件太大" in texts[4]
                # the stranger's file, the png and the huge file were refused before download
                assert [c["file_id"] for c in api.sent("getFile")] == ["file2", "file3"]
                assert len(library.list()) == 3

    run(scenario())


def test_digests_once_per_chat_none_after_unsubscribe_and_catch_up(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library) as (app, state, settings):
                api.message(USER, USER, "/subscribe 08:00")
                api.message(GROUP, USER, "/subscribe 09:30", chat_type="group")
                await replies(api, USER, 1)
                await replies(api, GROUP, 1)
                # new speech after subscribing
                library.ingest_bytes(
                    "新讲话\n同志们：\n一、抓好春耕生产\n要抓好春耕备耕工作。\n".encode(),
                    "春耕.txt",
                )
                zone = settings.zone
                morning = dt.datetime(2026, 3, 2, 8, 0, 30, tzinfo=zone)
                counts = await send_due_digests(app.bot, library, state, settings, now=morning)
                assert counts["sent"] == 1  # the group's time has not come yet
                again = await send_due_digests(app.bot, library, state, settings, now=morning)
                assert again["sent"] == 0  # never twice
                digest = api.texts(USER)[-1]
                assert "每日摘要" in digest and "新讲话" in digest
                # the bot was down at 09:30; it starts at 11:00 and catches up once
                late = dt.datetime(2026, 3, 2, 11, 0, tzinfo=zone)
                assert (await send_due_digests(app.bot, library, state, settings, now=late))[
                    "sent"
                ] == 1
                assert (await send_due_digests(app.bot, library, state, settings, now=late))[
                    "sent"
                ] == 0
                # next day, nothing new: a point from the archive (configurable), then unsubscribe
                api.message(USER, USER, "/unsubscribe")
                await replies(api, USER, 3)
                next_day = dt.datetime(2026, 3, 3, 10, 0, tzinfo=zone)
                counts = await send_due_digests(app.bot, library, state, settings, now=next_day)
                assert counts == {"sent": 1, "empty": 0, "gone": 0, "failed": 0}  # the group only
                assert "今日一点" in api.texts(GROUP)[-1]
                assert sum(t.startswith(("📰", "📌")) for t in api.texts(USER)) == 1

    run(scenario())


def test_blocked_chat_is_unsubscribed_and_429_is_retried(library):
    async def scenario():
        with FakeBotApi() as api:
            chats = frozenset({101, 102})
            async with running(api, library, allowed_chats=chats) as (app, state, settings):
                for chat in (101, 102):
                    state.subscribe(chat, dt.time(8, 0))
                library.ingest_bytes("又一篇\n一、要点\n内容。\n".encode(), "又一篇.txt")
                api.fail_next(101, 403)
                api.fail_next(102, 429, retry_after=1)
                now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=settings.zone)
                counts = await send_due_digests(app.bot, library, state, settings, now=now)
                assert counts["gone"] == 1 and counts["sent"] == 1
                assert state.subscription(101) is None
                assert len(api.sent("sendMessage", 102)) == 2  # the 429, then the retry

    run(scenario())


def test_inline_mode_offers_passages(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.inline(USER, "科技创新基金")
                await asyncio.to_thread(api.wait_for, lambda: api.sent("answerInlineQuery"))
                results = api.sent("answerInlineQuery")[0]["results"]
                assert (
                    results
                    and "科技创新基金" in results[0]["input_message_content"]["message_text"]
                )

    run(scenario())


def plain(html: str) -> str:
    return re.sub(r"</?(b|i|code)>", "", html)


def _balanced(html: str) -> bool:
    stack = []
    for closing, tag in re.findall(r"<(/?)(b|i|code)>", html):
        if closing:
            if not stack or stack.pop() != tag:
                return False
        else:
            stack.append(tag)
    return not stack and not re.search(r"&(?!amp;|lt;|gt;|quot;)", html)


def test_webhook_mode_accepts_only_telegrams_secret(library):
    import socket

    import httpx

    from speechbot.bot.app import webhook_options

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def scenario():
        with FakeBotApi() as api:
            overrides = {
                "webhook_url": "https://bot.example.org",
                "webhook_listen": "127.0.0.1",
                "webhook_port": port,
                "webhook_path": "hook",
                "webhook_secret": "s3cret-token",
            }
            settings = settings_for(api, **overrides)
            state = BotState(library.store.dir)
            app = build_application(settings, library, state)
            for job in app.job_queue.get_jobs_by_name("digests"):
                job.schedule_removal()
            await app.initialize()
            await app.start()
            await app.updater.start_webhook(**webhook_options(settings))
            try:
                (registered,) = api.sent("setWebhook")
                assert registered["url"] == "https://bot.example.org/hook"
                assert registered["secret_token"] == "s3cret-token"
                update = {
                    "update_id": 1,
                    "message": {
                        "message_id": 1,
                        "date": 0,
                        "chat": {"id": USER, "type": "private"},
                        "from": {"id": USER, "is_bot": False, "first_name": "u"},
                        "text": "科技创新基金",
                    },
                }
                url = f"http://127.0.0.1:{port}/hook"
                async with httpx.AsyncClient() as client:
                    forged = await client.post(
                        url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                    )
                    assert forged.status_code == 403
                    real = await client.post(
                        url,
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"},
                    )
                    assert real.status_code == 200
                (answer,) = await replies(api, USER, 1)
                assert "科技创新基金" in plain(answer)
            finally:
                await app.updater.stop()
                await app.stop()
                await app.shutdown()
                state.close()

    run(scenario())


def test_job_queue_sends_the_digest_and_admin_commands(library):
    from speechbot.bot.digest import digest_job

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library) as (app, state, settings):
                api.message(USER, USER, "/subscribe 00:00")
                await replies(api, USER, 1)
                library.ingest_bytes(
                    "第三篇讲话\n一、抓好防汛\n要做好防汛准备工作。\n".encode(), "防汛.txt"
                )
                api.message(USER, USER, "/digest")  # a preview, now
                preview = (await replies(api, USER, 2))[1]
                assert "第三篇讲话" in preview and "/q_3_1" in preview
                app.job_queue.run_once(digest_job, 0)  # the real job, through the JobQueue
                texts = await replies(api, USER, 3)
                assert texts[2].startswith("📰") and "第三篇讲话" in texts[2]
                api.message(USER, USER, "/use 2")
                api.message(USER, USER, "/quote 第一部分")
                texts = await replies(api, USER, 5)
                assert "当前讲话：#2" in texts[3] and "科技创新工作的主要成绩" in texts[4]
                api.message(USER, USER, "/stats")
                api.message(ADMIN, ADMIN, "/stats")
                api.message(ADMIN, ADMIN, "/remove 3")
                assert "只有管理员" in (await replies(api, USER, 6))[5]
                stats, removed = await replies(api, ADMIN, 2)
                assert "讲话：3 篇" in stats and "订阅的聊天：1" in stats
                assert removed == "已删除 #3 第三篇讲话"

    run(scenario())


def test_token_and_messages_stay_out_of_info_logs(library, caplog):
    import logging

    caplog.set_level(logging.INFO)

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "机密问题：老旧小区改造")
                await replies(api, USER, 1)
                api.callback(USER, USER, 1, "p:1:not-a-number")
                await asyncio.to_thread(api.wait_for, lambda: len(api.texts(USER)) >= 2)

    run(scenario())
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert "机密问题" not in caplog.text


def test_admin_actions_are_checked_on_edited_messages_too(library):
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/remove 1", edited=True)
                api.message(USER, USER, "/stats", edited=True)
                texts = await replies(api, USER, 2)
                assert all("只有管理员" in t for t in texts)
                assert [s.id for s in library.list()] == [1, 2]
                api.message(STRANGER, STRANGER, "/quote 一、", edited=True)
                (refusal,) = await replies(api, STRANGER, 1)
                assert "授权" in refusal

    run(scenario())
