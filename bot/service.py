"""What the bot says, independent of Telegram transport: one method per user action.

Telegram handlers (``handlers.py``) and the terminal chat (``speechbot chat``) both reach
these methods through the command table (``commands.py``) and send or print the ``Reply``
objects they return, so both behave alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from speechbot.index import Library, NotFoundError, Ref, Scope, SpeechbotError, quoted_phrase

from . import render
from .config import BotSettings, parse_time
from .digest import compose
from .state import BotState, Subscription

__all__ = ["Conversation", "InlineAnswer", "Reply"]

_SPEECH_ID = re.compile(r"[0-9]{1,9}")  # ASCII digits: "²" is a digit to str.isdigit()


@dataclass
class Reply:
    html: str
    keyboard: InlineKeyboardMarkup | None = None
    edit: bool = False  # replace the message the button was on


@dataclass(frozen=True)
class InlineAnswer:
    """One passage offered in inline mode."""

    title: str
    description: str
    html: str


class Conversation:
    def __init__(self, library: Library, state: BotState, settings: BotSettings) -> None:
        self.library = library
        self.state = state
        self.settings = settings

    # --- asking ----------------------------------------------------------------------

    def ask(self, chat_id: int, question: str) -> list[Reply]:
        question = _clean_input(question)
        if not question:
            return [Reply("请在命令后写上问题，例如：/ask 稳就业有哪些措施")]
        if quoted_phrase(question):
            return self.mentions(chat_id, question)
        speech_id = self.state.current_speech(chat_id)
        result_id = self.state.save_results(chat_id, question, speech_id)
        return [self._results_page(result_id, question, speech_id, 0)]

    def page(self, chat_id: int, result_id: int, page: int) -> Reply:
        """Another page of a saved result list, only in the chat that asked."""
        saved = self.state.results(result_id)
        if saved is None or saved[0] != chat_id:
            return Reply("这组结果已过期，请重新提问。", edit=True)
        _, question, speech_id = saved
        reply = self._results_page(result_id, question, speech_id, page)
        reply.edit = True
        return reply

    def _results_page(
        self, result_id: int, question: str, speech_id: int | None, page: int
    ) -> Reply:
        per_page = self.settings.results_per_page
        try:
            hits = self.library.search(question, top=per_page * 5, speech_id=speech_id)
        except NotFoundError:
            hits = self.library.search(question, top=per_page * 5)
        if not hits:
            return Reply(
                f"没有找到与“{render.esc(question[:60])}”相关的内容。换个说法试试，或用 /speeches 看看有哪些讲话。"
            )
        pages = math.ceil(len(hits) / per_page)
        page = max(0, min(page, pages - 1))
        shown = hits[page * per_page : (page + 1) * per_page]
        first = page * per_page + 1
        html = render.results_message(question, shown, first, page, pages)
        return Reply(html, render.results_keyboard(result_id, page, pages, shown, first))

    def mentions(self, chat_id: int, arg: str) -> list[Reply]:
        """Every paragraph holding a phrase: /exact 雄安新区, a quoted question, and
        /exact 2 雄安新区 for the second page; in the chat's current speech if it has one."""
        arg = _clean_input(arg)
        page, phrase = 1, arg
        if paged := re.fullmatch(r"([0-9]{1,4})\s+(\S.*)", arg):
            page, phrase = max(1, int(paged.group(1))), paged.group(2)
        phrase = quoted_phrase(phrase) or phrase.strip('"“”「」『』 ')
        if not phrase:
            return [Reply("请写上要查找的词句，例如：/exact 雄安新区")]
        speech_id = self.state.current_speech(chat_id)
        scope = Scope(speech_ids=(speech_id,)) if speech_id is not None else None
        try:
            if speech_id is not None:
                self.library.info(speech_id)
        except NotFoundError:  # the chat's speech was removed: search them all
            scope = None
        per_page = render.MENTIONS_PER_PAGE
        found = self.library.mentions(
            phrase, scope=scope, offset=(page - 1) * per_page, limit=per_page
        )
        searched = len(self.library.speeches_in(scope))
        return [Reply(html) for html in render.mentions_messages(found, searched, page)]

    def compare(self, chat_id: int, question: str) -> list[Reply]:
        """Side by side: each speech's best passage for the question, by date."""
        question = _clean_input(question)
        if not question:
            return [Reply("请写上要对比的内容，例如：/compare 历年赤字率")]
        hits = self.library.search(question, top=render.COMPARED_SPEECHES, per_speech=True)
        searched = len(self.library.list())
        return [Reply(html) for html in render.compare_messages(question, hits, searched)]

    def inline(self, words: str) -> list[InlineAnswer]:
        """Inline mode: passages to post in any chat."""
        words = _clean_input(words)[:200]
        if not words:
            return []
        return [
            InlineAnswer(*render.inline_answer(n, hit))
            for n, hit in enumerate(self.library.search(words, top=8), start=1)
        ]

    # --- quoting ---------------------------------------------------------------------

    def quote(self, chat_id: int, point: str) -> list[Reply]:
        point = _clean_input(point)
        if not point:
            return [Reply("请写明要引用的部分，例如：/quote 二、三是 或 /quote 第一部分第二点")]
        speech_id = self._speech_in_point(point) or self.state.current_speech(chat_id)
        point = re.sub(r"^#?\d+\s+", "", point) if self._speech_in_point(point) else point
        try:
            result = self.library.quote(point, speech_id=speech_id)
        except NotFoundError as exc:
            return [Reply(render.esc(str(exc)))]
        if result.quote:
            return [Reply(html) for html in render.quote_messages(result.quote)]
        if result.candidates:
            html, keyboard = render.candidates_message(point, result.candidates)
            return [Reply(html, keyboard)]
        outline = None
        if speech_id is not None:
            outline = render.outline_messages(self.library.speech(speech_id))
        return [Reply(html) for html in render.not_found_messages(point, outline)]

    def quote_ref(self, ref: Ref | str) -> list[Reply]:
        """The section behind a reference (``3:1.2``, ``q_3_1_2`` or a parsed Ref)."""
        ref = Ref.parse(ref) if isinstance(ref, str) else ref
        if ref is None:
            return [Reply("引用编号格式不对。")]
        try:
            self.library.info(ref.speech_id)
        except NotFoundError:
            return [Reply(f"讲话 #{ref.speech_id} 不存在（可能已被删除）。")]
        result = self.library.quote(str(ref.section), speech_id=ref.speech_id)
        if result.quote is None:
            return [Reply(f"〔{render.esc(str(ref))}〕不存在。")]
        return [Reply(html) for html in render.quote_messages(result.quote)]

    @staticmethod
    def _speech_in_point(point: str) -> int | None:
        match = re.match(r"^#([0-9]{1,9})\s+|^([0-9]{1,9})\s+(?=\S)", point)
        return int(match.group(1) or match.group(2)) if match else None

    # --- browsing --------------------------------------------------------------------

    def speeches(self, page: int = 0, per_page: int = 10) -> Reply:
        infos = self.library.list()
        pages = max(1, math.ceil(len(infos) / per_page))
        page = max(0, min(page, pages - 1))
        html, keyboard = render.speeches_message(
            infos[page * per_page : (page + 1) * per_page], page, pages
        )
        return Reply(html, keyboard)

    def outline(self, chat_id: int, arg: str) -> list[Reply]:
        speech_id = self._speech_arg(chat_id, arg)
        if isinstance(speech_id, Reply):
            return [speech_id]
        return [Reply(html) for html in render.outline_messages(self.library.speech(speech_id))]

    def summary(self, chat_id: int, arg: str) -> list[Reply]:
        speech_id = self._speech_arg(chat_id, arg)
        if isinstance(speech_id, Reply):
            return [speech_id]
        return [Reply(html) for html in render.summary_messages(self.library.summary(speech_id))]

    def use(self, chat_id: int, arg: str) -> Reply:
        if arg.strip() in ("", "0", "all", "全部"):
            self.state.use(chat_id, None)
            return Reply("已取消当前讲话：提问和引用将在全部讲话中查找。")
        speech_id = self._speech_arg(chat_id, arg)
        if isinstance(speech_id, Reply):
            return speech_id
        self.state.use(chat_id, speech_id)
        title = render.title(self.library.info(speech_id).title)
        return Reply(
            f"本聊天的当前讲话：#{speech_id} {render.esc(title)}\n现在可以直接 /quote 第二部分"
        )

    def _speech_arg(self, chat_id: int, arg: str) -> int | Reply:
        arg = arg.strip().lstrip("#")
        if not arg:
            current = self.state.current_speech(chat_id)
            if current is not None:
                return current
            infos = self.library.list()
            if len(infos) == 1:
                return infos[0].id
            return Reply("请写明讲话编号，例如 /outline 3（/speeches 查看编号）。")
        if not _SPEECH_ID.fullmatch(arg):
            return Reply("讲话编号应为数字，例如 /outline 3。")
        try:
            self.library.info(int(arg))
        except NotFoundError:
            return Reply(f"没有编号为 {render.esc(arg)} 的讲话。用 /speeches 查看列表。")
        return int(arg)

    # --- digests ---------------------------------------------------------------------

    def subscribe(self, chat_id: int, user_id: int | None, arg: str) -> Reply:
        try:
            at = parse_time(arg) if arg.strip() else self.settings.digest_time
        except SpeechbotError as exc:
            return Reply(render.esc(str(exc)))
        self.state.subscribe(chat_id, at, user_id)
        return Reply(
            f"已订阅：每天 {at:%H:%M}（{render.esc(self.settings.timezone)}）发送新讲话摘要。/unsubscribe 取消。"
        )

    def unsubscribe(self, chat_id: int) -> Reply:
        if self.state.unsubscribe(chat_id):
            return Reply("已取消每日摘要。")
        return Reply("本聊天没有订阅每日摘要。")

    def digest(self, chat_id: int) -> list[Reply]:
        """What the next digest would hold, now."""
        sub = self.state.subscription(chat_id) or Subscription(
            chat_id, self.settings.digest_time, None, 0.0, None
        )
        messages = compose(self.library, self.state, self.settings, sub, self.today())
        return [Reply(m) for m in messages] or [Reply("目前没有可发送的摘要。")]

    # --- administration --------------------------------------------------------------

    def upload(self, user_id: int | None, filename: str, data: bytes) -> list[Reply]:
        if not self.settings.is_admin(user_id):
            return [Reply("抱歉，只有管理员可以导入讲话。")]
        outcome = self.library.ingest_bytes(data, filename)
        if not outcome.ok:
            return [Reply(f"❌ 导入失败：{render.esc(outcome.error or '')}\n已有的讲话不受影响。")]
        if outcome.duplicate:
            ids = "、".join(f"#{i}" for i in outcome.speech_ids)
            return [Reply(f"这个文件已经导入过（{ids}），没有重复导入。")]
        replies = [
            Reply(
                "✅ 已导入："
                + "；".join(
                    f"#{i} {render.esc(render.title(t))}"
                    for i, t in zip(outcome.speech_ids, outcome.titles, strict=True)
                )
            )
        ]
        for speech_id in outcome.speech_ids:
            replies += [
                Reply(html) for html in render.outline_messages(self.library.speech(speech_id))
            ]
        return replies

    def remove(self, user_id: int | None, arg: str) -> Reply:
        if not self.settings.is_admin(user_id):
            return Reply("抱歉，只有管理员可以删除讲话。")
        arg = arg.strip().lstrip("#")
        if not _SPEECH_ID.fullmatch(arg):
            return Reply("用法：/remove 讲话编号")
        try:
            info = self.library.remove(int(arg))
        except NotFoundError as exc:
            return Reply(render.esc(str(exc)))
        return Reply(f"已删除 #{info.id} {render.esc(render.title(info.title))}")

    def stats(self, user_id: int | None) -> Reply:
        if not self.settings.is_admin(user_id):
            return Reply("抱歉，只有管理员可以查看统计。")
        infos = self.library.list()
        size = self.library.data_size()
        return Reply(
            f"讲话：{len(infos)} 篇\n段落：{sum(i.passages for i in infos)}\n"
            f"订阅的聊天：{self.state.subscriber_count()}\n数据大小：{size / 1e6:.1f} MB"
        )

    def today(self) -> dt.date:
        return dt.datetime.now(self.settings.zone).date()


def _clean_input(text: str) -> str:
    """User text: surrogates and control characters out, length bounded."""
    text = (text or "").encode("utf-8", "ignore").decode("utf-8")
    text = re.sub(r"[\x00-\x1f\u200e\u200f\u202a-\u202e\u2066-\u2069]", " ", text)
    return text.strip()[:500]
