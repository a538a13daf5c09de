"""What `speechbot ingest` refuses, and how: devices, pipes, huge files and file names that
are not UTF-8 get one line each; memory does not follow the input; the rest of the batch
is ingested."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest
from conftest import SAMPLES

from speechbot.index.cli import main
from speechbot.index.library import Library

GOOD = SAMPLES / "城市更新工作会议讲话.txt"


def _limited_memory():  # a run that reads a device whole must fail, not take the machine
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))


def speechbot(data, *args, timeout=120):
    env = {**os.environ, "SPEECHBOT_CONFIG": ""}
    command = [sys.executable, "-m", "speechbot.index.cli", "--data", str(data), *map(str, args)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            preexec_fn=_limited_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"speechbot {' '.join(map(str, args))} did not finish in {timeout} s")
    return done.returncode, done.stdout, done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_ingest_of_a_device_is_refused_in_one_line(tmp_path):
    code, out, err = speechbot(tmp_path / "data", "ingest", "/dev/zero", GOOD)
    assert code == 1 and "Traceback" not in err and "MemoryError" not in err
    assert (
        err.strip() == "错误: zero: 不是普通文件（管道、设备或套接字），不读取 (not a regular file)"
    )
    assert "✗ /dev/zero" in out and f"✓ {GOOD} → #1" in out


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "讲话.txt"
    os.mkfifo(pipe)
    code, out, err = speechbot(tmp_path / "data", "ingest", pipe, GOOD)
    assert code == 1 and "Traceback" not in err
    assert f"✗ {pipe}: 讲话.txt: 不是普通文件" in out and f"✓ {GOOD} → #1" in out


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path):
    huge = tmp_path / "巨大.txt"
    with huge.open("wb") as f:  # sparse: 4 GiB that take no disk, beyond the run's memory
        f.truncate(4 * 2**30)
    code, out, err = speechbot(tmp_path / "data", "ingest", huge, GOOD)
    assert code == 1 and "Traceback" not in err
    assert f"✗ {huge}: 巨大.txt: 文件太大（4295.0 MB，上限 20 MB）" in out
    assert "1 个文件成功，1 个失败" in out


def test_a_file_name_that_is_not_utf8_is_ingested_with_the_rest(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    bad_name = os.fsencode(folder) + b"/\xbd\xb2\xbb\xb0.txt"  # 讲话 in GBK
    with open(bad_name, "wb") as f:
        f.write("防汛工作讲话\n一、蓄滞洪区\n加快蓄滞洪区建设。\n".encode())
    (folder / "科技.md").write_bytes((SAMPLES / "科技创新大会讲话.md").read_bytes())
    data = tmp_path / "data"
    code, out, err = speechbot(data, "ingest", folder)
    assert code == 0 and "Traceback" not in err, err
    assert "2 个文件成功，0 个失败" in out
    assert "\ufffd\ufffd\ufffd\ufffd.txt → #" in out  # the name as it can be shown
    library = Library(data)
    assert library.search("蓄滞洪区")[0].source == "\ufffd\ufffd\ufffd\ufffd.txt"
    library.close()
    # named one by one on the command line, too
    code, out, err = speechbot(tmp_path / "data2", "ingest", os.fsdecode(bad_name), GOOD)
    assert code == 0 and "2 个文件成功" in out, err


@pytest.fixture(scope="module")
def samples_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("samples") / "data"
    Library(data).ingest([SAMPLES])
    return data


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "老旧小区", "--top", "2147483648"],
        ["ask", "老旧小区", "--speech", str(10**20)],
        ["outline", str(10**20)],
        ["summary", str(10**20)],
        ["remove", str(10**20)],
        ["quote", "一、", "--speech", str(10**20)],
    ],
)
def test_absurd_numbers_get_an_answer_or_one_line(samples_data, capsys, args):
    code = main(["--data", str(samples_data), *args])
    captured = capsys.readouterr()
    if "--top" in args:  # every passage there is, best first
        assert code == 0 and captured.out.startswith("1. 在全市城市更新工作会议上的讲话")
    else:
        assert code == 1
        assert captured.err == f"错误: 没有编号为 {10**20} 的讲话 (no speech {10**20})\n"
