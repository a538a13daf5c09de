"""Citations, scope, digest previews, complete candidates and long texts, as a user sees them:
through the fake Bot API (replies, buttons, files) and in the terminal chat."""

from __future__ import annotations

import asyncio
import io
import re

import pytest
from test_bot import USER, library, replies, running  # noqa: F401 - the fixture

from bench.fakebot import FakeBotApi
from speechbot.bot.cli import chat
from speechbot.bot.config import BotSettings
from speechbot.bot.service import Conversation
from speechbot.bot.state import BotState

HIT_CITATION = (
    "《在全市城市更新工作会议上的讲话》（2025年3月18日）"
    "第一部分“充分肯定城市更新取得的成效”中“(一)老旧小区改造全面提速”指出："
    "“全年新开工改造老旧小区126个,惠及居民4.8万户,完成投资23.5亿元,同比增长12.6%。"
    "加装电梯310部,新增停车位5200个。”"
)
# a speech of twelve parts, each with its 一是: "/quote 一是" has twelve answers
TWELVE = "关于多项工作的讲话\n同志们：\n" + "".join(
    f"{n}、第{n}项工作\n一是抓落实，要做好第{n}项工作。二是抓督查。\n"
    for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
)
# a speech without an outline: paragraphs only
FLAT = "一篇没有提纲的讲话\n\n" + "\n\n".join(
    f"第{n}段，要坚持农业农村优先发展，推进乡村振兴第{n}项。" for n in range(1, 8)
)


def keyboard(message: dict) -> list[dict]:
    return [
        b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
    ]


def button(message: dict, text: str) -> str:
    """The callback data of the button labelled ``text`` on ``message``."""
    found = [b["callback_data"] for b in keyboard(message) if b["text"] == text]
    assert found, (text, [b["text"] for b in keyboard(message)])
    return found[0]


def terminal(library, *lines: str, files=None) -> str:  # noqa: F811
    state = BotState(library.data_dir)
    out = io.StringIO()
    saving = {"files": files} if files is not None else {}
    try:
        settings = BotSettings(token=None, access_mode="open")
        chat(Conversation(library, state, settings), lines, echo=True, out=out, **saving)
    finally:
        state.close()
    return out.getvalue()


def press_in_terminal(output: str, label: str) -> str:
    """The ``!N`` that presses the last button labelled ``label`` in the terminal's output."""
    numbers = re.findall(rf"\[!(\d+) {re.escape(label)}\]", output)
    assert numbers, (label, output)
    return f"!{numbers[-1]}"


# --- 1. a citation to paste; paragraph references quote the paragraph ----------------------


def test_a_hit_and_a_quote_offer_a_citation_one_tap_away(library):  # noqa: F811
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "老旧小区改造惠及多少户居民")
                await replies(api, USER, 1)
                answer = api.sent("sendMessage", USER)[0]
                api.callback(USER, USER, 1, button(answer, "引用 1"))
                texts = await replies(api, USER, 2)
                assert texts[1] == HIT_CITATION
                api.message(USER, USER, "/q_1_2")
                await replies(api, USER, 3)
                quote = api.sent("sendMessage", USER)[2]
                api.callback(USER, USER, 2, button(quote, "引用"))
                texts = await replies(api, USER, 4)
                assert texts[3].startswith(
                    "《在全市城市更新工作会议上的讲话》（2025年3月18日）第二部分“"
                )
                assert "指出：“二、" in texts[3] and texts[3].endswith("”")

    asyncio.run(scenario())


def test_a_paragraph_reference_quotes_that_paragraph_alone(library):  # noqa: F811
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/q_1_1p1")
                (paragraph,) = await replies(api, USER, 1)
                api.message(USER, USER, "/q_1_1")
                section = "\n".join((await replies(api, USER, 2))[1:])
                return paragraph, section

    paragraph, section = asyncio.run(scenario())
    assert "〔1:1#1〕" in paragraph and "过去一年,全市上下坚持以人民为中心" in paragraph
    assert "全年新开工改造老旧小区126个" not in paragraph  # the next subsection's words
    assert "全年新开工改造老旧小区126个" in section


def test_the_terminal_chat_cites_as_the_bot_does(library):  # noqa: F811
    first = terminal(library, "老旧小区改造惠及多少户居民")
    out = terminal(library, "老旧小区改造惠及多少户居民", press_in_terminal(first, "引用 1"))
    assert out.rstrip().endswith(HIT_CITATION)
    out = terminal(library, "/q_1_1p1")
    assert "过去一年" in out and "全年新开工" not in out


# --- 2. the scope is always visible ---------------------------------------------------


def test_answers_under_a_scope_say_so_and_point_elsewhere(library):  # noqa: F811
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/use 2")
                api.message(USER, USER, "科技创新基金")
                texts = await replies(api, USER, 2)
                assert "只在 #2 在全省科技创新大会上的讲话 中查找" in texts[1]
                assert "/use all" in texts[1] and "科技创新基金" in texts[1]
                api.message(USER, USER, "/quote 第一部分")
                texts = await replies(api, USER, 3)
                assert "只在 #2" in texts[2] and "/use all" in texts[2]
                api.message(USER, USER, "老旧小区改造")  # only in speech 1
                texts = await replies(api, USER, 4)
                assert "在 #2 中没有找到" in texts[3]
                assert re.search(r"其他讲话中有 \d+ 条结果", texts[3]) and "/use all" in texts[3]
                elsewhere = api.sent("sendMessage", USER)[3]
                api.callback(USER, USER, 4, button(elsewhere, "在全部讲话中查找"))
                await asyncio.to_thread(api.wait_for, lambda: api.sent("editMessageText", USER))
                everywhere = api.sent("editMessageText", USER)[0]["text"]
                assert "惠及居民" in everywhere and "只在 #2" not in everywhere
                api.message(USER, USER, "/use all")
                api.message(USER, USER, "科技创新基金")
                texts = await replies(api, USER, 6)
                assert "只在" not in texts[5] and "科技创新基金" in texts[5]

    asyncio.run(scenario())


def test_the_terminal_chat_shows_the_scope(library):  # noqa: F811
    out = terminal(library, "/use 2", "老旧小区改造")
    assert "在 #2 中没有找到" in out and "在全部讲话中查找" in out


# --- 3. /digest previews the next digest ---------------------------------------------


def test_digest_previews_what_the_next_digest_holds(library):  # noqa: F811
    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/digest")  # not subscribed: no archive
                (unsubscribed,) = await replies(api, USER, 1)
                assert "还没有订阅" in unsubscribed and "/subscribe" in unsubscribed
                assert "/outline_2" in unsubscribed and "📝" not in unsubscribed
                api.message(USER, USER, "/subscribe 08:00")
                api.message(USER, USER, "/digest")
                texts = await replies(api, USER, 3)
                assert "以来没有新讲话" in texts[2] and "/outline_1" in texts[2]
                for n in range(5):
                    library.ingest_bytes(
                        f"第{n}篇新讲话\n一、抓好第{n}项\n要做好第{n}项工作。\n".encode(),
                        f"新{n}.txt",
                    )
                api.message(USER, USER, "/digest")
                await asyncio.to_thread(api.wait_for, lambda: len(api.texts(USER)) >= 4)
                await asyncio.sleep(0.5)  # any further message of the preview
                preview = api.texts(USER)[3:]
                assert 1 <= len(preview) <= 3
                assert "5 篇新讲话" in preview[0] and "第4篇新讲话" in preview[0]
                assert "另有 3 篇新讲话" in "\n".join(preview)

    asyncio.run(scenario())


# --- 4. candidates are complete ------------------------------------------------------


def test_every_candidate_is_counted_and_paged(library):  # noqa: F811
    library.ingest_bytes(TWELVE.encode(), "多项.txt")

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "/quote 3 一是")
                (first,) = await replies(api, USER, 1)
                assert "有 12 处" in first and "（第 1/2 页）" in first
                assert "/q_3_10_1" in first and "/q_3_11_1" not in first
                message = api.sent("sendMessage", USER)[0]
                api.callback(USER, USER, 5, button(message, "下一页 ▶"))
                await asyncio.to_thread(api.wait_for, lambda: api.sent("editMessageText", USER))
                second = api.sent("editMessageText", USER)[0]
                assert "（第 2/2 页）" in second["text"]
                assert "/q_3_11_1" in second["text"] and "/q_3_12_1" in second["text"]
                assert button(second, "◀ 上一页")

    asyncio.run(scenario())


def test_the_terminal_chat_pages_candidates(library):  # noqa: F811
    library.ingest_bytes(TWELVE.encode(), "多项.txt")
    first = terminal(library, "/quote 3 一是")
    out = terminal(library, "/quote 3 一是", press_in_terminal(first, "下一页 ▶"))
    assert "有 12 处" in out and "/q_3_12_1" in out


# --- 5. long texts: a paragraph at a time, the whole text as a file ---------------------


def test_a_speech_without_an_outline_is_read_by_paragraph_and_sent_as_a_file(library):  # noqa: F811
    (speech_id,) = library.ingest_bytes(FLAT.encode(), "无提纲.txt").speech_ids

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, f"/q_{speech_id}")
                (opening,) = await replies(api, USER, 1)
                assert "第1段" in opening and "第2段" not in opening
                message = api.sent("sendMessage", USER)[0]
                api.callback(USER, USER, 7, button(message, "下一段 ▶"))
                await asyncio.to_thread(api.wait_for, lambda: api.sent("editMessageText", USER))
                edited = api.sent("editMessageText", USER)[0]
                assert "第2段" in edited["text"] and "第1段" not in edited["text"]
                assert button(edited, "◀ 上一段")
                api.callback(USER, USER, 7, button(message, "全文 .txt"))
                await asyncio.to_thread(api.wait_for, lambda: api.sent("sendDocument", USER))
                (sent,) = api.sent("sendDocument", USER)
                assert sent["document"]["filename"].endswith(".txt")
                text = sent["document"]["data"].decode("utf-8")
                assert all(f"第{n}段" in text for n in range(1, 8))
                assert "全文" in sent["caption"]
                api.message(USER, USER, "推进乡村振兴第5项")
                await replies(api, USER, 2)
                hits = api.sent("sendMessage", USER)[1]
                api.callback(USER, USER, 8, button(hits, "原文 1"))
                texts = await replies(api, USER, 3)
                assert "第5段" in texts[2] and "第4段" not in texts[2]

    asyncio.run(scenario())


def test_the_terminal_chat_saves_the_whole_text(library, tmp_path):  # noqa: F811
    (speech_id,) = library.ingest_bytes(FLAT.encode(), "无提纲.txt").speech_ids
    first = terminal(library, f"/q_{speech_id}", files=tmp_path)
    out = terminal(
        library, f"/q_{speech_id}", press_in_terminal(first, "全文 .txt"), files=tmp_path
    )
    (saved,) = tmp_path.glob("*.txt")
    assert f"已保存：{saved}" in out
    assert "第7段" in saved.read_text("utf-8")
    out = terminal(library, f"/quote {speech_id}:0")  # the reference, typed: as /q_…
    assert "第1段" in out and "第2段" not in out and "下一段 ▶" in out


# --- questions the library cannot read ------------------------------------------------


@pytest.mark.parametrize("where", ["bot", "terminal"])
def test_a_question_it_cannot_read_gets_the_note(library, where):  # noqa: F811
    question = "what about the weather"
    if where == "terminal":
        assert "问题按中文理解" in terminal(library, question)
        return

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, question)
                (answer,) = await replies(api, USER, 1)
                assert "问题按中文理解" in answer

    asyncio.run(scenario())
