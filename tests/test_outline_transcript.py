"""A policy address read out in a council, its top parts numbered (一)…(十): the chair's
interruption does not end the part the speaker goes on with, and a 一、 list standing in a
later part is that part's, as it was in an earlier one."""

from __future__ import annotations

from speechbot.index.outline import parse_outline

BODY = "政府會繼續推行各項措施，改善市民生活，促進經濟發展，令社會更加和諧。"

ADDRESS = f"""主席：我現在請行政長官發表施政報告。
行政長官：主席、各位議員、各位市民：
(一) 引言
{BODY}
(二) 扶貧
{BODY}
計劃有兩個目標：
一、鼓勵自力更生，多勞多得，{BODY}
二、支援基層兒童，促進向上流動，{BODY}
{BODY}
甲議員：主席，報告沒有提及全民退休保障。
主席：甲議員，立即坐下。
(甲議員高聲叫喊)
主席：甲議員，立即離開會議廳。
行政長官：長者生活津貼已經實施，{BODY}
(三) 培育下一代
{BODY}
政府建議：
(1) 增加資助學額；
(2) 推行獎學金計劃。
為此，政府會：
一、加強升學輔導，{BODY}
二、支援職業教育，{BODY}
(四) 結語
{BODY}
"""


def test_the_speaker_resumes_inside_the_part_the_chair_interrupted():
    root = parse_outline(ADDRESS)
    part = next(s for s in root.children if s.label.startswith("(二)"))
    owned = [p.text for s in part.walk() for p in s.paragraphs]
    assert any(text.startswith("行政長官：長者生活津貼") for text in owned)
    # the interruption itself stands in no part
    assert any(p.text.startswith("主席：甲議員") for p in root.paragraphs)


def test_top_parts_stay_at_the_top_after_an_interruption_and_a_nested_list():
    root = parse_outline(ADDRESS)
    assert [s.heading for s in root.children] == [
        "(一)引言",
        "(二)扶貧",
        "(三)培育下一代",
        "(四)結語",
    ]
    third = root.children[2]
    assert [c.label for c in third.children] == ["(1)", "(2)", "一、", "二、"]
