"""Access under attack: forged buttons, revoked chats, the token in logs."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging

from test_bot import GROUP, STRANGER, USER, library, replies, running  # noqa: F401 - fixture

from bench.fakebot import TOKEN, FakeBotApi

OTHER = 44  # an allowed user in the allowed group


def test_a_button_acts_only_in_the_chat_that_made_it(library):  # noqa: F811
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library, allowed_users=frozenset({USER, OTHER})):
                api.message(USER, USER, "城市更新 工作")
                api.message(USER, USER, "科技创新基金")
                await replies(api, USER, 2)
                first, second = (m["reply_markup"] for m in api.sent("sendMessage", USER))
                next_page = first["inline_keyboard"][-1][-1]["callback_data"]
                ids = [
                    int(m["inline_keyboard"][-1][-1]["callback_data"].split(":")[1])
                    for m in (first, second)
                    if m["inline_keyboard"][-1][-1]["callback_data"].startswith("p:")
                ]
                assert all(i > 2**32 for i in ids), ids  # not 1, 2, 3…: nobody can guess one
                api.callback(GROUP, OTHER, 7, next_page)  # the same data, from another chat
                await asyncio.to_thread(api.wait_for, lambda: api.sent("editMessageText"))
                (shown,) = api.sent("editMessageText")
                assert int(shown["chat_id"]) == GROUP
                assert "已过期" in shown["text"] and "城市更新" not in shown["text"]
                api.callback(USER, USER, 7, next_page)  # in its own chat it still works
                await asyncio.to_thread(api.wait_for, lambda: len(api.sent("editMessageText")) >= 2)
                assert "城市更新" in api.sent("editMessageText")[1]["text"]

    asyncio.run(scenario())


def test_a_revoked_chat_gets_no_digest_and_loses_its_subscription(library, caplog):  # noqa: F811
    from speechbot.bot.digest import send_due_digests

    caplog.set_level(logging.INFO)

    async def scenario():
        with FakeBotApi() as api:
            # the stranger may use the bot in the allowed group only
            async with running(api, library) as (app, state, settings):
                api.message(GROUP, STRANGER, "/subscribe 08:00", chat_type="group")
                assert "已订阅" in (await replies(api, GROUP, 1))[0]
            library.ingest_bytes("新讲话\n一、抓好春耕\n要抓好春耕。\n".encode(), "春耕.txt")
            async with running(api, library, allowed_chats=frozenset()) as (app, state, s):
                now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=s.zone)
                counts = await send_due_digests(app.bot, library, state, s, now=now)
                assert counts["sent"] == 0 and counts["gone"] == 1
                assert len(api.texts(GROUP)) == 1  # only the confirmation, no digest
                assert state.subscription(GROUP) is None

    asyncio.run(scenario())
    assert f"chat {GROUP} dropped" in caplog.text


def test_the_token_is_redacted_in_every_log_handler_at_every_level(library):  # noqa: F811
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # what `run --verbose` prints
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:

        async def scenario():
            with FakeBotApi() as api:
                async with running(api, library):
                    api.message(USER, USER, "城市更新")
                    await replies(api, USER, 1)
                    url = f"{api.base_url}{TOKEN}/sendMessage"
                    for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR):
                        logging.getLogger("httpx").log(
                            level, 'HTTP Request: POST %s "HTTP/1.1 200 OK"', url
                        )
                    try:
                        raise RuntimeError(f"cannot reach {url}")
                    except RuntimeError:
                        logging.getLogger("telegram.ext").exception("network trouble")

        asyncio.run(scenario())
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    printed = stream.getvalue()
    assert "HTTP Request: POST" in printed and "network trouble" in printed
    assert TOKEN not in printed and TOKEN.split(":")[1] not in printed
