"""Short forms the speeches use (十九大, 营改增, 六稳六保, 三去一降一补) are one word to both
segmenters: a question typing one finds it, and its meaningless pieces (十九 大, 营 改增) are
neither searched nor marked in other passages."""

from __future__ import annotations

import pytest
from conftest import filler_speeches, library_fixture

from speechbot.index.analysis import Analyzer

SPEECHES = {
    "meeting.txt": "在工作会议上的讲话\n\n同志们：\n\n"
    "党的十九大以来，各项事业取得历史性成就。\n\n"
    "十九个省份的大项目、大工程加快建设。\n\n"
    "全面推开营改增试点，减轻企业负担。\n\n"
    "营业税改革后，改增值税的企业增多。\n",
    **filler_speeches(),
}


@pytest.mark.parametrize("segmenter", ["jieba", "rjieba"])
def test_both_segmenters_keep_short_forms_whole(segmenter):
    analyzer = Analyzer(segmenter=segmenter)
    assert analyzer.terms("党的十九大以来") == ["党", "十九大", "以来"]
    assert "营改增" in analyzer.terms("全面推开营改增试点")
    assert "六稳六保" in analyzer.terms("扎实做好六稳工作、全面落实六稳六保任务")
    assert "三去一降一补" in analyzer.terms("深入推进三去一降一补")


library = library_fixture(SPEECHES)


def test_a_short_form_is_found_and_its_pieces_are_not_marked(library):
    hits = library.search("十九大以来的成就", top=3)
    assert "党的十九大以来" in hits[0].text
    assert all(hit.text[a:b] != "大" for hit in hits for a, b in hit.spans)
    hits = library.search("营改增", top=3)
    assert "营改增试点" in hits[0].text
    assert all(hit.text[a:b] != "改增值税" for hit in hits for a, b in hit.spans)
