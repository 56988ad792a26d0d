"""Golden JSON: ``svcchain check examples/broken --format json`` as a whole string.

The JSON object is the machine-readable contract (docs/format.md): any change to
a key, a type, the order of keys or findings, a position or a message shows
up here as a diff.  Regenerate after an intended change, then review the diff:

    SVCCHAIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_json.py

(run from the repository root; see tests/golden/README.md).
"""

from __future__ import annotations

import json
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
GOLDEN = Path(__file__).parent / "golden" / "broken.json"
UPDATE = os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1"
#: on a fixed day: who has left or is leaving, and stale reviews, depend on it (tests/broken_support.py)
COMMAND = ["check", "examples/broken", "--format", "json", "--isolated", "--today", BROKEN_TODAY]


def _cli_output(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, COMMAND, prog_name="svcchain")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    return result.stdout


def test_json_output_matches_the_golden_file(monkeypatch: pytest.MonkeyPatch) -> None:
    actual = _cli_output(monkeypatch)
    if UPDATE:
        GOLDEN.write_text(actual, encoding="utf-8", newline="")
        pytest.skip(f"rewrote {GOLDEN.relative_to(ROOT)}: review the diff")
    assert GOLDEN.exists(), f"{GOLDEN} is missing; create it with SVCCHAIN_UPDATE_GOLDEN=1"
    expected = GOLDEN.read_text(encoding="utf-8")
    assert actual == expected, (
        "the JSON output of examples/broken differs from tests/golden/broken.json; if the change is "
        "intended, regenerate with SVCCHAIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest "
        "tests/test_golden_json.py and review the diff"
    )


def test_the_json_renderer_gives_the_same_string(monkeypatch: pytest.MonkeyPatch) -> None:
    if UPDATE:
        pytest.skip("golden files are being regenerated")
    monkeypatch.chdir(ROOT)
    report = check(discover(["examples/broken"]).files, Settings(today=BROKEN_DATE))
    assert get_renderer("json")(report) == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_file_is_the_contract_object() -> None:
    """Guards the golden file itself: regenerating cannot silently accept a broken shape."""
    document = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert list(document) == ["version", "summary", "findings"]
    assert list(document["summary"]) == ["files", "services", "links", "errors", "warnings", "infos"]
    assert document["summary"]["files"] == 9
    for finding in document["findings"]:
        assert list(finding)[:7] == ["rule", "name", "severity", "message", "file", "line", "column"]
        assert finding["file"].startswith("examples/broken/")
    assert GOLDEN.read_text(encoding="utf-8").endswith("}\n")
