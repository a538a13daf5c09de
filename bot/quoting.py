"""The quoting half of the conversation: a named point, a reference or a plain message naming
a point → the section's text with its path, its candidates, its citation, its neighbours and
the whole text of a speech without an outline."""

from __future__ import annotations

import re

from speechbot.index import Library, NotFoundError, Quote, Ref, cite

from . import render
from .replies import Reply, clean_input
from .state import BotState

__all__ = ["Quoting"]


class Quoting:
    """Mixed into ``Conversation`` (service.py), which holds the library and the chat state."""

    library: Library
    state: BotState

    def quote(self, chat_id: int, point: str, only_found: bool = False) -> list[Reply]:
        """The section ``point`` names in the chat's speech (or the speech it names), its
        candidates, or the outline to choose from.  ``only_found``: nothing rather than the
        outline, for a plain message that is then searched as a question."""
        point = clean_input(point)
        if not point:
            return [Reply("请写明要引用的部分，例如：/quote 二、三是 或 /quote 第一部分第二点")]
        if (ref := Ref.parse(point)) is not None:  # a reference reads as its command does
            return self.quote_ref(ref)
        named = self._speech_in_point(point)
        speech_id = named or self.state.current_speech(chat_id)
        point = re.sub(r"^#?\d+\s+", "", point) if named else point
        try:
            result = self.library.quote(point, speech_id=speech_id)
        except NotFoundError as exc:
            return [] if only_found else [Reply(render.esc(str(exc)))]
        if only_found and not (result.quote or result.candidates):
            return []
        notes = []
        if speech_id is not None and not named:  # the chat's chosen speech: say so
            notes.append(render.scope_line(speech_id, self.library.info(speech_id).title))
        if result.quote:
            notes += [render.copies_line(ref) for ref in result.quote.copies]
            return self._quote_replies(result.quote, notes)
        if result.candidates:
            result_id = self.state.save_results(chat_id, point, speech_id)
            html, keyboard = render.candidates_message(
                point, result.candidates, result_id, 0, notes
            )
            return [Reply(html, keyboard)]
        outline = None
        if speech_id is not None:
            outline = render.outline_messages(self.library.speech(speech_id))
        return [
            Reply("\n".join([*notes, html]) if i == 0 else html)
            for i, html in enumerate(render.not_found_messages(point, outline))
        ]

    def candidates(self, chat_id: int, result_id: int, page: int) -> Reply:
        """Another page of a saved list of candidates, only in the chat that asked."""
        saved = self.state.results(result_id)
        if saved is None or saved[0] != chat_id:
            return Reply("这组结果已过期，请重新引用。", edit=True)
        _, point, speech_id = saved
        try:
            result = self.library.quote(point, speech_id=speech_id)
        except NotFoundError as exc:
            return Reply(render.esc(str(exc)), edit=True)
        html, keyboard = render.candidates_message(point, result.candidates, result_id, page)
        return Reply(html, keyboard, edit=True)

    def quote_ref(self, ref: Ref | str) -> list[Reply]:
        """The section or paragraph behind a reference (``3:1.2``, ``q_3_1_2p2``, a Ref).
        A speech without an outline is read a paragraph at a time (its whole text is a file)."""
        ref = Ref.parse(ref) if isinstance(ref, str) else ref
        if ref is None:
            return [Reply("引用编号格式不对。")]
        try:
            speech = self.library.speech(ref.speech_id)
        except NotFoundError:
            return [Reply(f"讲话 #{ref.speech_id} 不存在（可能已被删除）。")]
        if not ref.path and ref.paragraph is None and not speech.outline.children:
            # its first paragraph that is more than the title line
            opening = [p.index for p in speech.outline.paragraphs if p.text.strip() != speech.title]
            ref = Ref(ref.speech_id, (), opening[0] if opening else 1)
        result = self.library.quote(str(ref), speech_id=ref.speech_id)
        if result.quote is None:
            return [Reply(f"〔{render.esc(str(ref))}〕不存在。")]
        return self._quote_replies(result.quote, speech=speech)

    def _quote_replies(self, quote: Quote, notes=(), speech=None) -> list[Reply]:
        """The quote's messages; the last one carries its buttons (引用, the neighbouring
        paragraphs, the whole text of a speech without an outline)."""
        speech = speech or self.library.speech(quote.speech_id)
        previous = following = None
        ref = quote.ref
        section = speech.section(ref.path)
        if ref.paragraph is not None and section is not None:
            numbers = {p.index for p in section.paragraphs}
            if ref.paragraph - 1 in numbers:
                previous = Ref(ref.speech_id, ref.path, ref.paragraph - 1)
            if ref.paragraph + 1 in numbers:
                following = Ref(ref.speech_id, ref.path, ref.paragraph + 1)
        whole = speech.id if not speech.outline.children else None
        replies = [Reply(html) for html in render.quote_messages(quote, notes)]
        replies[-1].keyboard = render.quote_keyboard(quote, previous, following, whole)
        return replies

    def neighbour(self, ref: Ref) -> list[Reply]:
        """A neighbouring paragraph, in place of the one shown."""
        replies = self.quote_ref(ref)
        replies[0].edit = True
        return replies

    def cite(self, ref: Ref) -> list[Reply]:
        """The citation of a section or paragraph, as plain text to copy."""
        try:
            info = self.library.info(ref.speech_id)
        except NotFoundError:
            return [Reply(f"讲话 #{ref.speech_id} 不存在（可能已被删除）。")]
        result = self.library.quote(str(ref), speech_id=ref.speech_id)
        if result.quote is None:
            return [Reply(f"〔{render.esc(str(ref))}〕不存在。")]
        return [Reply(html) for html in render.citation_messages(cite(info, result.quote))]

    def full_text(self, speech_id: int) -> Reply:
        """The whole speech as a .txt file."""
        try:
            speech = self.library.speech(speech_id)
        except NotFoundError:
            return Reply(f"讲话 #{speech_id} 不存在（可能已被删除）。")
        text = speech.text
        if speech.title and speech.title not in text[:400]:
            text = f"{speech.title}\n\n{text}"
        name = re.sub(r"[\\/:*?\"<>|\s]+", "_", render.title(speech.title))[:40].strip("_")
        return Reply(
            f"📎 #{speech_id} {render.esc(render.title(speech.title))} 全文（{len(speech.text)} 字）",
            document=(f"{speech_id}_{name or 'speech'}.txt", text.encode("utf-8")),
        )

    @staticmethod
    def _speech_in_point(point: str) -> int | None:
        match = re.match(r"^#([0-9]{1,9})\s+|^([0-9]{1,9})\s+(?=\S)", point)
        return int(match.group(1) or match.group(2)) if match else None
