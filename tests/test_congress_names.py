"""A party congress report without a title line names itself in its opening sentence: "我代表
第十四届中央委员会向大会作报告" is the report to the next congress, 十五大, which a question
names ("十五大报告里…") even though the next report's text says 十五大 more often."""

from __future__ import annotations

from conftest import filler_speeches, library_fixture

SPEECHES = {
    "congress-report-a.txt": """同志们：

现在，我代表第十四届中央委员会向大会作报告。

建立现代企业制度是国有企业改革的方向，要求做到产权清晰、权责明确、政企分开、管理科学。
""",
    "congress-report-b.txt": """同志们：

现在，我代表第十五届中央委员会向大会作报告。

十五大以来，企业制度改革不断深化，国有经济布局和结构调整稳步推进，非公有制经济健康发展。
""",
}
FILLER = filler_speeches()


library = library_fixture({**SPEECHES, **FILLER})


def test_the_opening_sentence_names_the_congress(library):
    hit = library.search("十五大报告里企业制度的要求", top=1)[0]
    assert hit.source == "congress-report-a.txt" and "产权清晰" in hit.text
