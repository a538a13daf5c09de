"""The day a speech of a fixed occasion was given, for a text that does not say.

A congress report names its congress ("在中国共产党第十八次全国代表大会上的报告") and a New Year
message its year ("新年前夕……发表了二〇二三年新年贺词") while the text rarely carries the date;
a user still lists, filters and cites them by it.  The political report of the 8th to the 20th
party congress was delivered on the congress's opening day; a New Year message on the eve,
the 31st of December of the year before.
"""

from __future__ import annotations

import re

from .numerals import chinese_number, digit_string

__all__ = ["occasion_date"]

_PARTY_CONGRESS_OPENED = {
    8: "1956-09-15",
    9: "1969-04-01",
    10: "1973-08-24",
    11: "1977-08-12",
    12: "1982-09-01",
    13: "1987-10-25",
    14: "1992-10-12",
    15: "1997-09-12",
    16: "2002-11-08",
    17: "2007-10-15",
    18: "2012-11-08",
    19: "2017-10-18",
    20: "2022-10-16",
}
_REPORT_TO = re.compile(
    r"^在中国共产党第([一二三四五六七八九十]{1,3})次全国代表大会上的(?:政治)?报告$"
)
_NEW_YEAR_EVE = re.compile(
    r"新年前夕[^。]{0,40}?发表了?(?:题为[^。]{0,30})?([二〇零一三四五六七八九\d]{4})\s*年新年贺词"
)


def occasion_date(title: str, opening: str) -> str | None:
    """The day a party congress report (by its title) or a New Year message (by its
    opening words) was given; None for any other speech."""
    report = _REPORT_TO.match(re.sub(r"\s+", "", title))
    if report:
        return _PARTY_CONGRESS_OPENED.get(chinese_number(report.group(1)))
    message = _NEW_YEAR_EVE.search(opening)
    if message:
        written = message.group(1)
        year = written if written.isascii() else digit_string(written)
        if 1950 <= int(year) <= 2100:
            return f"{int(year) - 1}-12-31"
    return None
