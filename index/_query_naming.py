"""The query steps that read which speeches a question names: words in few speeches'
title, year, speaker or occasion, and a place typed as its region's speeches."""

from __future__ import annotations

from ._query_core import YEAR, Draft, Naming, Origin

__all__ = ["region_names", "speech_names"]


def speech_names(draft: Draft) -> None:
    """Words that occur in few speeches' title, year, speaker or occasion name those
    speeches; words in many name a kind of speech.  A part of a word counts only if the
    whole word names a speech too ("团结" of "紧密团结" names nothing), and a single
    character names none; such parts, and words common in the text, may still name a
    speech together (``_named_together``), and words naming many speeches apart name none
    (``_named_apart``)."""
    archive, settings = draft.archive, draft.settings
    if archive is None or not settings.speech_weight:
        return
    limit = max(1, int(archive.speech_count * settings.naming_share))
    # a word in many passages' text is a common word, whichever title also holds it
    common = settings.naming_text_share * len(archive) if settings.naming_text_share else 0
    held_together = []  # common words of few titles: they may name a speech together
    for term in draft.weights:
        if len(term) < 2:
            continue  # 年 of 多少年, 个 of 第十四个: a title's stray character names nothing
        stands_for = draft.stands_for.get(term, term)
        df = archive.speech_frequency(term)
        if stands_for not in (term, YEAR) and not archive.speech_frequency(stands_for):
            if 0 < df <= limit:
                held_together.append(term)
            continue
        if 0 < df <= limit:
            if common and stands_for != YEAR and archive.word_frequency(term) > common:
                held_together.append(term)
                continue
            draft.naming[term] = Naming.SPEECH
        elif df > limit:
            draft.naming[term] = Naming.KIND
    _named_together(draft, held_together)
    _named_apart(draft)


_TOGETHER_MOST = 3  # speeches that common words may name together


def _named_together(draft: Draft, words: list[str]) -> None:
    """Common words name the few speeches whose titles hold several of them ("十五五规划建议稿":
    十五, 规划 and 建议 in the title of the 十五五 proposal's explanation; "全国科技大会": 全国
    and 科技), each alone being in too many passages to name one."""
    speeches_holding = getattr(draft.archive, "speeches_holding", None)
    if draft.english or speeches_holding is None:
        return  # the glossary's words for an English question are no title's words
    # the user's words and their parts; a synonym's words (五年 规划 for 十二五) would name
    # the speeches of every plan
    words = [w for w in words if draft.origins[w] in (Origin.TYPED, Origin.SUBWORD)]
    holding = {word: speeches_holding(word) for word in words}
    counts: dict[int, set[str]] = {}
    for word, speeches in holding.items():
        for speech in speeches:
            counts.setdefault(speech, set()).add(draft.stands_for.get(word, word))
    named = {speech for speech, said in counts.items() if len(said) >= 2}
    if not 0 < len(named) <= _TOGETHER_MOST:
        return
    for word, speeches in holding.items():
        if speeches & named:
            draft.naming[word] = Naming.SPEECH


def _named_apart(draft: Draft) -> None:
    """Words that each name many speeches and no speech together ("亚投行正式成立": 正式 in
    the Hansards' and the APEC meetings' titles, 成立 in the anniversaries') name none: they
    are the question's subject."""
    speeches_holding = getattr(draft.archive, "speeches_holding", None)
    if speeches_holding is None:
        return
    # the user's own words (a place, as 上海 of 上海市, always names its speeches)
    words = [
        w
        for w, naming in draft.naming.items()
        if naming is Naming.SPEECH
        and draft.origins[w] is Origin.TYPED
        and draft.stands_for.get(w, w) == w
        and not any(draft.archive.speech_frequency(w + s) for s in _REGION_SUFFIXES)
    ]
    if len(words) < 2:
        return
    holding = {word: speeches_holding(word) for word in words}
    seen: set[int] = set()
    for speeches in holding.values():
        if seen & speeches:
            return  # some speech is named by two of them
        seen |= speeches
    for word, speeches in holding.items():
        if len(speeches) > _APART_MOST:
            draft.naming[word] = Naming.NONE


_APART_MOST = 5  # speeches a word may name when no other word of the question names them


# what follows a place's name when a speech is that place's own ("上海市政府工作报告")
_REGION_SUFFIXES = ("市", "省", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")


def region_names(draft: Draft) -> None:
    """A place typed ("上海") names the speech whose title holds it as a region ("上海市"),
    above the speeches whose titles only hold it inside a longer name ("上海合作组织"): the
    region's form joins the words that name a speech, at no weight in the passage text
    (where the typed place already counts)."""
    archive = draft.archive
    if archive is None or not draft.settings.speech_weight or not draft.settings.region_naming:
        return
    for term in list(draft.typed):
        if not 2 <= len(term) <= 4 or draft.naming.get(term) is not Naming.SPEECH:
            continue
        for suffix in _REGION_SUFFIXES:
            region = term + suffix
            if region not in draft.weights and archive.speech_frequency(region):
                draft.add(region, 0.0, Origin.SYNONYM, term)
                draft.naming[region] = Naming.SPEECH
                if term not in draft.places:
                    draft.places.append(term)
