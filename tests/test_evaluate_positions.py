"""Held-out sets name their answers by position in documents outside the project: the evaluation
reads the text there, scores outlines against gold headings, and says when a position is wrong."""

from __future__ import annotations

import json

import pytest

from speechbot.index import Library, SpeechbotError
from speechbot.index.cli import main
from speechbot.index.evaluate_outline import (
    agree,
    evaluate_outlines,
    is_appendix_label,
    key,
    totals,
)

# written for this test: two parts, the second with two points
DOCUMENT = """关于城市更新工作的讲话

同志们：今天我们召开会议，部署城市更新工作。

一、充分认识城市更新的重要意义
城市更新关系人民群众切身利益，是推动高质量发展的重要抓手。

二、扎实推进重点任务
（一）加快老旧小区改造。今年要完成改造任务，惠及居民群众。
（二）完善社区服务设施。新建一批养老托育设施，方便群众生活。
"""


@pytest.fixture()
def shared(tmp_path):
    root = tmp_path / "shared"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "city.txt").write_text(DOCUMENT, "utf-8")
    return root


def _at(text: str) -> list[int]:
    for number, line in enumerate(DOCUMENT.splitlines(), 1):
        if text in line:
            return [number, line.index(text), len(text)]
    raise AssertionError(text)


GOLD = [
    ("一、充分认识城市更新的重要意义", 1),
    ("二、扎实推进重点任务", 1),
    ("（一）加快老旧小区改造。", 2),
    ("（二）完善社区服务设施。", 2),
]


def _gold(headings) -> dict:
    return {
        "doc": "docs/city.txt",
        "headings": [{"at": _at(text), "level": level} for text, level in headings],
    }


def test_an_outline_that_matches_its_gold_scores_full_marks(shared, tmp_path):
    scores = evaluate_outlines(Library(tmp_path / "data"), shared, [_gold(GOLD)])
    figures = totals(scores).figures
    assert figures["f1"] == 1.0 and figures["level_f1"] == 1.0
    assert figures["paths"] == 1.0


def test_a_gold_heading_the_parser_misses_lowers_recall_and_the_paths(shared, tmp_path):
    # the gold claims a third point the parser cannot know: recall drops, and the paragraph that
    # stands after the claimed heading is filed, by the parser, elsewhere
    claimed = [*GOLD[:3], ("新建一批养老托育设施", 3), GOLD[3]]
    scores = evaluate_outlines(Library(tmp_path / "data"), shared, [_gold(claimed)])
    figures = totals(scores).figures
    assert figures["recall"] == pytest.approx(4 / 5) and figures["precision"] == 1.0


def test_a_paragraph_filed_under_a_heading_the_gold_lacks_is_within_its_section(shared, tmp_path):
    # the gold lists the parts only: the parser's （一）（二） file their paragraphs deeper, which
    # is not "safe" (not the gold's path nor an ancestor) but within the right part
    parts = [GOLD[0], GOLD[1]]
    scores = evaluate_outlines(Library(tmp_path / "data"), shared, [_gold(parts)])
    figures = totals(scores).figures
    assert figures["paths_safe"] < 1.0 and figures["paths_within"] == 1.0


def test_recall_is_told_per_kind_when_the_gold_names_kinds(shared, tmp_path, capsys):
    # the numbered headings are found, the claimed lead sentence is not: the kinds say which
    entry = _gold([*GOLD[:3], ("新建一批养老托育设施", 3), GOLD[3]])
    for heading, kind in zip(
        entry["headings"], ["numbered"] * 3 + ["lead", "numbered"], strict=True
    ):
        heading["kind"] = kind
    entry["headings"][0].pop("kind")  # a heading without a kind counts only in the totals
    scores = evaluate_outlines(Library(tmp_path / "data"), shared, [entry])
    assert totals(scores).recall_by_kind == {
        "lead": {"gold": 1, "matched": 0, "recall": 0.0},
        "numbered": {"gold": 3, "matched": 3, "recall": 1.0},
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(entry, ensure_ascii=False) + "\n", "utf-8")
    data = ["--data", str(tmp_path / "data")]
    assert main([*data, "eval-outline", str(gold), "--shared", str(shared)]) == 0
    table = capsys.readouterr().out
    assert "recall by kind" in table and table.splitlines()[-2].split()[:4] == [
        "lead",
        "1",
        "0",
        "0.000",
    ]
    assert main([*data, "eval-outline", str(gold), "--shared", str(shared), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["recall_by_kind"]["numbered"]["recall"] == 1.0


def test_a_gold_set_without_kinds_prints_no_kind_table(shared, tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_gold(GOLD), ensure_ascii=False) + "\n", "utf-8")
    args = ["--data", str(tmp_path / "data"), "eval-outline", str(gold), "--shared", str(shared)]
    assert main(args) == 0
    assert "recall by kind" not in capsys.readouterr().out


def test_where_a_gold_title_ends_does_not_decide_a_match(shared, tmp_path):
    # one writer stops a title at its first comma, another keeps the full stop: same heading
    shorter = [GOLD[0], ("二、扎实推进", 1), ("（一）加快老旧小区改造", 2), GOLD[3]]
    scores = evaluate_outlines(Library(tmp_path / "data"), shared, [_gold(shorter)])
    figures = totals(scores).figures
    assert figures["f1"] == 1.0 and figures["paths"] == 1.0


def test_heading_keys_ignore_markup_and_punctuation_but_not_short_prefixes():
    assert key("<b>一、</b>坚持&nbsp;稳中求进。") == key("一、坚持稳中求进")
    assert agree(key("二是深化改革开放"), key("二是深化改革开放，激发市场活力"))
    assert not agree(key("四"), key("四川省"))
    assert (
        is_appendix_label("注释")
        and is_appendix_label("附件2")
        and not is_appendix_label("附件说明")
    )


def test_positional_cases_are_read_from_the_shared_folder(shared, tmp_path, capsys):
    cases = tmp_path / "ask.jsonl"
    rows = [
        {
            "id": "1",
            "doc": "docs/city.txt",
            "question": "养老托育",
            "answer": _at("新建一批养老托育设施"),
            "class": "plain",
        },
        {
            "id": "2",
            "doc": "docs/city.txt",
            "request": "第二部分第一点",
            "answer": _at("（一）加快老旧"),
            "form": "part-point",
        },
    ]
    cases.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    data = str(tmp_path / "data")
    assert main(["--data", data, "ingest", str(shared / "docs" / "city.txt")]) == 0
    capsys.readouterr()
    assert main(["--data", data, "eval", str(cases), "--shared", str(shared), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["systems"][0]
    assert result["figures"]["recall@1"] == 1.0 and result["figures"]["quote_accuracy"] == 1.0


def test_a_position_outside_its_document_is_refused_with_its_place(shared, tmp_path, capsys):
    cases = tmp_path / "bad.jsonl"
    row = {
        "id": "1",
        "doc": "docs/city.txt",
        "question": "x",
        "answer": [4, 90, 5],
        "class": "plain",
    }
    cases.write_text(json.dumps(row), "utf-8")
    assert main(["--data", str(tmp_path / "d"), "eval", str(cases), "--shared", str(shared)]) == 1
    error = capsys.readouterr().err
    assert "第 1 行格式错误" in error and "city.txt:4" in error
    with pytest.raises(SpeechbotError):
        from speechbot.index.evaluate import read_cases

        read_cases(cases)  # positions without the shared folder


def test_a_named_speech_quoted_from_its_other_copy_counts(shared, tmp_path, capsys):
    # the same speech from a second source, ingested first: the quote comes from that copy and
    # names the case's document beside it
    copy = shared / "docs" / "city-copy.txt"
    copy.write_text(DOCUMENT + "\n（本文来源：示例网）\n", "utf-8")
    cases = tmp_path / "quote.jsonl"
    row = {
        "id": "1",
        "doc": "docs/city.txt",
        "request": "关于城市更新工作的讲话第二部分第一点",
        "scoped": False,
        "answer": _at("（一）加快老旧"),
        "form": "named-speech",
    }
    cases.write_text(json.dumps(row, ensure_ascii=False), "utf-8")
    data = str(tmp_path / "data")
    for name in ("city-copy.txt", "city.txt"):
        assert main(["--data", data, "ingest", str(shared / "docs" / name)]) == 0
    capsys.readouterr()
    assert main(["--data", data, "eval", str(cases), "--shared", str(shared), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["systems"][0]
    assert result["figures"]["quote_accuracy"] == 1.0
    assert result["cases"][0]["top"][0]["source"] == "city-copy.txt"
