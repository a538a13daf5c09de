"""``speechbot``: the library's commands plus ``run`` (the Telegram bot) and ``chat`` (terminal).

``speechbot chat`` holds the same conversation as the bot, through the same command table,
Conversation and formatter, without a token: type a question or a command; ``!N`` presses
button N.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from speechbot.index import SpeechbotError, load_settings
from speechbot.index import cli as library_cli

if TYPE_CHECKING:  # the library's commands start without Telegram: these load for run/chat
    from speechbot.index import Library

    from .config import BotSettings
    from .service import Conversation, Reply
    from .state import BotState

CHAT_ID = 1  # the terminal is one private chat
USER_ID = 1


def _bot_commands(sub) -> None:
    run_parser = sub.add_parser("run", help="启动 Telegram 机器人（长轮询或 webhook）")
    run_parser.add_argument("--verbose", action="store_true")
    chat_parser = sub.add_parser("chat", help="在终端里与机器人对话（无需 token）")
    chat_parser.add_argument(
        "--admin", action="store_true", help="以管理员身份（可 /stats /remove）"
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except BrokenPipeError:  # `speechbot … | head`: the reader has gone, quietly stop
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit's flush does not fail again
        return 141


def _main(argv: list[str]) -> int:
    args = library_cli.build_parser(_bot_commands).parse_args(argv)
    if args.command not in ("run", "chat"):
        return library_cli.main(args=args)
    from speechbot.index import Library

    from .config import bot_settings
    from .service import Conversation
    from .state import BotState

    try:
        settings = load_settings(args)
        bot = bot_settings(settings.tables)
        library = Library(settings.data_dir, settings.library)
        state = BotState(library.data_dir)
        if args.command == "run":
            return _run(library, state, bot, args.verbose)
        if notice := library.stale_notice():  # stderr: the conversation's output stays as it was
            print(notice, file=sys.stderr)
        bot = replace(
            bot, access_mode="open", admins=frozenset({USER_ID}) if args.admin else bot.admins
        )
        chat(Conversation(library, state, bot), sys.stdin, echo=not sys.stdin.isatty())
        return 0
    except SpeechbotError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(library: Library, state: BotState, settings: BotSettings, verbose: bool) -> int:
    from filelock import FileLock, Timeout

    from .app import build_application, run
    from .logs import configure_logging

    # two bots on one data dir would both answer and both send digests: refuse the second
    lock = FileLock(library.data_dir / "bot.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise SpeechbotError(
            f"另一个机器人进程正在使用数据目录 {library.data_dir}（bot.lock）；请先停止它"
        ) from None
    configure_logging(verbose, settings.token)
    app = build_application(settings, library, state)
    run(app, settings)
    return 0


def chat(
    conversation: Conversation,
    lines: Iterable[str],
    echo: bool = False,
    out=None,
    files: str | Path = ".",
) -> None:
    """Answer each input line as the bot would, printing plain text; a file the bot would
    send is written into ``files``."""
    out = out or sys.stdout
    buttons: list[str] = []
    print(
        "讲话检索助手（终端）。输入问题或命令，/help 查看说明，!N 按第 N 个按钮，Ctrl-D 退出。",
        file=out,
    )
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if echo:
            print(f"\n你> {line}", file=out)
        replies = respond(conversation, line, buttons)
        buttons = []
        for reply in replies:
            print("\n" + to_plain(reply.html), file=out)
            if reply.document is not None:
                name, data = reply.document
                path = Path(files) / name
                partial = path.with_name(path.name + ".part")
                partial.write_bytes(data)
                partial.replace(path)  # a half-written file never stands under the name
                print(f"📎 已保存：{path}", file=out)
            for row in reply.keyboard.inline_keyboard if reply.keyboard else ():
                for button in row:
                    buttons.append(button.callback_data)
                    print(f"  [!{len(buttons)} {button.text}]", end="", file=out)
            if reply.keyboard:
                print(file=out)


def respond(conversation: Conversation, line: str, buttons: list[str]) -> list[Reply]:
    """One input line → replies, through the command table as in Telegram."""
    from . import commands
    from .service import Reply

    if re.fullmatch(r"![0-9]{1,4}", line):
        index = int(line[1:]) - 1
        if not 0 <= index < len(buttons):
            return [Reply("没有这个按钮。")]
        return commands.press(conversation, CHAT_ID, buttons[index])
    return commands.respond(conversation, commands.Request(CHAT_ID, USER_ID), line)


def to_plain(text: str) -> str:
    """Telegram HTML → terminal text (bold kept as 【】 so matches stay visible)."""
    text = re.sub(r"</?b>", lambda m: "】" if m.group(0) == "</b>" else "【", text)
    text = re.sub(r"</?(i|code)>", "", text)
    return html.unescape(text)


if __name__ == "__main__":
    sys.exit(main())
