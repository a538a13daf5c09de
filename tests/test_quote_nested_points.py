""" "二（二）的三是" in a speech whose part 二 has no （一）（二） but points 第一，第二，: the
part's second point, then its 三是. Where the part has （一）（二）, only those are meant."""

from __future__ import annotations

import pytest
from conftest import library_fixture

BODY = "要坚持稳中求进工作总基调，推动高质量发展，各项工作取得新进展。"

SPEECH = f"""在示例工作会议上的讲话
同志们：
一、深刻认识重大意义
{BODY}
二、全面把握目标要求
第一，牢牢把握总要求。{BODY}
第二，紧紧锚定目标任务。具体要达到以下目标。
一是凝心铸魂。{BODY}
二是锤炼品格。{BODY}
三是实干担当。{BODY}
第三，全面落实重点措施。{BODY}
三、切实加强领导
（一）明确领导责任
{BODY}
（二）强化督促指导
{BODY}
第一，加强督导。{BODY}
第二，严格考核。{BODY}
"""


library = library_fixture({"meeting.txt": SPEECH})


@pytest.mark.parametrize(
    ("point", "start"),
    [
        ("二（二）的三是", "三是实干担当"),
        ("二（二）", "第二，紧紧锚定目标任务"),
        ("三（二）", "（二）强化督促指导"),
    ],
)
def test_a_nested_point_where_the_part_numbers_its_points_otherwise(library, point, start):
    result = library.quote(point, speech_id=library.list()[0].id)
    assert result.quote is not None, (point, [c.path for c in result.candidates])
    assert result.quote.text.startswith(start)


def test_a_part_with_its_own_numbered_points_is_not_read_by_position(library):
    # 三、 has （一）（二） only: "三（三）" names nothing rather than its third point
    result = library.quote("三（三）", speech_id=library.list()[0].id)
    assert result.quote is None and not result.candidates
