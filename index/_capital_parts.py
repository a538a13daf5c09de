"""Parts numbered 壹、貳、參、 over 一、二、三、: how "第二部分" / "一（三）" reach the level below.

A Taiwanese report numbers its chapters with capital numerals (壹、前言 貳、施政規劃 參、…) and
what a reader calls its parts 一、二、三、 inside them; a chapter printed alone ("肆、文 化" over
its 一、二、三、) has only that level to count in.  A request for a part the capital level
does not hold is therefore looked for one level down.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import KIND_PART, Section
from .numerals import CAPITAL_NUMERALS


def parts_below_capitals(
    main: Sequence[Section], kinds: Sequence[str], number: int
) -> list[Section]:
    """The sections numbered ``number`` (of ``kinds``) just below capital-numbered top parts;
    nothing when the top level is numbered otherwise."""
    if not main or not all(c.kind == KIND_PART and c.label[:1] in CAPITAL_NUMERALS for c in main):
        return []
    return [
        child
        for part in main
        for child in part.children
        if child.kind in kinds and child.ordinal == number
    ]
