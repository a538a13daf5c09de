"""What the bot says, independent of Telegram transport: one method per user action.

Telegram handlers (``handlers.py``) and the terminal chat (``speechbot chat``) both reach
these methods through the command table (``commands.py``) and send or print the ``Reply``
objects they return, so both behave alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from speechbot.index import (
    Library,
    NotFoundError,
    Scope,
    SpeechbotError,
    asks_side_by_side,
    names_a_point,
    quoted_phrase,
    scope_in_question,
)

from . import render
from .config import BotSettings, parse_time
from .digest import preview_news, preview_nothing_new, preview_unsubscribed
from .quoting import Quoting
from .replies import InlineAnswer, Reply, clean_input
from .state import BotState

__all__ = ["Conversation", "InlineAnswer", "Reply"]

# a digest preview: this many speeches summarised, in at most this many messages; with
# nothing new, this many latest speeches offered
PREVIEW_SUMMARIES, PREVIEW_MESSAGES, LATEST = 2, 3, 3
_SPEECH_ID = re.compile(r"[0-9]{1,9}")  # ASCII digits: "²" is a digit to str.isdigit()


class Conversation(Quoting):
    """What the bot says: asking, quoting (``quoting.py``), browsing, digests and
    administration, one method per user action."""

    def __init__(self, library: Library, state: BotState, settings: BotSettings) -> None:
        self.library = library
        self.state = state
        self.settings = settings

    # --- asking ----------------------------------------------------------------------

    def ask(self, chat_id: int, question: str) -> list[Reply]:
        question = clean_input(question)
        if not question:
            return [Reply("请在命令后写上问题，例如：/ask 稳就业有哪些措施")]
        if quoted_phrase(question):
            return self.mentions(chat_id, question)
        if names_a_point(question) and (quoted := self.quote(chat_id, question, only_found=True)):
            return quoted  # "二、三是" typed plainly: its text
        speech_id = self.state.current_speech(chat_id)
        if speech_id is None and asks_side_by_side(question):
            return self.compare(chat_id, question)  # "历年赤字率": each speech's best passage
        result_id = self.state.save_results(chat_id, question, speech_id)
        notes = (
            [render.esc(render.READ_IN_CHINESE)] if self.library.unread_english(question) else []
        )
        return [self._results_page(chat_id, result_id, question, speech_id, 0, notes)]

    def page(self, chat_id: int, result_id: int, page: int) -> Reply:
        """Another page of a saved result list, only in the chat that asked."""
        saved = self.state.results(result_id)
        if saved is None or saved[0] != chat_id:
            return Reply("这组结果已过期，请重新提问。", edit=True)
        _, question, speech_id = saved
        reply = self._results_page(chat_id, result_id, question, speech_id, page)
        reply.edit = True
        return reply

    def _results_page(
        self,
        chat_id: int,
        result_id: int,
        question: str,
        speech_id: int | None,
        page: int,
        notes: list[str] | None = None,
    ) -> Reply:
        per_page = self.settings.results_per_page
        notes = list(notes or [])
        hits = []
        if speech_id is not None:
            try:
                hits = self.library.search(question, top=per_page * 5, speech_id=speech_id)
                notes.append(render.scope_line(speech_id, self.library.info(speech_id).title))
            except NotFoundError:  # the chosen speech was removed: look everywhere
                speech_id = None
        if speech_id is None:
            hits, searched = self._search_said_scope(question, per_page * 5)
            notes.append(searched)
        if not hits and speech_id is not None:
            return self._elsewhere(chat_id, question, speech_id, notes)
        if not hits:
            return Reply(render.nothing_found(question, notes))
        pages = math.ceil(len(hits) / per_page)
        page = max(0, min(page, pages - 1))
        shown = hits[page * per_page : (page + 1) * per_page]
        first = page * per_page + 1
        html = render.results_message(question, shown, first, page, pages, notes)
        return Reply(html, render.results_keyboard(result_id, page, pages, shown, first))

    def _search_said_scope(self, question: str, top: int) -> tuple[list, str]:
        """Hits in the speeches of the year or region the question names, else in every
        speech; and the line that says which were searched."""
        everything = self.library.speeches_in()
        scope = scope_in_question(question, everything)
        if scope:
            within = self.library.speeches_in(scope)
            asked = scope.unsaid(question) or question  # the year alone would match them all
            hits = self.library.search(asked, top=top, scope=scope) if within else []
            if hits:
                return hits, render.searched_line(len(within), scope.describe())
        hits = self.library.search(question, top=top)
        return hits, render.searched_line(
            len(everything), scope.describe() if scope else "", bool(scope)
        )

    def _elsewhere(self, chat_id: int, question: str, speech_id: int, notes: list[str]) -> Reply:
        """Nothing in the chosen speech: say how much the others hold, one tap away."""
        cap = 50
        elsewhere = self.library.search(question, top=cap)
        if not elsewhere:
            return Reply(render.nothing_found(question, notes, looked_everywhere=True))
        result_id = self.state.save_results(chat_id, question, None)
        return Reply(
            *render.elsewhere_message(question, speech_id, elsewhere, cap, result_id, notes)
        )

    def mentions(self, chat_id: int, arg: str) -> list[Reply]:
        """Every paragraph holding a phrase: /exact 雄安新区, a quoted question, and
        /exact 2 雄安新区 for the second page; in the chat's current speech if it has one."""
        arg = clean_input(arg)
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
        question = clean_input(question)
        if not question:
            return [Reply("请写上要对比的内容，例如：/compare 历年赤字率")]
        hits = self.library.search(question, top=render.COMPARED_SPEECHES, per_speech=True)
        searched = len(self.library.list())
        return [Reply(html) for html in render.compare_messages(question, hits, searched)]

    def inline(self, words: str) -> list[InlineAnswer]:
        """Inline mode: passages to post in any chat."""
        words = clean_input(words)[:200]
        if not words:
            return []
        return [
            InlineAnswer(*render.inline_answer(n, hit))
            for n, hit in enumerate(self.library.search(words, top=8), start=1)
        ]

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
        """A preview of what the chat's next digest would hold: the speeches added since
        the last one (a few summarised, at most ``PREVIEW_MESSAGES`` messages), or since
        when there are none, with the latest speeches to open."""
        sub = self.state.subscription(chat_id)
        infos = self.library.list()
        if not infos:
            return [Reply("还没有讲话。")]
        latest = sorted(infos, key=lambda info: (info.added_at, info.id))[-LATEST:][::-1]
        if sub is None:
            return [Reply(preview_unsubscribed(latest))]
        since = dt.datetime.fromtimestamp(sub.last_sent_at, self.settings.zone)
        new = [info for info in infos if info.added_at > sub.last_sent_at]
        if not new:
            return [Reply(preview_nothing_new(since, latest))]
        new.sort(key=lambda info: (info.added_at, info.id), reverse=True)
        summaries = [self.library.summary(info.id) for info in new[:PREVIEW_SUMMARIES]]
        messages = preview_news(since, new, summaries, PREVIEW_MESSAGES)
        return [Reply(html) for html in messages]

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
