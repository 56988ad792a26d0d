"""Hostile environments, round two (issue 12): what the first campaign did not try.

Each test failed before its fix.  Inputs are written under ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .support import ROOT, assert_good_checked, check_folder, run_cli, write_good

INVISIBLE = ["\u200b", "\ufeff", "\u2028", "\u00ad", "\u2060", "\U000e0041"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_in_a_message_are_shown_as_escapes(tmp_path: Path, char: str) -> None:
    """'dana\\u200b' must not look like the declared 'dana' (item 13)."""
    write_good(tmp_path)
    (tmp_path / "lookalike.yaml").write_text(
        "svcchain: 1\n"
        "people: [{id: dana}]\n"
        "services:\n"
        "  - id: svc\n"
        "    owner: dana\n"
        "    customer: {needs: [{id: n}]}\n"
        "    links:\n"
        f'      - {{id: l, owner: "dana{char}", result: r, measures: [{{name: m}}], delivers: [n]}}\n',
        encoding="utf-8",
    )
    report = check_folder(tmp_path)
    assert_good_checked(report)
    (unknown,) = [f for f in report.findings if f.rule == "SC102"]
    escaped = char.encode("unicode_escape").decode("ascii")
    assert f"'dana{escaped}'" in unknown.text
    assert char not in unknown.text
    done = run_cli("check", str(tmp_path), "--isolated", "-f", "json", cwd=tmp_path)
    messages = [f["message"] for f in json.loads(done.stdout)["findings"]]
    assert any(f"dana{escaped}" in message for message in messages)


def test_a_character_yaml_refuses_is_named_as_an_escape(tmp_path: Path) -> None:
    write_good(tmp_path)
    (tmp_path / "nonchar.yaml").write_text('svcchain: 1\npeople: [{id: "dana\uffff"}]\n', encoding="utf-8")
    report = check_folder(tmp_path)
    assert_good_checked(report)
    (syntax,) = [f for f in report.findings if f.file.endswith("nonchar.yaml")]
    assert syntax.rule == "SC001" and "\uffff" not in syntax.text


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("max-links-per-owner = true", "max-links-per-owner"),
        ('max-file-bytes = "10"', "max-file-bytes"),
        ("max-nesting-depth = 1.5", "max-nesting-depth"),
        ("max-file-bytes = 9223372036854775807", "max-file-bytes"),
        ('fail-on = ["error"]', "fail-on"),
    ],
)
def test_config_values_are_not_coerced(tmp_path: Path, line: str, key: str) -> None:
    """A config comes with a pull request too: a wrong type is exit 2 naming file and key (item 4)."""
    write_good(tmp_path / "chains")
    (tmp_path / "svcchain.toml").write_text(line + "\n", encoding="utf-8")
    done = run_cli("check", cwd=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    error = done.stderr.decode()
    assert error.count("\n") == 1 and "svcchain.toml" in error and f"{key}:" in error, error
    assert "Traceback" not in error


def test_keys_yaml_calls_distinct_are_not_repeats(tmp_path: Path) -> None:
    """1, 1.0 and true are three YAML keys (Python calls them equal); 0x1 repeats 1 (item 5)."""
    write_good(tmp_path)
    (tmp_path / "keys.yaml").write_text(
        "svcchain: 1\nx-data:\n  1: a\n  1.0: b\n  true: c\n  0x1: d\n  '1': e\n", encoding="utf-8"
    )
    report = check_folder(tmp_path)
    assert_good_checked(report)
    repeats = [(f.rule, f.line) for f in report.findings if f.file.endswith("keys.yaml")]
    assert repeats == [("SC004", 6)]


def _svcchain(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "svcchain", *args], timeout=60, check=False, **kwargs)


def test_a_closed_stdout_still_exits_with_the_findings_status(tmp_path: Path) -> None:
    """``svcchain check broken >&-`` (item 11): was an internal error, exit 2."""
    done = _svcchain(
        "check",
        str(ROOT / "examples" / "broken"),
        "--isolated",
        stdout=None,
        stderr=subprocess.PIPE,
        pass_fds=(),
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1, done.stderr
    assert b"internal error" not in done.stderr


def test_a_closed_stderr_still_writes_the_baseline_and_exits_0(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    done = _svcchain(
        "check",
        str(ROOT / "examples" / "broken"),
        "--isolated",
        "--write-baseline",
        str(baseline),
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"]


def test_ctrl_c_while_importing_exits_130_without_a_traceback() -> None:
    """The console script's first 0.1 s go to importing typer, rich and pydantic: Ctrl-C lands there."""
    interrupt_the_import = (
        "import builtins\n"
        "real = builtins.__import__\n"
        "def importing(name, *args, **kwargs):\n"
        "    if name == 'svcchain.cli':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = importing\n"
        "from svcchain.__main__ import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", interrupt_the_import], capture_output=True, timeout=60, check=False)
    assert done.returncode == 130, done.stderr
    assert done.stderr == b"svcchain: interrupted\n"


@pytest.mark.parametrize(("folder", "status"), [("examples/broken", 1), ("chains", 0)])
def test_a_reader_that_goes_away_does_not_change_the_verdict(folder: str, status: int) -> None:
    """``svcchain check broken | (exec 0<&-; sleep 2)`` exited 0 (item 2): a closed pipe is no pass."""
    process = subprocess.Popen(
        [sys.executable, "-m", "svcchain", "check", str(ROOT / folder), "--isolated", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # the only reader is gone before svcchain writes a byte
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert b"Traceback" not in err and b"internal error" not in err


@pytest.mark.parametrize(
    "config",
    [
        '[per-file-ignores]\n"**" = ["SC001"]\n',
        '[per-file-ignores]\n"" = ["ALL"]\n',
        '[per-file-ignores]\n"chains/" = ["yaml-syntax"]\n',
        'ignore = ["SC001"]\n',
        'select = ["SC4"]\n',
    ],
)
def test_no_setting_silences_an_unreadable_file(tmp_path: Path, config: str) -> None:
    """SC001: the file was not checked at all; per-file-ignores once hid it (item 3)."""
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "broken.yaml").write_text("svcchain: 1\npeople: [\n", encoding="utf-8")
    (tmp_path / "svcchain.toml").write_text(config, encoding="utf-8")
    done = run_cli("check", "-f", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert [f["rule"] for f in json.loads(done.stdout)["findings"]] == ["SC001"]


@pytest.mark.parametrize("key", ["SC001", "yaml-syntax"])
def test_sc001_keeps_its_severity(tmp_path: Path, key: str) -> None:
    write_good(tmp_path / "chains")
    (tmp_path / "svcchain.toml").write_text(f'[severity]\n{key} = "info"\n', encoding="utf-8")
    done = run_cli("check", cwd=tmp_path)
    assert done.returncode == 2 and b"cannot be given another severity" in done.stderr


def test_a_baseline_never_hides_an_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "broken.yaml").write_text("svcchain: 1\npeople: [\n", encoding="utf-8")
    assert run_cli("check", "--isolated", "--write-baseline", "bl.json", cwd=tmp_path).returncode == 0
    done = run_cli("check", "--isolated", "--baseline", "bl.json", cwd=tmp_path)
    assert done.returncode == 1 and b"SC001" in done.stdout


def _deep(opening: str, depth: int = 100_000) -> str:
    return opening * depth


@pytest.mark.parametrize(
    ("option", "name", "content", "says"),
    [
        ("--baseline", "deep.json", _deep("["), "nested too deeply"),
        ("--baseline", "latin1.json", b"\xff\xfe{}".decode("latin-1"), "not UTF-8"),
        ("--baseline", "huge.json", "[" + " " * (11 * 1024 * 1024) + "]", "over 10,485,760 bytes"),
        ("--config", "deep.toml", "a = " + _deep("["), "nested too deeply"),
        ("--config", "latin1.toml", "a = 'caf\xe9'", "not UTF-8"),
    ],
)
def test_config_and_baseline_are_read_like_chain_files(
    tmp_path: Path, option: str, name: str, content: str, says: str
) -> None:
    """Bounded, regular, UTF-8; every failure is exit 2 with one line naming the file (item 10)."""
    write_good(tmp_path / "chains")
    (tmp_path / name).write_bytes(content.encode("latin-1") if "latin1" in name else content.encode("utf-8"))
    done = run_cli("check", option, name, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    error = done.stderr.decode()
    assert error.count("\n") == 1 and name in error and says in error, error


def test_a_baseline_that_is_a_device_is_not_read(tmp_path: Path) -> None:
    """``--baseline /dev/zero`` read until memory ran out; a FIFO stands in for the device here."""
    write_good(tmp_path / "chains")
    os.mkfifo(tmp_path / "endless")
    done = run_cli("check", "--baseline", "endless", cwd=tmp_path, timeout=30)
    assert done.returncode == 2 and b"not a regular file" in done.stderr


def test_a_file_named_like_a_workflow_command_starts_no_command(tmp_path: Path) -> None:
    """``::error title=X::pwned.yaml`` as a file name: text output inside Actions (item 12)."""
    write_good(tmp_path)
    name = "::error title=X::pwned.yaml"
    (tmp_path / name).write_text("svcchain: 1\npeople: [{id: ann}, {id: ann}]\n", encoding="utf-8")
    for args in (["-f", "text"], ["--show-suppressed"]):
        done = run_cli("check", ".", "--isolated", *args, cwd=tmp_path)
        for line in (done.stdout + done.stderr).decode().splitlines():
            assert not line.startswith("::"), line
        assert b"./::error title=X::pwned.yaml:2:" in done.stdout


AUTOLINKS = ["#1", "owner/repo#2", "GH-3", "https://evil.example/x", "www.evil.example"]


def test_markdown_outputs_turn_no_user_string_into_a_link_or_reference(tmp_path: Path) -> None:
    """A PR comment must not link issues or sites a chain file names (item 14)."""
    text = " ".join(AUTOLINKS)
    (tmp_path / "refs.yaml").write_text(
        "svcchain: 1\n"
        "people: [{id: ann}, {id: bob}]\n"
        "teams: [{id: ops, members: [ann, bob], facilitator: ann}]\n"
        "services:\n"
        "  - id: svc\n"
        "    owner: ops\n"
        f"    customer: {{needs: [{{id: n, text: '{text}'}}]}}\n"
        "    links:\n"
        f"      - {{id: l, owner: ops, result: '{text}', measures: [{{name: m}}], delivers: [n]}}\n"
        f"      - {{id: 'bad #1 https://evil.example', owner: ops}}\n",
        encoding="utf-8",
    )
    comment = run_cli("check", str(tmp_path), "--isolated", "-f", "markdown", cwd=tmp_path).stdout.decode()
    report = run_cli("report", str(tmp_path), "--isolated", "-f", "markdown", cwd=tmp_path).stdout.decode()
    assert "#&#8203;1" in comment and "#&#8203;1" in report
    for output in (comment, report):
        prose = re.sub(r"(?ms)^```.*?^```", "", output)  # fenced code (the Mermaid diagrams) is never autolinked
        for raw in AUTOLINKS:
            assert raw not in prose, (raw, prose[:500])


def _repository_with_a_link(tmp_path: Path, target: Path | str) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "chains").symlink_to(target)
    return repo


def test_a_top_level_link_out_of_the_repository_is_not_followed(tmp_path: Path) -> None:
    """``ln -s /some/dir chains`` then ``svcchain check`` read and quoted files outside (item 9)."""
    outside = tmp_path / "outside"
    write_good(outside)
    (outside / "secret.yaml").write_text("svcchain: 1\npeople: [{id: s3cr3t-token}]\n", encoding="utf-8")
    repo = _repository_with_a_link(tmp_path, outside)
    done = run_cli("check", "-f", "json", cwd=repo)
    findings = json.loads(done.stdout)["findings"]
    assert [(f["rule"], f["file"]) for f in findings] == [("SC001", "chains")]
    assert b"s3cr3t" not in done.stdout and done.returncode == 1
    followed = run_cli("check", "--follow", "-f", "json", cwd=repo)
    assert followed.returncode == 0 and json.loads(followed.stdout)["summary"]["files"] == 2


def test_a_link_to_the_root_of_the_machine_is_refused_at_once(tmp_path: Path) -> None:
    """``ln -s / chains`` ran over 300 s to 1.25 GB."""
    repo = _repository_with_a_link(tmp_path, "/")
    for command in (["check"], ["report", "-o", "report.html"], ["owners"]):
        done = run_cli(*command, cwd=repo, timeout=20)
        assert b"leads out of the repository through a symbolic link" in done.stdout + done.stderr + (
            (repo / "report.html").read_bytes() if (repo / "report.html").exists() else b""
        ), command


def test_a_link_that_stays_inside_the_repository_is_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write_good(repo / "real-chains")
    (repo / "chains").symlink_to(repo / "real-chains")
    done = run_cli("check", "-f", "json", cwd=repo)
    assert [f["rule"] for f in json.loads(done.stdout)["findings"]] == ["SC105"]
