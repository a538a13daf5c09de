"""One command table: the Telegram menu, /help and the terminal chat know the same commands."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys

from test_bot import USER, library, replies, running  # noqa: F401 - the fixture

from bench.fakebot import FakeBotApi
from speechbot.bot.cli import chat
from speechbot.bot.config import BotSettings
from speechbot.bot.service import Conversation
from speechbot.bot.state import BotState


def terminal(library, *lines: str) -> str:  # noqa: F811
    state = BotState(library.data_dir)
    out = io.StringIO()
    try:
        settings = BotSettings(token=None, access_mode="open")
        chat(Conversation(library, state, settings), lines, echo=True, out=out)
    finally:
        state.close()
    return out.getvalue()


def test_every_menu_command_is_in_help_and_known_to_the_terminal_chat(library):  # noqa: F811
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/help")
                (help_text,) = await replies(api, USER, 1)
                (menu,) = api.sent("setMyCommands")
                return help_text, [c["command"] for c in menu["commands"]]

    help_text, names = asyncio.run(scenario())
    assert {"ask", "quote", "digest", "unsubscribe", "help"} <= set(names)
    for name in names:
        assert f"/{name}" in help_text, name
        assert "未知命令" not in terminal(library, f"/{name}"), name


def test_the_terminal_chat_previews_the_digest(library):  # noqa: F811
    out = terminal(library, "/digest")
    assert "未知命令" not in out
    # a chat that has not subscribed gets no archive: what a subscription would bring
    assert "还没有订阅" in out and "/outline_2" in out and "📝" not in out


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "speechbot.bot.cli", "--data", str(tmp_path / "d"), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the first line, as `| head -0` does
    _, errors = process.communicate(timeout=60)
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors, errors.decode()
