"""Title lines without numbers inside numbered parts (a Hong Kong policy address): they are
the part's points; a part whose title names some of them ("扶貧安老助弱") holds the others
under those, and one title right above another holds it. Where titles nest and the part's
title does not say under which, none is read (a wrong path is worse than none); fewer than
three such lines are no list."""

from __future__ import annotations

import pytest
from conftest import library_fixture, library_of

from speechbot.index.outline import parse_outline

BODY = "政府會繼續推行各項措施，改善市民生活，促進經濟發展，令社會更加和諧。"

ADDRESS = f"""行政長官：主席、各位議員、各位市民：
(一) 經濟
{BODY}
金融業
{BODY}
貿易
{BODY}
旅遊業
{BODY}
(二) 扶貧安老助弱
扶貧
{BODY}
低收入在職家庭津貼
{BODY}
關愛基金
{BODY}
安老
安老服務計劃方案
{BODY}
居家安老
{BODY}
助弱
少數族裔
{BODY}
(三) 土地供應與房屋
土地供應
{BODY}
短中期土地供應
精簡程序 改善機制
{BODY}
檢討土地用途
{BODY}
房屋
{BODY}
公屋
{BODY}
(四) 交通運輸
路橋
{BODY}
其他公共交通
電車
{BODY}
渡輪
{BODY}
單車友善環境
{BODY}
(五) 結語
{BODY}
長遠目標
{BODY}
"""


def tree(text: str) -> list[tuple[int, str]]:
    return [(len(s.path), s.heading) for s in parse_outline(text).walk() if s.path]


def test_title_lines_are_the_parts_points_nested_where_one_holds_the_next():
    assert tree(ADDRESS) == [
        (1, "(一)經濟"),
        (2, "金融業"),
        (2, "貿易"),
        (2, "旅遊業"),
        (1, "(二)扶貧安老助弱"),
        (2, "扶貧"),
        (3, "低收入在職家庭津貼"),
        (3, "關愛基金"),
        (2, "安老"),
        (3, "安老服務計劃方案"),
        (3, "居家安老"),
        (2, "助弱"),
        (3, "少數族裔"),
        (1, "(三)土地供應與房屋"),
        (2, "土地供應"),
        (3, "短中期土地供應"),
        (4, "精簡程序 改善機制"),
        (4, "檢討土地用途"),
        (2, "房屋"),
        (3, "公屋"),
        (1, "(四)交通運輸"),
        (1, "(五)結語"),
    ]


def test_the_title_line_is_no_passage_and_its_text_is_under_it():
    root = parse_outline(ADDRESS)
    trade = next(s for s in root.walk() if s.title == "貿易")
    assert [p.text for p in trade.paragraphs] == [BODY]
    assert all(p.text != "貿易" for s in root.walk() for p in s.paragraphs)


library = library_fixture({"address.txt": ADDRESS})


@pytest.mark.parametrize(
    ("point", "start"),
    [("第二部分的第二項", "安老"), ("第一部分第三點", "旅遊業"), ("扶貧安老助弱的第三點", "助弱")],
)
def test_a_title_line_is_counted_among_its_siblings(library, point, start):
    result = library.quote(point, speech_id=library.list()[0].id)
    assert result.quote is not None, (point, [c.path for c in result.candidates])
    assert result.quote.text.startswith(start)


# a budget's relief measures, then its own parts as title lines; the PDF broke the second
# measure's line at a clause, so its heading line is half a sentence
BUDGET = f"""財政司司長：主席，我謹動議二讀《2013年撥款條例草案》。
紓緩措施
{BODY}
(一) 寬免 2013-2014年度商業登記費，讓 120萬名經營業務的人士受惠。
(二) 寬減 2012-2013年度 75%的利得稅，上限為 1萬元，有關扣減
會在 2012-2013年度最終應繳稅款反映。
迎接未來的挑戰
人口高齡化所帶來的挑戰，我們不容忽視，要及早規劃醫療和安老服務。
堅守財政紀律
政府會嚴守審慎理財的原則，量入為出，確保公共財政穩健。
政府收入
來年經濟預計溫和增長，本地生產總值實質增長一點五至二點五個百分點。
中期財政預測
預計中期內經營帳目大致平衡，財政儲備維持在穩健水平。
"""


def test_title_lines_after_a_broken_list_item_are_not_its_points():
    root = parse_outline(BUDGET)
    item = next(s for s in root.walk() if s.label.startswith("(二"))
    assert item.children == []
    assert [p.text for p in item.paragraphs] == ["會在 2012-2013年度最終應繳稅款反映。"]
    # the budget's own titles head their text (read within the speaker's turn), none of them
    # under the broken item
    income = next(s for s in root.walk() if s.title == "政府收入")
    assert "(二" not in "".join(
        s.label for s in root.walk() if income.path[: len(s.path)] == s.path
    )
    assert [p.text for p in income.paragraphs] == [
        "來年經濟預計溫和增長，本地生產總值實質增長一點五至二點五個百分點。"
    ]


def test_a_passage_after_them_is_not_shown_under_the_list_item(tmp_path):
    library = library_of(tmp_path, {"budget.txt": BUDGET})
    try:
        hits = library.search("本地生產總值實質增長")
        assert hits[0].text.startswith("來年經濟預計溫和增長")
        assert not any("寬減" in heading for heading in hits[0].path)
    finally:
        library.close()
