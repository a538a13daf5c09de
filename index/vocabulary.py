"""The archive's own vocabulary as a synonym table: the shipped groups
(``data/synonyms.txt``) and the numbered five-year plans, by rule.

A line of the file is a group (every word also searches the others) or an abbreviation
``简称 = 全称 …`` (the abbreviation searches each part, each part the abbreviation, the
parts not each other: 三去一降一补 = 去产能 去库存 …).
"""

from __future__ import annotations

from pathlib import Path

from .analysis import DATA_DIR

__all__ = ["SYNONYMS_PATH", "five_year_plans", "shipped_synonyms"]

SYNONYMS_PATH = DATA_DIR / "synonyms.txt"
PLANS = 15  # 一五 … 十五五
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
        groups.append(([short] if n >= 10 else []) + group)
    return groups


def shipped_synonyms(path: Path = SYNONYMS_PATH) -> dict[str, tuple[str, ...]]:
    """The shipped table as a mapping: each word → the words it also searches."""
    out: dict[str, list[str]] = {}

    def link(word: str, others: list[str]) -> None:
        known = out.setdefault(word, [])
        known.extend(w for w in others if w != word and w not in known)

    groups = five_year_plans()
    for line in path.read_text("utf-8").splitlines():
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
