"""Points named by the words of their heading or of their list, on a report written for these
tests: "区域联动那一项重点工作", "生态那一部分", "…里讲…那一条", "最后一项重点工作", a list
named with its quoted words ("“十六五”时期和2030年工作回顾中的第二项"), and a speech named
before "里"."""

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
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("named-words-docs")
    (folder / "yunhai-2031.txt").write_text(REPORT, "utf-8")
    library = Library(tmp_path_factory.mktemp("named-words-data"))
    assert all(o.ok for o in library.ingest(sorted(folder.iterdir())))
    yield library
    library.close()


def _path(library, request, scoped=True):
    speech_id = library.list()[0].id if scoped else None
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
    ],
)
def test_a_point_named_by_words_is_quoted_with_its_path(library, request_, last):
    assert _path(library, request_)[-1] == last


def test_a_speech_named_before_li_then_its_list_and_point(library):
    path = _path(library, "云海省2031年政府工作报告里2031年重点工作的第二项", scoped=False)
    assert path == ("三、2031年重点工作", "（二）强化区域联动")
