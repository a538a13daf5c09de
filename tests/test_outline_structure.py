"""The outline of documents written for these tests, one phenomenon each: a paragraph is filed
under the section it belongs to, or under a parent the parser is sure of, never a wrong sibling."""

from __future__ import annotations

from speechbot.index.model import KIND_APPENDIX
from speechbot.index.outline import parse_outline, spans


def outline(text: str) -> list[tuple[int, str]]:
    """(depth, heading) of every section in order."""
    root = parse_outline(text)
    return [(len(s.path), s.heading) for s in root.walk() if s.path]


def owner_of(text: str, words: str) -> str:
    """The heading path of the section whose own paragraphs hold ``words``."""
    root = parse_outline(text)
    for section in root.walk():
        if any(words in p.text for p in section.paragraphs):
            path, node = [], root
            for position in section.path:
                node = node.children[position - 1]
                path.append(node.heading)
            return " › ".join(path)
    raise AssertionError(f"{words} is in no paragraph")


RESTARTING = """（一）稳定宏观经济
继续实施积极的财政政策。一是保持适度的赤字规模。今年赤字按预算执行。
赤字规模保持稳定，财政运行平稳。
二是优化支出结构。压减一般性支出。
三是加强债务管理。防范地方债务风险。
继续实施稳健的货币政策。一是保持流动性合理充裕。广义货币增长与名义增长相匹配。
二是优化信贷结构。加大对小微企业支持。
三是扩大直接融资。四是加强风险管理。完善监管制度。
（二）扩大国内需求
促进消费持续恢复。
"""


def test_a_list_that_restarts_under_its_parent_opens_a_new_list_there():
    headings = outline(RESTARTING)
    assert (2, "一是保持适度的赤字规模") in headings
    assert (2, "一是保持流动性合理充裕") in headings
    # the monetary policy lead sentence is the parent's, not a paragraph of the fiscal 三是
    assert owner_of(RESTARTING, "继续实施稳健的货币政策") == "（一）稳定宏观经济"
    assert owner_of(RESTARTING, "广义货币增长") == "（一）稳定宏观经济 › 一是保持流动性合理充裕"
    # the continuation paragraph stays in its point
    assert owner_of(RESTARTING, "赤字规模保持稳定") == "（一）稳定宏观经济 › 一是保持适度的赤字规模"


def test_points_run_into_one_paragraph_continue_the_open_list():
    headings = outline(RESTARTING)
    assert (2, "三是扩大直接融资") in headings and (2, "四是加强风险管理") in headings
    assert owner_of(RESTARTING, "完善监管制度") == "（一）稳定宏观经济 › 四是加强风险管理"
    assert owner_of(RESTARTING, "促进消费持续恢复") == "（二）扩大国内需求"


def test_a_speech_whose_first_point_starts_mid_paragraph():
    text = "同志们：\n今天我讲三点意见。第一，提高认识。这是前提。\n第二，抓好落实。\n第三，加强领导。\n"
    headings = outline(text)
    assert [h for _, h in headings] == ["第一，提高认识", "第二，抓好落实", "第三，加强领导"]
    assert owner_of(text, "今天我讲三点意见") == ""


APPENDIX = """一、过去一年工作回顾
经济运行总体平稳。
二、今年工作安排
三、加强政府自身建设
四、推进依法行政
各级政府要依法行政。
附件1
今年的十件民生实事
一、增加托育服务
二、改造老旧小区
附件2
名词解释
1.新质生产力：以创新为主导的生产力。
"""


def test_appendix_parts_are_marked_and_keep_their_own_numbering():
    root = parse_outline(APPENDIX)
    main = [s for s in root.children if s.kind != KIND_APPENDIX]
    appendices = [s for s in root.children if s.kind == KIND_APPENDIX]
    assert [s.heading for s in main] == [
        "一、过去一年工作回顾",
        "二、今年工作安排",
        "三、加强政府自身建设",
        "四、推进依法行政",
    ]
    assert [s.heading for s in appendices] == ["附件1 今年的十件民生实事", "附件2 名词解释"]
    assert [c.heading for c in appendices[0].children] == ["一、增加托育服务", "二、改造老旧小区"]
    assert appendices[1].children[0].heading == "1.新质生产力"


def test_dash_points_form_a_list_and_a_lone_dash_line_does_not():
    text = (
        "一、工作回顾\n——经济运行稳中向好。增长好于预期。\n——科技创新成果丰硕。研发投入增加。\n"
        "回顾过去，成绩来之不易。\n二、下一步安排\n——引自某次讲话\n要坚定信心。\n"
    )
    headings = outline(text)
    assert (2, "——经济运行稳中向好") in headings and (2, "——科技创新成果丰硕") in headings
    assert not any("引自" in h for _, h in headings)
    assert owner_of(text, "回顾过去") == "一、工作回顾"


def test_numbering_written_with_capitals_spaces_and_full_width_digits():
    text = (
        "壹、施政理念\n我们坚持以民为本。\n一、 推动产业升级\n( 一 )发展数字经济\n"
        "１．建设数据中心。\n2 100亿元的投资已经到位。\n貳、未來展望\n持續努力。\n"
    )
    headings = outline(text)
    assert (1, "壹、施政理念") in headings and (1, "貳、未來展望") in headings
    assert (2, "一、 推动产业升级") in headings or (2, "一、推动产业升级") in headings
    assert any(h.startswith("( 一 )") and depth == 3 for depth, h in headings)
    assert any(h.startswith("１．") and depth == 4 for depth, h in headings)
    assert not any(h.startswith("2 100") for _, h in headings)


def test_a_numeral_and_a_space_before_a_short_title_is_a_heading():
    text = "论几个关系\n一 重工业和轻工业\n重点是重工业。\n二 沿海和内地\n要利用沿海。\n"
    assert [h for _, h in outline(text)] == ["一 重工业和轻工业", "二 沿海和内地"]


RUN_IN_DI_SHI = """一、文艺为谁
所以我们的文艺，第一是为工人的，这是领导阶级。第二是为农民的，他们是同盟军。第三是为兵士的，这是主力。
二、关于次序
必须确定以下次序：
第一是国营工业的生产。这是基础，要先恢复。
第二是私营工业的生产。要照顾。
三、其他
质量第一是企业的生命。
"""


def test_points_written_first_is_second_is_like_one_is():
    headings = outline(RUN_IN_DI_SHI)
    assert (2, "第一是为工人的") in headings and (2, "第三是为兵士的") in headings
    assert owner_of(RUN_IN_DI_SHI, "他们是同盟军") == "一、文艺为谁 › 第二是为农民的"
    # on their own lines too
    assert owner_of(RUN_IN_DI_SHI, "要先恢复") == "二、关于次序 › 第一是国营工业的生产"
    assert owner_of(RUN_IN_DI_SHI, "必须确定以下次序") == "二、关于次序"
    # one "第一是" with no second is prose
    assert owner_of(RUN_IN_DI_SHI, "质量第一是") == "三、其他"


NO_HEADINGS = """同志们：
今天我讲几点意见。
做好今年工作，要做到：一是提高认识，统一思想；二是狠抓落实，不尚空谈；三是加强领导，压实责任。
最后，祝大家新年快乐。
"""


def test_a_speech_without_headings_has_the_points_run_into_its_paragraphs():
    assert [h for _, h in outline(NO_HEADINGS)] == ["一是提高认识", "二是狠抓落实", "三是加强领导"]
    assert owner_of(NO_HEADINGS, "不尚空谈") == "二是狠抓落实"
    assert owner_of(NO_HEADINGS, "做好今年工作") == ""
    assert owner_of(NO_HEADINGS, "新年快乐") == ""


OPENED_BY_HEADING = """（一）扩大国内需求。今年重点做好以下工作：一是稳定消费，推动消费升级。
二是扩大有效投资。加快项目建设。
三是畅通经济循环。
（二）发展现代产业
正文。
"""


def test_a_list_opened_on_its_heading_line_goes_on_below_it():
    headings = outline(OPENED_BY_HEADING)
    assert [h for depth, h in headings if depth == 2] == [
        "一是稳定消费",
        "二是扩大有效投资",
        "三是畅通经济循环",
    ]
    assert owner_of(OPENED_BY_HEADING, "今年重点做好") == "（一）扩大国内需求"
    assert owner_of(OPENED_BY_HEADING, "加快项目建设") == "（一）扩大国内需求 › 二是扩大有效投资"


RELEASED_THEN_POINTS = """（一）稳定增长
1.扩大消费。落实以旧换新政策，提振大宗消费。
2.扩大投资。加快重大项目建设，带动社会投资。
3.稳定外贸。支持企业开拓市场，稳住外贸基本盘。
以上三项要统筹推进，各地要抓好以下几点。
（1）加强组织领导。各地要建立工作专班，定期调度。
（2）压实工作责任。层层分解任务，严格考核问责。
（二）深化改革
正文。
"""


def test_points_after_the_paragraphs_a_list_releases_are_the_parents():
    assert owner_of(RELEASED_THEN_POINTS, "以上三项") == "（一）稳定增长"
    assert owner_of(RELEASED_THEN_POINTS, "定期调度") == "（一）稳定增长 › （1）加强组织领导"
    assert owner_of(RELEASED_THEN_POINTS, "严格考核") == "（一）稳定增长 › （2）压实工作责任"
    assert owner_of(RELEASED_THEN_POINTS, "稳住外贸") == "（一）稳定增长 › 3.稳定外贸"


LONE_QUESTION = """一
第一个问题：我们的文艺是为什么人的？
这个问题本来早已解决了。
二
为什么人服务的问题解决了，接着的问题就是如何去服务。
"""


def test_a_first_question_with_no_second_is_no_part():
    assert [h for _, h in outline(LONE_QUESTION)] == ["一", "二"]
    assert owner_of(LONE_QUESTION, "早已解决") == "一"
    parts = "第一个问题：认识进展。\n正文一。\n第二个问题：把握挑战。\n正文二。\n"
    assert [h for _, h in outline(parts)] == ["第一个问题：认识进展", "第二个问题：把握挑战"]


def test_nothing_is_lost_in_any_of_these_documents():
    for text in (
        RESTARTING,
        APPENDIX,
        RUN_IN_DI_SHI,
        NO_HEADINGS,
        OPENED_BY_HEADING,
        RELEASED_THEN_POINTS,
        LONE_QUESTION,
    ):
        root = parse_outline(text)
        covered = "".join(text[a:b] for a, b in spans(root))
        assert covered.replace("\n", "") == text.replace("\n", "")


NOTES = """一、关于立场问题
我们是站在人民大众的立场。亭子间的作家要到群众中去。
注释
〔1〕亭子间是旧式里弄房子中的小房间，位置在楼梯中间的平台上，狭小黑暗。当年清贫的作家常租这种房间居住。
〔2〕这里说的态度，是指对各方面人的态度。
"""


def test_a_numbered_note_keeps_its_first_sentence_in_its_paragraph():
    # the note's first sentence is its definition: a hit on the note shows it, not only
    # the sentences after it
    root = parse_outline(NOTES)
    note = next(s for s in root.walk() if s.heading.startswith("〔1〕"))
    (paragraph,) = note.paragraphs
    assert paragraph.text.startswith("〔1〕亭子间是旧式里弄房子中的小房间")
    assert paragraph.text.endswith("当年清贫的作家常租这种房间居住。")
