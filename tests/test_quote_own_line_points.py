"""Two lists of 一是… in one part, one with a point at the head of each line, the other run
into a paragraph ("…成就斐然。一是…二是…三是…"): "第一部分的三是" is the point on its own line,
the list the author set out (tests/dev/README.md, "hard cases")."""

from __future__ import annotations

import pytest
from conftest import library_fixture

BODY = "要坚持稳中求进工作总基调，推动高质量发展，各项工作取得新进展。"

REPORT = f"""云海省2032年政府工作报告
各位代表：
一、2031年工作回顾
一年来，我们主要做了以下工作：
一是稳增长，创新调控方式。{BODY}
二是促改革，加大开放力度。{BODY}
三是聚焦提质增效，推动产业升级。{BODY}
四是改善民生，推动社会事业发展。{BODY}
各位代表！
过去五年成就斐然。一是经济较快发展。{BODY}二是结构调整取得进展。{BODY}三是基础设施全面跃升。{BODY}
二、2032年工作安排
（一）扩大内需
{BODY}
"""


library = library_fixture({"yunhai-2032.txt": REPORT})


@pytest.mark.parametrize(
    ("point", "start"),
    [("第一部分的三是", "三是聚焦提质增效"), ("一、二是", "二是促改革")],
)
def test_the_point_on_its_own_line_is_quoted(library, point, start):
    result = library.quote(point, speech_id=library.list()[0].id)
    assert result.quote is not None, (point, [c.path for c in result.candidates])
    assert result.quote.text.startswith(start)
