"""The cache: never trusted blindly, never a crash, never a different result.

For every scenario the findings with a cold cache, a warm cache and no
cache are identical (in order, every field).  An entry that is truncated,
corrupt, of another version, planted (a cache folder that arrived with a
checkout) or hostile (a link, a FIFO, a code object, a huge file) is
ignored and rebuilt.  Two runs at once leave a cache both can read; a folder
that cannot be written means a run without a cache, silent unless
``--debug``.  ``--no-cache`` writes nothing.  No test here times anything.
"""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_scenarios import _scenario_folders, scenario_settings
from typer.testing import CliRunner

from svcchain import cache as cache_module
from svcchain import filecheck, runcache
from svcchain.cache import Cache, entries
from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "examples" / "broken"


def rows(report) -> list[tuple]:
    return [dataclasses.astuple(finding) for finding in report.findings]


def run(folder: Path, settings: Settings, model: bool = True) -> list[tuple]:
    return rows(runcache.check(discover([str(folder)]).files, settings, model=model))


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files parsed in this process (a cache hit parses none)."""
    seen: list[str] = []
    real = filecheck.check_bytes

    def spy(display, *args, **kwargs):
        seen.append(display)
        return real(display, *args, **kwargs)

    monkeypatch.setattr(filecheck, "check_bytes", spy)
    monkeypatch.setattr("svcchain.parallel.check_bytes", spy)
    return seen


# --------------------------------------------------------------------------- the same result, whatever the cache holds


@pytest.mark.parametrize("folder", _scenario_folders(), ids=lambda folder: folder.name)
def test_cold_warm_and_no_cache_find_the_same(tmp_path, folder, parses):
    settings = dataclasses.replace(scenario_settings(folder), jobs=1)
    cached = dataclasses.replace(settings, cache_dir=str(tmp_path / "cache"))
    plain = rows(check(discover([str(folder)]).files, settings))  # the engine alone: no cache at all
    assert run(folder, dataclasses.replace(cached, no_cache=True)) == plain
    assert not (tmp_path / "cache").exists(), "--no-cache wrote something"
    cold = run(folder, cached)
    parsed = len(parses)
    warm = run(folder, cached)
    assert len(parses) == parsed, "the warm run parsed files again"
    assert cold == warm == plain
    assert run(folder, cached, model=False) == plain  # the whole-run entry, written
    assert run(folder, cached, model=False) == plain  # ... and read back


def test_a_warm_report_has_the_cold_ones_counts_suppressions_and_day(tmp_path):
    settings = Settings(cache_dir=str(tmp_path / "cache"), jobs=1)
    files = discover([str(ROOT / "tests" / "suppress" / "chains"), str(BROKEN)]).files
    cold = runcache.check(files, settings, model=False)
    warm = runcache.check(files, settings, model=False)
    assert warm.model is None and cold.model is not None  # only the views need the model
    for field in ("findings", "files", "services", "links", "enabled", "suppressed", "fail_on", "today", "baselined"):
        assert getattr(warm, field) == getattr(cold, field), field


def test_a_changed_input_is_never_answered_from_the_cache(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(BROKEN, repo, ignore=shutil.ignore_patterns("README.md"))
    settings = Settings(cache_dir=str(tmp_path / "cache"), jobs=1)
    first = run(repo, settings, model=False)
    assert run(repo, dataclasses.replace(settings, select=("SC1",)), model=False) == rows(
        check(discover([str(repo)]).files, dataclasses.replace(settings, select=("SC1",)))
    )
    chain = next(path for path in sorted(repo.glob("*.yaml")) if "owner:" in path.read_text(encoding="utf-8"))
    chain.write_text(chain.read_text(encoding="utf-8").replace("owner:", "owner: \n    x-was:", 1), encoding="utf-8")
    changed = run(repo, settings, model=False)
    assert changed == rows(check(discover([str(repo)]).files, dataclasses.replace(settings, cache_dir=None)))
    assert changed != first


# --------------------------------------------------------------------------- entries that cannot be trusted


def _cold(tmp_path: Path) -> tuple[Settings, list[tuple], Path]:
    folder = tmp_path / "cache"
    settings = Settings(cache_dir=str(folder), jobs=1)
    expected = run(BROKEN, settings)
    return settings, expected, folder


def _damage(kind: str, path: Path) -> None:
    data = path.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "flipped":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    elif kind == "foreign version":
        path.write_bytes(data.replace(cache_module.__version__.encode(), b"9" * len(cache_module.__version__), 1))
    elif kind == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif kind == "a folder":
        path.unlink()
        path.mkdir()
    elif kind == "a link to /dev/zero":
        path.unlink()
        path.symlink_to("/dev/zero")
    elif kind == "a fifo":
        path.unlink()
        os.mkfifo(path)
    elif kind == "huge":
        with open(path, "wb") as out:
            out.truncate(cache_module.MAX_ENTRY_BYTES + 1)


DAMAGE = ["truncated", "empty", "flipped", "foreign version", "garbage", "a folder", "a link to /dev/zero", "huge"]
if hasattr(os, "mkfifo"):
    DAMAGE.append("a fifo")


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_entry_is_ignored_and_rebuilt(tmp_path, parses, kind):
    settings, expected, folder = _cold(tmp_path)
    for name in entries(str(folder)):
        _damage(kind, folder / name)
    parses.clear()
    assert run(BROKEN, settings) == expected
    assert parses, "a damaged entry was trusted"
    if kind != "a folder":  # a folder is not replaced by a file: read past, every run
        parses.clear()
        assert run(BROKEN, settings) == expected
        assert not parses, "the entries were not rebuilt"


def test_a_hostile_entry_with_a_valid_checksum_is_not_run_and_not_a_crash(tmp_path, parses):
    """Even an entry written with the right key holds only what unpacking checks: a code object is not run."""
    settings, expected, folder = _cold(tmp_path)
    opened = Cache.open(str(folder))
    assert opened is not None
    marker = tmp_path / "PWNED"
    code = compile(f"open({str(marker)!r}, 'w').close()", "<hostile>", "exec")
    hostile = [
        marshal.dumps(code),
        marshal.dumps((filecheck.PACK_VERSION, "x", [("m",) * 11], [], [])),
        marshal.dumps((filecheck.PACK_VERSION, "x", [], [(1, 1, ("a",), "r", True, True)], [(0, [], [], b"")])),
        marshal.dumps((filecheck.PACK_VERSION, "x", [], [], [(0, {}, [((), ("z",))], b"")])),
        marshal.dumps((1, 2, 3)),
    ]
    for index, name in enumerate(entries(str(folder))):
        opened.write(name, hostile[index % len(hostile)])
    parses.clear()
    assert run(BROKEN, settings) == expected
    assert parses and not marker.exists()


def test_a_cache_folder_that_came_with_a_checkout_is_not_trusted(tmp_path, parses):
    """Copied (committed, restored): its key file is another file here, so no entry's checksum holds."""
    settings, expected, folder = _cold(tmp_path)
    planted = tmp_path / "planted"
    shutil.copytree(folder, planted)
    opened = Cache.open(str(folder))
    assert opened is not None
    for name in entries(str(planted)):  # what a pull request would plant: entries saying "no findings"
        (planted / name).write_bytes((folder / name).read_bytes())
    parses.clear()
    assert run(BROKEN, dataclasses.replace(settings, cache_dir=str(planted))) == expected
    assert len(parses) == len(discover([str(BROKEN)]).files)


def test_a_lost_or_damaged_key_only_costs_a_rebuild(tmp_path, parses):
    settings, expected, folder = _cold(tmp_path)
    (folder / "key").write_bytes(b"short")
    assert run(BROKEN, settings) == expected
    os.remove(folder / "key")
    (folder / "key").symlink_to("/dev/zero")
    assert run(BROKEN, settings) == expected
    parses.clear()
    assert run(BROKEN, settings) == expected
    assert not parses


# --------------------------------------------------------------------------- where it lives and what it writes


def invoke(*args: str, env: dict | None = None):
    result = CliRunner().invoke(app, list(args), env=env)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BROKEN, root / "chains", ignore=shutil.ignore_patterns("README.md"))
    (root / "svcchain.toml").write_text('paths = ["chains"]\n', encoding="utf-8")
    (root / "sub").mkdir()
    monkeypatch.chdir(root / "sub")
    monkeypatch.delenv(cache_module.ENV, raising=False)
    return root


def test_the_cache_lives_beside_the_config_and_ignores_itself(repo):
    first = invoke("check", "-f", "json")
    folder = repo / ".svcchain_cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert entries(str(folder))
    assert invoke("check", "-f", "json").stdout == first.stdout
    assert not (repo / "sub" / ".svcchain_cache").exists()


def test_no_cache_writes_nothing(repo):
    invoke("check", "--no-cache")
    invoke("show", "--no-cache")
    assert not (repo / ".svcchain_cache").exists()


def test_cache_dir_in_the_config_and_the_environment(repo, tmp_path):
    (repo / "svcchain.toml").write_text('paths = ["chains"]\ncache-dir = "build/cache"\n', encoding="utf-8")
    (repo / "build").mkdir()
    invoke("check")
    assert entries(str(repo / "build" / "cache")) and not (repo / ".svcchain_cache").exists()
    shown = json.loads(invoke("check", "--show-config", "-f", "json").stdout)["settings"]["cache-dir"]
    assert shown["source"].endswith("svcchain.toml") and shown["value"].endswith("build/cache")
    elsewhere = tmp_path / "env-cache" / "deep"
    invoke("check", env={cache_module.ENV: str(elsewhere)})
    assert entries(str(elsewhere))


def test_a_folder_that_cannot_be_used_means_no_cache_silently(repo, tmp_path):
    (repo / ".svcchain_cache").write_text("a file, not a folder\n", encoding="utf-8")
    expected = invoke("check", "--no-cache", "-f", "json").stdout
    result = invoke("check", "-f", "json")
    assert result.stdout == expected and result.stderr == ""
    debug = invoke("check", "-f", "json", "--debug")
    assert debug.stdout == expected and "cache" in debug.stderr


def test_a_failing_write_means_running_without_writing(tmp_path, monkeypatch):
    settings, expected, folder = _cold(tmp_path)
    for name in entries(str(folder)):
        os.remove(folder / name)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", full)
    assert run(BROKEN, settings) == expected
    assert not entries(str(folder))
    assert not [name for name in os.listdir(folder) if name.startswith(".tmp-")], "a temporary file was left"


def test_a_linked_or_foreign_folder_gets_no_files(repo, tmp_path):
    target = tmp_path / "somewhere"
    target.mkdir()
    (repo / ".svcchain_cache").symlink_to(target)
    invoke("check")
    assert list(target.iterdir()) == []
    (repo / ".svcchain_cache").unlink()
    (repo / ".svcchain_cache").mkdir()
    (repo / ".svcchain_cache" / "notes.txt").write_text("mine\n", encoding="utf-8")
    invoke("check")
    assert os.listdir(repo / ".svcchain_cache") == ["notes.txt"]


def test_the_folder_stays_bounded(tmp_path):
    settings, expected, folder = _cold(tmp_path)
    for number in range(400):
        (folder / f"{number:040x}").write_bytes(b"old")
        os.utime(folder / f"{number:040x}", (1, 1))
    (folder / ".tmp-left-behind").write_bytes(b"x")
    os.utime(folder / ".tmp-left-behind", (1, 1))
    changed = tmp_path / "repo"
    shutil.copytree(BROKEN, changed, ignore=shutil.ignore_patterns("README.md"))
    (changed / "extra.yaml").write_text("svcchain: 1\npeople: [{id: zed, name: Zed}]\n", encoding="utf-8")
    assert run(changed, settings)
    assert len(entries(str(folder))) <= 2 * 10 + 256
    assert not (folder / ".tmp-left-behind").exists()
    assert run(BROKEN, settings) == expected


def test_two_runs_at_once_leave_a_cache_both_can_read(tmp_path, parses):
    repo = tmp_path / "repo"
    shutil.copytree(BROKEN, repo, ignore=shutil.ignore_patterns("README.md"))
    env = {**os.environ, cache_module.ENV: str(tmp_path / "cache")}
    command = [sys.executable, "-m", "svcchain", "check", "--isolated", "-f", "json", str(repo)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert all(b"Traceback" not in err for _, err in outputs)
    assert len({out for out, _ in outputs}) == 1
    expected = subprocess.run([*command, "--no-cache"], capture_output=True, env=env, timeout=120).stdout
    assert outputs[0][0] == expected
    parses.clear()
    cached = run(repo, Settings(cache_dir=str(tmp_path / "cache"), jobs=1))
    assert parses == [], "an entry written by two runs at once did not read back"
    assert cached == run(repo, Settings(jobs=1))
