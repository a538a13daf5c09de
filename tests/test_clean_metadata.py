"""Titles, dates and speakers a user can cite, taken from the text: never a file name, never a
news dateline.  The documents are written for these tests, one per phenomenon."""

from __future__ import annotations

from speechbot.index.clean import clean
from speechbot.index.library import Library

NATIONAL_REPORT_NO_TITLE = """各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2018年工作回顾
过去一年，我们顶住压力，稳住了就业和物价。
二、2019年工作总体部署
今年要把握好节奏，守住底线。
"""

PROVINCE_REPORT_BARE_TITLE = """政府工作报告
——2026年1月26日在云海省第十四届
人民代表大会第五次会议上
云海省省长 林默
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
全省粮食再获丰收，山区公路全部贯通。
"""

DATELINE_FIRST = """新华社北京3月17日电
政府工作报告——2016年3月5日在第十二届全国人民代表大会第四次会议上国务院总理\u00a0 周明川
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2015年工作回顾
过去一年，外部需求偏弱，国内结构调整任务很重。
"""

RUN_IN_DATED_TITLE = (
    "新华社海城5月6日电\u3000桥连两岸　共谋发展——在海城港口合作论坛开幕式上的致辞"
    "（2024年5月6日，海城）中华人民共和国主席\u3000张明远  当地时间5月6日上午，论坛在海城开幕。"
    "新华社记者 李四 摄尊敬的各位来宾，女士们，先生们：  很高兴来到海城，同大家共商港口合作。"
    "  港口连着航线，航线连着民心。\n"
)


def _one(text: str, filename: str = "doc.txt"):
    (part,) = clean(text, filename)
    return part


def test_national_report_without_a_title_line_is_named_by_its_year():
    part = _one(NATIONAL_REPORT_NO_TITLE, "gov-report-2019.txt")
    assert part.title == "2019年政府工作报告"


def test_province_report_with_a_bare_title_gets_province_and_year():
    part = _one(PROVINCE_REPORT_BARE_TITLE)
    assert part.title == "云海省2026年政府工作报告"
    assert (part.date, part.speaker) == ("2026-01-26", "林默")


def test_a_news_dateline_is_never_a_title():
    part = _one(DATELINE_FIRST)
    assert part.title == "2016年政府工作报告"
    assert (part.date, part.speaker) == ("2016-03-05", "周明川")


def test_title_run_into_a_news_page_with_date_and_speaker():
    part = _one(RUN_IN_DATED_TITLE)
    assert part.title == "桥连两岸　共谋发展——在海城港口合作论坛开幕式上的致辞"
    assert (part.date, part.speaker) == ("2024-05-06", "张明远")


def test_a_file_name_is_never_a_title():
    text = "尊敬的各位来宾：\n晚上好！\n秋风送爽，果实满枝，我们在江边相聚，共叙合作情谊。\n"
    part = _one(text, "xi-2020-01-18-banquet.txt")
    assert "banquet" not in part.title
    assert part.title.startswith("秋风送爽，果实满枝")


def test_the_date_the_speech_was_given_comes_before_the_page_date():
    text = (
        "2009年03月16日\n2009年政府工作报告\n——2009年3月5日在第十一届全国人民代表大会第二次会议上\n"
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2008年工作回顾\n过去一年很不平凡。\n"
    )
    assert _one(text).date == "2009-03-05"


def test_full_width_digits_in_the_date_line():
    text = "2006年02月23日\n1956年政府工作报告\n——１９５６年６月１５日在第一届全国人民代表大会第三次会议上\n各位代表：\n报告如下。\n"
    part = _one(text)
    assert (part.title, part.date) == ("1956年政府工作报告", "1956-06-15")


def test_title_and_author_joined_by_a_mark():
    text = "守住青山绿水 建好美丽家园※张明远一\n保护生态环境，就是保护生产力。\n"
    part = _one(text)
    assert (part.title, part.speaker) == ("守住青山绿水 建好美丽家园", "张明远")


def test_list_shows_the_title_from_the_text(tmp_path):
    library = Library(tmp_path / "data")
    try:
        outcome = library.ingest_bytes(NATIONAL_REPORT_NO_TITLE.encode(), "gov-report-2019.txt")
        assert outcome.ok, outcome.error
        assert [s.title for s in library.list()] == ["2019年政府工作报告"]
    finally:
        library.close()


def test_markdown_front_matter_gives_the_title_and_stays_out_of_the_text():
    text = (
        '---\nlayout: post\ntitle: "二〇二二年新年贺词"\ndate: 2022-03-02\n---\n\n'
        "大家好，新的一年即将到来。我在北京向大家致以新年祝福！\n"
    )
    part = _one(text, "new-year-message.md")
    assert part.title == "二〇二二年新年贺词"
    assert "layout" not in part.text and part.text.startswith("大家好")


def test_a_dated_running_header_is_not_the_title():
    page = (
        "议事录  —  2012年 11月 21日\n{n}\n"
        + "会议正式记录\n"
        + "".join(
            f"议员甲：主席，我想就本港的交通规划提出第{i}项质询，请政府在答复时一并说明原因和\n"
            f"时间表，并交代有关部门在过去{i + 1}年内所做的工作和取得的成效以及下一步的具体安\n"
            "排。\n"
            f"议事录  —  2012年 11月 21日\n{i + 100}\n"
            for i in range(1, 6)
        )
    )
    part = _one(page.replace("{n}", "99"))
    assert part.title == "会议正式记录"
    assert "议事录" not in part.text


def test_speaker_named_under_the_title():
    text = (
        "团结奋斗 共创新局\n——在全市青年创业大会上的讲话\n王志远\n"
        "同志们：\n今天我们召开全市青年创业大会，总结经验、部署工作。\n"
    )
    part = _one(text)
    assert part.title == "团结奋斗 共创新局"
    assert (part.speaker, part.occasion) == ("王志远", "全市青年创业大会")


def test_speaker_after_a_title_of_office():
    text = (
        "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　周明川\n"
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2023年工作回顾\n过去一年很不平凡。\n"
    )
    part = _one(text)
    assert (part.title, part.date, part.speaker) == ("2024年政府工作报告", "2024-03-05", "周明川")


def test_a_page_title_repeated_by_the_heading_is_named_once():
    text = (
        "1990年国务院政府工作报告\n1990年政府工作报告\n为经济的稳定发展而奋斗\n"
        "——1990年3月20日在第七届全国人民代表大会第三次会议上\n各位代表：\n报告如下。\n"
    )
    assert _one(text).title == "1990年国务院政府工作报告 为经济的稳定发展而奋斗"


def test_a_short_opening_sentence_stays_in_the_text():
    part = _one(
        "在全省大会上的讲话\n（2025年1月2日）\n今天，我们隆重集会。\n"
        "这是一个好日子，大家辛苦了，我们要继续努力奋斗，把事情办好办实，为人民谋幸福。\n"
    )
    assert part.title == "在全省大会上的讲话" and part.date == "2025-01-02"
    assert part.text.startswith("今天，我们隆重集会。")


def test_a_speech_without_a_title_is_named_after_the_occasion_its_opening_names():
    tail = "我谨代表中国政府和中国人民，表示热烈的祝贺！合作要继续深化，共同发展要继续推进。"
    part = _one("尊敬的各位嘉宾：\n值此云海合作论坛第三届年会开幕之际，" + tail + "\n")
    assert part.title == "在云海合作论坛第三届年会开幕式上的讲话"
    part = _one(
        "同志们，朋友们：\n今天，我们在这里隆重集会，纪念云海大桥建成50周年。" + tail + "\n"
    )
    assert part.title == "在纪念云海大桥建成50周年大会上的讲话"


def test_a_yearly_address_announced_by_its_news_lead_is_titled_by_it():
    text = (
        "  新华社北京12月31日电  新年前夕，国家主席通过广播电视和互联网，发表了二〇四一年新年贺词。"
        "全文如下：  大家好！在这辞旧迎新的美好时刻，我向大家致以新年的祝福！  这一年，我们走得很坚实。\n"
    )
    assert _one(text).title == "2041年新年贺词"


LETTER_SPACED_TITLE = """市 議 會 定 期 會
市 長 施 政 報 告
壹、前言
本市改制以來，各項建設穩步推進，感謝議會支持。
貳、施政規劃
一、交通建設
捷運路網持續延伸。
"""


def test_a_layouts_letter_spaced_title_is_cited_without_its_spaces():
    (speech,) = clean(LETTER_SPACED_TITLE, "report.txt")
    assert "市長施政報告" in speech.title and "市 長" not in speech.title


def test_a_page_trail_above_the_title_names_no_speaker():
    # a news page's "you are here" trail: its short lines are not a byline
    text = (
        "您的位置:\n首页\n>\n本地要闻\n2026年政府工作报告\n来源：云海日报\n"
        "——2026年1月28日在云海省第十四届人民代表大会第四次会议上\n省长　林默\n"
        "各位代表：\n现在，我代表省人民政府，向大会报告工作。\n一、2025年工作回顾\n过去一年很不平凡。\n"
    )
    assert _one(text).speaker == "林默"


def test_a_party_congress_report_is_dated_by_its_congress(tmp_path):
    text = (
        "同志们：\n现在，我代表第十七届中央委员会向大会作报告。\n"
        "一、过去五年的工作\n五年来，我们团结奋斗，各项事业取得新的进展。\n"
    )
    part = _one(text, "congress.txt")
    assert (part.title, part.date) == ("在中国共产党第十八次全国代表大会上的报告", "2012-11-08")
    library = Library(tmp_path / "data")
    try:
        assert library.ingest_bytes(text.encode(), "congress.txt").ok
        (info,) = library.list()
        assert (info.title, info.date) == ("在中国共产党第十八次全国代表大会上的报告", "2012-11-08")
    finally:
        library.close()


def test_a_new_year_message_is_dated_on_the_eve():
    text = (
        "新华社北京12月31日电 新年前夕，国家主席通过广播电视发表了二〇三〇年新年贺词。全文如下：\n"
        "大家好！2030年即将到来，我向大家致以新年的祝福！\n"
    )
    assert _one(text, "message.txt").date == "2029-12-31"
    written_in_figures = "新年前夕，主席发表2031年新年贺词。\n大家好！新年就要到了。\n"
    assert _one(written_in_figures, "message.txt").date == "2030-12-31"


def test_a_speech_of_no_fixed_occasion_gets_no_date_it_does_not_say():
    text = "同志们：\n今天我们召开这次座谈会，听取大家的意见。\n一、关于形势\n形势总体向好。\n"
    assert _one(text, "talk.txt").date is None
