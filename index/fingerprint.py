"""The analysis fingerprint: which analysis a data directory's speeches were made with.

A speech's title, outline, passages and term ids are made once, at ingest, from its original
bytes (which the store keeps).  Schema migrations only change how they are stored, so a
directory keeps an older analysis after an upgrade until ``speechbot reanalyse`` makes it
again (``reanalyse.py``).  The fingerprint says whether that is needed: the version of the
reading chain below, and a hash of what the segmenter and the filters read (dictionaries,
stopwords) and of the reading settings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from .analysis import STOPWORDS_PATH, USERDICT_PATH
from .ingest import Reading

__all__ = ["ANALYSIS_VERSION", "analysis_fingerprint"]

# Bump by hand whenever a change makes ingest store something else for the same file: the
# loaders, layout, cleaning, title/date/speaker reading (metadata.py), the outline parser
# (outline.py and its _*.py rules), how passages are cut, or the analysis chain and fields
# (analysis.py, fields.py, numbers.py).  Every directory made before then is then told to
# run ``speechbot reanalyse``.  Changes of the shipped dictionaries are seen without it.
ANALYSIS_VERSION = 8


def analysis_fingerprint(
    segmenter: str,
    user_dicts: Sequence[str | Path] = (),
    stopwords: Sequence[str] = (),
    reading: Reading | None = None,
) -> str:
    """``"<version>-<hash>"``: the version stays readable in the directory's meta table."""
    reading = reading or Reading()
    digest = hashlib.sha256()
    settings = [segmenter, sorted(stopwords), reading.passage_chars, reading.plain_headings]
    digest.update(json.dumps(settings, ensure_ascii=False).encode())
    # the files' bytes, not their names: a config may move a dictionary without changing it
    for path in (USERDICT_PATH, STOPWORDS_PATH, *user_dicts):
        try:
            digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
        except OSError:  # the Analyzer has said so already; an unread file counts as empty
            digest.update(b"-")
    return f"{ANALYSIS_VERSION}-{digest.hexdigest()[:16]}"
