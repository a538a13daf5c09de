"""Configuration: which file, which data directory, and the library's settings.

Precedence: ``--config FILE``, else ``$SPEECHBOT_CONFIG``, else ``./config.toml`` if present.
Data directory: ``--data``, else the config's ``data_dir``, else ``./data``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from .errors import SpeechbotError
from .library import LibraryConfig
from .ranking import BM25Params
from .search import SearchSettings


def find_config(explicit: str | None) -> Path | None:
    """The config file to use, or None."""
    if explicit:
        return Path(explicit)
    if os.environ.get("SPEECHBOT_CONFIG"):
        return Path(os.environ["SPEECHBOT_CONFIG"])
    default = Path("config.toml")
    return default if default.is_file() else None


def read_config(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise SpeechbotError(f"无法读取配置文件 {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SpeechbotError(f"配置文件 {path} 格式错误: {exc}") from exc


def data_dir(explicit: str | None, config: dict[str, Any], config_path: Path | None) -> Path:
    if explicit:
        return Path(explicit)
    if "data_dir" in config:
        base = config_path.parent if config_path else Path(".")
        return base / config["data_dir"]
    return Path("data")


def library_config(config: dict[str, Any], config_path: Path | None = None) -> LibraryConfig:
    """The ``[search]`` table as a LibraryConfig (paths relative to the config file)."""
    section = config.get("search", {})
    base = config_path.parent if config_path else Path(".")
    bm25 = BM25Params(
        k1=float(section.get("k1", 1.2)),
        b=float(section.get("b", 0.75)),
        idf=str(section.get("idf", "lucene")),
    )
    defaults = SearchSettings()
    if section.get("char_mode", defaults.char_mode) not in ("all", "uncovered"):
        raise SpeechbotError('[search] char_mode 只能是 "all" 或 "uncovered"')
    settings = SearchSettings(
        head_weight=float(section.get("heading_weight", defaults.head_weight)),
        char_weight=float(section.get("char_weight", defaults.char_weight)),
        char_mode=str(section.get("char_mode", defaults.char_mode)),
        figure_weight=float(section.get("figure_weight", defaults.figure_weight)),
        typo_weight=float(section.get("typo_weight", defaults.typo_weight)),
        glossary_weight=float(section.get("glossary_weight", defaults.glossary_weight)),
        bm25=bm25,
    )
    synonyms = {k: tuple(v) for k, v in section.get("synonyms", {}).items()}
    return LibraryConfig(
        segmenter=str(section.get("segmenter", "rjieba")),
        user_dicts=tuple(str(base / p) for p in section.get("user_dicts", [])),
        stopwords=tuple(section.get("stopwords", [])),
        synonyms=synonyms,
        settings=settings,
    )
