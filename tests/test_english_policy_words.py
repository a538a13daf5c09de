"""English questions in the words policy readers use, as a user sees their answers: the
dictionary's common sense rather than a rare one, an ordinal read with its noun (第三步), a
fiscal year as the reports write it (2021财年, 2012-2013), and words of no subject
("long", "kinds") not searched."""

from __future__ import annotations

from conftest import library_fixture

SPEECHES = {
    "plan.txt": "在理论研讨会上的讲话\n\n同志们：\n\n"
    "第一步，解决人民的温饱问题。\n\n"
    "第二步，人民生活达到小康水平。\n\n"
    "第三步，基本实现现代化。\n\n"
    "各项工作要讲究方法步骤，稳步推进。\n",
    "society.txt": "在社会工作会议上的讲话\n\n同志们：\n\n"
    "社会主要矛盾的变化决定了我们的工作重点。\n\n"
    "校长和社团负责人参加了外场活动。\n",
    "voters.txt": "在选举工作会议上的讲话\n\n同志们：\n\n"
    "选民名册已经张贴公布。\n\n"
    "选民报名参加座谈。\n\n"
    "全县登记的选民有三十万人。\n\n"
    "企业登记手续进一步简化。\n\n"
    "户籍登记和企业注册都可网上办理。\n\n"
    "新注册企业增长一成。\n",
    "migrants.txt": "人权状况报告\n\n"
    "2021财年，边境执法部门拘留的移民人数创下新高。\n\n"
    "2021年，移民政策多次调整。\n\n"
    "2020财年，拘留的移民人数有所下降。\n",
    "budget.txt": "财政预算案\n\n主席：\n\n"
    "社会福利经常开支在2012-2013年度至2017-2018年度增加了七成。\n\n"
    "社会福利经常开支继续增长，社会福利经常开支增长较快。\n\n"
    "教育经常开支占经常开支的两成。\n",
    "metro.txt": "市政报告\n\n各位议员：\n\n"
    "地铁线路全长五十三公里，明年通车。\n\n"
    "本市历史悠久，多头管理、线条繁杂的问题有待解决。\n",
}


library = library_fixture(SPEECHES)


def test_the_dictionary_searches_the_archives_common_sense_of_a_word(library):
    """CC-CEDICT glosses "register" with 名册 and 报名 before 登记 and 注册: the senses the
    archive holds most often are searched, not its rarest (which would rank first)."""
    hit = library.search("How many voters were registered?", top=1)[0]
    assert "登记的选民有三十万人" in hit.text


def test_an_ordinal_is_read_with_its_noun(library):
    """The words "third step" are 第三步, one word of the index: the ordinal alone says nothing."""
    hit = library.search("What was the third step?", top=1)[0]
    assert "第三步，基本实现现代化" in hit.text


def test_policy_words_are_read_in_the_reports_sense(library):
    """The words "principal contradiction" are 主要矛盾, and "society" 社会, not a school's 校长 or a
    club's 社团."""
    hit = library.search("What is the principal contradiction in society?", top=1)[0]
    assert "社会主要矛盾" in hit.text


def test_a_fiscal_year_is_searched_as_the_reports_write_it(library):
    hit = library.search("How many migrants were detained in fiscal 2021?", top=1)[0]
    assert "2021财年" in hit.text


def test_a_span_of_two_years_finds_its_four_digit_spelling(library):
    """A budget's "2012-13" is written 2012-2013 in the report."""
    hit = library.search(
        "How much did social welfare recurrent spending grow between 2012-13 and 2017-18?",
        top=1,
    )[0]
    assert "2012-2013年度至2017-2018年度" in hit.text


def test_words_of_no_subject_are_not_searched(library):
    """A question "How long" asks for a figure: "long" is not read as 悠久 or 多头."""
    hit = library.search("How long is the line?", top=1)[0]
    assert "全长五十三公里" in hit.text
