"""Chinese numerals as outlines, years and percentages write them."""

from __future__ import annotations

import pytest

from speechbot.index.numbers import spelled_percentages, spelled_years
from speechbot.index.numerals import chinese_number, digit_string, spelled_integer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("7", 7),
        ("百", 0),
        ("零", 0),
    ],
)
def test_outline_numbers(text, value):
    assert chinese_number(text) == value


def test_spelled_figures():
    assert digit_string("一九五七") == "1957" and digit_string("二〇二〇") == "2020"
    assert spelled_integer("三十五") == 35 and spelled_integer("三五") == 35
    assert spelled_percentages("增长百分之三点五，占百分之二十") == ["3.5%", "20%"]
    assert spelled_years("1957年和一九七八年") == ["一九五七年", "1978年"]
