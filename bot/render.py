"""Library results → Telegram HTML messages (≤ 4096 characters each) and keyboards.

Every piece of speech or user text passes through ``esc``; messages are built from
balanced fragments and split only between fragments or between paragraphs, so a tag is
never cut in half.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from speechbot.index import Candidate, Hit, Mentions, Quote, Ref, Speech, SpeechInfo, Summary

from . import buttons
from .fitting import esc, fit, split_plain

SNIPPET = 700  # longest paragraph shown in a result list; the full text is one tap away
TITLE = 120  # longest title shown; a speech's title may be a whole paragraph
HEADING = 80  # longest heading shown in a section path
INLINE_TITLE = 100
# what ``speechbot ask`` says too when the library cannot read a question
READ_IN_CHINESE = (
    "问题按中文理解：英文只认得常见的政策用语（如 deficit、jobs、GDP），请用中文提问。"
    "(Questions are read in Chinese; only common policy terms are understood in English.)"
)

MENTIONS_PER_PAGE = 10  # paragraphs listed per page of every mention
MENTION_CONTEXT = 60  # characters shown around a mention
COMPARED_SPEECHES = 10  # speeches compared side by side


def ref_command(ref: Ref) -> str:
    """The tappable command that quotes the section of ``ref``: /q_3_1_2."""
    return "/" + ref.section.command()


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos or end > len(text):
            continue
        out.append(esc(text[pos:start]))
        out.append(f"<b>{esc(text[start:end])}</b>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def hit_block(number: int, hit: Hit) -> str:
    text, spans = hit.text, hit.spans
    if len(text) > SNIPPET:
        text = text[:SNIPPET]
        spans = tuple((a, b) for a, b in spans if b <= SNIPPET)
    body = highlight(text, spans) + ("…" if len(text) < len(hit.text) else "")
    meta = " · ".join(x for x in (title(hit.title), hit.date) if x)
    path = path_text(hit.path)
    lines = [f"<b>{number}.</b> {esc(meta)}"]
    if path:
        lines.append(f"<i>{esc(path)}</i>")
    lines.append(body)
    lines.append(f"{ref_command(hit.ref)}  〔{esc(str(hit.ref))}〕")
    return "\n".join(lines)


def inline_answer(number: int, hit: Hit) -> tuple[str, str, str]:
    """(title, description, message) of one passage offered in inline mode."""
    heading = f"{_clip(hit.title, INLINE_TITLE)} 〔{hit.ref}〕"
    return heading, _clip(hit.text, 120), hit_block(number, hit)


def results_message(
    question: str,
    hits: Sequence[Hit],
    first_number: int,
    page: int,
    pages: int,
    notes: Sequence[str] = (),
) -> str:
    head = f"🔎 <b>{esc(_clip(question, 60))}</b>"
    if pages > 1:
        head += f"（第 {page + 1}/{pages} 页）"
    blocks = [*notes, head, *(hit_block(first_number + i, h) for i, h in enumerate(hits))]
    return fit(blocks)[0]


def mentions_messages(mentions: Mentions, searched: int, page: int) -> list[str]:
    """Every paragraph holding a phrase, grouped by speech, with the true count."""
    phrase = esc(_clip(mentions.phrase, 60))
    where = f"在 {searched} 篇讲话中检索"
    if not mentions.total:
        return [f"🔎 原文中没有“<b>{phrase}</b>”（{where}）。"]
    last = mentions.offset + len(mentions.items)
    head = (
        f"🔎 “<b>{phrase}</b>”见于 {mentions.speeches} 篇讲话的 {mentions.total} 段"
        f"（共 {mentions.occurrences} 处；{where}）"
    )
    if not mentions.items:
        return [f"{head}\n第 {page} 页没有内容。"]
    blocks = [f"{head}\n第 {mentions.offset + 1}–{last} 段："]
    for group in mentions.groups():
        first = group[0]
        meta = " · ".join(x for x in (title(first.title), first.date) if x)
        lines = [f"<b>{esc(meta)}</b>"]
        for m in group:
            start = max(0, m.spans[0][0] - MENTION_CONTEXT)
            end = min(len(m.text), m.spans[-1][1] + MENTION_CONTEXT, start + SNIPPET)
            spans = [(a - start, b - start) for a, b in m.spans if b <= end]
            body = highlight(m.text[start:end], spans)
            body = ("…" if start else "") + body + ("…" if end < len(m.text) else "")
            path = esc(path_text(m.path)) or "正文"
            lines.append(f"{ref_command(m.ref)} 〔{esc(str(m.ref))}〕 <i>{path}</i>\n{body}")
        blocks.append("\n".join(lines))
    if last < mentions.total:
        blocks.append(f"下一页：/exact {page + 1} {esc(mentions.phrase)}")
    return fit(blocks)


def compare_messages(question: str, hits: Sequence[Hit], searched: int) -> list[str]:
    """Each speech's best passage for a question, by date, side by side."""
    where = f"在 {searched} 篇讲话中检索"
    if not hits:
        return [f"没有找到与“{esc(_clip(question, 60))}”相关的内容（{where}）。"]
    head = f"⚖️ <b>{esc(_clip(question, 60))}</b>：{len(hits)} 篇讲话各一段，按日期排列（{where}）"
    return fit([head, *(hit_block(n, h) for n, h in enumerate(hits, 1))])


def results_keyboard(
    result_id: int,
    page: int,
    pages: int,
    hits: Sequence[Hit],
    first_number: int,
    kind=buttons.page,
) -> InlineKeyboardMarkup:
    # a hit at the top level of its speech (a speech without an outline, or an opening
    # paragraph) opens its own paragraph: the "section" there is the whole speech
    originals = [
        InlineKeyboardButton(
            f"原文 {first_number + i}",
            callback_data=buttons.original(h.ref.section if h.ref.path else h.ref),
        )
        for i, h in enumerate(hits)
    ]
    citations = [
        InlineKeyboardButton(f"引用 {first_number + i}", callback_data=buttons.citation(h.ref))
        for i, h in enumerate(hits)
    ]
    rows = [row for row in (originals, citations) if row]
    if nav := page_buttons(result_id, page, pages, kind):
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def page_buttons(result_id: int, page: int, pages: int, kind=buttons.page) -> list:
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀ 上一页", callback_data=kind(result_id, page - 1)))
    if page + 1 < pages:
        nav.append(InlineKeyboardButton("下一页 ▶", callback_data=kind(result_id, page + 1)))
    return nav


def quote_keyboard(
    quote: Quote,
    previous: Ref | None = None,
    following: Ref | None = None,
    whole_speech: int | None = None,
) -> InlineKeyboardMarkup:
    """引用 (the citation), the neighbouring paragraphs, and the whole speech as a file."""
    rows = []
    nav = []
    if previous is not None:
        nav.append(InlineKeyboardButton("◀ 上一段", callback_data=buttons.neighbour(previous)))
    if following is not None:
        nav.append(InlineKeyboardButton("下一段 ▶", callback_data=buttons.neighbour(following)))
    if nav:
        rows.append(nav)
    actions = [InlineKeyboardButton("引用", callback_data=buttons.citation(quote.ref))]
    if whole_speech is not None:
        actions.append(
            InlineKeyboardButton("全文 .txt", callback_data=buttons.full_text(whole_speech))
        )
    rows.append(actions)
    return InlineKeyboardMarkup(rows)


def citation_messages(text: str) -> list[str]:
    """A citation as plain text, nothing around it: ready to copy."""
    return fit([esc(piece) for piece in split_plain(text)], joiner="\n")


def scope_line(speech_id: int, speech_title: str) -> str:
    return f"🎯 只在 #{speech_id} {esc(title(speech_title))} 中查找 · /use all 在全部讲话中查找"


def copies_line(ref: Ref) -> str:
    """The same section in another copy of the speech (another source, perhaps another edition)."""
    return f"📑 另一来源的同一讲话：{ref_command(ref)} 〔{esc(str(ref))}〕"


def searched_line(searched: int, filters: str = "", fell_back: bool = False) -> str:
    """Which speeches an answer searched: those a question named, else all of them."""
    if filters and fell_back:
        return f"🗂 {esc(filters)}的讲话中没有找到，改在全部 {searched} 篇讲话中检索"
    if filters:
        return f"🗂 在 {searched} 篇讲话中检索：{esc(filters)}"
    return f"🗂 在全部 {searched} 篇讲话中检索"


def nothing_found(question: str, notes: Sequence[str] = (), looked_everywhere=False) -> str:
    found = f"没有找到与“{esc(_clip(question, 60))}”相关的内容"
    if looked_everywhere:
        found += "，其他讲话中也没有。"
    else:
        found += "。换个说法试试，或用 /speeches 看看有哪些讲话。"
    return "\n".join([*notes, found])


def elsewhere_message(
    question: str,
    speech_id: int,
    elsewhere: Sequence[Hit],
    cap: int,
    result_id: int,
    notes: Sequence[str] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """Nothing in the chosen speech, ``elsewhere`` (at most ``cap``) in the others."""
    count = f"{len(elsewhere)} 条以上" if len(elsewhere) >= cap else f"{len(elsewhere)} 条"
    line = (
        f"在 #{speech_id} 中没有找到与“{esc(_clip(question, 60))}”相关的内容；"
        f"其他讲话中有 {count}结果。点下面的按钮在全部讲话中查找，或 /use all 取消限定。"
    )
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("在全部讲话中查找", callback_data=buttons.page(result_id, 0))]]
    )
    return "\n".join([*notes, line]), keyboard


def quote_messages(quote: Quote, notes: Sequence[str] = ()) -> list[str]:
    path = " › ".join(x for x in (title(quote.title), path_text(quote.path)) if x)
    head = f"📖 <b>{esc(path)}</b>\n〔{esc(str(quote.ref))}〕"
    return fit([*notes, head, *(esc(p) for p in split_plain(quote.text))], joiner="\n")


CANDIDATES_PER_PAGE = 10


def candidates_message(
    point: str,
    candidates: Sequence[Candidate],
    result_id: int,
    page: int = 0,
    notes: Sequence[str] = (),
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the candidates, with the true count and buttons to the other pages."""
    per_page = CANDIDATES_PER_PAGE
    pages = max(1, -(-len(candidates) // per_page))
    page = max(0, min(page, pages - 1))
    shown = candidates[page * per_page : (page + 1) * per_page]
    head = f"“{esc(point)}”有 {len(candidates)} 处，请选择："
    if pages > 1:
        head += f"（第 {page + 1}/{pages} 页）"
    lines = [*notes, head]
    choices = []
    for number, c in enumerate(shown, start=page * per_page + 1):
        path = path_text(c.path) or title(c.title)
        lines.append(f"{number}. {ref_command(c.ref)}  {esc(title(c.title))} › {esc(path)}")
        choices.append(
            [
                InlineKeyboardButton(
                    _clip(f"{number}. #{c.speech_id} {path}", 60),
                    callback_data=buttons.original(c.ref),
                )
            ]
        )
    if nav := page_buttons(result_id, page, pages, buttons.candidate_page):
        choices.append(nav)
    return fit(lines, joiner="\n")[0], InlineKeyboardMarkup(choices)


def outline_messages(speech: Speech, levels: int = 3) -> list[str]:
    head = f"🗂 <b>#{speech.id} {esc(title(speech.title))}</b>"
    if speech.date:
        head += f" · {esc(speech.date)}"
    lines = [head]
    for section in speech.sections():
        if 0 < len(section.path) <= levels:
            indent = "  " * (len(section.path) - 1)
            ref = Ref(speech.id or 0, section.path)
            lines.append(f"{indent}{esc(_clip(section.heading, 40))}  {ref_command(ref)}")
    if len(lines) == 1:
        lines.append(f"（没有识别出分级标题）全文：{ref_command(Ref(speech.id or 0))}")
    return fit(lines, joiner="\n")


def not_found_messages(point: str, outline: list[str] | None) -> list[str]:
    text = f"没有找到“{esc(point)}”。"
    if outline:
        return [text + "\n可以点选下面的编号：", *outline]
    return [text + "\n用 /speeches 查看讲话列表，/outline 查看提纲。"]


def summary_messages(summary: Summary) -> list[str]:
    meta = " · ".join(x for x in (summary.date, summary.speaker, summary.occasion) if x)
    lines = [f"📝 <b>#{summary.speech_id} {esc(title(summary.title))}</b>"]
    if meta:
        lines.append(esc(meta))
    if summary.outline:
        lines.append("\n<b>提纲</b>")
        lines += [
            f"{'  ' * (e.level - 1)}{esc(_clip(e.heading, 40))}  {ref_command(e.ref)}"
            for e in summary.outline
        ]
    if summary.keywords:
        lines.append("\n<b>关键词</b>：" + esc("、".join(summary.keywords)))
    if summary.key_sentences:
        lines.append("\n<b>要点</b>")
        lines += [f"• {esc(k.text)} {ref_command(k.ref)}" for k in summary.key_sentences]
    return fit(lines, joiner="\n")


def speeches_message(
    infos: Sequence[SpeechInfo], page: int, pages: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [f"📚 <b>讲话列表</b>（第 {page + 1}/{max(pages, 1)} 页）"]
    for info in infos:
        lines.append(
            f"#{info.id} {esc(info.date or '')} {esc(title(info.title))}  /outline_{info.id}"
        )
    if not infos:
        lines.append("还没有讲话。管理员可以直接发送文件（txt、md、docx、pdf、html）来导入。")
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton("◀ 上一页", callback_data=buttons.speech_list(page - 1)))
    if page + 1 < pages:
        nav.append(InlineKeyboardButton("下一页 ▶", callback_data=buttons.speech_list(page + 1)))
    return fit(lines, joiner="\n")[0], InlineKeyboardMarkup([nav]) if nav else None


def title(text: str) -> str:
    """A speech's title as shown: clipped, so that the answer around it still fits."""
    return _clip(text, TITLE)


def path_text(path: Sequence[str]) -> str:
    """A section path as shown: each heading clipped."""
    return " › ".join(_clip(heading, HEADING) for heading in path)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
