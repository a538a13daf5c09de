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
