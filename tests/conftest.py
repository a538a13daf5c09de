"""Shared fixtures: the real corpus beside the repository, and a library holding all of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# `./run fuzz` (HYPOTHESIS_PROFILE=fuzz) runs every property test with 10,000 examples
settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile("fuzz", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_library(corpus_dir, tmp_path_factory):
    """A Library with every file of the shared corpus ingested (shared, read-only)."""
    from speechbot.index.library import Library

    library = Library(tmp_path_factory.mktemp("corpus-data"))
    outcomes = library.ingest(sorted(corpus_dir.glob("*.txt")))
    failed = [o.error for o in outcomes if not o.ok]
    assert not failed, failed
    yield library
    library.close()


def speech_id_of(library, source: str, part: str | None = None) -> int:
    """The id of the speech ingested from ``source`` (file name)."""
    ids = [s.id for s in library.list() if s.source == source and (part is None or s.part == part)]
    assert ids, f"{source} was not ingested"
    return ids[0]


CORPUS_FIXTURES = {"corpus_dir", "corpus_library", "corpus"}  # test_summary names it corpus


def quoted(library, point: str, source: str):
    """The quote ``point`` names in the speech ingested from ``source``; failing with the
    candidates offered when there is none."""
    result = library.quote(point, speech_id=speech_id_of(library, source))
    assert result.quote is not None, (point, [c.path for c in result.candidates])
    return result.quote


def pytest_collection_modifyitems(config, items):
    """Tests that read ../shared are marked ``corpus``: ``./run test -m "not corpus"`` runs
    what a fresh clone without ../shared runs (they skip there on their own)."""
    for item in items:
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)


def library_of(folder: Path, speeches: dict[str, str]):
    """A Library in ``folder`` holding ``speeches`` (file name → text), written for a test."""
    from speechbot.index.library import Library

    (folder / "speeches").mkdir()
    for name, text in speeches.items():
        (folder / "speeches" / name).write_text(text, encoding="utf-8")
    library = Library(folder / "data")
    outcomes = library.ingest([folder / "speeches"])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return library


def library_fixture(speeches: dict[str, str]):
    """A module-scoped fixture: a Library holding ``speeches`` (``library_of``), closed after
    the module's tests.  ``repeating = library_fixture(REPEATING)`` names it ``repeating``."""

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory):
        library = library_of(tmp_path_factory.mktemp("library"), speeches)
        yield library
        library.close()

    return fixture


FILLER_TOPICS = ("教育", "卫生", "交通", "水利", "农业", "环保", "文化", "体育", "住房", "民政")


def filler_speeches(title: str = "在{}工作会议上的发言", topics=FILLER_TOPICS) -> dict[str, str]:
    """Other speeches, so that the words naming a test's speeches are rare in the archive, as
    they are in a real one: file name → text, one per topic."""
    return {
        f"filler-{i}.txt": title.format(topic)
        + "\n\n同志们：\n\n"
        + "".join(f"{topic}事业第{n}项任务推进顺利，成效明显。\n\n" for n in "一二三四五六七八")
        for i, topic in enumerate(topics)
    }
