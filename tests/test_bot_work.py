"""Long work holds no one else: uploads and summaries run off the event loop; long titles
never hide an answer."""

from __future__ import annotations

import asyncio
import threading

from test_bot import ADMIN, USER, library, plain, replies, running  # noqa: F401 - fixture

from bench.fakebot import FakeBotApi
from speechbot.index import Library

SPEECH = "在安全生产工作会议上的讲话\n同志们：\n一、压实安全责任\n要严格落实“三管三必须”。\n"


def test_a_question_is_answered_while_an_upload_is_ingested(library, monkeypatch):  # noqa: F811
    release = threading.Event()
    real = Library.ingest_bytes

    def slow_ingest(self, data, filename):
        release.wait(timeout=30)  # a huge file, as long as the test needs it
        return real(self, data, filename)

    monkeypatch.setattr(Library, "ingest_bytes", slow_ingest)

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                try:
                    api.document(ADMIN, ADMIN, "安全生产.txt", SPEECH.encode())
                    await asyncio.to_thread(api.wait_for, lambda: api.sent("getFile"))
                    for _ in range(80):  # the admin's chat waits for its upload
                        api.message(ADMIN, ADMIN, "城市更新")
                    api.message(USER, USER, "科技创新基金")
                    # generous: a behaviour check (answered at all meanwhile), not a timing
                    answer = await asyncio.to_thread(api.wait_for_replies, USER, 1, 10)
                    assert "科技创新基金" in plain(answer[0])
                    assert not api.texts(ADMIN)  # the upload is still being ingested
                finally:
                    release.set()
                texts = await replies(api, ADMIN, 2)
                assert "已导入：#3 在安全生产工作会议上的讲话" in texts[0]
                assert "一、压实安全责任  /q_3_1" in texts[1]
                api.message(USER, USER, "三管三必须")  # the bot's own Library sees it
                assert "三管三必须" in plain((await replies(api, USER, 2))[1])

    asyncio.run(scenario())


def test_a_summary_is_computed_once_per_speech(library, monkeypatch):  # noqa: F811
    from speechbot.index import library as library_module

    calls = []
    real = library_module.summarise

    def counting(speech, *args, **kwargs):
        calls.append(speech.id)
        return real(speech, *args, **kwargs)

    monkeypatch.setattr(library_module, "summarise", counting)
    first, second = library.summary(1), library.summary(1)
    assert first == second and calls == [1]


def test_long_titles_never_hide_results_nor_break_inline_answers(library):  # noqa: F811
    title = "关于" + "长标题" * 2400 + "的讲话"
    page = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>同志们：</p>"
        f"<h2>一、{'压实责任' * 800}</h2><p>要严格落实三管三必须。</p></body></html>"
    )
    assert library.ingest_bytes(page.encode(), "长.html").ok

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                api.message(USER, USER, "三管三必须")
                (answer,) = await replies(api, USER, 1)
                assert "要严格落实三管三必须" in plain(answer) and len(answer) <= 4096
                api.inline(USER, "三管三必须")
                await asyncio.to_thread(api.wait_for, lambda: api.sent("answerInlineQuery"))
                (results,) = [a["results"] for a in api.sent("answerInlineQuery")]
                assert results
                for result in results:
                    assert len(result["input_message_content"]["message_text"]) <= 4096
                    assert len(result["title"]) <= 200

    asyncio.run(scenario())


def test_a_question_is_answered_while_a_summary_is_computed(library, monkeypatch):  # noqa: F811
    from speechbot.index import summary as summary_module

    started, release = threading.Event(), threading.Event()
    real = summary_module._keyword_weights

    def slow_keywords(*args, **kwargs):
        started.set()
        release.wait(timeout=30)  # a long speech, as long as the test needs it
        return real(*args, **kwargs)

    monkeypatch.setattr(summary_module, "_keyword_weights", slow_keywords)

    async def scenario():
        with FakeBotApi() as api:
            async with running(api, library):
                try:
                    api.message(ADMIN, ADMIN, "/summary 1")
                    await asyncio.to_thread(started.wait, 15)
                    api.message(USER, USER, "科技创新基金")
                    answer = await asyncio.to_thread(api.wait_for_replies, USER, 1, 10)
                    assert "科技创新基金" in plain(answer[0])
                    assert not api.texts(ADMIN)  # the summary is still being computed
                finally:
                    release.set()
                (summary,) = await replies(api, ADMIN, 1)
                assert summary.startswith("📝")

    asyncio.run(scenario())
