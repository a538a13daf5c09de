"""Titles a user can cite, derived from the text of files that have no title line
(tests/data/titles/): never a file name, a bare kind of address or a news lead."""

from __future__ import annotations

from pathlib import Path

import pytest

from speechbot.index.ingest import build_speeches
from speechbot.index.loaders import load_text

DATA = Path(__file__).parent / "data" / "titles"


def title_of(name: str) -> str:
    data = (DATA / name).read_bytes()
    return build_speeches(load_text(data, name), name)[0].title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("resolution.txt", "第九届全国人民代表大会第三次会议关于政府工作报告的决议"),
        ("explanation.txt", "关于《关于加强全市河湖管理的决定（草案）》的说明"),
        ("hk-policy-address-2031.txt", "2031年施政報告"),
    ],
)
def test_a_title_from_what_the_text_says_it_is(name, title):
    assert title_of(name) == title


def test_a_news_lead_is_no_part_of_a_title():
    assert title_of("news-lead.txt").startswith("全市安全生产工作会议")


def test_a_party_congress_report_opening_after_the_address():
    text = "同志们：\n\n现在，我代表第十届中央委员会，向党的第十一次全国代表大会作报告。\n\n一、形势\n\n正文。\n"
    (speech,) = build_speeches(load_text(text.encode(), "x.txt"), "x.txt")
    assert speech.title == "在中国共产党第十一次全国代表大会上的报告"


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        (
            "现在，我代表第十四届中央委员会向大会作报告。",
            "在中国共产党第十五次全国代表大会上的报告",
        ),
        ("我受十二届中央委员会委托，向大会作报告。", "在中国共产党第十三次全国代表大会上的报告"),
        (
            "现在，我代表第十九届中央委员会向大会作报告。",
            "在中国共产党第二十次全国代表大会上的报告",
        ),
    ],
)
def test_a_party_congress_report_named_by_the_outgoing_central_committee(opening, title):
    # the outgoing committee reports to the next congress: the fifteenth, by the fourteenth
    text = f"同志们：\n\n{opening}\n\n一、过去五年的工作\n\n五年来改革开放取得新进展。\n"
    (speech,) = build_speeches(load_text(text.encode(), "x.txt"), "x.txt")
    assert speech.title == title
