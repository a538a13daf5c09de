"""A party congress report without a title line names itself in its opening sentence: "我代表
第十四届中央委员会向大会作报告" is the report to the next congress, 十五大, which a question
names ("十五大报告里…") even though the next report's text says 十五大 more often."""

from __future__ import annotations

import pytest

from speechbot.index import Library

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
# other speeches, so that the words naming these are rare in the archive, as in a real one
TOPICS = ["教育", "卫生", "交通", "水利", "农业", "环保", "文化", "体育", "住房", "民政"]
FILLER = {
    f"filler-{i}.txt": f"在{topic}工作会议上的发言\n\n同志们：\n\n"
    + "".join(f"{topic}事业第{n}项任务推进顺利，成效明显。\n\n" for n in "一二三四五六七八")
    for i, topic in enumerate(TOPICS)
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("congress-names")
    for name, text in {**SPEECHES, **FILLER}.items():
        (folder / name).write_text(text, "utf-8")
    library = Library(folder / "data")
    assert all(o.ok for o in library.ingest(sorted(folder.glob("*.txt"))))
    yield library
    library.close()


def test_the_opening_sentence_names_the_congress(library):
    hit = library.search("十五大报告里企业制度的要求", top=1)[0]
    assert hit.source == "congress-report-a.txt" and "产权清晰" in hit.text
