"""What a CI pipeline trusts svcchain with: baselines, verdicts, report files and flags.

Each test is one issue: it failed before the fix. The fixtures under
``tests/trust/`` are small repositories that read like documentation (see
``tests/trust/README.md``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from broken_support import BROKEN_TODAY
from typer.testing import CliRunner

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
TRUST = Path(__file__).parent / "trust"
INFOS_ONLY = str(TRUST / "infos-only")

runner = CliRunner()


def check(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["check", "--isolated", *args], env={"GITHUB_ACTIONS": "", **(env or {})})


def svcchain(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command line, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "svcchain", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "GITHUB_ACTIONS": "", "PYTHONPATH": str(ROOT)},
    )


def entries(path: Path) -> list[tuple[str, str, str, str | None, str | None]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(e["rule"], e["file"], e["subject"], e.get("service"), e.get("link")) for e in data["findings"]]


# --------------------------------------------------------------------------- 1. refreshing a baseline


def test_refreshing_a_baseline_records_every_current_finding(tmp_path):
    baseline = tmp_path / "bl.json"
    written = check("examples/broken", "--write-baseline", str(baseline), "--today", BROKEN_TODAY)
    assert written.exit_code == 0, written.output
    assert len(entries(baseline)) == 34
    refreshed = check(
        "examples/broken", "--baseline", str(baseline), "--write-baseline", str(baseline), "--today", BROKEN_TODAY
    )
    assert refreshed.exit_code == 0, refreshed.output
    assert len(entries(baseline)) == 34


def test_shrinking_a_baseline_drops_exactly_the_fixed_finding(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(TRUST / "baseline-shrink", repo)
    first = svcchain("check", "--isolated", "--write-baseline", "bl.json", cwd=repo)
    assert first.returncode == 0, first.stderr
    before = entries(repo / "bl.json")
    assert sorted(rule for rule, *_ in before) == ["SC101", "SC401", "SC402"]
    assert svcchain("check", "--isolated", "--baseline", "bl.json", cwd=repo).returncode == 0

    chain = repo / "chains" / "mail.yaml"
    fixed = chain.read_text(encoding="utf-8").replace(
        "      - id: deliver\n", "      - id: deliver\n        owner: ops\n"
    )
    assert fixed != chain.read_text(encoding="utf-8")
    chain.write_text(fixed, encoding="utf-8")
    refresh = svcchain("check", "--isolated", "--baseline", "bl.json", "--write-baseline", "bl.json", cwd=repo)
    assert refresh.returncode == 0, refresh.stderr
    after = entries(repo / "bl.json")
    assert [entry for entry in before if entry[0] != "SC101"] == after
    assert "1 fixed" in refresh.stderr
    assert svcchain("check", "--isolated", "--baseline", "bl.json", cwd=repo).returncode == 0


# --------------------------------------------------------------------------- 2. the baseline's entity


@pytest.fixture
def ghost_repo(tmp_path, monkeypatch):
    (tmp_path / "chains").mkdir()
    shutil.copy(TRUST / "baseline-one-ghost" / "before.yaml", tmp_path / "chains" / "mail.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new_links(result) -> list[tuple[str, str | None]]:
    return [(f["rule"], f.get("link")) for f in json.loads(result.stdout)["findings"]]


def test_the_baseline_reports_the_new_link_not_the_known_one(ghost_repo):
    assert check("--write-baseline", "bl.json").exit_code == 0
    shutil.copy(TRUST / "baseline-one-ghost" / "after.yaml", ghost_repo / "chains" / "mail.yaml")
    result = check("--baseline", "bl.json", "--format", "json")
    assert result.exit_code == 1
    assert new_links(result) == [("SC102", "new")]
    assert entries(ghost_repo / "bl.json") == [("SC102", "chains/mail.yaml", "owner:ghost", "mail", "old")]


def test_a_version_1_baseline_still_matches_by_rule_file_and_subject(ghost_repo):
    legacy = {
        "svcchain-baseline": 1,
        "findings": [
            {"rule": "SC102", "file": "chains/mail.yaml", "subject": "owner:ghost", "message": "link 'old' ..."}
        ],
    }
    (ghost_repo / "bl.json").write_text(json.dumps(legacy), encoding="utf-8")
    assert check("--baseline", "bl.json").exit_code == 0
    shutil.copy(TRUST / "baseline-one-ghost" / "after.yaml", ghost_repo / "chains" / "mail.yaml")
    result = check("--baseline", "bl.json", "--format", "json")
    assert result.exit_code == 1 and len(new_links(result)) == 1  # one of the two, as version 1 always did
    # refreshing writes the new form, which knows which link it is about
    assert check("--baseline", "bl.json", "--write-baseline", "bl.json").exit_code == 0
    data = json.loads((ghost_repo / "bl.json").read_text(encoding="utf-8"))
    assert data["svcchain-baseline"] == 2
    assert [(e["service"], e["link"]) for e in data["findings"]] == [("mail", "new"), ("mail", "old")]


# --------------------------------------------------------------------------- 6. the verdict follows --fail-on


def test_markdown_heading_follows_the_fail_level():
    passed = check(INFOS_ONLY, "--format", "markdown")
    assert passed.exit_code == 0
    assert passed.stdout.startswith("### ✅")
    assert "❌" not in passed.stdout
    assert "SC105" in passed.stdout  # still shown
    failed = check(INFOS_ONLY, "--format", "markdown", "--fail-on", "info")
    assert failed.exit_code == 1
    assert failed.stdout.startswith("### ❌")


def test_the_report_knows_its_fail_level():
    from svcchain.discover import discover
    from svcchain.engine import check as run_check
    from svcchain.settings import Settings

    files = discover([INFOS_ONLY]).files
    assert not run_check(files, Settings()).fails()
    report = run_check(files, Settings(fail_on="info"))
    assert report.fail_on == "info" and report.fails()


# --------------------------------------------------------------------------- 7. JUnit failures follow --fail-on


def junit_of(*args: str) -> tuple[int, ET.Element]:
    result = check(INFOS_ONLY, "--format", "junit", *args)
    return result.exit_code, ET.fromstring(result.stdout.encode("utf-8"))


def test_junit_info_findings_are_not_failures_on_a_green_run():
    code, root = junit_of()
    assert code == 0
    assert root.get("failures") == "0"
    assert not list(root.iter("failure"))
    (case,) = [case for case in root.iter("testcase") if case.get("name") == "SC105 single-owner"]
    out = case.find("system-out")
    assert out is not None and "mail.yaml:16:16: SC105 [info]" in out.text


def test_junit_info_findings_fail_at_fail_level_info():
    code, root = junit_of("--fail-on", "info")
    assert code == 1
    assert root.get("failures") == "1"
    (case,) = [case for case in root.iter("testcase") if case.get("name") == "SC105 single-owner"]
    assert case.find("failure") is not None and case.find("system-out") is None


# --------------------------------------------------------------------------- 8. -o picks the format


@pytest.mark.parametrize(
    ("name", "args", "starts"),
    [
        ("out.json", [], '{\n  "version"'),
        ("out.sarif", [], '{\n  "$schema"'),
        ("out.xml", [], '<?xml version="1.0"'),
        ("out.md", [], "### "),
        ("out.markdown", [], "### "),
        ("out.txt", [], "tests/trust/infos-only/chains/mail.yaml:16:16: SC105"),
        ("gl-code-quality-report.json", ["-f", "gitlab"], "[\n"),
        ("sarif.json", ["-f", "json"], '{\n  "version"'),
    ],
)
def test_check_output_suffix_picks_the_format(tmp_path, monkeypatch, name, args, starts):
    monkeypatch.chdir(ROOT)
    target = tmp_path / name
    result = check("tests/trust/infos-only", *args, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith(starts)


@pytest.mark.parametrize(
    ("name", "args", "says"),
    [
        ("out.pdf", [], "writes no PDF file"),
        ("out.json", ["-f", "sarif"], "which the json or gitlab format writes, not sarif"),
        ("out.xml", ["-f", "text"], "which the junit format writes, not text"),
    ],
)
def test_check_output_suffix_that_contradicts_exits_2_with_one_line(tmp_path, name, args, says):
    result = check(INFOS_ONLY, *args, "-o", str(tmp_path / name))
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_github_actions_still_default_to_annotations_without_a_known_suffix(tmp_path):
    target = tmp_path / "svcchain.log"
    result = check(INFOS_ONLY, "-o", str(target), env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("::notice ")
    json_target = tmp_path / "out.json"
    assert check(INFOS_ONLY, "-o", str(json_target), env={"GITHUB_ACTIONS": "true"}).exit_code == 0
    assert json.loads(json_target.read_text(encoding="utf-8"))["summary"]["infos"] == 1


# --------------------------------------------------------------------------- 9. no flag silently ignored


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "gitlab", "markdown"])
def test_statistics_in_a_format_it_cannot_write_exits_2(fmt):
    result = check(INFOS_ONLY, "--statistics", "--format", fmt)
    assert result.exit_code == 2
    assert "--statistics" in result.stderr and "text" in result.stderr and "json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_statistics_as_json_and_by_suffix(tmp_path):
    result = check(INFOS_ONLY, "--statistics", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["statistics"][0]["rule"] == "SC105"
    target = tmp_path / "stats.json"
    assert check(INFOS_ONLY, "--statistics", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["statistics"][0]["count"] == 1


def test_statistics_inside_github_actions_is_text():
    result = check(INFOS_ONLY, "--statistics", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 0
    assert result.stdout.startswith("1  SC105  single-owner [info]")


def test_show_config_as_json():
    result = check("--show-config", "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["config_file"] is None
    assert data["settings"]["fail-on"] == {"value": "warning", "source": "command line"}
    assert data["settings"]["max-links-per-owner"] == {"value": 7, "source": "default"}
    assert data["settings"]["select"]["value"] == ["ALL"]


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github", "gitlab", "markdown"])
def test_show_config_in_a_format_it_cannot_write_exits_2(fmt):
    result = check("--show-config", "--format", fmt)
    assert result.exit_code == 2
    assert "--show-config" in result.stderr and "text" in result.stderr and "json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
