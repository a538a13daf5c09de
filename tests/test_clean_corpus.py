"""Web debris stays out, metadata comes out, on the real (scraped) speeches."""

from __future__ import annotations

import pytest

from speechbot.index.clean import clean, find_date

DEBRIS = [
    "下载\n",
    "【字号",
    "相关报道：",
    "Public domain",
    "小编",
    "条评论",
    "本报记者",
    "打印本页",
    "扫一扫",
]


def _clean(corpus_dir, name):
    return clean((corpus_dir / name).read_text("utf-8"), name)


def test_no_debris_in_any_cleaned_text(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        for part in clean(path.read_text("utf-8"), path.name):
            for debris in DEBRIS:
                assert debris not in part.text + "\n", (path.name, debris)


def test_duplicated_tail_after_the_page_footer_is_gone(corpus_dir):
    (part,) = _clean(corpus_dir, "gov-report-2026-sichuan.txt")
    assert part.text.count("现在，我代表省人民政府，向大会报告工作") == 1


@pytest.mark.parametrize(
    ("name", "date", "speaker", "occasion_part"),
    [
        (
            "gov-report-2026-beijing.txt",
            "2026-01-25",
            "殷勇",
            "北京市第十六届人民代表大会第四次会议",
        ),
        ("gov-report-2024.txt", "2024-03-05", "李强", "第十四届全国人民代表大会第二次会议"),
        ("cpc-congress-report-19.txt", "2017-10-18", "习近平", "中国共产党第十九次全国代表大会"),
        ("quality-conference-speech.txt", "2016-12-20", None, None),
        ("speech-2020-03-poverty-alleviation-symposium.txt", "2020-03-07", None, None),
    ],
)
def test_metadata(corpus_dir, name, date, speaker, occasion_part):
    part = _clean(corpus_dir, name)[0]
    assert part.date == date
    assert part.speaker == speaker
    if occasion_part:
        assert occasion_part in part.occasion


def test_titles(corpus_dir):
    assert _clean(corpus_dir, "gov-report-2026-hebei.txt")[0].title == "2026年河北省政府工作报告"
    assert (
        _clean(corpus_dir, "quality-conference-speech.txt")[0].title == "质量工作会议讲话 范文(一)"
    )
    # no title line: the report's own words ("各位代表…我代表国务院…", "一、2018年工作回顾")
    assert _clean(corpus_dir, "gov-report-2019.txt")[0].title == "2019年政府工作报告"
    # a bare "政府工作报告": the year and the province from "——2026年1月26日在广东省第十四届…"
    assert (
        _clean(corpus_dir, "gov-report-2026-guangdong.txt")[0].title == "广东省2026年政府工作报告"
    )


def test_line_broken_around_a_hyperlink_is_rejoined(corpus_dir):
    (part,) = _clean(corpus_dir, "npc-resolution-on-gov-report-2019.txt")
    assert "国务院总理李克强所作的政府工作报告。会议充分肯定" in part.text
    (part,) = _clean(corpus_dir, "gov-report-2019.txt")
    assert "细颗粒物（PM2.5）" in part.text


def test_paragraph_breaks_restored_in_one_line_scrapes(corpus_dir):
    (part,) = _clean(corpus_dir, "speech-2020-02-epidemic-and-economy-deployment.txt")
    lines = part.text.split("\n")
    assert any(line.startswith("一、关于前一段疫情防控工作") for line in lines)
    assert any(line.startswith("第一，坚决打好湖北保卫战") for line in lines)
    assert "（新华社" not in part.text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("发布时间:2016-12-20 13:57", "2016-12-20"),
        ("2016年12月20日在大会上", "2016-12-20"),
        ("二〇一六年十二月二十日", "2016-12-20"),
        ("（2022年10月16日）", "2022-10-16"),
        ("没有日期", None),
    ],
)
def test_date_formats(text, iso):
    assert find_date(text) == iso


def test_variants_split_into_speeches():
    raw = "会议讲话\n发布时间:2020-01-02\n会议讲话范文(一):\n同志们:\n一、第一点\n内容甲。\n会议讲话范文(二):\n一、另一点\n内容乙。\n"
    first, second = clean(raw, "x.txt")
    assert (first.title, second.title) == ("会议讲话 范文(一)", "会议讲话 范文(二)")
    assert "内容乙" not in first.text and second.text.startswith("一、另一点")
    assert first.date == second.date == "2020-01-02"
