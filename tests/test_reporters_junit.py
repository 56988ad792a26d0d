"""--format junit: one test case per rule (passed, failed or skipped), parseable, counts right."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from broken_support import BROKEN_DATE
from reporters_support import unsanitised

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Finding, Severity
from svcchain.report import Report
from svcchain.reporters import junit
from svcchain.rules import load_rules
from svcchain.selectors import matches
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "tests/reporters/hostile"


def report_of(*paths: str, **settings) -> Report:
    """The check of ``paths``, on the fixed day of examples/broken (tests/broken_support.py) unless told otherwise."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        return check(discover(list(paths)).files, Settings(**{"today": BROKEN_DATE, **settings}))
    finally:
        os.chdir(before)


def parse(report: Report) -> ET.Element:
    text = junit.render(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in root.iter("testcase")}


def assert_counts_add_up(root: ET.Element) -> None:
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for suite in root.findall("testsuite"):
        suite_cases = suite.findall("testcase")
        counted = {
            "tests": len(suite_cases),
            "failures": sum(1 for case in suite_cases if case.find("failure") is not None),
            "skipped": sum(1 for case in suite_cases if case.find("skipped") is not None),
        }
        for key, value in counted.items():
            assert suite.get(key) == str(value), (suite.get("name"), key)
            totals[key] += value
        assert suite.get("errors") == "0"
    for key, value in totals.items():
        assert root.get(key) == str(value), key


def test_every_rule_is_a_case_and_failures_carry_every_finding():
    report = report_of("examples/broken", fail_on="info")
    root = parse(report)
    assert root.tag == "testsuites"
    assert_counts_add_up(root)
    by_name = cases(root)
    registry = load_rules()
    assert sorted(by_name) == sorted(f"{code} {rule.name}" for code, rule in registry.items())
    assert len(by_name) == len(list(root.iter("testcase")))  # unique names: GitLab keeps them all
    schema = by_name["SC002 schema"].findall("failure")
    assert len(schema) == 4
    assert all(failure.get("type") == "error" for failure in schema)
    assert schema[0].text.startswith("examples/broken/schema.yaml:6:9: SC002 [error] 'id' of person #1")
    assert by_name["SC105 single-owner"].find("failure").get("type") == "info"
    failures = sum(len(case.findall("failure")) for case in by_name.values())
    assert failures == len(report.findings) == 34


def test_findings_below_the_fail_level_are_listed_in_the_case_output_not_failed():
    report = report_of("examples/broken")  # fail level error: 21 errors, 12 warnings, 1 info
    root = parse(report)
    assert_counts_add_up(root)
    by_name = cases(root)
    assert sum(len(case.findall("failure")) for case in by_name.values()) == report.errors == 21
    assert all(failure.get("type") == "error" for failure in root.iter("failure"))
    single = by_name["SC105 single-owner"]
    assert single.find("failure") is None
    lines = single.find("system-out").text.splitlines()
    assert lines[0] == "1 finding below the fail level (error): shown here, not failed"
    assert lines[1].startswith("examples/broken/ownership.yaml:63:16: SC105 [info] link 'firewall'")
    outputs = [
        line
        for case in by_name.values()
        if case.find("system-out") is not None
        for line in case.find("system-out").text.splitlines()[1:]
    ]
    assert len(outputs) == report.warnings + report.infos == 13


def test_fail_level_never_fails_no_case_but_shows_every_finding():
    report = report_of("examples/broken", fail_on="never")
    root = parse(report)
    assert_counts_add_up(root)
    assert root.get("failures") == "0"
    outputs = [case.find("system-out").text for case in root.iter("testcase") if case.find("system-out") is not None]
    assert sum(len(text.splitlines()) - 1 for text in outputs) == 34
    assert all(text.split("\n", 1)[0].endswith(" with fail level never: shown here, not failed") for text in outputs)


def test_suites_are_rule_families_and_classnames_name_them():
    root = parse(report_of("examples/broken"))
    names = [suite.get("name") for suite in root.findall("testsuite")]
    assert names == [
        "svcchain.loading",
        "svcchain.ownership",
        "svcchain.chain",
        "svcchain.customer",
        "svcchain.accountability",
        "svcchain.assets",
        "svcchain.codeowners",
    ]
    for suite in root.findall("testsuite"):
        assert {case.get("classname") for case in suite.findall("testcase")} == {suite.get("name")}


def test_a_clean_repository_passes_every_case():
    root = parse(report_of("chains"))
    assert_counts_add_up(root)
    assert root.get("failures") == "0" and root.get("skipped") == "0"
    assert int(root.get("tests")) == len(load_rules())
    assert not list(root.iter("failure"))


def test_disabled_rules_are_skipped_not_passed():
    report = report_of("examples/broken", ignore=("SC105", "SC4"))
    root = parse(report)
    assert_counts_add_up(root)
    by_name = cases(root)
    for name in ("SC105 single-owner", "SC401 no-result", "SC402 unmeasured-result"):
        assert by_name[name].find("skipped") is not None, name
        assert by_name[name].find("failure") is None
    ignored = [rule for rule in load_rules().values() if matches(rule.code, rule.name, ("SC105", "SC4"))]
    assert root.get("skipped") == str(len(ignored))  # every rule the selectors name, a new one too
    assert by_name["SC101 unowned-link"].find("failure") is not None


def test_findings_of_a_rule_the_registry_does_not_know_are_kept():
    odd = Finding("SC999", "future-rule", Severity.WARNING, "something new", "a.yaml", 1, 1)
    root = parse(Report([odd], 1, 0, 0, fail_on="warning"))
    assert_counts_add_up(root)
    assert cases(root)["SC999 future-rule"].find("failure").get("message") == "something new"


def test_hostile_text_is_escaped_and_round_trips():
    report = report_of(HOSTILE)
    text = junit.render(report)
    root = ET.fromstring(text.encode("utf-8"))
    assert_counts_add_up(root)
    assert "<script>" not in text and "]]><" not in text
    messages = [failure.get("message") for failure in root.iter("failure")]
    assert sorted(messages) == sorted(finding.text for finding in report.findings)
    assert any("x]]><script>alert(1)</script>&amp;" in m for m in messages)
    assert any("'100% boss,: yes%0A::error file=x::injected'" in m for m in messages)
    assert any('it\'s "quoted" | `tick`' in m for m in messages)


def test_line_breaks_survive_in_attributes_and_text():
    odd = unsanitised("line one\nline two\r\nthree\tfour")
    failure = ET.fromstring(junit.render(Report([odd], 1, 0, 0)).encode("utf-8")).find(".//failure")
    assert failure.get("message") == "line one\nline two\r\nthree\tfour"  # as character references
    assert failure.text.endswith("line one\nline two\nthree\tfour")  # element text: XML normalises CR LF


@pytest.mark.parametrize("character", ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_forbids_are_replaced(character):
    odd = unsanitised(f"bad{character}value", f"a{character}.yaml")
    text = junit.render(Report([odd], 1, 0, 0))
    text.encode("utf-8")
    failure = ET.fromstring(text.encode("utf-8")).find(".//failure")
    assert failure.get("message") == "bad\ufffdvalue"
    assert failure.text.startswith("a\ufffd.yaml:1:1:")


def test_output_is_deterministic():
    assert junit.render(report_of("examples/broken")) == junit.render(report_of("examples/broken"))
