"""An English question naming a speech as its file name does: the words the glossary reads
as Chinese ("Climate Ambition Summit" → 气候雄心峰会) still name the speech whose file name
holds them, though its title and text say it in other words; a phrase's words name a speech
only together ("work" of "government work report" is no other file's "work")."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

TARGETS = {
    "2020-12-climate-ambition-summit.txt": "在视频会议上的讲话\n\n女士们，先生们：\n\n"
    "到2030年，风电、太阳能总装机容量将达到12亿千瓦以上。\n\n"
    "森林蓄积量将比2005年增加60亿立方米。\n",
    "2021-03-energy-conference.txt": "在全省能源会议上的讲话\n\n同志们：\n\n"
    "今年风电装机容量新增200万千瓦，太阳能装机容量新增300万千瓦，装机容量稳步提高。\n\n"
    "煤电机组改造有序推进。\n",
    **filler_speeches(),
}
REPORTS = {
    **{
        f"gov-report-{year}.txt": f"{year}年政府工作报告\n\n各位代表：\n\n"
        f"{year}年城镇新增就业{jobs}万人以上。\n\n粮食产量保持稳定。\n"
        for year, jobs in ((2020, 900), (2021, 1100), (2022, 1100), (2023, 1200), (2024, 1200))
    },
    "annual-work-conference.txt": "在年度会议上的讲话\n\n同志们：\n\n"
    "今年城镇新增就业目标是5万人，城镇新增就业目标务必完成。\n\n"
    "各项任务有序推进。\n",
    **filler_speeches(),
}

targets = library_fixture(TARGETS)
reports = library_fixture(REPORTS)


def test_a_summit_named_in_english_is_found_by_its_file_name(targets):
    """The summit's speech names itself only in its file name: its target comes first, not
    the energy conference's passage repeating 装机容量."""
    hits = targets.search(
        "What wind power and solar power installed capacity target did the Climate Ambition"
        " Summit set?",
        top=1,
    )
    assert "12亿千瓦以上" in hits[0].text


def test_a_report_named_by_kind_and_year_comes_before_a_file_named_by_one_of_its_words(reports):
    """The 2024 government work report answers, not the passage of the file whose name holds
    "work" alone, which repeats the question's words."""
    hit = reports.search("What was the urban jobs target in the 2024 government work report?")[0]
    assert "2024年城镇新增就业1200万人以上" in hit.text
