"""speechbot's speech library: load, clean, outline, index, search, quote and summarise speeches.

No Telegram here; the bot and the command line are thin layers over this package. What a third
party may import is listed in ``__all__``; every other module is internal and may change.

    from speechbot.index import Library
    lib = Library("data")
    lib.ingest(["speeches/"])
    for hit in lib.search("稳就业", top=5):
        print(hit.ref, hit.text)
"""

from .citation import citation, cite
from .config import Settings, load_settings
from .errors import LoadError, NotFoundError, SpeechbotError, StoreError
from .library import IngestOutcome, Library, LibraryConfig
from .loaders import SUPPORTED_SUFFIXES
from .mentions import Mention, Mentions, quoted_phrase
from .model import Hit, Passage, Ref, Section, Speech
from .quote import Candidate, Quote, QuoteResult, names_a_point
from .scope import Scope, asks_side_by_side, parse_years, scope_in_question
from .search import SearchSettings
from .store import SpeechInfo
from .summary import Summary

__all__ = [
    "Candidate",
    "Hit",
    "IngestOutcome",
    "Library",
    "LibraryConfig",
    "LoadError",
    "Mention",
    "Mentions",
    "NotFoundError",
    "Passage",
    "Quote",
    "QuoteResult",
    "Ref",
    "SUPPORTED_SUFFIXES",
    "Scope",
    "SearchSettings",
    "Section",
    "Settings",
    "Speech",
    "SpeechInfo",
    "SpeechbotError",
    "StoreError",
    "Summary",
    "asks_side_by_side",
    "citation",
    "cite",
    "load_settings",
    "names_a_point",
    "parse_years",
    "quoted_phrase",
    "scope_in_question",
]
