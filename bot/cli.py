"""``speechbot``: the library's commands plus ``run`` (the Telegram bot) and ``chat`` (terminal).

``speechbot chat`` holds the same conversation as the bot, through the same Conversation
and formatter, without a token: type a question or a command; ``!N`` presses button N.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from collections.abc import Iterable, Sequence

from speechbot.index import cli as library_cli
from speechbot.index.config import data_dir, find_config, library_config, read_config
from speechbot.index.errors import SpeechbotError
from speechbot.index.library import Library

from .config import bot_settings
from .service import Conversation, Reply
from .state import BotState

CHAT_ID = 1  # the terminal is one private chat
USER_ID = 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = library_cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 - argparse API
    run_parser = sub.add_parser("run", help="启动 Telegram 机器人（长轮询或 webhook）")
    run_parser.add_argument("--verbose", action="store_true")
    chat_parser = sub.add_parser("chat", help="在终端里与机器人对话（无需 token）")
    chat_parser.add_argument(
        "--admin", action="store_true", help="以管理员身份（可 /stats /remove）"
    )
    args = parser.parse_args(argv)
    if args.command not in ("run", "chat"):
        return library_cli.main(argv)
    try:
        config_path = find_config(args.config)
        config = read_config(config_path)
        settings = bot_settings(config)
        library = Library(
            data_dir(args.data, config, config_path), library_config(config, config_path)
        )
        state = BotState(library.store.dir)
        if args.command == "run":
            return _run(library, state, settings, args.verbose)
        from dataclasses import replace

        settings = replace(
            settings,
            access_mode="open",
            admins=frozenset({USER_ID}) if args.admin else settings.admins,
        )
        chat(Conversation(library, state, settings), sys.stdin, echo=not sys.stdin.isatty())
        return 0
    except SpeechbotError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(library: Library, state: BotState, settings, verbose: bool) -> int:
    from filelock import FileLock, Timeout

    from .app import build_application, run

    # two bots on one data dir would both answer and both send digests: refuse the second
    lock = FileLock(library.store.dir / "bot.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise SpeechbotError(
            f"另一个机器人进程正在使用数据目录 {library.store.dir}（bot.lock）；请先停止它"
        ) from None

    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        level=logging.DEBUG if verbose else logging.INFO,
    )
    app = build_application(settings, library, state)
    run(app, settings)
    return 0


def chat(conversation: Conversation, lines: Iterable[str], echo: bool = False, out=None) -> None:
    """Answer each input line as the bot would, printing plain text."""
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
            for row in reply.keyboard.inline_keyboard if reply.keyboard else ():
                for button in row:
                    buttons.append(button.callback_data)
                    print(f"  [!{len(buttons)} {button.text}]", end="", file=out)
            if reply.keyboard:
                print(file=out)


def respond(conversation: Conversation, line: str, buttons: list[str]) -> list[Reply]:
    """One input line → replies, mapping commands as the Telegram handlers do."""
    if re.fullmatch(r"!\d+", line):
        index = int(line[1:]) - 1
        if not 0 <= index < len(buttons):
            return [Reply("没有这个按钮。")]
        return press(conversation, buttons[index])
    if not line.startswith("/"):
        return conversation.ask(CHAT_ID, line)
    command, _, arg = line[1:].partition(" ")
    command = command.split("@")[0]
    if re.fullmatch(r"q_\d+(?:_\d+)*(?:p\d+)?", command):
        return conversation.quote_ref(command)
    if re.fullmatch(r"outline_\d+", command):
        return conversation.outline(CHAT_ID, command.split("_")[1])
    table = {
        "start": lambda: [conversation.help()],
        "help": lambda: [conversation.help()],
        "ask": lambda: conversation.ask(CHAT_ID, arg),
        "quote": lambda: conversation.quote(CHAT_ID, arg),
        "speeches": lambda: [conversation.speeches()],
        "outline": lambda: conversation.outline(CHAT_ID, arg),
        "summary": lambda: conversation.summary(CHAT_ID, arg),
        "use": lambda: [conversation.use(CHAT_ID, arg)],
        "subscribe": lambda: [conversation.subscribe(CHAT_ID, arg)],
        "unsubscribe": lambda: [conversation.unsubscribe(CHAT_ID)],
        "remove": lambda: [conversation.remove(USER_ID, arg)],
        "stats": lambda: [conversation.stats(USER_ID)],
    }
    action = table.get(command)
    return action() if action else [Reply(f"未知命令 /{html.escape(command)}，/help 查看说明。")]


def press(conversation: Conversation, data: str) -> list[Reply]:
    kind, _, rest = data.partition(":")
    if kind == "p":
        result_id, page = (int(x) for x in rest.split(":"))
        return [conversation.page(result_id, page)]
    if kind == "o":
        return conversation.quote_ref(rest)
    if kind == "s":
        return [conversation.speeches(int(rest))]
    return [Reply("这个按钮已失效。")]


def to_plain(text: str) -> str:
    """Telegram HTML → terminal text (bold kept as 【】 so matches stay visible)."""
    text = re.sub(r"</?b>", lambda m: "】" if m.group(0) == "</b>" else "【", text)
    text = re.sub(r"</?(i|code)>", "", text)
    return html.unescape(text)


if __name__ == "__main__":
    sys.exit(main())
