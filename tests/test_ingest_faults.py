"""A fault of ours while one file is analysed costs that file only, with a line saying so."""

from __future__ import annotations

import pytest

from speechbot.index import ingest
from speechbot.index.library import Library

TENTH_POINT = "\n".join(
    [
        "在工作会议上的讲话",
        "同志们：",
        "第一是加强领导，压实各级责任。",
        "第二是完善制度，堵住管理漏洞。",
        "第十是加强监督，把好最后一道关口。",
        "第十一是总结经验，形成长效机制。",
    ]
)


@pytest.fixture
def library(tmp_path):
    library = Library(tmp_path / "data")
    yield library
    library.close()


def test_a_tenth_first_is_point_is_read_like_the_others(tmp_path, library):
    # "第十是…" once raised an IndexError that stopped the whole ingest
    path = tmp_path / "tenth.txt"
    path.write_text(TENTH_POINT, encoding="utf-8")
    (outcome,) = library.ingest([path])
    assert outcome.ok, outcome.error
    hits = library.search("把好最后一道关口", top=1)
    assert "第十是加强监督" in hits[0].text


def test_an_internal_error_on_one_file_loses_none_of_the_others(tmp_path, library, monkeypatch):
    real = ingest.build_speeches

    def faulty(loaded, filename, plain_headings=False):
        if filename == "faulty.txt":
            raise IndexError("string index out of range")
        return real(loaded, filename, plain_headings)

    monkeypatch.setattr(ingest, "build_speeches", faulty)
    paths = []
    for name, subject in (
        ("first.txt", "粮食安全"),
        ("faulty.txt", "能源保供"),
        ("last.txt", "乡村振兴"),
    ):
        path = tmp_path / name
        path.write_text(
            f"关于{subject}的讲话\n\n今年要抓好{subject}工作，确保取得实效。\n", "utf-8"
        )
        paths.append(path)
    outcomes = library.ingest(paths, workers=1)
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].error == "faulty.txt: 分析出错，未导入 (an internal error, logged)"
    assert sorted(s.title for s in library.list()) == ["关于乡村振兴的讲话", "关于粮食安全的讲话"]
