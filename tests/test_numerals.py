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


def test_english_amounts_are_written_in_the_reports_units():
    from speechbot.index.numbers import english_amounts

    assert english_amounts("above 1.2 trillion yuan in 2019") == ["1.2万亿元"]
    assert english_amounts("10 million people, 2.5 billion US dollars") == ["1000万人", "25亿美元"]
    assert english_amounts("5.5 percent, 0.5 percentage points") == ["5.5%", "0.5个百分点"]
    assert english_amounts("five years from 2019, 3 cities") == []
