"""bench.two_trees at a tiny size: a library against its copy, read by the same code, answers
the same (no timing)."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from bench.generate import CORPUS

pytestmark = pytest.mark.skipif(
    not any(CORPUS.glob("*.txt")), reason="the generator draws words from ../shared/corpus"
)


def test_a_library_and_its_copy_answer_the_same(tmp_path, monkeypatch):
    from bench import two_trees
    from bench.generate import Generator
    from bench.peers import build_in_child

    Generator(3).write_archive(tmp_path / "archive", 300)
    build_in_child("speechbot", tmp_path / "archive", tmp_path / "data")
    shutil.copytree(tmp_path / "data", tmp_path / "copy")
    out = tmp_path / "report.json"
    argv = ["two_trees", "--data", str(tmp_path / "data"), "--old-data", str(tmp_path / "copy")]
    argv += ["--old-package", "speechbot", "--queries", "3", "--json", str(out)]
    monkeypatch.setattr(sys, "argv", argv)
    two_trees.main()
    report = json.loads(out.read_text("utf-8"))
    assert report["questions"] == 9 and report["differ"] == 0
    assert {"this tree cold p50 ms", "older warm p50 ms"} <= set(report)
