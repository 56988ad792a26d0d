"""Baselines: adopt svcchain in a large repository and fail only on what is new."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.cli import app

HERE = Path(__file__).parent / "baseline"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    shutil.copytree(HERE, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def check(*args: str):
    return runner.invoke(app, ["check", "--isolated", *args])


def test_baseline_passes_today_and_fails_only_on_what_is_new(repo):
    assert check().exit_code == 1
    written = check("--write-baseline", "baseline.json")
    assert written.exit_code == 0
    data = json.loads((repo / "baseline.json").read_text())
    assert sorted(entry["rule"] for entry in data["findings"]) == ["SC101", "SC402"]

    assert check("--baseline", "baseline.json").exit_code == 0

    # lines above move, and one new unowned link arrives
    chain = (repo / "chains" / "mail.yaml").read_text()
    chain = chain.replace("svcchain: 1\n", "svcchain: 1\n# a new comment\n# and another\n")
    chain += (
        "      - id: bounce\n"
        "        result: Undeliverable mail returned to its sender\n"
        "        measures:\n"
        "          - name: bounce time\n"
        "        delivers: [inbox]\n"
    )
    (repo / "chains" / "mail.yaml").write_text(chain)
    result = check("--baseline", "baseline.json", "--format", "json")
    assert result.exit_code == 1
    found = [(f["rule"], f.get("link")) for f in json.loads(result.stdout)["findings"]]
    assert found == [("SC101", "bounce")]


def test_baseline_text_summary_says_how_many_are_known(repo):
    check("--write-baseline", "baseline.json")
    result = check("--baseline", "baseline.json")
    assert "(2 known in the baseline)" in result.stdout


def test_baseline_is_deterministic(repo):
    check("--write-baseline", "a.json")
    check("--write-baseline", "b.json")
    assert (repo / "a.json").read_text() == (repo / "b.json").read_text()


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"findings": []}',
        '{"svcchain-baseline": 1, "findings": [1]}',
        '{"svcchain-baseline": true, "findings": []}',
        '{"svcchain-baseline": 2, "findings": [{"rule": "SC101", "file": "a.yaml", "subject": "s", "link": 3}]}',
    ],
)
def test_bad_baseline_exits_2(repo, content):
    (repo / "bad.json").write_text(content)
    result = check("--baseline", "bad.json")
    assert result.exit_code == 2
    assert "bad.json" in result.stderr


def test_a_baseline_from_a_newer_svcchain_says_so(repo):
    (repo / "new.json").write_text('{"svcchain-baseline": 3, "findings": []}')
    result = check("--baseline", "new.json")
    assert result.exit_code == 2
    assert "newer than this svcchain reads" in result.stderr


def test_missing_baseline_exits_2(repo):
    assert check("--baseline", "nope.json").exit_code == 2
