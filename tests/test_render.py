"""Telegram HTML: escaped, balanced, and never over 4096 characters, whatever the text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from speechbot.bot import render
from speechbot.index.model import Hit, Ref
from speechbot.index.quote import Quote

TAGS = re.compile(r"<(/?)(b|i|code)>")


def balanced(html: str) -> bool:
    stack = []
    for closing, tag in TAGS.findall(html):
        if closing:
            if not stack or stack.pop() != tag:
                return False
        else:
            stack.append(tag)
    rest = TAGS.sub("", html)
    return (
        not stack
        and "<" not in rest
        and ">" not in rest
        and not re.search(r"&(?!amp;|lt;|gt;)", rest)
    )


def test_long_section_is_split_at_paragraphs(corpus_library):
    from conftest import speech_id_of

    sid = speech_id_of(corpus_library, "gov-report-1955.txt")
    quote = corpus_library.quote("二、", speech_id=sid).quote
    messages = render.quote_messages(quote)
    assert len(messages) >= 3  # ~10,000 characters
    assert all(len(m) <= 4096 and balanced(m) for m in messages)
    # nothing lost: the messages hold the section's paragraphs, in order
    body = "".join(TAGS.sub("", m) for m in messages).replace("\n", "")
    import html

    assert re.sub(r"\s", "", quote.text) in re.sub(r"\s", "", html.unescape(body))


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=6000
) | st.sampled_from(["<b>", "&", "</code>", "<i>x</i>", "a&amp;b", "\u202e", "😀" * 3000])


@given(text=text_strategy, title=text_strategy)
def test_any_quote_renders_valid_messages(text, title):
    quote = Quote(1, title[:200], Ref(1, (1,)), (title[:50],), text)
    for message in render.quote_messages(quote):
        assert len(message) <= 4096 and balanced(message)


@given(text=text_strategy, question=text_strategy, data=st.data())
def test_any_result_list_renders_a_valid_message(text, question, data):
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=5)
    )
    spans = tuple((a, b) for a, b in spans if a < b)
    hits = [Hit(1, "题目<b>", None, "a.txt", Ref(1, (1,), 1), ("一、<i>",), text, spans, 1.0)] * 3
    message = render.results_message(question, hits, 1, 0, 2)
    assert len(message) <= 4096 and balanced(message)


plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\n"),
    max_size=9000,
)


@given(text=plain_text | st.sampled_from(["&" * 5000, "&<>" * 3000 + "\n" + "。&" * 2000]))
def test_a_quote_loses_no_text(text):
    """The messages of a quote, their head taken off and unescaped, are the section's text."""
    quote = Quote(1, "题目", Ref(1, (1,)), ("一、",), text)
    messages = render.quote_messages(quote)
    assert all(len(m) <= 4096 and balanced(m) for m in messages)
    head = "📖 <b>题目 › 一、</b>\n〔1:1〕"
    body = "\n".join(messages)
    assert body.startswith(head)
    import html

    shown = html.unescape(body[len(head) :]).replace("\n", "")
    assert shown == "".join(p for p in text.split("\n") if p.strip())


def test_long_titles_and_headings_are_clipped_for_display():
    title, heading = "长" * 7200, "节" * 3000
    hit = Hit(1, title, None, "a.txt", Ref(1, (1,), 1), (heading,), "正文段落。", (), 1.0)
    message = render.results_message("问题", [hit] * 3, 1, 0, 1)
    assert message.count("正文段落。") == 3  # the hits, not the header alone
    quote = render.quote_messages(Quote(1, title, Ref(1, (1,)), (heading,), "正文。"))
    assert len(quote) == 1 and "正文。" in quote[0]


def test_the_other_copy_of_a_quoted_speech_is_one_tap_away():
    line = render.copies_line(Ref(7, (1, 2)))
    assert "/q_7_1_2" in line and "〔7:1.2〕" in line and "另一来源" in line
