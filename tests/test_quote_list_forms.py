"""Named points in the forms users say them, on speeches written for these tests: a list named
with the speaker's own saying of it ("下面谈的几点意见"), the title of the point just named said
again before the next step ("(七) 交通運輸的第二項"), a part named by its title and 部份
("經濟部份的最後一點"), a bracketed number ("第(三)部份"), the noun a point is counted in
("第二個範疇的第三點"), and the last item of a list whose numbering starts again below it (a
table's items at the same level)."""

from __future__ import annotations

import pytest
from conftest import library_fixture, quoted

BODY = "要坚持稳中求进工作总基调，推动高质量发展，把各项工作做细做实。"

TALK = f"""在云海市基层代表座谈会上的讲话
同志们：
今天，我们召开这个座谈会，听取基层代表的意见和建议。{BODY}
下面，结合大家的发言，我谈几点意见。
第一，珍惜发展好局面。{BODY}
第二，坚持人民至上。{BODY}
第三，加强基层建设。{BODY}
第四，代表要发挥带头作用。{BODY}
"""

TEXT = "政府會繼續推動各項工作，並加強與各界的溝通和合作，確保各項措施落到實處。"
# a policy address read in a council's record: (一)…(四) parts, unnumbered titles below
# (under (三) at once)
ADDRESS = f"""立法會會議過程正式紀錄
2031年1月15日星期三
行政長官：主席，各位議員。
(一) 引言
{TEXT}
(二) 經濟
{TEXT}
金融
{TEXT}
專業服務
{TEXT}
物流
{TEXT}
現代化農業
{TEXT}
(三) 交通運輸
路橋
{TEXT}
鐵路
{TEXT}
其他公共交通
{TEXT}
(四) 結語
{TEXT}
"""

PLAN = "本府將持續推動各項計畫，並逐年檢討執行成效，以照顧市民的健康需求。"
# a mayor's report: 1、…4、 under (二), then a table whose items run on 2、3、 at that level
REPORT = f"""雲海市政府施政報告
一、健康城市
(一) 運動中心
{PLAN}
(二) 醫療服務
1、規劃市立醫療體系
{PLAN}
2、設置偏遠地區醫療服務站
{PLAN}
3、增加復康巴士數量
{PLAN}
4、婚後孕前及不孕症健檢補助
{PLAN}
表 3：健檢補助項目 1、婚後孕前檢查 每案600元
2、孕期檢查：
{PLAN}
3、不孕症補助檢查：
{PLAN}
二、安全城市
(一) 提升警消能量
{PLAN}
"""

library = library_fixture({"talk.txt": TALK, "address.txt": ADDRESS, "report.txt": REPORT})


@pytest.mark.parametrize(
    ("source", "point", "path"),
    [
        # the speaker's saying ("下面谈的"), which the lead writes with words between
        ("talk.txt", "下面谈的几点意见的第三点", ("第三，加强基层建设",)),
        ("talk.txt", "我讲的几点意见第四点", ("第四，代表要发挥带头作用",)),
        # the part's title said again after its number
        ("address.txt", "(三) 交通運輸的第二項", ("(三)交通運輸", "鐵路")),
        ("address.txt", "(三)交通运输的最后一点", ("(三)交通運輸", "其他公共交通")),
        # a part named by its title and 部份
        ("address.txt", "經濟部份的最後一點", ("(二)經濟", "現代化農業")),
        ("address.txt", "经济部分的第二点", ("(二)經濟", "專業服務")),
        # the number bracketed as the text prints it ("第(三)部份"); a small unit (小項)
        ("address.txt", "第(三)部份第二點", ("(三)交通運輸", "鐵路")),
        ("report.txt", "第一部份第（二）項第三小項", ("(二)醫療服務", "3、增加復康巴士數量")),
        # the noun the point before is counted in, which names no list ("範疇")
        ("report.txt", "第一部份第二個範疇的第三點", ("(二)醫療服務", "3、增加復康巴士數量")),
        # the last item of the list, not the table's item numbered anew after it
        ("report.txt", "醫療服務的最後一項", ("(二)醫療服務", "4、婚後孕前及不孕症健檢補助")),
    ],
)
def test_a_named_point_said_a_users_way(library, source, point, path):
    quote = quoted(library, point, source)
    assert quote.path[-len(path) :] == path, quote.path
    assert quote.text.startswith(path[-1]), quote.text[:40]


def test_a_part_that_is_not_named_by_its_title_is_not_found(library):
    # 醫療 is no title of the address: nothing, rather than some part's last point
    speech_id = next(s.id for s in library.list() if s.source == "address.txt")
    result = library.quote("醫療部份的最後一點", speech_id=speech_id)
    assert result.quote is None or "醫療" in "".join(result.quote.path), result.quote.path
