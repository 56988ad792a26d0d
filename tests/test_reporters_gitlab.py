"""--format gitlab: a Code Quality report GitLab reads, with fingerprints that survive moved lines."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from reporters_support import unsanitised

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Finding, Severity
from svcchain.report import Report
from svcchain.reporters import gitlab
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
MOVED = Path(__file__).parent / "reporters" / "moved" / "chain.yaml"


def report_of(*paths: str, cwd: Path = ROOT) -> Report:
    before = os.getcwd()
    os.chdir(cwd)
    try:
        return check(discover(list(paths)).files, Settings())
    finally:
        os.chdir(before)


def test_each_finding_is_an_issue_with_the_fields_gitlab_reads():
    report = report_of("examples/broken")
    text = gitlab.render(report)
    assert not text.startswith("\ufeff")
    issues = json.loads(text)
    assert isinstance(issues, list) and len(issues) == len(report.findings)
    for issue, finding in zip(issues, report.findings, strict=False):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == finding.rule
        assert issue["description"] == f"{finding.rule} {finding.name}: {finding.text}"
        assert issue["severity"] == {"error": "major", "warning": "minor", "info": "info"}[finding.severity.value]
        assert issue["location"] == {"path": finding.file, "lines": {"begin": finding.line}}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_a_clean_repository_gives_an_empty_array():
    assert gitlab.render(report_of("chains")) == "[]\n"


def test_fingerprints_survive_unrelated_line_moves(tmp_path):
    chain = MOVED.read_text(encoding="utf-8")
    for folder, text in (("before", chain), ("after", "# moved\n" + chain.replace("links:\n", "links:\n\n\n"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "chain.yaml").write_text(text, encoding="utf-8")
    before = json.loads(gitlab.render(report_of("chain.yaml", cwd=tmp_path / "before")))
    after = json.loads(gitlab.render(report_of("chain.yaml", cwd=tmp_path / "after")))
    assert [i["description"] for i in before] == [i["description"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] for i in before] != [i["location"]["lines"]["begin"] for i in after]


def test_fingerprints_differ_by_rule_path_and_subject_and_count_duplicates():
    def finding(rule="SC101", file="a.yaml", subject="link:s/a", line=1):
        return Finding(rule, "x", Severity.ERROR, "m", file, line, 1, subject=subject)

    issues = json.loads(
        gitlab.render(
            Report(
                [
                    finding(),
                    finding(rule="SC401"),
                    finding(file="b.yaml"),
                    finding(subject="link:s/b"),
                    finding(line=7),  # same rule, path and subject: a duplicate, told apart by its occurrence
                ],
                1,
                0,
                0,
            )
        )
    )
    assert len({issue["fingerprint"] for issue in issues}) == 5


def test_findings_without_subject_fall_back_to_their_message_without_positions():
    first = Finding(
        "SC004", "duplicate-key", Severity.ERROR, "the key 'a' repeats the key at line 3, column 1", "a.yaml", 5, 1
    )
    moved = Finding(
        "SC004", "duplicate-key", Severity.ERROR, "the key 'a' repeats the key at line 9, column 1", "a.yaml", 11, 1
    )
    print_of = lambda f: json.loads(gitlab.render(Report([f], 1, 0, 0)))[0]["fingerprint"]  # noqa: E731
    assert print_of(first) == print_of(moved)


def test_hostile_text_is_plain_json_text():
    report = report_of("tests/reporters/hostile")
    issues = json.loads(gitlab.render(report))
    assert [issue["description"].split(": ", 1)[1] for issue in issues] == [f.text for f in report.findings]


def test_paths_are_normalised_and_lines_are_at_least_one():
    odd = unsanitised("bad \ud800", "./x//y.yaml", 0, 0)
    (issue,) = json.loads(gitlab.render(Report([odd], 1, 0, 0)))
    assert issue["location"] == {"path": "x/y.yaml", "lines": {"begin": 1}}
    assert issue["description"].endswith("bad \ufffd")
