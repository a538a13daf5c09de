"""A council's record: written questions numbered "N. 某議員：" with their parts (一)(二), each
answered by an official's turn with parts of its own; and a transcript of turns, a member's
question opening (一)…(四), the official's answer opening (一)… again. A user names a question
by its number or its member, a part of the question or of the answer, and gets that text with
its path."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture, quoted

from speechbot.index.outline import parse_outline

ASK = "政府近年推行多項措施，但成效未見顯著，市民十分關注，就此，政府可否告知本會："

WRITTEN = f"""會議過程正式紀錄
主席：議員質詢。以下為各位議員的書面質詢及政府的書面答覆，有關文件已經送交各位議員參閱。
議員質詢的書面答覆
公共屋邨重建
1. 甲丁議員：主席，{ASK}
(一) 會否檢討舊屋邨的重建次序；若會，詳情為何；
(二) 會否將樓齡四十年以上的屋邨納入優先重建計劃；及
(三) 重建期間如何安置受影響的住戶？
房屋局局長：主席，政府一直密切留意舊屋邨的狀況，就質詢的三個部分，現答覆如下：
(一) 房屋署會按樓宇結構、保養成本及安置資源檢討重建次序。
(二) 樓齡並非決定重建的唯一因素，房屋署會一併考慮其他因素。
(三) 受影響住戶會獲安排遷往附近的新屋邨，有關路段如下：
1. 北環路段
2. 南灣路段
3. 東角路段
附件 各屋邨的樓齡
2. 乙戊議員：主席，{ASK}
(一) 過去三年，單車徑的使用人次為何；及
(二) 會否在新發展區加建單車徑？
運輸局局長：主席，現答覆如下：
(一) 過去三年，單車徑每年的使用人次約為五十萬。
(二) 政府會在新發展區的規劃中預留單車徑。
3. 丙己議員：主席，{ASK}
(一) 海濱長廊的管理由哪個部門負責；及
(二) 會否延長海濱長廊的開放時間？
發展局局長：主席，現答覆如下：
(一) 海濱長廊由康樂署管理。
(二) 康樂署會研究延長開放時間。
"""

TRANSCRIPT = f"""主席：第一項質詢。
陳甲議員：主席，東山道石礦場發展計劃正在進行，{ASK}
(一) 區內道路的交通擠塞情況為何；
(二) 會否擴闊東山道的路口；
(三) 上述發展計劃對區內道路車流量的影響為何；及
(四) 會不會調高東山道石礦場用地的地積比率？
發展局局長：主席，東山道石礦場發展是增加土地供應的措施之一，現綜合答覆如下：
(一) 東山道的交通擠塞情況主要在早上繁忙時段出現。
(二) 運輸署已建議東山道路口的短期改善措施。
(三) 石礦場發展的交通影響評估已經完成。
(四) 石礦場發展的規劃人口已經上調。
李乙議員：主席，西河村的鄉郊保育工作進展緩慢，{ASK}
(一) 西河村保育工作的開支為何；
(二) 會否成立鄉郊保育辦公室；及
(三) 會否資助村民復耕？
發展局局長：主席，西河村鄉郊保育是政府的工作重點之一，現答覆如下：
(一) 西河村保育工作去年的開支約為三百萬元。
(二) 政府會成立鄉郊保育辦公室。
(三) 政府會研究資助村民復耕。
主席：口頭質詢到此為止。
"""


def test_a_numbered_question_holds_its_parts_and_its_answer():
    root = parse_outline(WRITTEN)
    questions = [c for c in root.children if c.label[:1].isdigit()]
    assert [q.heading for q in questions] == ["1.甲丁議員", "2.乙戊議員", "3.丙己議員"]
    first = questions[0]
    assert [c.heading[:3] for c in first.children[:3]] == ["(一)", "(二)", "(三)"]
    answer = first.children[3]
    assert answer.title == "房屋局局長"
    assert [c.label for c in answer.children[:3]] == ["(一)", "(二)", "(三)"]


def test_each_turn_that_opens_a_list_holds_it():
    root = parse_outline(TRANSCRIPT)
    turns = [c.title for c in root.children]
    assert turns == ["陳甲議員", "發展局局長", "李乙議員", "發展局局長"]
    assert [len(c.children) for c in root.children] == [4, 4, 3, 3]


SPEECHES = {
    **filler_speeches(),
    "hansard.txt": WRITTEN,
    "transcript.txt": TRANSCRIPT,
}


library = library_fixture(SPEECHES)


@pytest.mark.parametrize(
    ("point", "path", "opening"),
    [
        ("第二項質詢", ("2.乙戊議員",), "2. 乙戊議員：主席"),
        ("第3条质询", ("3.丙己議員",), "3. 丙己議員：主席"),
        # the question's own part, not the answer's of the same number
        ("甲丁議員那項質詢的第(二)部分", None, "(二) 會否將樓齡四十年以上"),
        ("甲丁议员的质询的第(三)部分", None, "(三) 重建期間如何安置"),
        # an item the answer lists
        ("甲丁議員那項質詢的答覆裏列出的第2項路段", None, "2. 南灣路段"),
        ("運輸局局長答覆的第(一)部分", None, "(一) 過去三年，單車徑每年"),
    ],
)
def test_a_question_of_a_record_and_its_parts(library, point, path, opening):
    quote = quoted(library, point, "hansard.txt")
    assert quote.text.startswith(opening)
    if path:
        assert quote.path == path
    else:
        assert quote.path[0].endswith("議員")


@pytest.mark.parametrize(
    ("point", "speaker", "opening"),
    [
        ("陳甲議員關於東山道石礦場發展計劃那項質詢的第(四)部分", "陳甲議員", "(四) 會不會調高"),
        # the official answered twice: the topic chooses
        ("發展局局長就東山道石礦場發展答覆的第(二)部分", "發展局局長", "(二) 運輸署已建議"),
        ("发展局局长就西河村乡郊保育答复的第(二)部分", "發展局局長", "(二) 政府會成立"),
        ("李乙議員關於鄉郊保育的質詢的第(三)部分", "李乙議員", "(三) 會否資助村民復耕"),
        ("李乙議員那項質詢的答覆的第(一)部分", "發展局局長", "(一) 西河村保育工作去年"),
    ],
)
def test_a_part_of_a_turn_in_a_transcript(library, point, speaker, opening):
    quote = quoted(library, point, "transcript.txt")
    assert quote.text.startswith(opening)
    assert quote.path[0] == speaker
