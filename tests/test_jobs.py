"""``--jobs``: files loaded in worker processes find exactly what one process finds, in the same order.

Compared through the real command line (byte-identical output), with and
without a cache, on the examples, scenarios of several files and a generated
repository with many defects; and in this process.  Ctrl-C stops every
worker at once: exit 130, one line, no traceback from any process.  No test
here times anything.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_scenarios import _scenario_folders

from svcchain import loadall, runcache
from svcchain.cache import ENV, entries
from svcchain.discover import discover
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "examples" / "broken"


def _generate():
    spec = importlib.util.spec_from_file_location("svcchain_benchmarks_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """1,500 links with every kind of injected defect, in 31 files."""
    folder = tmp_path_factory.mktemp("generated") / "links"
    _generate()(str(folder), 1500, defects=True)
    return folder


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", *args],
        capture_output=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr, done.stderr[-2000:]
    return done


def _several_files() -> list[Path]:
    return [folder for folder in _scenario_folders() if len(list(folder.glob("*.y*ml"))) >= 2][:4]


@pytest.mark.parametrize("name", ["broken", "generated", *[f.name for f in _several_files()]])
def test_workers_find_what_one_process_finds(name, generated, tmp_path):
    folder = {"broken": BROKEN, "generated": generated}.get(name) or ROOT / "tests" / "scenarios" / name
    base = ["check", "--isolated", "--today", "2026-06-01", "-f", "json", str(folder)]
    one = cli(*base, "--no-cache", "--jobs", "1")
    assert one.returncode in (0, 1) and one.stdout
    assert cli(*base, "--no-cache", "--jobs", "2").stdout == one.stdout
    env = {ENV: str(tmp_path / "cache")}
    cold = cli(*base, "--jobs", "2", env=env)
    warm = cli(*base, "--jobs", "2", env=env)
    serial_warm = cli(*base, "--jobs", "1", env=env)
    assert cold.stdout == warm.stdout == serial_warm.stdout == one.stdout
    assert cold.returncode == warm.returncode == one.returncode


def test_workers_in_this_process(generated, tmp_path):
    files = discover([str(generated)]).files
    settings = Settings(jobs=1)

    def rows(report):
        return [dataclasses.astuple(finding) for finding in report.findings]

    one = rows(runcache.check(files, settings))
    assert rows(runcache.check(files, dataclasses.replace(settings, jobs=2))) == one
    cached = dataclasses.replace(settings, jobs=3, cache_dir=str(tmp_path / "cache"))
    assert rows(runcache.check(files, cached)) == one
    assert rows(runcache.check(files, cached)) == one


def test_by_default_a_small_repository_starts_no_worker(monkeypatch, generated):
    started: list[int] = []

    class Spy(loadall.Workers):
        def __init__(self, count, *args):
            started.append(count)
            super().__init__(count, *args)

    monkeypatch.setattr(loadall, "Workers", Spy)
    monkeypatch.setattr(loadall, "usable_cpus", lambda: 2)
    runcache.check(discover([str(generated)]).files, Settings())
    assert started == []  # well under PARALLEL_MIN_BYTES
    monkeypatch.setattr(loadall, "PARALLEL_MIN_BYTES", 1)
    runcache.check(discover([str(generated)]).files, Settings())
    assert started == [2]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_count(value):
    done = cli("check", "--isolated", "--jobs", value, str(BROKEN))
    assert done.returncode == 2 and b"--jobs" in done.stderr


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            return "\nState:\tZ" not in handle.read()
    except OSError:
        return False


@pytest.mark.skipif(not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"), reason="needs Linux /proc")
@pytest.mark.parametrize("whom", ["the terminal's process group", "the parent alone"])
def test_ctrl_c_stops_every_worker_at_once(tmp_path_factory, whom):
    folder = tmp_path_factory.mktemp("large") / "links"
    _generate()(str(folder), 20000)
    process = subprocess.Popen(
        [sys.executable, "-m", "svcchain", "check", "--isolated", "--no-cache", "--jobs", "2", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the workers never started"
    if whom == "the parent alone":
        os.kill(process.pid, signal.SIGINT)
    else:
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert stderr == b"svcchain: interrupted\n"
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "a worker outlived the interrupted run"


def test_the_entries_workers_write_count_for_keeping_the_folder_bounded(generated, tmp_path):
    folder = tmp_path / "cache"
    settings = Settings(jobs=2, cache_dir=str(folder))
    files = discover([str(generated)]).files
    runcache.check(files, settings)
    for number in range(600):
        (folder / f"{number:040x}").write_bytes(b"old")
        os.utime(folder / f"{number:040x}", (1, 1))
    copy = tmp_path / "copy"
    shutil.copytree(generated, copy)  # other display names: every file is parsed again, by the workers
    runcache.check(discover([str(copy)]).files, settings)
    assert len(entries(str(folder))) <= 2 * len(files) + 256


def test_without_worker_processes_the_files_load_here(monkeypatch, generated):
    def refuse(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # no /dev/shm, say

    files = discover([str(generated)]).files
    expected = [dataclasses.astuple(f) for f in runcache.check(files, Settings(jobs=1)).findings]
    monkeypatch.setattr(loadall, "Workers", refuse)
    assert [dataclasses.astuple(f) for f in runcache.check(files, Settings(jobs=2)).findings] == expected
