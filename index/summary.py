"""Speech → summary: metadata, the outline's top levels, keywords and key sentences.

* **Outline** – the sections of the top ``outline_levels`` levels (the root skipped), each
  with its reference; enumerated points (一是… / 第一，…) count like any other section.  A
  very long outline is capped at 30 entries: every level-1 heading stays and the room left
  is shared out evenly among them, each keeping its first sub-headings.
* **Keywords** – TF-IDF (``jieba.analyse``, a private extractor whose tokenizer knows the
  shipped ``data/userdict.txt``) without boilerplate (同志们, 我们, 推进, 加强 …) or numbers;
  two keywords that stand side by side in most of their occurrences are joined into one
  (脱贫 + 攻坚 → 脱贫攻坚, 复工 + 复产 → 复工复产).
* **Key sentences** – extractive and verbatim.  Each sentence (split after 。！？ with any
  closing quote) scores its TextRank centrality (sentences are linked by the words they
  share, Mihalcea & Tarau 2004) plus the keyword weight it carries per length; opening
  sentences of a part and of a paragraph get a bonus.  Greetings, headings already in the
  outline, very short (< 12 chars) and very long (> 150 chars) sentences are left out; the
  best few that are not near-copies of each other, spread over the speech's parts, are
  returned in document order with the reference of the paragraph that holds them.

Everything is deterministic: ties are broken by position in the text.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .model import KIND_ROOT, Ref, Section, Speech

log = logging.getLogger(__name__)

MIN_SENTENCE = 12  # characters
MAX_SENTENCE = 150
OUTLINE_CAP = 30
MAX_COMPOUND = 6  # characters in a joined keyword

# A sentence: up to 。！？ (several in a row), then any closing quotes or brackets.
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』）)]*")
# A form of address opening a sentence ("同志们：", "各位代表！", "同志们、朋友们：").
_GREETING = re.compile(  # used with .match(text, pos): anchored where the sentence starts
    r"(?:(?:同志们|各位代表|各位委员|各位嘉宾|各位来宾|各位|女士们|先生们|朋友们|"
    r"老师们|同学们|亲爱的[^，,：:！!]{0,12}|尊敬的[^，,：:！!]{0,20})[、，,]?\s*)+[：:！!，,]\s*"
)
_NUMERIC = re.compile(r"[\d０-９.．%％,，〇零一二三四五六七八九十百千万亿年月日号]+")
_PLAN = re.compile(r"[一二三四五六七八九十]{2,3}五")  # 十四五: a five-year plan, not a number
_PLACEHOLDER = re.compile(r"[xX×＊*]+|[A-Za-z]")  # "xx区", "xxxx年": names blanked out
_WORD = re.compile(r"\w", re.UNICODE)

# Words every official speech uses: forms of address, pronouns, time words and the
# generic verbs and adverbs of policy language.  Content words (发展, 改革, 质量 …) stay.
_BOILERPLATE = frozenset(
    """
    同志 同志们 尊敬 同事 先生 女士 年前 各位 代表 各位代表 朋友们 女士们 先生们 大家 我们 你们 他们 我国 咱们
    今年 去年 明年 一年 五年 当前 目前 以来 方面 工作 问题 情况 同时 这次 这个 一些
    一是 二是 三是 四是 五是 六是 七是 八是 九是 十是 第一 第二 第三 第四 第五 首先 其次 最后
    推进 推动 加强 加快 完善 实施 深化 优化 提升 提高 坚持 全面 深入 落实 促进 支持 持续
    强化 扎实 积极 继续 统筹 打造 开展 实现 作出 做好 抓好 确保 进一步 必须 应该 需要 要求
    有效 不断 重要 重大 切实 努力 大力 更加 更好 主要 取得 进行 加大 健全 注重 着力 不能
    没有 就是 已经 这些 那些 这样 一个 两个 各级 各类 各项 有关 相关 广大 之一 其中 通过
    """.split()
)


@dataclass(frozen=True)
class OutlineEntry:
    ref: Ref
    level: int  # 1 or 2 (up to ``outline_levels``)
    heading: str


@dataclass(frozen=True)
class KeySentence:
    ref: Ref  # the paragraph that holds it
    text: str  # verbatim: a substring of the speech text and of that paragraph


@dataclass(frozen=True)
class Summary:
    speech_id: int
    title: str
    date: str | None
    speaker: str | None
    occasion: str | None
    source: str
    outline: tuple[OutlineEntry, ...]
    keywords: tuple[str, ...]
    key_sentences: tuple[KeySentence, ...]


def summarise(
    speech: Speech,
    *,
    sentences: int = 4,
    keywords: int = 10,
    outline_levels: int = 2,
    segmenter: str = "jieba",
    user_dicts: tuple[str, ...] = (),
) -> Summary:
    """Summarise one speech (deterministic: the same speech gives an equal summary).
    ``segmenter`` and ``user_dicts`` are the library's, so that keywords are its words."""
    extractor = _extractor(segmenter, tuple(user_dicts))
    weights = _keyword_weights(extractor, speech.text, max(keywords, 0) * 2 + 10)
    return dataclasses.replace(
        outline_only(speech, outline_levels),
        keywords=tuple(word for word, _ in weights[: max(keywords, 0)]),
        key_sentences=_key_sentences(speech, dict(weights), max(sentences, 0), extractor.tokenizer),
    )


# --- outline -----------------------------------------------------------------------------


def outline_only(speech: Speech, outline_levels: int = 2) -> Summary:
    """The summary's head and outline without keywords and key sentences (those take a
    second; a picture or a tree of the outline needs none of them)."""
    return Summary(
        speech_id=speech.id or 0,
        title=speech.title,
        date=speech.date,
        speaker=speech.speaker,
        occasion=speech.occasion,
        source=speech.source,
        outline=_outline(speech, outline_levels),
        keywords=(),
        key_sentences=(),
    )


def _outline(speech: Speech, levels: int, cap: int = OUTLINE_CAP) -> tuple[OutlineEntry, ...]:
    sid = speech.id or 0
    sections = [s for s in speech.sections() if s.kind != KIND_ROOT and len(s.path) <= levels]
    if len(sections) > cap:
        sections = _capped(sections, cap)
    return tuple(OutlineEntry(Ref(sid, s.path), len(s.path), s.heading) for s in sections)


def _capped(sections: list[Section], cap: int) -> list[Section]:
    """Every level-1 section, then as many of each one's first sub-sections as fit, the room
    shared out evenly (each part keeps its first k; the rest goes to the earliest parts)."""
    top = [s for s in sections if len(s.path) == 1]
    below: dict[int, list[Section]] = {}
    for s in sections:
        if len(s.path) > 1:
            below.setdefault(s.path[0], []).append(s)
    room = max(cap - len(top), 0)
    quota = dict.fromkeys(below, 0)
    while room > 0:
        grew = False
        for part, subs in below.items():  # one more for each part, in document order
            if room > 0 and quota[part] < len(subs):
                quota[part] += 1
                room -= 1
                grew = True
        if not grew:
            break
    keep = {id(s) for s in top}
    for part, subs in below.items():
        keep.update(id(s) for s in subs[: quota[part]])
    return [s for s in sections if id(s) in keep]


# --- keywords ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _extractor(segmenter: str = "jieba", user_dicts: tuple[str, ...] = ()):
    """A private jieba.analyse TF-IDF extractor with its own tokenizer (``segmenter``, the
    shipped user dictionary and ``user_dicts`` added) and stopword set; jieba's globals are
    left alone.  Loaded on first use: importing jieba.analyse costs ~130 MB (it loads the
    POS tagger)."""
    import jieba
    import jieba.analyse

    from .analysis import USERDICT_PATH
    from .segmenters import make_segmenter

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer() if segmenter == "jieba" else make_segmenter(segmenter)
    lines = []
    for path in (USERDICT_PATH, *map(Path, user_dicts)):
        try:
            lines += path.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:  # keywords still work, only less well
            log.warning("user dictionary %s: %s", path, exc)
    for line in lines:
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = next((int(p) for p in parts[1:] if p.isdigit()), None)
        tag = next((p for p in parts[1:] if not p.isdigit()), None)
        tokenizer.add_word(parts[0], max(freq, 1) if freq is not None else None, tag)
    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = tokenizer
    extractor.stop_words = extractor.stop_words | _BOILERPLATE
    return extractor


def _is_term(word: str) -> bool:
    """A word worth counting: two characters or more, not boilerplate, a number, a blanked
    out name ("xx") or punctuation."""
    word = word.strip()
    return (
        len(word) >= 2
        and word not in _BOILERPLATE
        and (not _NUMERIC.fullmatch(word) or bool(_PLAN.fullmatch(word)))
        and not _PLACEHOLDER.fullmatch(word)
        and not (word.isascii() and len(word) <= 2)
        and bool(_WORD.search(word))
    )


def _keyword_weights(extractor, text: str, top: int) -> list[tuple[str, float]]:
    """(keyword, weight) best first, compounds of neighbouring keywords joined."""
    pool = [
        (word, weight)
        for word, weight in extractor.extract_tags(text, topK=top * 2, withWeight=True)
        if _is_term(word)
    ]
    return _join_compounds(list(extractor.tokenizer.cut(text)), pool)[:top]


def _join_compounds(words: list[str], pool: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Join two keywords that stand side by side in at least half the occurrences of each
    (and three times at least) into one keyword; a part mostly used inside it is dropped."""
    weight = dict(pool)
    counts = Counter(w for w in words if w in weight)
    pairs = Counter(
        (a, b) for a, b in zip(words, words[1:], strict=False) if a in weight and b in weight
    )
    compounds: list[tuple[str, float]] = []
    used: Counter[str] = Counter()
    for (a, b), n in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        if a == b or n < 3 or len(a + b) > MAX_COMPOUND or n * 2 < max(counts[a], counts[b]):
            continue
        compounds.append((a + b, max(weight[a], weight[b]) * 1.05))
        used[a] += n
        used[b] += n
    merged = dict(compounds)
    for word, w in pool:
        if used[word] * 10 >= counts[word] * 7:  # mostly part of a compound
            continue
        merged.setdefault(word, w)
    order = {word: i for i, (word, _) in enumerate(pool)}
    ranked = sorted(merged, key=lambda word: (-merged[word], order.get(word, -1), word))
    return [(word, merged[word]) for word in _distinct(ranked)]


def _distinct(ranked: list[str]) -> list[str]:
    """Drop a keyword held in a better one (脱贫 after 脱贫攻坚), and all but the first longer
    form of a better one (脱贫攻坚 keeps 脱贫攻坚战 out, 发展 lets 高质量发展 in)."""
    kept: list[str] = []
    elaborated: set[str] = set()
    for word in ranked:
        if any(word in better for better in kept):
            continue
        bases = [better for better in kept if better in word]
        if any(base in elaborated for base in bases):
            continue
        elaborated.update(bases)
        kept.append(word)
    return kept


# --- key sentences -----------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int  # span in the speech text
    end: int
    ref: Ref
    part: int  # position of the level-1 section holding it (0: before the first)
    bonus: float


def _sentences(speech: Speech) -> list[_Candidate]:
    """Every sentence that may be a key sentence, in document order."""
    sid = speech.id or 0
    out: list[_Candidate] = []
    for section in speech.sections():
        part = section.path[0] if section.path else 0
        for para in section.paragraphs:
            found = list(_SENTENCE.finditer(para.text))
            lone = len(found) == 1  # a paragraph of one sentence: often a sub-heading
            for n, match in enumerate(found):
                start, end = match.span()
                greeting = _GREETING.match(para.text, start, end)
                if greeting:
                    start = greeting.end()
                while start < end and para.text[start].isspace():
                    start += 1
                begin, finish = para.start + start, para.start + end
                if not MIN_SENTENCE <= end - start <= MAX_SENTENCE:
                    continue
                if (
                    section.kind != KIND_ROOT
                    and begin <= section.start + 1
                    and (finish <= section.heading_end + 2)
                ):
                    continue  # the section's own heading: the outline shows it
                bonus = 1.0
                if n == 0:
                    bonus = 1.1  # a paragraph's first sentence states its point
                    if para.index == 1 and len(section.path) <= 1:
                        bonus = 1.25  # ... and a part's (or the speech's) first one more so
                if lone and end - start < 24:
                    bonus *= 0.6  # a sub-heading written as a sentence
                bonus *= min(1.0, (end - start) / 25) ** 0.5  # short ones say little
                out.append(
                    _Candidate(begin, finish, Ref(sid, section.path, para.index), part, bonus)
                )
    out.sort(key=lambda c: c.start)
    return out


def _textrank(token_sets: list[set[str]], damping: float = 0.85) -> np.ndarray:
    """TextRank centrality of each sentence: similarity = shared words / (log |a| + log |b|)."""
    n = len(token_sets)
    if n == 0:
        return np.zeros(0)
    df = Counter(w for tokens in token_sets for w in tokens)
    vocab = {w: i for i, w in enumerate(sorted(w for w, c in df.items() if c >= 2))}
    if not vocab:
        return np.full(n, 1.0 / n)
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, tokens in enumerate(token_sets):
        for w in tokens:
            col = vocab.get(w)
            if col is not None:
                matrix[row, col] = 1.0
    shared = (matrix @ matrix.T).astype(np.float64)
    np.fill_diagonal(shared, 0.0)
    logs = np.log(np.array([max(len(t), 1) for t in token_sets], dtype=np.float64) + 1.0)
    sim = shared / (logs[:, None] + logs[None, :])
    out_weight = sim.sum(axis=1)
    out_weight[out_weight == 0] = 1.0
    transition = sim / out_weight[:, None]
    score = np.full(n, 1.0 / n)
    for _ in range(100):
        new = (1 - damping) / n + damping * (transition.T @ score)
        if np.abs(new - score).sum() < 1e-9:
            score = new
            break
        score = new
    return score


def _key_sentences(
    speech: Speech, weights: dict[str, float], count: int, tokenizer
) -> tuple[KeySentence, ...]:
    candidates = _sentences(speech)
    if not candidates or count == 0:
        return ()
    texts = [speech.text[c.start : c.end] for c in candidates]
    token_sets = [{w for w in tokenizer.cut(t) if _is_term(w)} for t in texts]
    centrality = _textrank(token_sets)
    coverage = np.array(
        [
            sum(w for word, w in weights.items() if word in text) / math.sqrt(len(text))
            for text in texts
        ]
    )
    score = _unit(centrality) + _unit(coverage)
    score *= np.array([c.bonus for c in candidates])

    order = sorted(range(len(candidates)), key=lambda i: (-round(float(score[i]), 9), i))
    parts = {c.part for c in candidates}
    per_part = max(2, math.ceil(count / max(len(parts), 1)))
    chosen: list[int] = []
    for spread in (True, False):  # first spread over the parts, then fill up if short
        for i in order:
            if len(chosen) == count:
                break
            if i in chosen or any(_similar(texts[i], texts[j]) for j in chosen):
                continue
            if spread and sum(candidates[j].part == candidates[i].part for j in chosen) >= per_part:
                continue
            chosen.append(i)
    return tuple(KeySentence(candidates[i].ref, texts[i]) for i in sorted(chosen))


def _unit(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values, dtype=np.float64)


def _similar(a: str, b: str) -> bool:
    """Near-copies: one holds the other, or most character bigrams of the shorter recur."""
    if a in b or b in a:
        return True
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    smaller = min(len(grams_a), len(grams_b))
    return smaller > 0 and len(grams_a & grams_b) / smaller > 0.6
