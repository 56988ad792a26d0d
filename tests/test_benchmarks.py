"""The benchmark generator and runner must not rot (benchmarks are not timed here)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from svcchain.discover import discover
from svcchain.engine import check

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def generate():
    """benchmarks/generate.py's ``generate`` (benchmarks/ is scripts, not a package: loaded by path)."""
    spec = importlib.util.spec_from_file_location("svcchain_benchmarks_generate", BENCHMARKS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def counts(folder: Path) -> Counter:
    report = check(discover([str(folder)]).files)
    return Counter(finding.rule for finding in report.findings)


def test_clean_repository_has_no_findings(tmp_path, generate):
    generate(str(tmp_path / "repo"), 300, links_per_service=30)
    report = check(discover([str(tmp_path / "repo")]).files)
    assert report.findings == []
    assert report.links == 300 and report.services == 10


def test_injected_defects_are_found_exactly(tmp_path, generate):
    expected = generate(str(tmp_path / "repo"), 3000, links_per_service=50, defects=True)
    assert expected  # the generator did inject something
    assert dict(counts(tmp_path / "repo")) == expected


def test_unknown_owners_shape(tmp_path, generate):
    expected = generate(
        str(tmp_path / "repo"), 100, links_per_service=50, defects=True, directory_people=500, unknown_owner_links=60
    )
    report = check(discover([str(tmp_path / "repo")]).files)
    found = Counter(finding.rule for finding in report.findings)
    assert dict(found) == expected and found["SC102"] >= 60
    assert len(report.model.people) >= 500
    unknown = [finding.message for finding in report.findings if finding.rule == "SC102"]
    # every other undeclared owner is a typo of a directory person: SC102 says whom it meant
    assert sum("(did you mean 'employee-" in message for message in unknown) == 30


def _rows(table: str, header: str) -> list[list[str]]:
    """The cells of the body rows of the Markdown table whose header line is ``header``."""
    lines = table.splitlines()
    start = lines.index(header) + 2  # the header and its |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _seconds_and_mib(seconds: str, mib: str) -> tuple[float, float]:
    assert re.fullmatch(r"\d+\.\d\d", seconds), seconds
    assert re.fullmatch(r"\d+", mib), mib
    assert float(seconds) >= 0 and int(mib) > 0
    return float(seconds), float(mib)


def _ratio_bounds(numerator: float, denominator: float) -> tuple[float, float]:
    """The range of a ratio of two figures each rounded to two decimals (the ratio itself too)."""
    return (numerator - 0.005) / (denominator + 0.005) - 0.005, (numerator + 0.005) / (denominator - 0.005) + 0.005


def test_runner_smallest_size(tmp_path):
    svcchain = Path(sys.executable).parent / "svcchain"
    if not svcchain.exists():
        pytest.skip("the svcchain console script is not installed next to this Python")
    out = tmp_path / "table.md"
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--sizes",
            "200",
            "--runs",
            "1",
            "--no-peers",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
            "--directory-people",
            "300",
            "--unknown-owner-links",
            "40",
            "--shape-links",
            "100",
            "--shape-directory",
            "300",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    table = out.read_text(encoding="utf-8")
    assert result.stdout == table + "\n"  # what it prints is what it writes
    assert table.startswith("Machine: ") and "Python " in table.splitlines()[0]
    assert "[200 links, " in result.stderr
    assert sorted((tmp_path / "work" / "links-200").glob("*.yaml")), "the repository was not generated"

    # one size, no peers, not the 10k size (no report): exactly the three measured commands
    sizes = _rows(table, "| links | command | seconds | peak MiB |")
    assert [(size, command) for size, command, _, _ in sizes] == [
        ("200", "svcchain check (text)"),
        ("200", "svcchain check (json)"),
        ("200", "bare PyYAML C load"),
    ]
    for _, _, seconds, mib in sizes:
        _seconds_and_mib(seconds, mib)

    # the unknown-owners shape: the check with and without SC102's "did you mean"; the shapes that are not
    # the happy path, against the clean repository of their size
    shape = _rows(table, "| shape | command | seconds | peak MiB |")
    assert [(label, command) for label, command, _, _ in shape] == [
        ("unknown owners: 40 links, 300 people", "svcchain check (text)"),
        ("unknown owners: 40 links, 300 people", "svcchain check --ignore SC102 (text)"),
        ("clean: 100 links", "svcchain check (text)"),
        ("many defects: 100 links", "svcchain check (text)"),
        ("owner directory: 100 links, 300 people", "svcchain check (text)"),
    ]
    shape_seconds = [_seconds_and_mib(seconds, mib)[0] for _, _, seconds, mib in shape[:2]]

    startup = {
        name.strip("`"): _seconds_and_mib(seconds, mib)
        for name, seconds, mib in _rows(table, "| start-up | seconds | peak MiB |")
    }
    assert list(startup) == [
        "svcchain --version",
        "svcchain check chains/",
        "svcchain check chains/, warm",
        "import typer, rich, pydantic, yaml, networkx",
        "import typer",
    ]

    # without the 10k and 100k sizes only the shape and start-up targets can be stated
    targets = {
        label: (float(value), bound, verdict)
        for label, value, bound, verdict in _rows(table, "| target | ratio | bound | |")
    }
    assert list(targets) == [
        "unknown owners: check / check --ignore SC102",
        "many defects: check / clean check",
        "owner directory: check / clean check",
        "start-up: check chains/ / bare imports",
        "start-up: check chains/, warm / bare imports",
        "start-up: --version / import typer",
    ]
    value, bound, verdict = targets["unknown owners: check / check --ignore SC102"]
    assert bound == "≤ 1.5" and verdict in ("met", "MISSED")
    low, high = _ratio_bounds(*shape_seconds)
    assert low <= value <= high, (value, shape_seconds)
    measured_as = {
        "start-up: check chains/ / bare imports": ("svcchain check chains/", list(startup)[3]),
        "start-up: check chains/, warm / bare imports": ("svcchain check chains/, warm", list(startup)[3]),
        "start-up: --version / import typer": ("svcchain --version", "import typer"),
    }
    for label, (numerator, denominator) in measured_as.items():
        value, bound, verdict = targets[label]
        limit = float(bound.removeprefix("≤ "))
        assert verdict in ("met", "MISSED"), (label, verdict)
        if abs(value - limit) > 0.005:  # else the rounded ratio does not tell which side of the bound it is
            assert verdict == ("met" if value < limit else "MISSED"), (label, value, bound, verdict)
        if startup[denominator][0] >= 0.02:  # a ratio of figures rounded to 0.00 says nothing
            low, high = _ratio_bounds(startup[numerator][0], startup[denominator][0])
            assert low <= value <= high, (label, value, startup[numerator], startup[denominator])
