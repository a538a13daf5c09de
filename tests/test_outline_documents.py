"""Outlines of whole files written for these tests (tests/data/outline/), read as ingest reads
them (loader, cleaning, outline): what a user sees as a speech's headings and paths."""

from __future__ import annotations

from pathlib import Path

from speechbot.index.ingest import build_speeches
from speechbot.index.loaders import load_text

DATA = Path(__file__).parent / "data" / "outline"


def speech(name: str):
    data = (DATA / name).read_bytes()
    (only,) = build_speeches(load_text(data, name), name)
    return only


def headings(name: str) -> list[tuple[int, str]]:
    return [(len(s.path), s.heading) for s in speech(name).sections() if s.path]


def path_of(name: str, words: str) -> str:
    for passage in speech(name).passages():
        if words in passage.text:
            return " › ".join(passage.headings)
    raise AssertionError(f"{words} is in no passage")


def test_a_bare_numeral_part_is_titled_by_nothing_but_its_number():
    # Selected-works style: "一" on its own line, running text after it, no part title
    assert [h for depth, h in headings("bare-parts.md") if depth == 1] == ["一", "二", "三"]
    assert path_of("bare-parts.md", "机耕队的同志们") == "一"
    assert path_of("bare-parts.md", "每亩耗油多少") == "二 › 第二，油料要算账"


def test_a_capital_numbered_first_line_is_the_top_part_not_the_title():
    # a Taiwan report's chapter "參、" on the first line, its 一、（一）1、(1) below it
    name = "tw-capital-parts.txt"
    assert headings(name)[:3] == [
        (1, "參、交 通"),
        (2, "一、上半年重要施政成果"),
        (3, "(一)公車路網調整"),
    ]
    assert path_of(name, "方便長者查詢") == (
        "參、交 通 › 一、上半年重要施政成果 › (一)公車路網調整 › 1、新闢幹線 › (2)增設候車亭四十座"
    )


def test_points_and_articles_named_with_unit_words():
    name = "points-and-articles.md"
    found = headings(name)
    assert [h for depth, h in found if depth == 1][:3] == [
        "第一点：关于冬修",
        "第二点：关于用水",
        "第三点，关于积肥",
    ]
    assert path_of(name, "上游和下游") == "第二点：关于用水"
    # an agreement's articles keep their own levels, numbered on through the text
    note = "注\u3000\u3000释 › 〔1〕指全县各公社订立的用水公约，摘录如下"
    assert path_of(name, "先保口粮田").startswith(f"{note} › 第一条 › 第二款")
    assert path_of(name, "通报批评").startswith(f"{note} › 第二条 › 第三款")


def test_a_run_on_page_split_at_its_named_questions():
    # a web page holding the speech in one line: "第一个问题：…" opens a part, its 第一，第二 inside
    name = "run-on-questions.txt"
    assert [h for depth, h in headings(name) if depth == 1] == [
        "第一个问题：充分肯定社区治理取得的进展",
        "第二个问题：下一步要抓好的几项工作",
    ]
    assert (
        path_of(name, "老年人办事")
        == "第一个问题：充分肯定社区治理取得的进展 › 第一，服务更加贴近群众"
    )
    assert (
        path_of(name, "数据要多跑路") == "第二个问题：下一步要抓好的几项工作 › 第二，用好信息平台"
    )


def test_a_table_of_contents_is_neither_headings_nor_text():
    name = "contents-page.txt"
    assert headings(name) == [
        (1, "壹、前言"),
        (1, "貳、施政成果"),
        (2, "一、農業發展"),
        (3, "(一)稻米產銷"),
        (2, "二、觀光推廣"),
    ]
    assert not any("......" in p.text for p in speech(name).passages())
    # "三、四十年前" is three or four decades, not a part 三
    assert path_of(name, "機械化比例") == "貳、施政成果 › 一、農業發展 › (一)稻米產銷"


def test_the_numbered_cells_of_a_table_are_no_headings():
    name = "table-cells.txt"
    assert [h for _, h in headings(name)] == [
        "一、交通建設",
        "(一)軌道運輸",
        "1、推動輕軌建設",
        "(1)藍線輕軌",
        "(2)綠線輕軌",
        "2、改善公車服務",
    ]
    assert (
        path_of(name, "工程開工") == "一、交通建設 › (一)軌道運輸 › 1、推動輕軌建設 › (1)藍線輕軌"
    )
    assert path_of(name, "新闢公車路線") == "一、交通建設 › (一)軌道運輸 › 2、改善公車服務"


def test_an_item_number_glued_to_a_figure_continues_its_list():
    found = [h for _, h in headings("glossary-numbers.txt")]
    assert found[-2:] == ["20.2030行动", "21.5+2服务站"]
    assert path_of("glossary-numbers.txt", "便民服务网络").endswith("› 21.5+2服务站")


def test_a_transcripts_turns_close_the_speechs_points():
    # after the last point, the chair speaks: no point of the address holds that
    name = "hk-transcript.txt"
    assert path_of(name, "偏遠鄉村").startswith("(3)由政府牽頭")
    assert path_of(name, "宣布休會") == ""
    assert path_of(name, "高聲叫喊") == ""


def test_a_refrain_is_no_list_of_points():
    # "——六十年来，…" three times: the speech's rhetoric, its paragraphs stay in the text
    name = "refrain.txt"
    assert [h for _, h in headings(name)] == ["第一，必须坚持实干", "第二，必须依靠群众"]
    assert path_of(name, "孩子们不再走") == ""


def test_headings_glued_to_their_text_in_a_run_on_page():
    name = "glued-headings.txt"
    assert [h for depth, h in headings(name) if depth == 1] == [
        "一、规划起草过程",
        "二、规划的主要考虑和基本框架",
        "三、需要说明的几个问题",
    ]
    assert path_of(name, "先后到十二个区县调研") == "一、规划起草过程"
    assert speech(name).title == "关于《全市养老服务体系建设规划》的说明"


def test_points_led_by_yao_and_dash_points_with_detail_lines():
    name = "yao-and-dashes.txt"
    found = headings(name)
    assert (2, "——粮食生产再获丰收") in found and (2, "——城乡面貌持续改善") in found
    assert path_of(name, "全年粮食产量") == "一、过去一年的工作 › ——粮食生产再获丰收"
    # after the last dash point, nothing shows where its detail ends: filed under the part
    assert path_of(name, "完成农村改厕") == "一、过去一年的工作"
    assert (3, "二要强化执行，狠抓落实") in found
    assert (
        path_of(name, "雷厉风行")
        == "二、今年的工作 › （一）加强干部队伍建设 › 二要强化执行，狠抓落实"
    )


def test_a_yao_point_is_quoted_by_its_name(tmp_path):
    from speechbot.index.library import Library

    library = Library(tmp_path / "data")
    try:
        (outcome,) = library.ingest([DATA / "yao-and-dashes.txt"])
        result = library.quote("第二部分的二要", speech_id=outcome.speech_ids[0])
        assert result.quote is not None
        assert "雷厉风行" in result.quote.text
    finally:
        library.close()


def test_yao_points_run_into_one_line_are_a_paragraph():
    name = "yao-and-dashes.txt"
    assert path_of(name, "轻车简从") == "二、今年的工作 › （二）改进工作作风"


def test_paragraphs_led_by_a_short_title_sentence_are_points_of_their_section():
    # a report whose bold lead sentences were lost: a run of paragraphs opening with a short
    # title sentence are the points of their （一）; the run-in 一是…二是 of one of them sits under it
    name = "lead-sentences.txt"
    found = headings(name)
    assert [h for depth, h in found if depth == 3] == [
        "提振居民消费",
        "扩大有效投资",
        "稳住房地产市场",
        "守牢粮食安全底线",
        "发展特色产业",
        "建设和美乡村",
    ]
    assert (
        path_of(name, "滚动实施重大项目")
        == "二、2032年重点工作 › （一）扩大有效需求 › 扩大有效投资"
    )
    assert path_of(name, "新建保障性住房") == (
        "二、2032年重点工作 › （一）扩大有效需求 › 稳住房地产市场 › 一是优化住房供给"
    )
    # the text run into the heading's line opens the section; "各位代表！" speaks to the hall,
    # within the part but under no point
    assert path_of(name, "消费和投资协同发力") == "二、2032年重点工作 › （一）扩大有效需求"
    assert path_of(name, "拿出实招硬招") == "二、2032年重点工作"
    # one short sentence opening one paragraph is prose, not a point
    assert path_of(name, "排查治理隐患") == "一、2031年工作回顾"


def test_a_bilingual_markdown_page_reads_without_its_markup_or_its_contents_list():
    # "&nbsp;" indents, "**一、…**" bold parts, "<br/>" before each translation, and a 目录 list
    # repeating the parts: the parts once, the lead sentences under them, no markup in the text
    name = "bilingual-page.md"
    assert headings(name) == [
        (1, "一、守护绿水青山"),
        (2, "守护“绿色屏障”"),
        (2, "森林资源持续增长"),
        (2, "河湖水质明显改善"),
        (2, "空气质量保持优良"),
        (1, "二、发展绿色产业"),
        (1, "三、共建美丽家园"),
    ]
    assert path_of(name, "整治入河排污口") == "一、守护绿水青山 › 河湖水质明显改善"
    texts = [p.text for p in speech(name).passages()]
    assert not any("&nbsp;" in t or "**" in t or "<br" in t for t in texts)
    assert any(t.startswith("全县坚持生态优先") for t in texts)
    assert any('"美丽庭院"' in t for t in texts)  # the markdown escape is read as the quote


def test_dash_points_run_into_one_line_stand_apart():
    # a page flattened to one line: each "——" point after a sentence (or a photo credit) is a
    # point of its own, and the paragraph after the last one is not part of it
    name = "run-on-dashes.txt"
    assert [h for _, h in headings(name)] == [
        "——面对突如其来的特大洪水，全市上下闻令而动，筑起了抵御洪水的坚固防线",
        "——面对突如其来的特大洪水，广大党员冲锋在前，哪里最危险就出现在哪里",
        "——面对突如其来的特大洪水，人民子弟兵闻汛而动，挽救了无数群众的生命财产",
    ]
    assert path_of(name, "日夜奋战在堤坝之上") == headings(name)[0][1]


def test_bracketed_numbers_run_into_a_paragraph_are_its_sub_points():
    # "一是…。（1）…。（2）…。（3）…" in one paragraph: the numbered sub-points stand under 一是
    name = "paren-run-in.txt"
    assert [(d, h) for d, h in headings(name) if d >= 2] == [
        (2, "一是农村教育均衡发展迈上新台阶"),
        (3, "（1）全面完成校舍改造任务"),
        (3, "（2）提高生均公用经费标准"),
        (3, "（3）城乡教育共同体初具规模"),
        (2, "二是学前教育加快发展"),
    ]
    assert path_of(name, "带动效应初步显现") == (
        "一、去年工作回顾 › 一是农村教育均衡发展迈上新台阶 › （3）城乡教育共同体初具规模"
    )


def test_the_translation_under_a_point_of_a_bilingual_page_is_no_heading():
    # "1.We stabilized…" translates the 一是 point above it: numbered, but no point of its own
    name = "bilingual-points.md"
    assert [label for _, label in headings(name)] == [
        "一、2032年工作回顾",
        "一是稳住了经济基本盘，市场主体稳步增长",
        "二是优先稳就业保民生，群众生活得到保障",
        "二、2033年重点工作",
        "（一）保持经济运行在合理区间",
    ]
    assert path_of(name, "城镇新增就业五千人") == (
        "一、2032年工作回顾 › 二是优先稳就业保民生，群众生活得到保障"
    )
    assert path_of(name, "加强定向调控") == "二、2033年重点工作 › （一）保持经济运行在合理区间"


def test_a_run_on_page_repeating_its_article_is_split_at_its_headings():
    # the page holds its article twice, on one line each, a break of two ideographic spaces
    # inside: the article is read once, its glued headings each on their own line
    name = "repeated-run-on.txt"
    assert [h for depth, h in headings(name) if depth == 1] == [
        "一、过去一年工作回顾",
        "二、今年工作总体部署",
        "三、今年重点工作",
    ]
    assert path_of(name, "顶住压力") == "一、过去一年工作回顾"
    assert path_of(name, "坚持把民生放在首位") == "二、今年工作总体部署 › 第二，坚持把民生放在首位"
    assert path_of(name, "建设两个产业园区") == "三、今年重点工作 › （二）培育新兴产业"
    assert path_of(name, "造林绿化一万亩") == "三、今年重点工作 › （三）加强生态保护"


def test_run_in_points_of_a_text_whose_only_heading_is_its_notes_part():
    # a statement with no heading of its own but a 注释 part: its run-in list is its structure
    text = (
        "关于时局的声明\n"
        "我们愿意同对方进行和平谈判，但必须以下列条件为基础：（一）停止一切军事行动；"
        "（二）释放全部政治犯；（三）召开各方代表会议，成立联合政府。这些条件是公正的。\n"
        "各界人士应当共同努力，争取和平早日实现。\n"
        "注　　释\n"
        "〔1〕见本书另一篇的注释。\n"
    )
    (only,) = build_speeches(load_text(text.encode(), "statement.md"), "statement.md")
    found = [s.heading for s in only.sections() if s.path]
    assert "（二）释放全部政治犯" in found, found
    passage = next(p for p in only.passages() if "释放全部政治犯" in p.text)
    assert passage.headings[-1] == "（二）释放全部政治犯"
