"""English questions as a user sees their answers: a name in pinyin or in its own
romanisation is read as the archive's Chinese name (Zhoukoudian 周口店, Nixon 尼克松), a
plural or past tense by its base form (knives as knife), a span of years ("over the next five
years") is found as the speeches write it (未来5年, 今后五年), "young" reads as 青年, not as
the dictionary's 幼稚, and a passage saying one word of the glossary two ways (支出, 投入 for
"spend") does not outrank the one holding the question's subject."""

from __future__ import annotations

from conftest import library_fixture

SPEECHES = {
    "schools.txt": "在教育工作会议上的讲话\n\n同志们：\n\n"
    "今年新建学校二十所，学校建设全面提速，学校布局更加合理。\n\n"
    "未来5年将新建学校一百所。\n\n"
    "教师队伍不断壮大。\n",
    "hospitals.txt": "在卫生工作会议上的讲话\n\n同志们：\n\n"
    "医院建设全面提速，医院布局更加合理，医院服务不断改善。\n\n"
    "今后五年，新建医院三十所。\n",
    "science.txt": "在科技工作会议上的讲话\n\n同志们：\n\n"
    "科学家要摒弃幼稚的想法，科学家要脚踏实地，科学家要甘坐冷板凳。\n\n"
    "青年科学家是科技创新的生力军。\n\n"
    "幼稚的想法要不得。\n",
}
NAMES = {
    "history.txt": "在历史研究座谈会上的讲话\n\n同志们：\n\n"
    "总统访问了三个国家，成果丰硕。\n\n"
    "尼克松总统访华，打开了中美交往的大门。\n\n"
    "遗址保护工作取得新进展，一批遗址得到修缮。\n\n"
    "周口店遗址发现了古人类化石。\n",
}
SAFETY = {
    "safety.txt": "在平安建设会议上的讲话\n\n同志们：\n\n"
    "乘客携带的行李一律安检。\n\n"
    "乘客携带的刀子一律登记。\n\n"
    "乘客须知张贴在进站口。\n",
}
# a speech of its own: the other speeches' words would change how rare each word is
PARKS = {
    "parks.txt": "在财政工作会议上的讲话\n\n同志们：\n\n"
    "公园建设开支三千万元。\n\n"
    "支出结构优化，投入重点领域，支出管理加强。\n\n"
    "公园绿地面积扩大。\n\n"
    "新建公园五个，公园免费开放。\n",
}


library = library_fixture(SPEECHES)


def test_a_span_of_years_in_digits_is_found(library):
    """The words "over the next five years" are 未来5年 in the speech: the passage saying so comes
    first, not the one repeating 学校."""
    hit = library.search("How many schools will be built over the next five years?", top=1)[0]
    assert "未来5年将新建学校一百所" in hit.text


def test_a_span_of_years_in_chinese_numerals_is_found(library):
    """The words "the next 5 years" are also 五年 (今后五年)."""
    hit = library.search("How many hospitals will be built in the next 5 years?", top=1)[0]
    assert "今后五年，新建医院三十所" in hit.text


def test_young_reads_as_youth(library):
    """Young scientists are 青年科学家: the dictionary's 幼稚 (childish) is not searched."""
    hit = library.search("What did the speech say about young scientists?", top=1)[0]
    assert "青年科学家是科技创新的生力军" in hit.text


names = library_fixture(NAMES)


safety = library_fixture(SAFETY)


parks = library_fixture(PARKS)


def test_other_ways_of_saying_a_word_do_not_outweigh_the_subject(parks):
    """The glossary reads "spend" as 开支 支出 投入: the passage spending on parks comes
    first, not the one holding only 支出 and 投入, two ways of saying "spend"."""
    hit = parks.search("How much did the city spend on parks?", top=1)[0]
    assert "公园建设开支三千万元" in hit.text


def test_a_place_typed_in_pinyin_is_found(names):
    """Zhoukoudian is 周口店: the passage naming the site answers, not another site's."""
    hit = names.search("What was found at the Zhoukoudian site?", top=1)[0]
    assert "周口店遗址发现了古人类化石" in hit.text


def test_a_foreign_name_is_found_by_its_chinese(names):
    """Nixon's is 尼克松: only the Chinese spelling is in the speech."""
    hits = names.search("What did the speech say of Nixon's trip?", top=1)
    assert hits and "尼克松总统访华" in hits[0].text


def test_a_plural_is_read_by_its_base_form(safety):
    """The dictionary glosses "knife" (刀子), not "knives": the passage on knives answers."""
    hit = safety.search("What about knives carried by passengers?", top=1)[0]
    assert "乘客携带的刀子一律登记" in hit.text
