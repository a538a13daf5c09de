"""Every command, declared once: its name, its line in the menu, how its argument is read,
the Conversation method it calls and where it runs.  The Telegram handlers, the command
menu (set_my_commands), /help and the terminal chat are all made from ``COMMANDS``.

    command, arg = parse("/quote 二、三是")
    replies = command.run(conversation, Request(chat_id, user_id, arg))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from . import buttons, render
from .service import Conversation, Reply

__all__ = [
    "COMMANDS",
    "ON_LOOP",
    "READ",
    "WRITE",
    "Command",
    "Request",
    "help_reply",
    "menu",
    "parse",
    "press",
    "respond",
    "shortcut_pattern",
]

# where a command runs in the bot: on the event loop (quick), or in a worker thread so that
# others are answered meanwhile (READ: summaries, a few at a time; WRITE: one at a time)
ON_LOOP, READ, WRITE = "loop", "read", "write"


@dataclass(frozen=True)
class Request:
    chat_id: int
    user_id: int | None
    arg: str = ""


@dataclass(frozen=True)
class Command:
    name: str
    menu: str | None  # its line in the command menu and /help; None: not listed
    run: Callable[[Conversation, Request], list[Reply]]
    work: str = ON_LOOP
    # a tappable form (/q_3_1_2, /outline_3): the command word's pattern; its first group,
    # or else the whole word, is the argument
    pattern: re.Pattern[str] | None = None


HELP = """<b>讲话检索助手</b>
直接发问题即可（群里用 /ask 问题，或 @我）。回答给出讲话原文段落、所在位置和引用编号，点编号即看整节原文，点“引用”得到可以直接粘贴的引文。

例如：
/ask 稳就业有哪些措施
/quote 二、三是  ·  /quote 第一部分第二点  ·  /quote (二)
/speeches 讲话列表  ·  /outline 提纲  ·  /summary 摘要
/use 3 之后提问和“/quote 第二部分”都只在第 3 篇中查找（/use all 取消）
/subscribe 08:00 每天 8 点收到新讲话摘要"""


def help_reply() -> Reply:
    commands = "\n".join(f"/{c.name} {c.menu}" for c in COMMANDS if c.menu)
    return Reply(
        f"{HELP}\n\n<b>命令</b>\n{commands}",
        InlineKeyboardMarkup(
            [[InlineKeyboardButton("📚 讲话列表", callback_data=buttons.speech_list(0))]]
        ),
    )


COMMANDS: tuple[Command, ...] = (
    Command("ask", "提问：检索讲话原文", lambda c, r: c.ask(r.chat_id, r.arg)),
    Command("quote", "引用：如 /quote 二、三是", lambda c, r: c.quote(r.chat_id, r.arg)),
    Command(
        "exact",
        "原文中含某词句的每一段，如 /exact 雄安新区",
        lambda c, r: c.mentions(r.chat_id, r.arg),
        READ,
    ),
    Command(
        "compare",
        "各篇讲话各取一段，按日期对比，如 /compare 赤字率",
        lambda c, r: c.compare(r.chat_id, r.arg),
        READ,
    ),
    Command("speeches", "讲话列表", lambda c, r: [c.speeches()]),
    Command("outline", "提纲和引用编号", lambda c, r: c.outline(r.chat_id, r.arg)),
    Command("summary", "讲话摘要", lambda c, r: c.summary(r.chat_id, r.arg), READ),
    Command("use", "设定本聊天的当前讲话", lambda c, r: [c.use(r.chat_id, r.arg)]),
    Command(
        "subscribe",
        "订阅每日摘要，如 /subscribe 08:00",
        lambda c, r: [c.subscribe(r.chat_id, r.user_id, r.arg)],
    ),
    Command("unsubscribe", "取消订阅", lambda c, r: [c.unsubscribe(r.chat_id)]),
    Command("digest", "现在预览每日摘要", lambda c, r: c.digest(r.chat_id), READ),
    Command("help", "使用说明", lambda c, r: [help_reply()]),
    Command("start", None, lambda c, r: [help_reply()]),
    Command("remove", None, lambda c, r: [c.remove(r.user_id, r.arg)], WRITE),
    Command("stats", None, lambda c, r: [c.stats(r.user_id)]),
    Command(
        "q_",
        None,
        lambda c, r: c.quote_ref(r.arg),
        pattern=re.compile(r"q_[0-9]{1,9}(?:_[0-9]{1,4})*(?:p[0-9]{1,6})?"),
    ),
    Command(
        "outline_",
        None,
        lambda c, r: c.outline(r.chat_id, r.arg),
        pattern=re.compile(r"outline_([0-9]{1,9})"),
    ),
)

_COMMAND_LINE = re.compile(r"/(\w+)(?:@(\w+))?(?:\s+(.*))?", re.DOTALL)


def menu() -> list[tuple[str, str]]:
    """(name, description) of each command in the menu, in the table's order."""
    return [(c.name, c.menu) for c in COMMANDS if c.menu]


def shortcut_pattern() -> str:
    """A regular expression for messages holding a tappable form."""
    forms = "|".join(c.pattern.pattern for c in COMMANDS if c.pattern)
    return rf"^/(?:{forms})(?:@\w+)?(?:\s|$)"


def parse(text: str, bot_username: str | None = None) -> tuple[Command, str] | None:
    """A command line → (command, its argument); None when it is no command of this bot
    (another bot's, or unknown: see ``unknown``)."""
    match = _COMMAND_LINE.fullmatch((text or "").strip())
    if not match:
        return None
    word, bot, arg = match.group(1).lower(), match.group(2), (match.group(3) or "").strip()
    if bot and bot_username and bot.lower() != bot_username.lower():
        return None
    for command in COMMANDS:
        if command.pattern is None:
            if word == command.name:
                return command, arg
        elif form := command.pattern.fullmatch(word):
            return command, form.group(1) if form.groups() else word
    return None


def press(conversation: Conversation, chat_id: int, data: str | None) -> list[Reply]:
    """A button press → replies (edits where the button's message is replaced)."""
    button = buttons.decode(data)
    if isinstance(button, buttons.Page):
        return [conversation.page(chat_id, button.result_id, button.page)]
    if isinstance(button, buttons.CandidatePage):
        return [conversation.candidates(chat_id, button.result_id, button.page)]
    if isinstance(button, buttons.Original):
        return conversation.quote_ref(button.ref)
    if isinstance(button, buttons.Neighbour):
        return conversation.neighbour(button.ref)
    if isinstance(button, buttons.Citation):
        return conversation.cite(button.ref)
    if isinstance(button, buttons.FullText):
        return [conversation.full_text(button.speech_id)]
    if isinstance(button, buttons.SpeechList):
        reply = conversation.speeches(button.page)
        reply.edit = True
        return [reply]
    return [Reply("这个按钮已失效，请重新提问。")]


def respond(conversation: Conversation, request: Request, line: str) -> list[Reply]:
    """One line typed in a private chat → replies: a command, or else a question."""
    if not line.startswith("/"):
        return conversation.ask(request.chat_id, line)
    parsed = parse(line)
    if parsed is None:
        name = line[1:].split(maxsplit=1)[0].split("@")[0] if line[1:].strip() else ""
        return [Reply(f"未知命令 /{render.esc(name)}，/help 查看说明。")]
    command, arg = parsed
    return command.run(conversation, Request(request.chat_id, request.user_id, arg))
