"""Golden files: every CI format over examples/broken, compared as whole strings.

Regenerate after an intended change (and review the diff):

    SVCCHAIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reporters_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from broken_support import BROKEN_DATE, BROKEN_TODAY
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.reporters import get_renderer
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1"

GOLDEN_FILES = {
    "sarif": "broken.sarif",
    "junit": "broken.junit.xml",
    "github": "broken.github.txt",
    "gitlab": "broken.gitlab.json",
    "markdown": "broken.md",
}


@pytest.fixture(scope="module")
def broken_report():
    """examples/broken checked with the defaults on its fixed day, paths as named from the repository root."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        return check(discover(["examples/broken"]).files, Settings(today=BROKEN_DATE))
    finally:
        os.chdir(before)


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"{path} is missing; create it with SVCCHAIN_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from the output; if the change is intended, regenerate with "
        f"SVCCHAIN_UPDATE_GOLDEN=1 pytest tests/test_reporters_golden.py and review the diff"
    )


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_format_matches_its_golden_file(broken_report, fmt):
    _compare(GOLDEN_FILES[fmt], get_renderer(fmt)(broken_report))


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_the_command_line_prints_the_same_as_the_golden_file(monkeypatch, fmt):
    if UPDATE:
        pytest.skip("golden files are being regenerated")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        app, ["check", "examples/broken", "--isolated", "--format", fmt, "--today", BROKEN_TODAY]
    )
    assert result.exit_code == 1, result.output
    assert result.stdout == (GOLDEN / GOLDEN_FILES[fmt]).read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_output_option_writes_the_report_to_a_file(monkeypatch, tmp_path, fmt):
    if UPDATE:
        pytest.skip("golden files are being regenerated")
    monkeypatch.chdir(ROOT)
    target = tmp_path / GOLDEN_FILES[fmt]
    result = CliRunner().invoke(
        app,
        ["check", "examples/broken", "--isolated", "--format", fmt, "--output", str(target), "--today", BROKEN_TODAY],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert target.read_bytes() == (GOLDEN / GOLDEN_FILES[fmt]).read_bytes()
