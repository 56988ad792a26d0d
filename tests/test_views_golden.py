"""Golden files of the views: diagrams, ownership matrix and Markdown report of chains/, and the views of
tests/views/clinic-it/ (the facts of format 1.1), all checked on one fixed day.

Compared as whole strings.  Regenerate after an intended change (and review
the diff):

    SVCCHAIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_views_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner
from views.checks import check_csv, check_dot, check_markdown, check_mermaid, check_terminal

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "views"
UPDATE = os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1"

CASES = {
    "graph.mmd": ["graph", "chains", "--format", "mermaid"],
    "graph.dot": ["graph", "chains", "--format", "dot"],
    "graph.json": ["graph", "chains", "--format", "json"],
    "graph-network-service.mmd": ["graph", "network-service", "chains", "--format", "mermaid"],
    "owners.csv": ["owners", "chains", "--format", "csv"],
    "owners.json": ["owners", "chains", "--format", "json"],
    "owners.md": ["owners", "chains", "--format", "markdown"],
    "report.md": ["report", "chains", "--format", "markdown"],
    "clinic-report.md": ["report", "tests/views/clinic-it", "--format", "markdown"],
    "clinic-owners.json": ["owners", "tests/views/clinic-it", "--format", "json"],
    "clinic-owners.md": ["owners", "tests/views/clinic-it", "--format", "markdown"],
    "clinic-owners-assets.md": ["owners", "tests/views/clinic-it", "--assets", "--format", "markdown"],
    "clinic-owners-assets.csv": ["owners", "tests/views/clinic-it", "--assets", "--format", "csv"],
    "clinic-show.txt": ["show", "patient-portal", "tests/views/clinic-it"],
}
#: The day every golden view is checked on.
TODAY = "2026-06-01"

SANITY = {
    ".mmd": check_mermaid,
    ".dot": check_dot,
    ".csv": check_csv,
    ".md": check_markdown,
    ".json": json.loads,
    ".txt": check_terminal,
}


def _render(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--isolated", "--today", TODAY], env={"COLUMNS": "100"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_view_matches_its_golden_file(monkeypatch, name):
    monkeypatch.chdir(ROOT)
    actual = _render(CASES[name])
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"{path} is missing; create it with SVCCHAIN_UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs from the output of 'svcchain {' '.join(CASES[name])}'; if the change is intended, "
        "regenerate with SVCCHAIN_UPDATE_GOLDEN=1 pytest tests/test_views_golden.py and review the diff"
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_files_pass_the_format_checks(name):
    SANITY[Path(name).suffix]((GOLDEN / name).read_text(encoding="utf-8"))


def test_the_report_written_with_output_is_the_golden_file(monkeypatch, tmp_path):
    if UPDATE:
        pytest.skip("golden files are being regenerated")
    monkeypatch.chdir(ROOT)
    target = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", "chains", "--isolated", "--today", TODAY, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == (GOLDEN / "report.md").read_text(encoding="utf-8")
