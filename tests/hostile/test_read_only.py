"""Nothing is written or lost.

``svcchain check`` in every output format and every read-only view never
writes to the chain files or the repository: a checksum (SHA-256 and mode) of
every file in the tree, and the set of files, are the same before and after.

The one thing a read-only command may write is its cache (``.svcchain_cache/``
beside the config, see svcchain/cache.py): with ``--no-cache`` it writes
nothing at all, and without it nothing outside the cache folder.  That the
cache never changes a result is tests/test_cache.py's and tests/test_jobs.py's.

Commands and options that write (``--output``, ``--write-baseline``, ``init``)
write exactly the file they were told to, atomically (a temporary file in the
same folder, then a rename or a link), leave nothing behind when the write
fails, and never clobber any other file.

The commands are enumerated from the app: a new command must be added to
``READ_ONLY`` or ``WRITING`` (with invocations) or these tests fail, and any
command or option that grows an ``--output`` is tested as a writer at once.
"""

from __future__ import annotations

import enum
import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.reporters import REPORTERS

from .support import ROOT, assert_no_crash, run_cli

EXAMPLE = ROOT / "examples" / "broken"

#: Read-only commands and how to call them (subjects from examples/broken); every
#: --format choice of the command is added to these automatically.
READ_ONLY: dict[str, list[list[str]]] = {
    "check": [
        [],
        ["chains"],
        ["--statistics"],
        ["--show-suppressed"],
        ["--show-config"],
        ["--fail-on", "info"],
        ["--select", "SC1"],
        ["--ignore", "dead-end"],
        ["--isolated"],
        ["--baseline", "baseline.json"],
        ["chains/ownership.yaml", "chains/chain.yaml"],
    ],
    "rules": [[]],
    "rule": [["SC101"], ["dead-end"]],
    "schema": [[]],
    "show": [["site-support"], ["--service", "internet-access"]],
    "trace": [["web-hosting"], ["web-hosting", "--need", "phone-support"], ["internet-access", "--max-paths", "1"]],
    "owners": [[]],
    "impact": [["gert"], ["--all"], ["network-ops"]],
    "graph": [[], ["site-support"]],
    "report": [[], ["--timestamp"]],
    # two folders (here the same one twice): diff reads them, and git revisions, without writing
    "diff": [["chains", "chains"], ["chains", "chains", "--fail-on", "never"]],
}
#: What a format invocation needs besides --format (a subject, for the views that take one).
FORMAT_BASE = {"trace": ["web-hosting"], "impact": ["gert"], "show": ["site-support"], "diff": ["chains", "chains"]}

#: Formats that only write a file (-o) and need a program besides svcchain: tested where they are made
#: (report --format pdf prints with headless Chromium: tests/test_report.py, tests/test_report_print.py).
FILE_ONLY_FORMATS = {("report", "pdf")}

#: Commands that write whatever their options: tested in test_init_*; import and export write the files
#: they are told to (tests/test_import_backstage_cli.py, tests/test_acme_catalog.py, tests/test_codeowners.py).
WRITING = {"init", "import", "export"}


def registered() -> dict:
    return typer.main.get_command(app).commands


def _format_choices(name: str, command) -> list[str]:
    for param in command.params:
        if "--format" in getattr(param, "opts", ()):
            if name == "check":
                return list(REPORTERS)
            if name == "diff":
                from svcchain.cli.diff import DIFF_FORMATS

                return list(DIFF_FORMATS)
            annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
            if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
                return [member.value for member in annotation]
            choices = getattr(getattr(param, "type", None), "choices", None)
            if choices:
                return list(choices)
            metavar = getattr(param, "metavar", None) or ""  # svcchain.cli.options.choice: "[a|b|c]"
            if metavar.startswith("[") and metavar.endswith("]") and "|" in metavar:
                return metavar[1:-1].split("|")
            raise AssertionError(f"cannot tell the --format choices of '{name}': list them in READ_ONLY")
    return []


def _has_option(command, option: str) -> bool:
    return any(option in getattr(param, "opts", ()) for param in command.params)


def read_only_invocations() -> list:
    params = []
    for name, command in sorted(registered().items()):
        if name not in READ_ONLY:
            continue
        calls = [list(call) for call in READ_ONLY[name]]
        calls += [
            [*FORMAT_BASE.get(name, []), "--format", fmt]
            for fmt in _format_choices(name, command)
            if (name, fmt) not in FILE_ONLY_FORMATS
        ]
        for call in calls:
            params.append(pytest.param(name, call, id=" ".join([name, *call]) or name))
    return params


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file, folder and link under ``root`` (hidden ones included): content hash and mode."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                what = "link:" + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                what = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            else:
                what = "folder"
            state[os.path.relpath(path, root)] = (what, stat.S_IMODE(info.st_mode))
    return state


def changed(before: dict, after: dict) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


CACHE = ".svcchain_cache"


def outside_the_cache(paths: set[str]) -> set[str]:
    return {path for path in paths if path.split(os.sep)[0] != CACHE}


def no_cache(command: str) -> list[str]:
    """``--no-cache`` for the commands that read chains (the others have no cache to skip)."""
    return ["--no-cache"] if _has_option(registered()[command], "--no-cache") else []


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A repository with chains, a config file and a baseline; the current folder for the test."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root / "chains", ignore=shutil.ignore_patterns("README.md"))
    (root / "svcchain.toml").write_text('paths = ["chains"]\n[severity]\nSC303 = "info"\n', encoding="utf-8")
    (root / "reports").mkdir()
    (root / "reports" / "keep.txt").write_text("a file nobody asked svcchain to write\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.delenv("SVCCHAIN_CACHE_DIR", raising=False)  # the cache where it lives by default: in the repository
    result = CliRunner().invoke(app, ["check", "--write-baseline", "baseline.json"])
    assert (root / "baseline.json").exists(), result.output
    return root


def invoke(args: list[str]):
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output[-2000:]
    return result


# --------------------------------------------------------------------------- every command is classified


def test_every_command_is_classified():
    """A new command must be declared read-only or writing here (with invocations) - else this fails."""
    names = set(registered())
    unclassified = names - set(READ_ONLY) - WRITING
    assert not unclassified, f"classify these commands in tests/hostile/test_read_only.py: {sorted(unclassified)}"
    assert not set(READ_ONLY) & WRITING
    gone = (set(READ_ONLY) | WRITING) - names
    assert not gone, f"these commands no longer exist: {sorted(gone)}"


def test_read_only_commands_are_called_with_every_format():
    """Each read-only command has invocations, and every --format choice of it is among them."""
    ids = {param.values[0] for param in read_only_invocations()}
    assert ids == set(READ_ONLY) & set(registered())


# --------------------------------------------------------------------------- read-only commands


@pytest.mark.parametrize(("command", "args"), read_only_invocations())
def test_read_only_commands_write_nothing(repo, command, args):
    before = snapshot(repo)
    result = invoke([command, *args, *no_cache(command)])
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert changed(before, snapshot(repo)) == set(), "a read-only command changed the repository"
    shutil.rmtree(repo / CACHE, ignore_errors=True)  # and with a cache to fill: the cache is all it writes
    again = invoke([command, *args])
    assert again.exit_code == result.exit_code, again.output[-2000:]
    assert outside_the_cache(changed(before, snapshot(repo))) == set(), "a read-only command wrote beside its cache"


@pytest.mark.parametrize("args", [["check", "--format", "json"], ["show", "site-support"], ["report"]])
def test_read_only_through_the_real_command_line(repo, args):
    before = snapshot(repo)
    done = run_cli(*args, "--no-cache", cwd=repo)
    assert_no_crash(done)
    assert changed(before, snapshot(repo)) == set()
    done = run_cli(*args, cwd=repo)
    assert_no_crash(done)
    assert outside_the_cache(changed(before, snapshot(repo))) == set()


# --------------------------------------------------------------------------- writers


def output_invocations() -> list:
    """Every command with an --output option, and check's --write-baseline."""
    params = []
    for name, command in sorted(registered().items()):
        if _has_option(command, "--output"):
            base = FORMAT_BASE.get(name, [])
            params.append(pytest.param(name, base, "--output", id=f"{name} --output"))
        if _has_option(command, "--write-baseline"):
            params.append(pytest.param(name, [], "--write-baseline", id=f"{name} --write-baseline"))
    return params


def test_the_writers_are_the_ones_we_know():
    """So a new writing option cannot slip in unnoticed (it is tested by the tests below at once)."""
    found = {param.id for param in output_invocations()}
    assert {"check --output", "check --write-baseline"} <= found


@pytest.mark.parametrize(("command", "base", "option"), output_invocations())
def test_writers_write_only_their_target_atomically(repo, monkeypatch, command, base, option):
    target = repo / "reports" / f"{command}{option}.out"
    replaced = []
    real_replace = os.replace

    def spy(source, destination, *args, **kwargs):
        replaced.append((os.fspath(source), os.fspath(destination)))
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    before = snapshot(repo)
    result = invoke([command, *base, option, str(target)])
    assert result.exit_code in (0, 1), result.output[-2000:]
    assert outside_the_cache(changed(before, snapshot(repo))) == {os.path.relpath(target, repo)}, (
        "wrote something it was not told to"
    )
    assert target.stat().st_size > 0
    # atomically: a temporary file in the same folder, renamed onto the target
    assert any(
        destination == str(target)
        and os.path.dirname(source) == str(target.parent)
        and os.path.basename(source).startswith(".svcchain-")
        for source, destination in replaced
    ), replaced

    # told to write an existing file: it is replaced, nothing else changes
    target.write_text("old content\n", encoding="utf-8")
    before = snapshot(repo)
    invoke([command, *base, option, str(target)])
    assert outside_the_cache(changed(before, snapshot(repo))) == {os.path.relpath(target, repo)}
    assert target.read_text(encoding="utf-8") != "old content\n"


@pytest.mark.parametrize(("command", "base", "option"), output_invocations())
def test_a_failed_write_leaves_the_target_and_no_litter(repo, monkeypatch, command, base, option):
    """The rename fails (a full disk, a read-only folder): the old file stays whole, no temporary file stays."""
    target = repo / "reports" / "precious.out"
    target.write_text("the previous report\n", encoding="utf-8")

    def fail(source, destination, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    before = snapshot(repo)
    result = invoke([command, *base, option, str(target)])
    assert result.exit_code == 2, result.output[-2000:]
    assert "No space left on device" in result.output
    assert changed(before, snapshot(repo)) == set()
    assert target.read_text(encoding="utf-8") == "the previous report\n"


def test_an_output_into_a_missing_folder_is_a_usage_error(repo):
    before = snapshot(repo)
    result = invoke(["check", "--output", "no/such/folder/report.json"])
    assert result.exit_code == 2
    assert changed(before, snapshot(repo)) == set()


# --------------------------------------------------------------------------- init


def test_init_writes_only_its_new_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bystander.yaml").write_text("svcchain: 1\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = invoke(["init", "new-repo"])
    assert result.exit_code == 0, result.output
    created = changed(before, snapshot(tmp_path))
    assert created and all(path == "new-repo" or path.startswith("new-repo" + os.sep) for path in created)
    assert not any(os.path.basename(path).startswith(".svcchain-") for path in created), "a temporary file was left"


def test_init_never_clobbers_an_existing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke(["init", "repo"])
    files = [path for path in (tmp_path / "repo").rglob("*") if path.is_file()]
    assert files
    for path in files:
        path.write_bytes(b"the user's own version of " + path.name.encode() + b"\n")
    before = snapshot(tmp_path)
    result = invoke(["init", "repo"])
    assert result.exit_code == 0, result.output
    assert changed(before, snapshot(tmp_path)) == set(), "init overwrote a file that existed"
    assert "left alone" in result.output
