"""Configuration, read once: which file, which data directory, and the library's settings.

    settings = load_settings(args)   # args.config and args.data from the command line

Precedence: ``--config FILE``, else ``$SPEECHBOT_CONFIG``, else ``./config.toml`` if present.
Data directory: ``--data``, else the config's ``data_dir``, else ``./data``.
Every search setting is set in ``[search]`` under the name it has in ``SearchSettings``
(and ``k1``, ``b``, ``idf`` for BM25); the upload limit is ``[bot] max_upload_mb``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SpeechbotError
from .library import LibraryConfig
from .loaders import MAX_BYTES
from .ranking import BM25Params
from .search import SearchSettings

# the library's own keys in [search]; every other key names a SearchSettings field
_LIBRARY_KEYS = {
    "segmenter",
    "user_dicts",
    "stopwords",
    "synonyms",
    "k1",
    "b",
    "idf",
    "plain_headings",
}
_ALIASES = {"heading_weight": "head_weight"}  # configuration files in use spell it so


@dataclass(frozen=True)
class Settings:
    """What both command lines read from the configuration: the file (if any), its tables
    (the bot reads its own from ``tables``), the data directory and the library's settings."""

    path: Path | None
    tables: dict[str, Any]
    data_dir: Path
    library: LibraryConfig


def load_settings(args: Any) -> Settings:
    """The settings for parsed arguments with ``config`` and ``data`` attributes."""
    path = find_config(getattr(args, "config", None))
    tables = read_config(path)
    return Settings(
        path=path,
        tables=tables,
        data_dir=data_dir(getattr(args, "data", None), tables, path),
        library=library_config(tables, path),
    )


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
    """The ``[search]`` table (and the upload limit) as a LibraryConfig; paths are relative
    to the config file."""
    section = config.get("search", {})
    base = config_path.parent if config_path else Path(".")
    bm25 = BM25Params(
        k1=float(section.get("k1", 1.2)),
        b=float(section.get("b", 0.75)),
        idf=str(section.get("idf", "lucene")),
    )
    settings = dataclasses.replace(_search_settings(section), bm25=bm25)
    if settings.char_mode not in ("all", "uncovered"):
        raise SpeechbotError('[search] char_mode 只能是 "all" 或 "uncovered"')
    synonyms = {k: tuple(v) for k, v in section.get("synonyms", {}).items()}
    try:
        max_file_mb = float(config.get("bot", {}).get("max_upload_mb", 20))
    except (TypeError, ValueError):
        raise SpeechbotError("[bot] max_upload_mb 应为数字") from None
    if not 0 < max_file_mb * 2**20 <= MAX_BYTES:
        raise SpeechbotError(f"[bot] max_upload_mb 应在 0 到 {MAX_BYTES // 2**20} 之间")
    return LibraryConfig(
        segmenter=str(section.get("segmenter", "rjieba")),
        user_dicts=tuple(str(base / p) for p in section.get("user_dicts", [])),
        stopwords=tuple(section.get("stopwords", [])),
        synonyms=synonyms,
        settings=settings,
        max_file_bytes=int(max_file_mb * 1024 * 1024),
        plain_headings=bool(section.get("plain_headings", False)),
    )


def _search_settings(section: dict[str, Any]) -> SearchSettings:
    fields = {f.name: f for f in dataclasses.fields(SearchSettings) if f.name != "bm25"}
    defaults = SearchSettings()
    values: dict[str, Any] = {}
    for key, raw in section.items():
        if key in _LIBRARY_KEYS:
            continue
        name = _ALIASES.get(key, key)
        if name not in fields:
            raise SpeechbotError(f"[search] 没有设置项 {key}")
        kind = type(getattr(defaults, name))
        try:
            values[name] = raw if kind is bool and isinstance(raw, bool) else kind(raw)
        except (TypeError, ValueError):
            raise SpeechbotError(f"[search] {key} 应为 {kind.__name__}（收到：{raw!r}）") from None
        if kind is bool and not isinstance(raw, bool):
            raise SpeechbotError(f"[search] {key} 应为 true 或 false（收到：{raw!r}）")
    return SearchSettings(**values)
