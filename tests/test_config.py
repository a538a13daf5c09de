"""The example configuration documents every setting and is valid as shipped."""

from pathlib import Path

import pytest

from speechbot.bot.config import bot_settings, parse_time
from speechbot.index.config import library_config, read_config
from speechbot.index.errors import SpeechbotError
from speechbot.index.search import SearchSettings

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.toml"


def test_example_config_loads():
    config = read_config(EXAMPLE)
    settings = bot_settings(config, environ={"TELEGRAM_BOT_TOKEN": "1:x"})
    assert settings.token == "1:x"  # the environment wins over the file
    assert settings.access_mode == "allowlist" and settings.timezone == "Asia/Shanghai"
    assert settings.digest_time.strftime("%H:%M") == "08:00" and settings.when_empty == "point"
    assert library_config(config, EXAMPLE).settings.head_weight == 0.4
    # the example documents the shipped search settings, every one of them
    assert library_config(config, EXAMPLE).settings == SearchSettings()
    assert library_config(config, EXAMPLE).plain_headings is False


def test_unnumbered_headings_are_read_when_the_config_asks():
    assert library_config({"search": {"plain_headings": True}}).reading.plain_headings


def test_unknown_character_mode_is_refused():
    with pytest.raises(SpeechbotError, match="char_mode"):
        library_config({"search": {"char_mode": "some"}})


def test_fresh_config_leaks_nothing():
    settings = bot_settings({}, environ={})
    assert settings.token is None and settings.access_mode == "allowlist"
    assert not settings.may_use(12345, 12345)


@pytest.mark.parametrize("bad", ["25:00", "8", "abc", ""])
def test_bad_times_are_refused(bad):
    with pytest.raises(SpeechbotError):
        parse_time(bad)


def test_bad_mode_and_timezone_are_refused():
    with pytest.raises(SpeechbotError):
        bot_settings({"access": {"mode": "everyone"}}, environ={})
    with pytest.raises(SpeechbotError):
        bot_settings({"digest": {"timezone": "Mars/Base"}}, environ={})


def test_every_search_setting_is_set_under_its_name_in_code():
    import dataclasses

    defaults = SearchSettings()
    table = {}
    for field in dataclasses.fields(SearchSettings):
        value = getattr(defaults, field.name)
        if isinstance(value, bool):
            table[field.name] = not value
        elif isinstance(value, int | float):
            table[field.name] = value + 1
        elif field.name == "char_mode":
            table[field.name] = "all"
    settings = library_config({"search": table}).settings
    for name, value in table.items():
        assert getattr(settings, name) == value, name
    with pytest.raises(SpeechbotError, match="typo_wieght"):
        library_config({"search": {"typo_wieght": 0.5}})


def test_one_upload_limit_for_the_bot_and_the_command_line(tmp_path):
    from speechbot.index import Library

    config = library_config({"bot": {"max_upload_mb": 1}})
    library = Library(tmp_path / "data", config)
    try:
        big = ("很长的文字。" * 70_000).encode()  # 1.2 MB
        outcome = library.ingest_bytes(big, "big.txt")
        assert not outcome.ok and "文件太大" in outcome.error and "上限 1 MB" in outcome.error
        (tmp_path / "big.txt").write_bytes(big)
        (outcome,) = library.ingest([tmp_path / "big.txt"])
        assert not outcome.ok and "文件太大" in outcome.error
    finally:
        library.close()
    roomy = Library(tmp_path / "roomy", library_config({"bot": {"max_upload_mb": 30}}))
    try:  # over the loader's old fixed 20 MB, within the configured limit
        text = (
            "二十多兆的讲话\n一、总体要求\n" + ("要坚持稳中求进工作总基调。" * 40 + "\n") * 14_000
        )
        outcome = roomy.ingest_bytes(text.encode(), "huge.txt")
        assert outcome.ok, outcome.error
    finally:
        roomy.close()
    with pytest.raises(SpeechbotError, match="max_upload_mb"):
        library_config({"bot": {"max_upload_mb": "many"}})


def test_load_settings_reads_the_file_once_for_both_command_lines(tmp_path, monkeypatch):
    from argparse import Namespace

    from speechbot.index.config import load_settings

    path = tmp_path / "speechbot.toml"
    path.write_text('data_dir = "store"\n[search]\nhead_weight = 0.9\n', "utf-8")
    monkeypatch.delenv("SPEECHBOT_CONFIG", raising=False)
    settings = load_settings(Namespace(config=str(path), data=None))
    assert settings.data_dir == tmp_path / "store"
    assert settings.library.settings.head_weight == 0.9
    assert bot_settings(settings.tables, environ={}).access_mode == "allowlist"
