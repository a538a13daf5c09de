"""The archive's own vocabulary as a synonym table: the shipped groups
(``data/synonyms.txt``), the short forms of political and economic writing
(``data/abbreviations.txt``) and the numbered five-year plans, by rule.

A line of the file is a group (every word also searches the others) or an abbreviation
``简称 = 全称 …`` (the abbreviation searches each part, each part the abbreviation, the
parts not each other: 三去一降一补 = 去产能 去库存 …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .analysis import DATA_DIR
from .normalise import normalise

__all__ = [
    "ABBREVIATIONS_PATH",
    "MINER_VERSION",
    "SYNONYMS_PATH",
    "five_year_plans",
    "mine_abbreviations",
    "shipped_synonyms",
]

SYNONYMS_PATH = DATA_DIR / "synonyms.txt"
ABBREVIATIONS_PATH = DATA_DIR / "abbreviations.txt"
# bumped when ``mine_abbreviations`` reads the texts otherwise: an index saved with pairs of
# another version is rebuilt from the store (no new ingest needed)
MINER_VERSION = 3
PLANS = 15  # 一五 … 十五五
_BARE_FROM = 10  # 十五 … 十五五 are searched bare both ways (十四五)
_NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四 (up to 19)."""
    return _NUMERALS[n - 1] if n <= 10 else "十" + _NUMERALS[n - 11]


def five_year_plans() -> list[list[str]]:
    """One group per plan: 十四五 十四五规划 第十四个五年规划 …  A bare 二五 is left out:
    below 十 it is a number as often as a plan."""
    groups = []
    for n in range(1, PLANS + 1):
        short = _numeral(n) + "五"
        group = [f"{short}计划", f"{short}规划", f"第{_numeral(n)}个五年计划"]
        group.append(f"第{_numeral(n)}个五年规划")
        groups.append(([short] if n >= _BARE_FROM else []) + group)
    return groups


def _bare_plan_names() -> list[tuple[str, list[str]]]:
    """The plans below 十 by their bare short form, which the texts write in quotes before
    the word (“八五”计划): (八五, the plan's other names)."""
    return [(group[0][:2], group) for group in five_year_plans()[: _BARE_FROM - 1]]


def shipped_synonyms(
    paths: Iterable[Path] = (SYNONYMS_PATH, ABBREVIATIONS_PATH),
) -> dict[str, tuple[str, ...]]:
    """The shipped tables as one mapping: each word → the words it also searches."""
    out: dict[str, list[str]] = {}

    def link(word: str, others: list[str]) -> None:
        known = out.setdefault(word, [])
        known.extend(w for w in others if w != word and w not in known)

    groups = five_year_plans()
    for short, words in _bare_plan_names():
        for word in words:  # one way: a typed 八五 may be a number, a typed plan is not
            link(word, [short])
    lines = [line for path in paths for line in path.read_text("utf-8").splitlines()]
    for line in lines:
        line = line.split("#", 1)[0]
        if "=" in line:
            short, _, parts = line.partition("=")
            for abbreviation in short.split():
                link(abbreviation, parts.split())
                for part in parts.split():
                    link(part, [abbreviation])
        else:
            groups.append(line.split())
    for words in groups:  # a word in several groups searches all of them
        for word in words:
            link(word, words)
    return {word: tuple(others) for word, others in out.items()}


# --- the archive's own abbreviations, mined from its texts ------------------------------

# "X（以下简称“Y”）", "《X》（以下简称《Y》）", "X，简称“Y”": a declared short form, and
# "“Y”：是“X”的简称"
_DECLARED = re.compile(
    r"[（(，,]\s*(?:以下|下文)?(?:简称|统称)[为作]?\s*[“\"「『《]?([\u3400-\u9fff]{2,8})[”\"」』》]?"
)
_EXPLAINED = re.compile(
    r"[“\"]([\u3400-\u9fff]{2,8})[”\"][：:，,]?\s*是[“\"]?([\u3400-\u9fff]{4,40})[”\"]?的简称"
)
# "X（Y）" and "Y（X）": a bracket beside a run of characters, its words perhaps in quotes
# (金融發展局(“金發局”))
_BRACKET = re.compile(r"[（(]\s*[“\"「『]?([\u3400-\u9fff]{2,20})[”\"」』]?\s*[）)]")
# a numbered short form and the parts it numbers: “三通”（通邮、通商、通航）
_NUMBERED = re.compile(
    r"[“\"]([一二三四五六七八九十两双][\u3400-\u9fff]{1,5})[”\"][（(]"
    r"((?:[\u3400-\u9fff]{2,12}、)+[\u3400-\u9fff]{2,12})[）)]"
)
# a numbered short form explained in words: “两基”（基本普及九年义务教育和基本扫除青壮年文盲）,
# “五定”，即定建设规模，定投资总额…, “两新”：是指大规模设备更新和消费品以旧换新
_NUMBERED_EXPLAINED = re.compile(
    r"[“\"]([一二三四五六七八九十两双][\u3400-\u9fff]{1,5})[”\"]"
    r"(?:[（(](?:即|指|是指)?([\u3400-\u9fff、，,；;]{4,120})[）)]"
    r"|[，,：:]\s*(?:即|指|是指|就是)([\u3400-\u9fff、，,；;]{4,120})"
    r"|[：:]\s*([\u3400-\u9fff、，,；;]{4,120})[。；;\n])"
)
_PART_MARKS = re.compile(r"[、，,；;]")
_COUNTING = "个项条大"  # 两个确保, 三项制度: the measure word is not named by the parts
_GOING_ON = ("并", "同时", "从而", "以便", "使", "而且", "但")
_LONGEST_PART = 20  # longer is a sentence about the slogan, not one of its parts
_RUN = 40  # characters before a bracket read as the run it stands beside
_SHORTEST = 2
_SPREAD = 3  # a bracketed full form is at most about three times its short form
# a bracket that explains or restricts rather than names: 农业（包括副业）, 收入（扣除…）
_GLOSSES = ("包括", "含", "不含", "即", "指", "扣除", "不包括", "其中", "下同", "草案", "试行")
_LONGEST_SHORT = 6


def mine_abbreviations(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """short form → its full forms, as the texts write them side by side: declared
    ("亚洲基础设施投资银行（以下简称“亚投行”）", "“双高计划”是“…建设计划”的简称") or
    bracketed either way ("进博会（中国国际进口博览会）", "金融發展局(“金發局”)"), in the
    normal form the index reads (Simplified).  A pair counts only when the short form's
    characters stand in the full form in order and the full form is longer: a bracket
    holding a date or a gloss is not one.  A numbered short form stands for the parts its
    bracket lists (“三通”（通邮、通商、通航）: 三通 → 通邮, 通商, 通航) or its explanation
    lists (“两新”：是指大规模设备更新和消费品以旧换新), the parts that name a character of it."""
    found: dict[str, list[str]] = {}

    def keep(short: str, full: str | None) -> None:
        if not full or short in full or len(full) < len(short) + 2:
            return
        known = found.setdefault(short, [])
        if full not in known:
            known.append(full)

    def keep_parts(short: str, parts: list[str]) -> None:
        named = set(short[1:]) - set(_COUNTING)  # 两新: 新 of 设备更新, 以旧换新
        kept = [p for p in parts if short not in p and named & set(p)]
        if len(kept) >= 2:  # one clause explains, it does not list
            for part in kept:
                if part not in found.setdefault(short, []):
                    found[short].append(part)

    for text in texts:
        for match in _NUMBERED.finditer(text):
            keep_parts(match.group(1), match.group(2).split("、"))
        for match in _NUMBERED_EXPLAINED.finditer(text):
            keep_parts(match.group(1), _listed_parts(next(g for g in match.groups()[1:] if g)))
        if "简称" in text:
            for match in _DECLARED.finditer(text):
                short = match.group(1)
                keep(short, _full_form(_run_before(text, match.start()), short))
            for match in _EXPLAINED.finditer(text):
                keep(*match.groups())
        for match in _BRACKET.finditer(text):
            run, inner = _run_before(text, match.start()), match.group(1)
            if inner.startswith(_GLOSSES):
                continue
            full = _full_form(run, inner) if len(inner) <= _LONGEST_SHORT else None
            short = inner if full else _short_form(run, inner)
            full = full or inner
            if short and len(full) <= _SPREAD * len(short) + 2:
                keep(short, full)
    normal: dict[str, list[str]] = {}  # the texts' own spelling read as the index reads it
    for short, fulls in found.items():
        known = normal.setdefault(normalise(short), [])
        known.extend(f for f in map(normalise, fulls) if f not in known)
    return {short: tuple(fulls) for short, fulls in normal.items()}


def _listed_parts(body: str) -> list[str]:
    """The parts an explanation lists, split at its marks (at 和 when it has none: 两基 is
    基本普及九年义务教育和基本扫除青壮年文盲); none when one is a sentence."""
    parts = [p for p in _PART_MARKS.split(body) if p]
    while parts and parts[-1].startswith(_GOING_ON):  # the sentence goes on past the list
        parts.pop()
    if len(parts) == 1:
        parts = [p for p in parts[0].split("和") if p]
    if any(not _SHORTEST <= len(p) <= _LONGEST_PART for p in parts):
        return []
    return parts


def _run_before(text: str, end: int) -> str:
    """The characters before ``end`` up to a mark, a space or ``_RUN`` of them (book-title
    marks and quotes skipped: 《…规划纲要》（以下简称…）)."""
    stop = end
    while stop > 0 and text[stop - 1] in '》”"':
        stop -= 1
    start = stop
    while start > max(0, stop - _RUN) and "\u3400" <= text[start - 1] <= "\u9fff":
        start -= 1
    return text[start:stop]


def _in_order(short: str, full: str) -> bool:
    """The characters of ``short`` stand in ``full`` in that order, the first one first
    among the full form's first characters."""
    rest = iter(full)
    return all(c in rest for c in short)


def _full_form(run: str, short: str) -> str | None:
    """The shortest end of ``run`` that starts with the short form's first character and
    holds its characters in order."""
    for start in range(len(run) - len(short) - 2, -1, -1):
        if run[start] == short[0] and _in_order(short, run[start:]):
            return run[start:]
    return None


def _short_form(run: str, full: str) -> str | None:
    """The longest end of ``run`` (a short form written before its full form in a bracket)
    whose characters stand in ``full`` in order."""
    for size in range(min(_LONGEST_SHORT, len(run)), _SHORTEST - 1, -1):
        end = run[-size:]
        if _in_order(end, full) and end[0] in full[: len(full) // 2 + 1]:
            return end
    return None
