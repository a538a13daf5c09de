"""The command line's citations, pictures and progress bar, as a user sees them."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys

import pytest
from conftest import SAMPLES
from PIL import Image, ImageStat

from speechbot.index.citation import citation
from speechbot.index.cli import main


@pytest.fixture
def cjk_font():
    """Pictures need a font with Chinese (.ci/run installs one where the machine has none)."""
    from speechbot.index import SpeechbotError
    from speechbot.index.charts import _matplotlib

    try:
        _matplotlib()
    except SpeechbotError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data"
    assert main(["--data", str(path), "ingest", str(SAMPLES)]) == 0
    return path


def test_citation_in_the_chinese_form():
    text = citation(
        "在企业家座谈会上的讲话",
        "2020-07-21",
        "习近平",
        ("三、希望大家努力成为新时代构建新发展格局的生力军", "（一）增强爱国情怀"),
        "企业营销无国界，企业家有祖国。“爱国”二字要记牢。",
    )
    assert text == (
        "习近平《在企业家座谈会上的讲话》（2020年7月21日）第三部分"
        "“希望大家努力成为新时代构建新发展格局的生力军”中“（一）增强爱国情怀”指出："
        "“企业营销无国界，企业家有祖国。‘爱国’二字要记牢。”"
    )
    assert citation("讲话", None, None, (), "原话。") == "《讲话》指出：“原话。”"


def test_ask_and_quote_cite(data, capsys):
    assert main(["--data", str(data), "ask", "老旧小区改造", "--top", "1", "--cite"]) == 0
    out = capsys.readouterr().out
    assert (
        "引文：《在全市城市更新工作会议上的讲话》（2025年3月18日）第一部分"
        "“充分肯定城市更新取得的成效”中“(一)老旧小区改造全面提速”指出："
        "“全年新开工改造老旧小区126个" in out
    )
    assert main(["--data", str(data), "quote", "1:1", "--cite", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["citation"].startswith(
        "《在全市城市更新工作会议上的讲话》（2025年3月18日）第一部分"
    )
    assert payload["citation"].endswith("”") and payload["text"][:20] in payload["citation"]


def _assert_picture(path, min_width=300, min_height=200):
    with Image.open(path) as image:
        image.load()
        assert image.format == "PNG"
        assert image.width >= min_width and image.height >= min_height
        extrema = ImageStat.Stat(image.convert("L")).extrema[0]
        assert extrema[0] < 100 < extrema[1]  # dark marks on a light ground: not blank


def test_summary_tree_and_image(data, tmp_path, capsys, cjk_font):
    out_png = tmp_path / "outline.png"
    assert main(["--data", str(data), "summary", "1", "--tree", "--image", str(out_png)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "#1 在全市城市更新工作会议上的讲话\n├─ 一、充分肯定城市更新取得的成效  〔1:1〕"
    )
    assert "└─ " in out and f"图片：{out_png}" in out
    _assert_picture(out_png)
    assert main(["--data", str(data), "summary", "2", "--tree", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["tree"].startswith("#2 在全省科技创新大会上的讲话\n├─ ")
    assert "keywords" not in payload and payload["outline"][0]["ref"] == "2:1"


def test_stats_table_and_chart(data, tmp_path, capsys, cjk_font):
    out_png = tmp_path / "years.png"
    assert main(["--data", str(data), "stats", "--image", str(out_png)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:] == [
        "2024       1  ████████████████████",
        "2025       1  ████████████████████",
        "合计       2",
        "",
        f"图片：{out_png}",
    ]
    _assert_picture(out_png)
    assert main(["--data", str(data), "stats", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["years"] == [{"year": "2024", "speeches": 1}, {"year": "2025", "speeches": 1}]


def test_charts_for_the_bot_are_png_bytes(data, cjk_font):
    from speechbot.index import Library
    from speechbot.index.charts import outline_image, years_chart

    library = Library(data)
    try:
        for png in (outline_image(library.summary(2)), years_chart(library.list())):
            _assert_picture(io.BytesIO(png))
    finally:
        library.close()


def test_image_to_an_unwritable_place_says_so(data, tmp_path, capsys, cjk_font):
    target = tmp_path / "missing-folder" / "x.png"
    assert main(["--data", str(data), "stats", "--image", str(target)]) == 1
    assert "无法写入图片" in capsys.readouterr().err


def _ingest_on(stderr_is_terminal: bool, tmp_path, *extra):
    args = [sys.executable, "-m", "speechbot.bot.cli", "--data", str(tmp_path / "d")]
    args += ["ingest", str(SAMPLES), *extra]
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    if not stderr_is_terminal:
        done = subprocess.run(args, capture_output=True, env=env, timeout=120, check=False)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    main_fd, child_fd = pty.openpty()  # a terminal that reports no size, as some do
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=child_fd, env=env)
    os.close(child_fd)
    seen = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read().decode()
    proc.wait(timeout=120)
    os.close(main_fd)
    return proc.returncode, out, seen.decode()


def test_ingest_shows_progress_on_a_terminal(tmp_path):
    code, out, err = _ingest_on(True, tmp_path)
    assert code == 0 and "完成：2 个文件成功" in out
    assert "导入 2/2 个文件 100%" in err and "B/s" in err and "剩余" in err


@pytest.mark.parametrize("extra", [(), ("--json",)])
def test_ingest_is_quiet_when_piped_or_json(tmp_path, extra):
    code, out, err = _ingest_on(False, tmp_path, *extra)
    assert code == 0 and err == ""
    code, out, err = _ingest_on(True, tmp_path / "j", "--json") if extra else (0, out, "")
    assert code == 0 and "导入" not in err and "%" not in err


def test_charts_drawn_at_once_from_threads_and_for_an_empty_library(data, cjk_font):
    from concurrent.futures import ThreadPoolExecutor

    from speechbot.index import Library
    from speechbot.index.charts import outline_image, years_chart

    library = Library(data)
    try:
        summary, infos = library.summary(1), library.list()
    finally:
        library.close()
    jobs = [lambda: outline_image(summary), lambda: years_chart(infos)] * 3
    with ThreadPoolExecutor(4) as pool:
        pictures = list(pool.map(lambda job: job(), jobs))
    for png in [*pictures, years_chart([])]:
        _assert_picture(io.BytesIO(png))
    assert pictures[0] == pictures[2] and pictures[1] == pictures[3]  # the same picture each time
