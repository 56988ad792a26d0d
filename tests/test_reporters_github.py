"""--format github: workflow commands that GitHub's runner parses back to exactly our text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from broken_support import BROKEN_DATE, BROKEN_TODAY
from reporters_support import unsanitised

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Severity
from svcchain.report import Report
from svcchain.reporters import github
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "tests/reporters/hostile"


#: ::command key=value,key=value::data  (values and data escaped, so no raw CR/LF anywhere)
COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) "
    r"(?P<properties>(?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*"
    r"(?:,(?:file|line|col|endLine|endColumn|title)=[^,:\r\n]*)*)"
    r"::(?P<data>[^\r\n]*)$"
)


def report_of(*paths: str, cwd: Path = ROOT) -> Report:
    """The check of ``paths``, on the fixed day of examples/broken (tests/broken_support.py)."""
    before = os.getcwd()
    os.chdir(cwd)
    try:
        return check(discover(list(paths)).files, Settings(today=BROKEN_DATE))
    finally:
        os.chdir(before)


def runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """What the Actions runner makes of a line (ActionCommand.TryParseV2 and its unescaping)."""
    assert line.startswith("::")
    end = line.index("::", 2)
    command, _, properties = line[2:end].partition(" ")
    data = line[end + 2 :]

    def unescape(value: str, mappings: tuple[tuple[str, str], ...]) -> str:
        for token, replacement in mappings:
            value = value.replace(replacement, token)
        return value

    data_map = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
    property_map = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))
    parsed = {}
    for pair in properties.split(","):
        key, _, value = pair.partition("=")
        parsed[key] = unescape(value, property_map)
    return command, parsed, unescape(data, data_map)


def test_one_command_per_finding_then_a_plain_summary():
    report = report_of("examples/broken")
    lines = github.render(report).splitlines()
    assert len(lines) == len(report.findings) + 1
    for line, finding in zip(lines, report.findings, strict=False):
        match = COMMAND.match(line)
        assert match, line
        command, properties, message = runner_parse(line)
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity.value]
        assert properties == {
            "file": finding.file,
            "line": str(finding.line),
            "col": str(finding.column),
            "title": f"{finding.rule} {finding.name}",
        }
        assert message == finding.text
    assert not lines[-1].startswith("::")
    assert lines[-1] == "svcchain: found 21 errors, 12 warnings, 1 info in 9 files, 11 services, 29 links."


def test_a_clean_repository_prints_only_the_summary():
    assert github.render(report_of("chains")) == "svcchain: all checks passed in 5 files, 3 services, 13 links.\n"


def test_escaping_is_exactly_the_toolkits():
    assert github.escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert github.escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    assert github.escape_data("%0A") == "%250A"  # a literal escape sequence stays literal


def test_hostile_text_cannot_inject_a_command_and_round_trips():
    report = report_of(HOSTILE)
    text = github.render(report)
    lines = text.split("\n")[:-1]
    assert len(lines) == len(report.findings) + 1
    for line, finding in zip(lines, report.findings, strict=False):
        assert COMMAND.match(line), line
        assert runner_parse(line)[2] == finding.text
    assert sum(line.startswith("::") for line in lines) == len(report.findings)
    assert "::error file=x::injected" in runner_parse(lines[0])[2]  # as text, inside the message


def test_file_names_with_separators_are_escaped_as_properties(tmp_path):
    name = "odd, name: 100%.yaml"
    (tmp_path / name).write_text("svcchain: 1\nservices: [{id: s}]\n", encoding="utf-8")
    report = report_of(name, cwd=tmp_path)
    first = github.render(report).splitlines()[0]
    assert COMMAND.match(first), first
    assert "file=odd%2C name%3A 100%25.yaml," in first
    assert runner_parse(first)[1]["file"] == name


def test_paths_are_normalised_and_lone_surrogates_replaced():
    odd = unsanitised("bad \udcff\nnext", "./chains//a\udcff,\n.yaml", 4, 2, severity=Severity.WARNING)
    line = github.render(Report([odd], 1, 0, 0)).splitlines()[0]
    line.encode("utf-8")
    assert line == "::warning file=chains/a\ufffd%2C%0A.yaml,line=4,col=2,title=SC002 schema::bad \ufffd%0Anext"


def test_inside_github_actions_it_is_the_default_format():
    env = {**os.environ, "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "check", "examples/broken", "--isolated", "--today", BROKEN_TODAY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == (Path(__file__).parent / "golden" / "broken.github.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["false", ""])
def test_outside_github_actions_the_default_stays_text(value):
    env = {**os.environ, "GITHUB_ACTIONS": value}
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "check", "examples/broken", "--isolated"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert not done.stdout.startswith("::")
