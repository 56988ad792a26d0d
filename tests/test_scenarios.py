"""Scenario fixtures: every folder under tests/scenarios/ is one test.

A scenario folder holds small chain files that read like documentation (a
comment at the top says what it shows) and ``expected.txt``: the findings the
check must report, one per line as ``file:line:column CODE`` with ``file``
relative to the folder (an empty file means a clean scenario).  Lines starting
with ``#`` and blank lines in ``expected.txt`` are ignored.

The whole folder is checked as one repository, exactly as ``svcchain check
<folder>`` would, and the SET of (file, line, column, code) must equal the
expected one.  A scenario whose expectation follows docs/format.md but which the
implementation does not meet yet holds ``xfail.txt`` with the reason: the test
is then a strict xfail (it fails the suite the moment it starts passing, so the
marker is removed when the bug is fixed).

A scenario is checked on the day in its ``today.txt`` (``YYYY-MM-DD``; default
2026-06-01, so no scenario depends on the clock) and with the settings of its
``svcchain.toml`` when it has one (e.g. ``review-every = 30``).

Add a scenario by adding a folder; no code changes needed.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from pathlib import Path

import pytest

from svcchain.config import resolve
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

#: *today* of a scenario without a ``today.txt``
DEFAULT_TODAY = "2026-06-01"

SCENARIOS = Path(__file__).parent / "scenarios"

Entry = tuple[str, int, int, str]


def _scenario_folders() -> list[Path]:
    return sorted(path for path in SCENARIOS.iterdir() if path.is_dir())


def _params() -> list:
    params = []
    for folder in _scenario_folders():
        marks = []
        reason_file = folder / "xfail.txt"
        if reason_file.exists():
            reason = reason_file.read_text(encoding="utf-8").strip()
            marks.append(pytest.mark.xfail(strict=True, reason=reason or "see xfail.txt"))
        params.append(pytest.param(folder, id=folder.name, marks=marks))
    return params


def parse_expected(text: str, source: str = "expected.txt") -> set[Entry]:
    """``file:line:column CODE`` lines → a set of entries."""
    entries: set[Entry] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            where, code = line.split()
            file, row, column = where.rsplit(":", 2)
            entries.add((file, int(row), int(column), code))
        except ValueError:
            raise AssertionError(f"{source}:{number}: expected 'file:line:column CODE', got {raw!r}") from None
    return entries


def scenario_settings(folder: Path) -> Settings:
    """The settings a scenario is checked with: its ``svcchain.toml`` (if any) and its ``today.txt``.

    *Today* is the date in ``today.txt``, else ``DEFAULT_TODAY``: no scenario depends on the clock.
    """
    settings = Settings()
    config = folder / "svcchain.toml"
    if config.exists():
        settings = resolve(str(config), cwd=str(folder)).settings
    today_file = folder / "today.txt"
    today = today_file.read_text(encoding="utf-8").strip() if today_file.exists() else DEFAULT_TODAY
    return replace(settings, today=datetime.date.fromisoformat(today))


def run_scenario(folder: Path) -> tuple[set[Entry], dict[Entry, str]]:
    """Check the folder as one repository; findings keyed relative to it, with messages."""
    found = discover([str(folder)])
    report = check(found.files, scenario_settings(folder))
    actual: set[Entry] = set()
    messages: dict[Entry, str] = {}
    for finding in report.findings:
        relative = Path(os.path.relpath(finding.file, folder)).as_posix()
        entry = (relative, finding.line, finding.column, finding.rule)
        actual.add(entry)
        messages[entry] = finding.text
    return actual, messages


def _show(entry: Entry) -> str:
    file, line, column, code = entry
    return f"{file}:{line}:{column} {code}"


def describe_difference(expected: set[Entry], actual: set[Entry], messages: dict[Entry, str]) -> str:
    lines = []
    missing = sorted(expected - actual)
    unexpected = sorted(actual - expected)
    if missing:
        lines.append("expected but not reported:")
        lines += [f"  - {_show(entry)}" for entry in missing]
    if unexpected:
        lines.append("reported but not expected:")
        lines += [f"  + {_show(entry)}    ({messages.get(entry, '')})" for entry in unexpected]
    return "\n".join(lines)


def test_there_are_scenarios() -> None:
    assert len(_scenario_folders()) >= 40


def test_every_rule_has_a_failing_and_a_passing_scenario() -> None:
    """Each rule of the contract (docs/format.md) from SC002 on is shown failing (in a scenario that passes its test)
    and passing (a folder ``scNNN-ok-*`` with no finding at all)."""
    import re

    contract = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    codes = [code for code in re.findall(r"^\| (SC\d{3}) \|", contract, flags=re.M) if code != "SC001"]
    assert len(codes) == 29, "the rule tables of docs/format.md were not found"
    failing: set[str] = set()
    passing: set[str] = set()
    for folder in _scenario_folders():
        expected = parse_expected((folder / "expected.txt").read_text(encoding="utf-8"))
        if (folder / "xfail.txt").exists():
            continue
        failing |= {code for *_, code in expected}
        prefix = folder.name.split("-ok-")[0].upper() if "-ok-" in folder.name else None
        if prefix and not expected:
            passing.add(prefix)
    assert [code for code in codes if code not in failing] == []
    assert [code for code in codes if code not in passing] == []


@pytest.mark.parametrize("folder", _scenario_folders(), ids=lambda folder: folder.name)
def test_scenario_is_documented(folder: Path) -> None:
    """Each scenario holds chain files that start with a comment, and an expected.txt."""
    assert (folder / "expected.txt").is_file(), f"{folder.name} has no expected.txt"
    chain_files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    assert chain_files, f"{folder.name} holds no chain file"
    for path in chain_files:
        data = path.read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if not data:
            continue  # an empty file is its own documentation (see sc002-file-with-only-comments)
        assert data.startswith(b"#"), f"{path.relative_to(SCENARIOS)} does not start with a comment"
    parse_expected((folder / "expected.txt").read_text(encoding="utf-8"), f"{folder.name}/expected.txt")


@pytest.mark.parametrize("folder", _params())
def test_scenario(folder: Path) -> None:
    expected = parse_expected((folder / "expected.txt").read_text(encoding="utf-8"), f"{folder.name}/expected.txt")
    actual, messages = run_scenario(folder)
    assert actual == expected, f"scenario {folder.name}:\n{describe_difference(expected, actual, messages)}"
