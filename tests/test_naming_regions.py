"""A place typed in a question names that region's own speeches ("上海市…报告") before the
speeches whose titles only hold the name inside another ("上海合作组织")."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import library_fixture

from speechbot.index import SearchSettings
from speechbot.index.query import build_query
from speechbot.index.rerank import prefer_places

SPEECHES = {
    "sco-summit.txt": """在上海合作组织峰会上的讲话

各位同事：

各成员国经济总量稳步增长，贸易往来日益密切。

我们要深化合作。
""",
    "sco-banquet.txt": """在上海合作组织峰会欢迎宴会上的祝酒辞

各位来宾：

成员国经济总量占世界的四分之一。

让我们共同举杯。
""",
    "shanghai-report-2026.txt": """2026年上海市政府工作报告

各位代表：

全市经济总量迈上新台阶，全年增长5.4%，城乡居民收入稳步提高。
""",
}


# other speeches, so that 上海 names few of the archive's speeches
SPEECHES |= {
    f"other-{n}.txt": f"在第{n}次座谈会上的讲话\n\n要推动第{n}项工作，促进经济总量增长。\n"
    for n in range(1, 8)
}


library = library_fixture(SPEECHES)


def test_a_place_names_its_own_report_first(library):
    hit = library.search("上海经济总量", top=1)[0]
    assert hit.source == "shanghai-report-2026.txt"


def test_region_naming_widens_the_reports_lead(library):
    # 上海 alone also names the speeches whose titles hold 上海合作组织
    def lead() -> float:
        first, second = library.search("上海经济总量", top=2)
        return first.score - second.score

    with_regions = lead()
    library.set_search_settings(SearchSettings(region_naming=False))
    try:
        assert with_regions > lead()
    finally:
        library.set_search_settings(SearchSettings())


def test_the_places_a_question_names(library):
    query = build_query(
        "上海经济总量", library.config.settings, analyzer=library.analyzer, archive=library.index
    )
    assert query.places == ("上海",)
    plain = build_query(
        "经济总量", library.config.settings, analyzer=library.analyzer, archive=library.index
    )
    assert plain.places == ()


def test_a_place_named_lifts_its_speeches_among_the_candidates():
    stored = {
        1: SimpleNamespace(title="2016年政府工作报告"),
        2: SimpleNamespace(title="陕西省2026年政府工作报告"),
    }
    ranked = prefer_places([(1, 10.0), (2, 8.0)], stored, ["陕西"], 0.3)
    assert ranked == [(2, pytest.approx(10.4)), (1, 10.0)]
