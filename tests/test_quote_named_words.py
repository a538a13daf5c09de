"""Points named by the words of their heading or of their list, on a report written for these
tests: "区域联动那一项重点工作", "生态那一部分", "…里讲…那一条", "最后一项重点工作", a list
named with its quoted words ("“十六五”时期和2030年工作回顾中的第二项"), a speech named
before "里", and a member's question in a council transcript ("…議員質詢的第二項")."""

from __future__ import annotations

import pytest

from speechbot.index.library import Library

BODY = "要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，推动高质量发展。"

REPORT = f"""2031年云海省政府工作报告
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。{BODY}
一、“十六五”时期和2030年工作回顾
（一）经济实力稳步增强
{BODY}
（二）创新动能持续释放
{BODY}
二、生态文明建设
{BODY}
（一）推进蓝天保卫战
{BODY}
（二）推进流域综合治理
{BODY}
三、2031年重点工作
（一）扩大有效需求
{BODY}
（二）强化区域联动
{BODY}
（三）推进平安云海建设
{BODY}
（四）深化干部人事制度改革
{BODY}
四、全面加强党的建设
（一）加强思想建设
{BODY}
（二）加强基层党组织建设
{BODY}
"""

# a council's written questions (Traditional): each member's question leads into its points
QUESTIONS = """立法會會議過程正式紀錄
書面答覆
以下為議員的書面質詢及政府的書面答覆，按提問次序排列，各項答覆均由有關政策局局長提供。
李文山議員：主席，據報本港多個海濱長廊的單車徑設施不足，市民時有投訴。就此，政府可否告知本會：
(一) 過去3年，各區海濱長廊的單車徑總長度為何；
(二) 當局有否計劃在東區海濱增建單車停泊處；及
(三) 當局會否檢討海濱長廊的管理模式？
發展局局長：主席，就李文山議員的質詢，我的答覆如下：
(一) 過去3年，各區海濱長廊的單車徑總長度維持在約二十公里。
(二) 當局正研究在東區海濱增建單車停泊處。
(三) 當局會適時檢討海濱長廊的管理模式。
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("named-words-docs")
    (folder / "yunhai-2031.txt").write_text(REPORT, "utf-8")
    (folder / "council-questions.txt").write_text(QUESTIONS, "utf-8")
    library = Library(tmp_path_factory.mktemp("named-words-data"))
    assert all(o.ok for o in library.ingest(sorted(folder.iterdir())))
    yield library
    library.close()


def _path(library, request, scoped=True, source="yunhai-2031.txt"):
    speech_id = next(i.id for i in library.list() if i.source == source) if scoped else None
    result = library.quote(request, speech_id=speech_id)
    assert result.quote is not None, (request, [c.path for c in result.candidates])
    return result.quote.path


@pytest.mark.parametrize(
    "request_, last",
    [
        ("区域联动那一项重点工作", "（二）强化区域联动"),
        ("今年重点工作里平安建设那一条", "（三）推进平安云海建设"),
        ("重点工作里讲干部人事制度那一条", "（四）深化干部人事制度改革"),
        ("讲生态文明的那一部分", "二、生态文明建设"),
        ("最后一项重点工作", "（四）深化干部人事制度改革"),
        ("“十六五”时期和2030年工作回顾中的第二项", "（二）创新动能持续释放"),
        # "的" inside the list's words is no joiner between steps
        ("党的建设的第二项", "（二）加强基层党组织建设"),
        # "…的几项措施": the list named by what it counts
        ("生态文明建设的几项措施中的第二项", "（二）推进流域综合治理"),
    ],
)
def test_a_point_named_by_words_is_quoted_with_its_path(library, request_, last):
    assert _path(library, request_)[-1] == last


def test_a_speech_named_before_li_then_its_list_and_point(library):
    path = _path(library, "云海省2031年政府工作报告里2031年重点工作的第二项", scoped=False)
    assert path == ("三、2031年重点工作", "（二）强化区域联动")


def test_a_members_question_is_named_by_the_member_and_its_subject(library):
    # "質詢" names the kind of text, not words of the question's lead-in
    for request in ("李文山議員質詢的第二項", "李文山議員關於單車徑質詢的第二點"):
        path = _path(library, request, source="council-questions.txt")
        assert path[-1].startswith("(二)當局有否計劃在東區海濱增建單車停泊處")
