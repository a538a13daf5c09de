"""Lists named by words a user says their own way, on speeches written for these tests: where
the point stands said without 的 ("…意见里第三点"), a photo's caption between a lead and its
list, a word of the request the lead does not write, points that all open with the words
("面向未来那几条"), two leads that hold the words (the one that writes them as asked), a lead
under a title line of a budget read in a council's record, and the title line and its lead
holding the words between them."""

from __future__ import annotations

import pytest
from conftest import library_fixture, quoted

BODY = "要坚持稳中求进工作总基调，推动高质量发展，把各项工作做细做实。"

TALK = f"""在云海市基层代表座谈会上的讲话
同志们：
刚才，大家的发言很有见地。{BODY}
下面，我讲几点意见。
第一，珍惜发展好局面。{BODY}
第二，坚持人民至上。{BODY}
第三，加强基层建设。{BODY}
"""

TRIBUTE = f"""在纪念李明同志诞辰一百周年座谈会上的讲话
同志们：
今天，我们在这里集会，纪念李明同志诞辰一百周年。{BODY}
李明同志树立的精神风范、积累的工作经验，是我们的宝贵财富。
2031年5月4日，座谈会在云海市举行，与会代表参观李明同志生平事迹展览。 云海日报记者 王芳/摄
——我们要学习李明同志的奉献精神。{BODY}
——我们要学习李明同志的务实作风。{BODY}
——我们要学习李明同志的工作方法。{BODY}
"""

FORUM = f"""在云海合作论坛开幕式上的致辞
女士们，先生们：
云海同各方的合作基础深厚、前景广阔。{BODY}
——面向未来，我们愿同各方深化互利合作。{BODY}
——面向未来，我们愿同各方扩大人文交流。{BODY}
——面向未来，我们愿同各方共同应对挑战。{BODY}
"""

SPIRIT = f"""在云海精神命名六十周年座谈会上的讲话
同志们：
六十年来，云海精神为地区发展作出了重要历史贡献。
第一，云海精神为城市建设树立了标杆。{BODY}
第二，云海精神为乡村振兴提供了指引。{BODY}
第三，云海精神为城市治理贡献了历史经验。它为全国作出了示范。
——我们要坚持艰苦奋斗。{BODY}
——我们要坚持改革创新。{BODY}
"""

TEXT = "政府會繼續推動經濟穩定發展，並加強與各界的溝通和合作，確保各項措施落到實處。"
# a budget read in a council's record: unnumbered title lines, a list led by the body of one
RECORD = f"""立法會會議過程正式紀錄
2031年2月26日星期三
上午11時正會議開始
主席：議員質詢。
財政司司長：主席，我現在動議二讀《2031年撥款條例草案》。
引言
{TEXT}
經濟表現
{TEXT}
{TEXT}
長者服務
{TEXT}我們會推行和改善以下3項安老服務：
(一)增加社區飯堂名額。{TEXT}
(二)擴大家居照顧服務。{TEXT}
(三)加強護理人員培訓。{TEXT}
殘疾人士
{TEXT}為此，政府建議：
(1)增加康復服務名額。{TEXT}
(2)增加特殊學校人手。{TEXT}
(3)提高庇護工場獎勵金額。{TEXT}
結語
{TEXT}
"""

# parts with bare numerals; the last paragraph of part 三 holds most of the words of a
# request for part 二's points
PARTS = f"""在云海市工作会议上的讲话
同志们：
大家发言已经完了。我就下面几个问题讲几句话。
一 关于这次会议的评价
{BODY}
二 关于张岩赵明反党联盟
第一点，要看清联盟的性质。{BODY}
第二点，要团结受影响的同志。{BODY}
第三点，要防止骄傲情绪。{BODY}
三 关于目前形势
{BODY}
反党联盟的问题解决以后，形势很好，大家要更加团结。
四 关于下次大会
{BODY}
"""

# a heading with a list holds the one character left of "提的几点要求" (提高)
CADRES = f"""在云海市干部大会上的讲话
同志们：
一、提高思想认识
第一，看清形势。{BODY}
第二，找准差距。{BODY}
二、抓好工作落实
{BODY}这里，我提几点要求。
一是敢于担当。{BODY}
二是真抓实干。{BODY}
三是清正廉洁。{BODY}
"""

CITY = f"""2032年云海市政府工作报告
各位代表：
一、2031年工作回顾
一年来，我们主要做了以下工作：
一是稳住经济大盘。{BODY}
二是扩大对外开放。{BODY}
三是办好民生实事。{BODY}
二、2032年工作安排
重点抓好以下工作：
（一）扩大有效投资。{BODY}
（二）培育新兴产业。{BODY}
"""

FILES = {
    "talk.txt": TALK,
    "tribute.txt": TRIBUTE,
    "forum.txt": FORUM,
    "spirit.txt": SPIRIT,
    "record.txt": RECORD,
    "parts.txt": PARTS,
    "cadres.txt": CADRES,
    "city.txt": CITY,
}


library = library_fixture(FILES)


@pytest.mark.parametrize(
    ("source", "point", "heading"),
    [
        # where the point stands, said without 的
        ("talk.txt", "讲的几点意见里第三点", "第三，加强基层建设"),
        ("talk.txt", "几点意见中第二点", "第二，坚持人民至上"),
        # a photo's caption between the lead and its points
        ("tribute.txt", "李明同志的宝贵财富第二条", "——我们要学习李明同志的务实作风"),
        # 留下: a word the lead does not write
        ("tribute.txt", "李明同志留下的宝贵财富第三条", "——我们要学习李明同志的工作方法"),
        # no lead names them: the points do, each
        ("forum.txt", "面向未来那几条的第二条", "——面向未来，我们愿同各方扩大人文交流"),
        # 历史贡献 as the opening writes it, not 贡献了历史经验 in the third point
        ("spirit.txt", "云海精神作出的历史贡献的第二个方面", "第二，云海精神为乡村振兴提供了指引"),
        # …over the third point's heading too, which holds the same terms
        ("spirit.txt", "云海精神的历史贡献第二点", "第二，云海精神为乡村振兴提供了指引"),
        ("record.txt", "推行和改善的3项安老服务的第二项", "(二)擴大家居照顧服務"),
        ("cadres.txt", "提的几点要求里第二点", "二是真抓实干"),
        # 去年: the year the report looks back on, which its lead does not name
        ("city.txt", "去年主要做的工作第二项", "二是扩大对外开放"),
        ("city.txt", "过去一年主要做了哪些工作 第三项", "三是办好民生实事"),
        # the title line says 残疾人士, the lead under it 政府建议
        ("record.txt", "残疾人士方面政府建议的第三项", "(3)提高庇護工場獎勵金額"),
    ],
)
def test_a_list_named_in_a_users_words(library, source, point, heading):
    quote = quoted(library, point, source)
    assert quote.path[-1].startswith(heading), quote.path


def test_a_paragraph_with_most_of_the_words_that_ends_a_part_leads_into_nothing(library):
    # "张赵" is the user's short name for 张岩、赵明: the words are not found, rather than
    # taken from the last paragraph of part 三 as a lead into part 四
    speech_id = next(s.id for s in library.list() if s.source == "parts.txt")
    result = library.quote("张赵反党联盟问题讲的几点意见的第四点", speech_id=speech_id)
    assert result.quote is None or not result.quote.path[-1].startswith("四"), result.quote.path
