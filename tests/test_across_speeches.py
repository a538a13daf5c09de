"""Across speeches, as a user sees it on the command line: every mention of a quoted phrase
(with the true count, paged), one passage per speech side by side by date, and filters by
year, speech, region and speaker, each answer saying which speeches it searched."""

from __future__ import annotations

import json

import pytest

from speechbot.index import Library, Scope, asks_side_by_side
from speechbot.index.cli import main

# Four small reports, written for these tests: two regions, three years, two speakers.
REPORTS = {
    "report-2018-hubei.txt": """2018年湖北省政府工作报告
——2018年1月20日在湖北省第十三届人民代表大会第一次会议上
省长 王明远

各位代表：

一、过去一年的工作

全省地区生产总值增长7.8%，财政赤字率控制在2.5%以内。

我们推进东湖科学城建设，东湖 科学城的实验平台陆续投入使用。

二、今年的主要任务

今年地区生产总值增长目标为7.5%左右。继续建设东湖科学城，引进高水平研究团队。
""",
    "report-2019-hubei.txt": """2019年湖北省政府工作报告
——2019年1月22日在湖北省第十三届人民代表大会第二次会议上
省长 王明远

各位代表：

一、过去一年的工作

全省地区生产总值增长7.6%，东湖科学城新增研发机构十二家。

二、今年的主要任务

今年地区生产总值增长目标为7.2%左右，财政赤字率保持在2.6%左右。
""",
    "report-2020-hunan.txt": """2020年湖南省政府工作报告
——2020年1月15日在湖南省第十三届人民代表大会第三次会议上
省长 陈立新

各位代表：

一、过去一年的工作

全省地区生产总值增长7.4%，洞庭湖生态修复取得进展。

新建5G基站1.2万个，PM2.5平均浓度降到每立方米35微克。

二、今年的主要任务

今年地区生产总值增长目标为6.5%以上，财政赤字率安排在2.8%。
""",
    "report-2021-hunan.txt": """2021年湖南省政府工作报告
——2021年1月28日在湖南省第十三届人民代表大会第四次会议上
省长 陈立新

各位代表：

一、过去一年的工作

全省地区生产总值增长3.8%，洞庭湖沿岸新建湿地公园九处。

二、今年的主要任务

今年地区生产总值增长目标为6%以上。学习借鉴东湖科学城的做法，建设岳麓山实验室。
""",
}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("data")
    assert main(["--data", str(path), "ingest", str(folder)]) == 0
    return path


def ask(capsys, data, *args) -> str:
    assert main(["--data", str(data), "ask", *args]) == 0
    return capsys.readouterr().out


def ask_json(capsys, data, *args) -> dict:
    assert main(["--data", str(data), "ask", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def ids_by_source(data) -> dict[str, int]:
    library = Library(data)
    try:
        return {info.source: info.id for info in library.list()}
    finally:
        library.close()


# --- every mention --------------------------------------------------------------------


@pytest.mark.parametrize("question", ['"东湖科学城"', "“东湖科学城”", "「东湖科学城」"])
def test_a_quoted_phrase_lists_every_paragraph_that_holds_it(data, capsys, question):
    out = ask(capsys, data, question)
    ids = ids_by_source(data)
    assert out.startswith("在 4 篇讲话中检索\n")
    # four paragraphs in three speeches, five times in all (one written with a space)
    assert "“东湖科学城”见于 3 篇讲话的 4 段（共 5 处）" in out
    for ref in (
        f"〔{ids['report-2018-hubei.txt']}:1#2〕",
        f"〔{ids['report-2018-hubei.txt']}:2#1〕",
    ):
        assert ref in out
    assert f"〔{ids['report-2021-hunan.txt']}:2#1〕" in out
    assert "【东湖 科学城】" in out  # matched across the space, shown as written
    assert "一、过去一年的工作" in out  # the section path
    # grouped by speech, oldest first
    assert out.index("2018年湖北省") < out.index("2019年湖北省") < out.index("2021年湖南省")


def test_exact_option_and_the_json_count_every_mention_not_only_the_best(data, capsys):
    payload = ask_json(capsys, data, "东湖科学城", "--exact")
    assert payload["total"] == 4 and payload["occurrences"] == 5 and payload["speeches"] == 3
    texts = [m["text"] for m in payload["mentions"]]
    assert any("东湖 科学城的实验平台" in t for t in texts)
    for m in payload["mentions"]:
        for start, end in m["spans"]:
            assert m["text"][start:end].replace(" ", "") == "东湖科学城"


def test_a_phrase_in_full_width_letters_matches_the_half_width_text(data, capsys):
    payload = ask_json(capsys, data, "“湖北省政府工作报告”")
    assert payload["total"] == 0  # titles are not paragraphs
    payload = ask_json(capsys, data, "７．５％", "--exact")  # full width digits
    assert payload["total"] == 1 and "7.5%" in payload["mentions"][0]["text"]


def test_latin_words_and_figures_are_found_inside_longer_ones(data):
    library = Library(data)
    try:
        for phrase, total in (
            ("5g", 1),
            ("M2.5", 1),
            ("每立方米 35 微克", 1),
            ("2.5", 2),
            ("5 G", 0),
        ):
            assert library.mentions(phrase).total == total, phrase
        (found,) = library.mentions("m2.5").items
        start, end = found.spans[0]
        assert found.text[start:end] == "M2.5"
    finally:
        library.close()


def test_mentions_are_paged_with_the_true_count(data):
    library = Library(data)
    try:
        first = library.mentions("地区生产总值", limit=3)
        second = library.mentions("地区生产总值", offset=3, limit=3)
        assert first.total == second.total == 8
        assert len(first.items) == 3 and len(second.items) == 3
        assert not {m.ref for m in first.items} & {m.ref for m in second.items}
        rest = library.mentions("地区生产总值", offset=6, limit=3)
        assert len(rest.items) == 2
        assert library.mentions("长江经济带").total == 0
    finally:
        library.close()


def test_the_next_page_is_offered_on_the_command_line(data, capsys, monkeypatch):
    monkeypatch.setattr("speechbot.index.cli_across.MENTIONS_PER_PAGE", 3)
    out = ask(capsys, data, '"地区生产总值"')
    assert "见于 4 篇讲话的 8 段" in out and "第 1–3 段" in out and "下一页：--page 2" in out
    out = ask(capsys, data, '"地区生产总值"', "--page", "3")
    assert "第 7–8 段" in out and "下一页" not in out


def test_a_phrase_nowhere_says_so(data, capsys):
    assert "原文中没有“长江经济带”。" in ask(capsys, data, '"长江经济带"')


# --- side by side ---------------------------------------------------------------------


def test_per_speech_gives_one_passage_per_speech_in_date_order(data, capsys):
    out = ask(capsys, data, "地区生产总值增长目标", "--per-speech", "--top", "10")
    targets = ["7.5%左右", "7.2%左右", "6.5%以上", "6%以上"]
    positions = [out.find(t) for t in targets]
    assert -1 not in positions and positions == sorted(positions)  # 2018, 2019, 2020, 2021
    assert out.count("地区生产总值增长目标为") == 4  # one passage from each report
    payload = ask_json(capsys, data, "地区生产总值增长目标", "--per-speech", "--top", "10")
    assert len({h["speech_id"] for h in payload["hits"]}) == len(payload["hits"]) == 4


def test_a_question_over_every_year_or_region_is_answered_side_by_side(data, capsys):
    for question in ("历年地区生产总值增长目标", "各省地区生产总值增长目标"):
        payload = ask_json(capsys, data, question, "--top", "10")
        assert len({h["speech_id"] for h in payload["hits"]}) == len(payload["hits"]) == 4
    out = ask(capsys, data, "历年地区生产总值增长目标", "--top", "10")
    positions = [out.find(t) for t in ["7.5%左右", "7.2%左右", "6.5%以上", "6%以上"]]
    assert -1 not in positions and positions == sorted(positions)  # by date
    ranked = ask_json(capsys, data, "历年地区生产总值增长目标", "--ranked", "--top", "10")
    assert len(ranked["hits"]) > 4  # the ranked list, several passages of a speech


@pytest.mark.parametrize(
    ("question", "side_by_side"),
    [
        ("历年赤字率", True),
        ("赤字率历年变化", True),
        ("每年新增就业多少", True),
        ("各省2026年地区生产总值增长目标", True),
        ("区里每年单位能耗要降低多少", False),  # one speech's yearly figure
        ("支持各省开展试点", False),
        ("赤字率", False),
        ("deficit ratio over the years", True),
        ("GDP growth target of each province", True),
        ("deficit ratio in 2019", False),
    ],
)
def test_which_questions_compare_speeches(question, side_by_side):
    assert asks_side_by_side(question) is side_by_side


# --- filters --------------------------------------------------------------------------


def test_a_year_range_restricts_the_answer_and_says_so(data, capsys):
    out = ask(capsys, data, "财政赤字率", "--year", "2019-2020", "--top", "5")
    assert out.startswith("在 2 篇讲话中检索（2019–2020年）\n")
    assert "2.6%左右" in out and "2.8%" in out
    assert "2.5%以内" not in out  # 2018's figure is outside the range


def test_region_and_speaker_filters(data, capsys):
    out = ask(capsys, data, "地区生产总值增长目标", "--region", "湖南", "--per-speech")
    assert out.startswith("在 2 篇讲话中检索（湖南）\n")
    assert "6.5%以上" in out and "6%以上" in out and "7.5%" not in out
    out = ask(capsys, data, '"东湖科学城"', "--speaker", "陈立新")
    assert "在 2 篇讲话中检索（陈立新）" in out and "见于 1 篇讲话的 1 段" in out
    out = ask(capsys, data, "财政赤字率", "--year", "2018", "--region", "湖南")
    assert out.startswith("在 0 篇讲话中检索（2018年，湖南）") and "没有找到相关内容" in out


def test_speech_option_takes_several_ids(data, capsys):
    ids = ids_by_source(data)
    chosen = f"{ids['report-2018-hubei.txt']},{ids['report-2021-hunan.txt']}"
    payload = ask_json(capsys, data, "地区生产总值增长目标", "--speech", chosen, "--top", "10")
    assert payload["searched"]["speeches"] == 2
    assert {h["speech_id"] for h in payload["hits"]} == {
        ids["report-2018-hubei.txt"],
        ids["report-2021-hunan.txt"],
    }


def test_a_bad_year_is_one_clear_line(data, capsys):
    assert main(["--data", str(data), "ask", "赤字率", "--year", "去年"]) == 1
    assert "年份应写作" in capsys.readouterr().err


def test_the_library_filter_is_honoured_by_ranking(data):
    library = Library(data)
    try:
        hits = library.search("洞庭湖", top=5, scope=Scope(regions=("湖北",)))
        assert hits == []  # only Hunan's reports speak of it
        hits = library.search("洞庭湖", top=5, scope=Scope(years=(2021, 2021)))
        assert [h.date for h in hits] == ["2021-01-28"]
    finally:
        library.close()
