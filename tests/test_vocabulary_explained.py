"""A numbered short form the archive explains in words (a note, a bracket opened by 即, a
sentence after a colon): a question typing one of the parts it lists finds the passages
that write only the short form, as a user sees them (fixtures written here)."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

from speechbot.index.vocabulary import mine_abbreviations

EXPLAINED = {
    "province-2026.txt": (
        "政府工作报告\n\n一、过去一年的工作\n\n"
        "全面开展“三清”行动，村容村貌明显改观。\n\n"
        "二、今年的重点任务\n\n"
        "推动商贸流通提质，支持夜间经济和社区商业发展。\n\n"
        "注释\n\n［1］“三清”：是指清垃圾、清沟渠、清杂物。\n"
    ),
    **filler_speeches(),
}

explained = library_fixture(EXPLAINED)


def test_a_part_a_note_lists_finds_the_passage_writing_only_the_short_form(explained):
    hits = explained.search("清沟渠做得怎么样", top=3)
    found = [hit for hit in hits if hit.text.startswith("全面开展")]
    assert found, [hit.text[:12] for hit in hits]  # the passage never writes 清沟渠
    bold = "".join(found[0].text[s:e] for s, e in found[0].spans)
    assert "三清" in bold  # found by the short form, which is shown in bold


def test_a_colon_a_bracket_or_a_comma_with_ji_lists_the_parts():
    text = (
        "［2］“两重”：是指国家重大战略实施和重点领域安全能力建设。"
        "实行“五定”，即定建设规模，定投资总额，定建设工期，并且实行严格的责任制度。"
        "搞“两头在外”（即原材料来源在外和产品销售市场在外）。"
    )
    mined = mine_abbreviations([text])
    assert mined["两重"] == ("国家重大战略实施", "重点领域安全能力建设")
    assert mined["五定"] == ("定建设规模", "定投资总额", "定建设工期")  # not the sentence after
    assert mined["两头在外"] == ("原材料来源在外", "产品销售市场在外")


def test_an_explanation_that_is_a_sentence_or_names_other_things_is_not_a_list():
    text = (
        "“三个转变”：一是从只管校内的秩序转变为校内校周边的秩序一起管理。"
        "“双一流”：中国特色、世界一流的大学和一流学科。"
        "“四网融合”：干线铁路、城际铁路、市域（郊）铁路。"
    )
    mined = mine_abbreviations([text])
    assert "三个转变" not in mined  # one long clause
    assert "中国特色" not in mined.get("双一流", ())  # shares no character with 一流
    assert "四网融合" not in mined  # no part names 网 or 融合
