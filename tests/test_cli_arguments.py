"""The command line says what is wrong with its arguments, in words for people (issue 11).

Output files hold what their names say; a second subject, --all with a
name, a bad SOURCE_DATE_EPOCH and a bad count are usage errors (exit 2, one
line); help shows metavars, not Python types.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
CHAINS = str(ROOT / "chains")
runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), prog_name="svcchain", env=env)


def one_line_error(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("svcchain: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (["owners", "-o", "{d}/m.csv"], "m.csv", "owner,kind,"),
        (["owners", "-o", "{d}/m.json"], "m.json", "{"),
        (["owners", "-o", "{d}/m.md"], "m.md", "# Ownership matrix"),
        (["graph", "-o", "{d}/g.dot"], "g.dot", "digraph"),
        (["graph", "-o", "{d}/g.json"], "g.json", "{"),
        (["graph", "-o", "{d}/g.graphml"], "g.graphml", "<?xml"),
        (["graph", "-o", "{d}/g.mmd"], "g.mmd", "flowchart"),
        (["report", "-o", "{d}/r.md"], "r.md", "# "),
        (["report", "-o", "{d}/r.html"], "r.html", "<!DOCTYPE html>"),
    ],
)
def test_the_output_suffix_picks_the_format(tmp_path: Path, args: list[str], name: str, starts: str) -> None:
    result = invoke(*[a.format(d=tmp_path) for a in args], CHAINS, "--isolated")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").lstrip().startswith(starts)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["report", "-o", "{d}/report.docx"], "'svcchain report' writes no Word file"),
        (["graph", "-o", "{d}/g.svg"], "'svcchain graph' writes no SVG file"),
        (["owners", "-o", "{d}/m.html"], "'svcchain owners' writes no HTML file"),
        (["graph", "--format", "dot", "-o", "{d}/g.json"], "which the json format writes, not dot"),
        (["report", "--format", "html", "-o", "{d}/r.md"], "which the markdown format writes, not html"),
    ],
)
def test_an_output_suffix_no_format_writes_is_refused(tmp_path: Path, args: list[str], says: str) -> None:
    line = one_line_error(invoke(*[a.format(d=tmp_path) for a in args], CHAINS, "--isolated"))
    assert says in line
    assert not list(tmp_path.iterdir())  # nothing written under a name that lies


def test_all_with_a_name_says_what_is_wrong() -> None:
    line = one_line_error(invoke("impact", "erik", "--all", CHAINS, "--isolated"))
    assert "--all checks every person, so it takes no name ('erik'" in line
    assert "does not exist" not in line


def test_a_service_named_twice_says_what_is_wrong() -> None:
    line = one_line_error(invoke("graph", "building-permit", "--service", "network-service", CHAINS, "--isolated"))
    assert "--service already names the service ('network-service')" in line


@pytest.mark.parametrize("value", ["99999999999999999", "253402300800", "-1", "abc", "1.5"])
def test_a_bad_source_date_epoch_is_a_usage_error(value: str) -> None:
    result = invoke("report", "--timestamp", "-f", "markdown", CHAINS, "--isolated", env={"SOURCE_DATE_EPOCH": value})
    assert "SOURCE_DATE_EPOCH=" in one_line_error(result)


def test_a_good_source_date_epoch_is_the_reports_moment() -> None:
    result = invoke(
        "report", "--timestamp", "-f", "markdown", CHAINS, "--isolated", env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    assert result.exit_code == 0 and "generated 2026-01-01 00:00 UTC" in result.stdout


@pytest.mark.parametrize(("option", "value"), [("--max-links-per-owner", "0"), ("--max-links-per-owner", "x")])
def test_a_count_names_what_it_wants(option: str, value: str) -> None:
    result = invoke("check", option, value, CHAINS, "--isolated")
    assert result.exit_code == 2
    assert "not a whole number of 1 or more" in " ".join(result.stderr.replace("│", " ").split())


@pytest.mark.parametrize("command", ["check", "show", "trace", "owners", "impact", "graph", "report", "rules", "init"])
def test_help_reads_like_a_command_not_like_python(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], prog_name="svcchain", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for python in ("<list[str]>", "<bool>", "<str>", "<int", "x>=1", "Value error"):
        assert python not in result.stdout, (command, python)


def test_the_help_of_report_names_its_default_and_the_suffix_rule() -> None:
    text = " ".join(runner.invoke(app, ["report", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert "default: from the -o suffix, else html" in text


@pytest.fixture(autouse=True)
def _no_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    os.environ.pop("COLUMNS", None)
