"""The benchmark generator and runner must not rot (benchmarks are not timed here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from svcchain.discover import discover
from svcchain.engine import check

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402


def counts(folder: Path) -> Counter:
    report = check(discover([str(folder)]).files)
    return Counter(finding.rule for finding in report.findings)


def test_clean_repository_has_no_findings(tmp_path):
    generate(str(tmp_path / "repo"), 300, links_per_service=30)
    report = check(discover([str(tmp_path / "repo")]).files)
    assert report.findings == []
    assert report.links == 300 and report.services == 10


def test_injected_defects_are_found_exactly(tmp_path):
    expected = generate(str(tmp_path / "repo"), 3000, links_per_service=50, defects=True)
    assert expected  # the generator did inject something
    assert dict(counts(tmp_path / "repo")) == expected


def test_runner_smallest_size(tmp_path):
    svcchain = Path(sys.executable).parent / "svcchain"
    if not svcchain.exists():
        import pytest

        pytest.skip("the svcchain console script is not installed next to this Python")
    out = tmp_path / "table.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "200", "--runs", "1", "--no-peers",
         "--work", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    table = out.read_text()
    assert "| 200 | svcchain check (text) |" in table
    assert "start-up: --version / import typer" in table
    json.dumps(table)  # plain text
