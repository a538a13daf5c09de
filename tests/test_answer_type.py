"""Questions asking for a figure, and passages stating one."""

from __future__ import annotations

import pytest

from speechbot.index.answer_type import asks_for_figure, asks_for_plan, states_figure


@pytest.mark.parametrize(
    "question",
    [
        *("增长目标是多少", "有幾個國家", "占比多大", "哪一年提出的", "GDP增速", "建了几所学校"),
        *("How many new jobs?", "What share of GDP", "When will it peak?"),
    ],
)
def test_asks_for_a_figure(question):
    assert asks_for_figure(question)


@pytest.mark.parametrize(
    "question", ["区长质量奖", "一是什么", "如何推进乡村振兴", "What did Xi tell entrepreneurs?"]
)
def test_does_not_ask_for_a_figure(question):
    assert not asks_for_figure(question)


@pytest.mark.parametrize(
    "text",
    [
        "增长6.5%左右",
        "支出总数为七百六十六亿四千万元",
        "百分之五",
        "九千六百多万名党员",
        "近两万人",
    ],
)
def test_states_a_figure(text):
    assert states_figure(text)


@pytest.mark.parametrize("text", ["一是加强统一领导", "坚持以人民为中心", "第一，资金筹措渠道单一"])
def test_states_no_figure(text):
    assert not states_figure(text)


@pytest.mark.parametrize(
    ("question", "plan"),
    [("2012年经济增长预期目标", True), ("今年拟安排财政赤字", True), ("2011年粮食产量", False)],
)
def test_a_question_asking_for_a_plan(question, plan):
    assert asks_for_plan(question) is plan
