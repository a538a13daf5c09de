"""Hong Kong and Taiwan texts in Traditional characters (issue 14): a Taiwanese report numbered
壹、貳、 over 一、(一) in a print layout, a chapter of one printed alone, a speech opening on its
salutation, and a budget read in a council's record after the sitting's questions. A user asks
for a point in Traditional or Simplified characters and sees the heading and where it stands."""

from __future__ import annotations

import pytest
from conftest import library_of, quoted

from speechbot.index.model import KIND_PART
from speechbot.index.outline import parse_outline

LONG = (
    "本府將持續推動各項建設計畫，提升市民生活品質，並與中央政府密切合作，爭取更多資源投入地方發展"
)


def wrapped(sentence: str = LONG, width: int = 20) -> str:
    """A paragraph as a PDF layout prints it: broken at the measure, mid-sentence."""
    text = sentence + "。"
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


# a city's policy report: chapters 壹、貳、參、肆, its parts 一、二、 inside 貳; the budget
# table before 肆、結語 ends on a line without punctuation ("說 明")
REPORT = "\n".join(
    [
        "市長施政報告",
        "壹、前言",
        wrapped(),
        "貳、施政規劃與執行",
        "一、捷運城市",
        "(一)發展無縫公共運輸",
        wrapped(),
        "(二)推動台鐵捷運化",
        wrapped(),
        "(三)建構完善轉運樞紐",
        wrapped(),
        "二、樂活城市",
        "(一)婦女權益",
        wrapped(),
        "(二)老人福利",
        wrapped(),
        "參、預算編列情形",
        wrapped(),
        "單位：新臺幣千元",
        "說 明",
        "肆、結語",
        wrapped(),
    ]
)

# one chapter of a city's report, printed alone: its number is the report's, its parts 一、二、
CHAPTER = "\n".join(
    [
        "肆、文 化",
        "一、重要施政成果",
        "(一)文化臺北計畫",
        LONG + "。",
        "(二)老房子文化運動計畫",
        LONG + "。",
        "二、已實施之創新作為",
        "(一)臺北文化護照",
        LONG + "。",
        "三、未來施政重點",
        "(一)臺北文化生活圈營造計畫",
        LONG + "。",
        "(二)藝文館所人才培育計畫",
        LONG + "。",
    ]
)

SPEECH = "\n\n".join(
    [
        "各位友邦的元首與貴賓、現場的好朋友，全體國人同胞，大家好",
        "感謝與承擔",
        LONG + "。",
        "為年輕人打造一個更好的國家",
        LONG + "。",
        "第一、經濟結構的轉型",
        LONG + "。",
        "第二、強化社會安全網",
        LONG + "。",
        "結語",
        LONG + "。",
    ]
)

BODY = "政府會繼續推行各項措施，改善市民生活，促進經濟發展，令社會更加和諧穩定。"

# a sitting: a member's question numbered (一)(二), the chair, then the budget speech with
# titles only, a numbered list inside it, an interruption, and the chair addressed after 結語
SITTING = "\n".join(
    [
        "陳議員：主席，關於長者醫療券，政府可否告知本會：",
        "(一)過去3年每年使用醫療券的長者人數為何；及",
        "(二)當局會否降低受惠年齡？",
        "局長：主席，就問題的兩部分，現答覆如下：",
        "(一)過去3年的使用人數見附表。",
        "(二)我們會研究降低受惠年齡。",
        "主席：政府法案：二讀。",
        "財政司司長：主席，我謹動議二讀《2014年撥款條例草案》。",
        "引言",
        BODY,
        "經濟表現",
        BODY,
        BODY,
        "土地供應",
        BODY,
        "醫療衞生",
        "來年的醫療衞生經常開支預算總額為619億元，會用於以下各項：",
        "(一) 增聘醫療人手，改善輪候時間；",
        "(二) 加強為長者提供的醫療服務；及",
        "(三) 將長者醫療券的受惠年齡由70歲降至65歲。",
        "陸、空交通運輸基建",
        BODY,
        "中期財政預測",
        BODY,
        "陳議員：拒絕！",  # a member's interruption: the speech goes on unannounced
        "主席：陳議員，請肅靜。財政司司長，請繼續發言。",
        "結語",
        "主席，預算案不只是一組組冰冷的數字，它蘊含的是政府的理念。",
        "多謝主席。",
        "主席：法案：二讀辯論。",
    ]
)


def tree(text: str) -> list[tuple[int, str]]:
    return [(len(s.path), s.heading) for s in parse_outline(text).walk() if s.path]


def test_a_budget_in_a_councils_record_has_its_titles_as_parts():
    parts = [heading for depth, heading in tree(SITTING) if depth == 1]
    assert parts[:2] == [
        "陳議員",
        "局長",
    ]  # the question's and the answer's turns, their lists inside
    assert parts[2:] == [
        "引言",
        "經濟表現",
        "土地供應",
        "醫療衞生",
        "(一)增聘醫療人手，改善輪候時間",
        "(二)加強為長者提供的醫療服務；及",
        "(三)將長者醫療券的受惠年齡由70歲降至65歲",
        "陸、空交通運輸基建",  # land and air: a title, no sixth capital part
        "中期財政預測",
        "結語",
    ]
    assert all(s.kind != KIND_PART for s in parse_outline(SITTING).walk())


def test_a_salutation_opens_the_speech_and_the_title_after_it_is_a_part():
    assert tree(SPEECH)[0] == (1, "感謝與承擔")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    library = library_of(
        tmp_path_factory.mktemp("traditional"),
        {
            "report.txt": REPORT,
            "chapter.txt": CHAPTER,
            "speech.txt": SPEECH,
            "legco-2014-02-26-budget.txt": SITTING,
        },
    )
    yield library
    library.close()


def quote(library, name: str, point: str):
    return quoted(library, point, name)


@pytest.mark.parametrize(
    ("point", "path"),
    [
        ("最後一部分", ("肆、結語",)),
        ("第三部分", ("參、預算編列情形",)),
        ("一（三）", ("貳、施政規劃與執行", "一、捷運城市", "(三)建構完善轉運樞紐")),
        # 第二部分 is 貳, and what a reader counts in it are its 一、二、
        ("第二部份的第二項", ("貳、施政規劃與執行", "二、樂活城市")),
        ("第二部分第二点", ("貳、施政規劃與執行", "二、樂活城市")),
    ],
)
def test_a_report_numbered_with_capitals(library, point, path):
    found = quote(library, "report.txt", point)
    assert found.path == path
    assert found.text.startswith(path[-1])


@pytest.mark.parametrize(
    ("point", "path"),
    [
        ("第二部分", ("肆、文 化", "二、已實施之創新作為")),
        ("第三部分第二點", ("肆、文 化", "三、未來施政重點", "(二)藝文館所人才培育計畫")),
        ("一（二）", ("肆、文 化", "一、重要施政成果", "(二)老房子文化運動計畫")),
    ],
)
def test_a_chapter_printed_alone_counts_its_parts(library, point, path):
    found = quote(library, "chapter.txt", point)
    assert found.path == path


@pytest.mark.parametrize(
    ("point", "heading"), [("結語", "結語"), ("结语", "結語"), ("土地供應", "土地供應")]
)
def test_a_budgets_titles_are_quoted_in_either_script(library, point, heading):
    found = quote(library, "legco-2014-02-26-budget.txt", point)
    assert found.path == (heading,)
    assert found.text.startswith(heading)
    assert "二讀辯論" not in found.text  # the chair's next business is no part of it


def test_the_first_title_after_the_salutation_is_quoted(library):
    found = quote(library, "speech.txt", "感謝與承擔")
    assert found.path == ("感謝與承擔",)


def test_a_councils_record_is_named_by_the_budget_it_holds(library):
    titles = {s.source: s.title for s in library.list()}
    assert titles["legco-2014-02-26-budget.txt"] == "2014年財政預算案"
