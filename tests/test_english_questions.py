"""Questions typed in English, as a user sees their answers: the glossary's Chinese phrase
counts as the one word it reads, amounts are read in the reports' units, and English words
of no subject are not searched."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture

SPEECHES = {
    "forum.txt": "在论坛上的讲话\n\n各位朋友：\n\n"
    "论坛期间，各方就合作议题展开讨论，论坛取得积极成果，合作前景广阔。\n",
    "poverty.txt": "在研讨会上的讲话\n\n各位朋友：\n\n我们将继续推进减贫事业。\n",
    "energy.txt": "在能源工作会议上的讲话\n\n同志们：\n\n"
    "全省水电装机容量达到八千万千瓦，清洁能源占比持续提高。\n\n"
    "今年新增集装箱航线十二条。\n",
    "housing.txt": "在经济工作会议上的讲话\n\n同志们：\n\n"
    "要促进房地产市场平稳健康发展，坚持房子是用来住的。\n\n"
    "发展是第一要务，要在发展中保障和改善民生，推动城市发展。\n",
    "border.txt": "在边疆工作会议上的讲话\n\n同志们：\n\n"
    "全区对外开放口岸增加到十九个。\n\n"
    "边境地区入口处的标识更加完善，港口建设加快。\n\n"
    "农村贫困发生率降至百分之零点六。\n\n"
    "贫困群众的生活明显改善，发病率下降。\n",
    "health.txt": "在卫生工作会议上的讲话\n\n同志们：\n\n"
    "我国先后向非洲派出援外医疗队员两万多人次。\n\n"
    "要加强医疗卫生队伍建设，培养团队精神。\n\n"
    "文件起草组在起草过程中广泛听取意见。\n\n"
    "小组讨论时，大家对起草工作提出建议。\n",
    "cities.txt": "在城市工作会议上的讲话\n\n同志们：\n\n"
    "全市经济总量突破3万亿元，成为中西部首个。\n\n"
    "全市经济总量达到3000多亿元，增长3%。\n\n"
    "经济增长点不断涌现，3大经济增长极加快形成，经济增长动能增强。\n\n"
    "城镇新增就业1000万人以上。\n\n"
    "城镇新增就业10万人，城镇新增就业工作扎实推进。\n",
    "nature.txt": "在生态会议上的讲话\n\n同志们：\n\n"
    "要保护好湿地。\n\n"
    "这次会议务必一定开好，上个月的一次会议开得很好。\n",
    "congress.txt": "在理论研讨会上的讲话\n\n同志们：\n\n"
    "党的十七大对深化改革作出全面部署。\n\n"
    "党的十五大对深化改革作出全面部署。\n\n"
    "党的十一届三中全会开启了改革开放历史新时期。\n\n"
    "党的十二届三中全会通过了关于经济体制改革的决定。\n\n"
    "第七个五年计划期间，国民经济持续增长。\n\n"
    "第六个五年计划期间，国民经济持续增长。\n",
    **filler_speeches(),
}


library = library_fixture(SPEECHES)


def test_a_phrase_of_several_words_counts_as_the_one_word_typed(library):
    """FOCAC reads 中非合作论坛, three words of the index: together they weigh what
    "poverty reduction" (减贫) weighs, so a passage only about some forum's cooperation does
    not come first."""
    hits = library.search("poverty reduction at FOCAC", top=2)
    assert "减贫事业" in hits[0].text


def test_common_policy_terms_are_read_in_english(library):
    """Terms of reports a reader names in English: installed capacity (装机容量),
    ports of entry (口岸), poverty incidence (贫困发生率), medical teams (医疗队), a drafting
    group (起草组)."""
    assert "水电装机容量" in library.search("installed capacity of hydropower", top=1)[0].text
    assert "开放口岸" in library.search("How many ports of entry are open?", top=1)[0].text
    assert "贫困发生率" in library.search("poverty incidence in rural areas", top=1)[0].text
    assert "援外医疗队" in library.search("medical teams sent to Africa", top=1)[0].text
    assert "文件起草组" in library.search("What did the drafting group do?", top=1)[0].text


def test_a_colloquial_word_finds_the_official_one(library):
    """楼市, as people say it, finds the reports' 房地产市场."""
    assert "房地产市场平稳健康发展" in library.search("楼市怎么发展", top=1)[0].text


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which city has an economy above 3 trillion yuan?", "突破3万亿元"),
        ("10 million new urban jobs", "1000万人以上"),
        ("economy grew by 3 percent", "增长3%"),
    ],
)
def test_an_amount_in_english_is_read_in_the_reports_units(library, question, answer):
    assert answer in library.search(question, top=1)[0].text


def test_english_stop_words_are_not_read_through_the_dictionary(library):
    """ "must" and "first" say nothing of the subject: the dictionary's 务必 一定 一次 上个
    are not searched in their place."""
    hits = library.search("What must be protected first?", top=3)
    assert "保护好湿地" in hits[0].text
    assert not any("务必一定" in hit.text for hit in hits)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What did the 17th Party Congress say about reform?", "党的十七大"),
        ("the seventeenth party congress on reform", "党的十七大"),
        ("third plenary session of the 11th Central Committee", "十一届三中全会"),
        ("the Seventh Five-Year Plan", "第七个五年计划"),
    ],
)
def test_numbered_congresses_plenums_and_plans_are_read_in_english(library, question, answer):
    """An ordinal with the name of a congress, a plenum or a plan is read as the reports
    name it (十七大, 十一届三中全会, 第七个五年计划), not as any congress or plan."""
    assert answer in library.search(question, top=1)[0].text


@pytest.mark.parametrize(
    ("question", "chinese", "not_searched"),
    [
        ("development of the western provinces", "西部", "西部片"),
        ("the aim of the reform", "目标", "标的"),
        ("the path of socialism", "道路", "行径"),
    ],
)
def test_common_policy_words_are_read_in_the_speeches_senses(question, chinese, not_searched):
    """The dictionary's first senses of common words mislead (western → 西部片, a film
    genre); the glossary reads them as the speeches mean them."""
    from speechbot.index.analysis import Analyzer
    from speechbot.index.query import build_query
    from speechbot.index.search import SearchSettings

    words = build_query(question, SearchSettings(), analyzer=Analyzer()).words
    assert chinese in words and not_searched not in words


def test_a_hyphenated_name_is_read_as_its_pieces():
    """ "China-Central Asia Summit": the glossary knows Central Asia (中亚), not the compound;
    the compound as typed is not searched (it matches only English passages)."""
    from speechbot.index.analysis import Analyzer
    from speechbot.index.query import build_query
    from speechbot.index.search import SearchSettings

    words = build_query(
        "China-Central Asia Summit in Xi'an", SearchSettings(), analyzer=Analyzer()
    ).words
    assert {"中亚", "峰会", "西安"} <= set(words)
    assert not [w for w in words if "-" in w]
