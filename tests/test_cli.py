"""The speechbot command line: what a user types and reads, and the JSON documented in the README."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SAMPLES

from speechbot.index.cli import main


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data"
    assert main(["--data", str(path), "ingest", str(SAMPLES)]) == 0
    return path


def run_json(capsys, *args):
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_ingest_reports_each_file(tmp_path, capsys):
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ")
    code = main(["--data", str(tmp_path / "d"), "ingest", str(SAMPLES), str(bad)])
    captured = capsys.readouterr()
    assert code == 1  # one file failed, the good ones are kept
    assert "✓" in captured.out and "城市更新工作会议讲话.txt → #1" in captured.out
    assert "notes.exe" in captured.err and "Traceback" not in captured.err
    code, payload = run_json(capsys, "--data", str(tmp_path / "d"), "list")
    assert [s["source"] for s in payload["speeches"]] == [
        "城市更新工作会议讲话.txt",
        "科技创新大会讲话.md",
    ]


def test_list_json(data, capsys):
    code, payload = run_json(capsys, "--data", str(data), "list")
    first = payload["speeches"][0]
    assert code == 0
    assert set(first) >= {"id", "title", "date", "source", "passages"}
    assert first["title"] == "在全市城市更新工作会议上的讲话" and first["date"] == "2025-03-18"


def test_ask_json(data, capsys):
    code, payload = run_json(capsys, "--data", str(data), "ask", "资金筹措渠道", "--top", "2")
    hit = payload["hits"][0]
    assert set(hit) >= {"speech_id", "title", "source", "ref", "path", "text", "score"}
    assert hit["text"].startswith("第一,资金筹措渠道单一")
    assert hit["path"] == ["二、清醒认识城市更新面临的困难和问题", "第一,资金筹措渠道单一"]
    assert hit["ref"] == "1:2.1#1"


def test_ask_text_shows_path_and_reference(data, capsys):
    assert main(["--data", str(data), "ask", "科技创新基金", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "在全省科技创新大会上的讲话 › 第二部分" in out and "〔2:2.3#1〕" in out
    assert "设立总规模100亿元的科技创新基金" in out


def test_quote_json_and_candidates(data, capsys):
    code, payload = run_json(
        capsys, "--data", str(data), "quote", "第二部分第二点", "--speech", "2"
    )
    assert code == 0 and payload["ref"] == "2:2.2"
    assert payload["text"].startswith("二、打造高水平人才队伍")
    assert payload["path"][-1] == "二、打造高水平人才队伍"
    code, payload = run_json(capsys, "--data", str(data), "quote", "一、")
    assert code == 0 and len(payload["candidates"]) >= 2
    code, payload = run_json(capsys, "--data", str(data), "quote", "第九部分", "--speech", "1")
    assert code == 1 and payload["candidates"] == []
    assert payload["outline"][0] == {
        "ref": "1:1",
        "level": 1,
        "heading": "一、充分肯定城市更新取得的成效",
    }
    assert main(["--data", str(data), "quote", "第九部分", "--speech", "1"]) == 1
    out = capsys.readouterr().out
    assert "没有找到“第九部分”。提纲：" in out and "(一)老旧小区改造全面提速  〔1:1.1〕" in out


def test_outline_and_summary(data, capsys):
    assert main(["--data", str(data), "outline", "1"]) == 0
    out = capsys.readouterr().out
    assert "一、充分肯定城市更新取得的成效  〔1:1〕" in out
    assert "  (一)老旧小区改造全面提速  〔1:1.1〕" in out
    code, payload = run_json(capsys, "--data", str(data), "summary", "1")
    assert payload["title"] == "在全市城市更新工作会议上的讲话"
    assert payload["outline"][0]["ref"] == "1:1"
    assert 3 <= len(payload["key_sentences"]) <= 5


def test_remove(data, capsys):
    code, payload = run_json(capsys, "--data", str(data), "remove", "1")
    assert payload == {"removed": 1, "title": "在全市城市更新工作会议上的讲话"}
    code, payload = run_json(capsys, "--data", str(data), "list")
    assert [s["id"] for s in payload["speeches"]] == [2]


def test_errors_are_one_line_without_traceback(tmp_path):
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "speechbot.index.cli",
            "--data",
            str(tmp_path / "d"),
            "outline",
            "42",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("错误: 没有编号为 42 的讲话")
    assert "Traceback" not in result.stderr


def test_config_file_sets_the_data_dir(tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('data_dir = "store"\n', encoding="utf-8")
    monkeypatch.setenv("SPEECHBOT_CONFIG", str(config))
    assert main(["ingest", str(SAMPLES)]) == 0
    assert (tmp_path / "store" / "speechbot.sqlite3").is_file()


def _speechbot(*args, env_extra=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update({"SPEECHBOT_CONFIG": "", **(env_extra or {})})
    return subprocess.run(
        [sys.executable, "-m", "speechbot.bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=timeout,
    )


def test_run_without_a_token_says_so(tmp_path):
    result = _speechbot("--data", str(tmp_path / "d"), "run")
    assert result.returncode == 1 and "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_bot_on_the_same_data_dir_refuses_to_start(tmp_path):
    from filelock import FileLock

    data = tmp_path / "d"
    data.mkdir()
    with FileLock(data / "bot.lock"):  # the first bot holds it
        result = _speechbot(
            "--data", str(data), "run", env_extra={"TELEGRAM_BOT_TOKEN": "1:secret-token"}
        )
    assert result.returncode == 1 and "另一个机器人进程" in result.stderr
    assert "secret-token" not in result.stderr + result.stdout  # the token is never echoed


def test_terminal_chat_holds_the_bots_conversation(data):
    result = _speechbot("--data", str(data), "chat", timeout=120)
    # stdin is empty: just the greeting
    assert result.returncode == 0 and "讲话检索助手" in result.stdout
    script = "资金筹措渠道\n!1\n/quote 2 第二部分第二点\n/outline_1\n"
    result = subprocess.run(
        [sys.executable, "-m", "speechbot.bot.cli", "--data", str(data), "chat"],
        input=script,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "SPEECHBOT_CONFIG": ""},
    )
    out = result.stdout
    assert "你> 资金筹措渠道" in out and "第一,【资金筹措渠道】单一" in out
    assert "📖" in out and "二、打造高水平人才队伍" in out
    assert "一、充分肯定城市更新取得的成效  /q_1_1" in out
