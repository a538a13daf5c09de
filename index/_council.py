"""What a council's record is named by: the address it holds.

A Legislative Council sitting exported from its record opens on a turn ("主席：請各位議員…",
"陳議員：主席，…"), which names nothing; the chief executive's policy address or the budget
the financial secretary moves ("我謹動議二讀《2014年撥款條例草案》") may come far down, after
the questions. metadata.py names such a record by that address ("施政報告" → "2015年施政報告").
"""

from __future__ import annotations

import re

__all__ = ["council_business", "opens_on_turn"]

_TURN_LINE = re.compile(r"^[^，。：:\s]{1,12}[：:]")
_POLICY_ADDRESS = re.compile(r"(?:發表|发表)(施政報告|施政报告)")
_BUDGET_MOVED = re.compile(
    r"動議二讀《\s*\d{4}\s*年撥款條例草案》|动议二读《\s*\d{4}\s*年拨款条例草案》"
)


def opens_on_turn(title: str) -> bool:
    """A title that is a speaker's turn: a transcript's first line, no name of it."""
    return bool(_TURN_LINE.match(title))


def council_business(body: list[str]) -> str | None:
    """ "施政報告" or "財政預算案" where a council's record holds one."""
    text = "\n".join(body)
    if found := _POLICY_ADDRESS.search(text):
        return found.group(1)
    if _BUDGET_MOVED.search(text):
        return "財政預算案" if "撥款" in text else "财政预算案"
    return None
