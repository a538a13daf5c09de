"""bench.store_size measures a data directory without changing it, current or older."""

from __future__ import annotations

from conftest import SAMPLES
from test_store_schema import _as_version_1_left_it

from bench.store_size import report
from speechbot.index.library import Library


def test_a_data_dir_is_measured_as_it_is(tmp_path):
    library = Library(tmp_path / "data")
    library.ingest([SAMPLES])
    library.close()
    current = report(tmp_path / "data", sorted(SAMPLES.iterdir()))
    assert current[0].startswith("data directory ") and "x the cleaned text" in current[0]
    assert any("payload speeches.terms" in line for line in current)
    assert current[-1].startswith("ingested files ")

    _as_version_1_left_it(tmp_path / "data" / "speechbot.sqlite3")
    older = report(tmp_path / "data")
    assert any("payload passages.text" in line for line in older)  # not migrated
    # the same cleaned text either way
    assert older[0].split("(")[1] == current[0].split("(")[1]
