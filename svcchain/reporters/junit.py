"""``--format junit``: JUnit XML for GitLab's test reports, Jenkins and other CI.

Every rule is a test case, grouped in one test suite per rule family: a rule
with no finding passed, a rule with findings at or above the run's fail level
(``--fail-on``) failed with one ``<failure>`` per finding, a rule switched off
by ``select``/``ignore`` is skipped.  So the report shows what was checked,
not only what broke, and its failures agree with the exit status.  Findings
below the fail level are no failures: their case passes and lists them in
its ``<system-out>``, which GitLab shows as the case's "System output" and
Jenkins as its "Standard Output".  Case names (``SC101 unowned-link``) are
unique, so GitLab keeps every case.

Text from chain files is escaped by ElementTree; characters XML 1.0 cannot
carry at all (most control characters, lone surrogates) become U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING

from svcchain.reporters._common import plural, repo_path

if TYPE_CHECKING:
    from svcchain.findings import Finding
    from svcchain.report import Report

#: (family, code, name, findings, enabled): one rule's test case
_Case = tuple[str, str, str, list["Finding"], bool]

SKIPPED_MESSAGE = "rule disabled by the configuration (select/ignore)"

#: everything outside XML 1.0's Char production
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _line(finding: Finding) -> str:
    where = f"{repo_path(finding.file)}:{finding.line}:{finding.column}"
    return xml_text(f"{where}: {finding.rule} [{finding.severity.value}] {finding.text}")


def _failure(finding: Finding) -> ET.Element:
    failure = ET.Element(
        "failure",
        {
            "message": xml_text(finding.text),
            "type": finding.severity.value,
        },
    )
    failure.text = _line(finding)
    return failure


def _passing(findings: list[Finding], fail_on: str) -> ET.Element:
    """The findings below the fail level, as the case's output: visible, not failures."""
    out = ET.Element("system-out")
    count = plural(len(findings), "finding")
    below = "with fail level never" if fail_on == "never" else f"below the fail level ({fail_on})"
    head = f"{count} {below}: shown here, not failed"
    out.text = "\n".join([head, *(_line(finding) for finding in findings)]) + "\n"
    return out


def _cases(report: Report) -> list[_Case]:
    """(family, code, name, findings, enabled) for every rule, in registry order."""
    from svcchain.rules import load_rules

    rules = load_rules()
    enabled = set(report.enabled) if report.enabled else set(rules)  # () = not recorded: all ran
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    cases = [
        (rule.family or "other", code, rule.name, by_rule.pop(code, []), code in enabled)
        for code, rule in rules.items()
    ]
    for code, findings in sorted(by_rule.items()):  # a rule the registry does not know: keep its findings
        cases.append(("other", code, findings[0].name, findings, True))
    return cases


def _families(cases: Iterable[_Case]) -> list[str]:
    from svcchain.rules import FAMILIES

    present = []
    for case in cases:
        if case[0] not in present:
            present.append(case[0])
    return sorted(present, key=lambda family: (FAMILIES.index(family) if family in FAMILIES else len(FAMILIES), family))


def _counts(element: ET.Element, tests: int, failures: int, skipped: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))
    element.set("time", "0")


def render(report: Report) -> str:
    cases = _cases(report)
    root = ET.Element("testsuites", {"name": "svcchain"})
    totals = [0, 0, 0]
    for family in _families(cases):
        suite = ET.SubElement(root, "testsuite", {"name": f"svcchain.{family}"})
        tests = failures = skipped = 0
        for case_family, code, name, findings, enabled in cases:
            if case_family != family:
                continue
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "classname": f"svcchain.{family}",
                    "name": f"{code} {name}",
                    "time": "0",
                },
            )
            tests += 1
            if not enabled:
                ET.SubElement(case, "skipped", {"message": SKIPPED_MESSAGE})
                skipped += 1
            else:
                failing = [finding for finding in findings if report.failing(finding)]
                if failing:
                    case.extend(_failure(finding) for finding in failing)
                    failures += 1
                passing = [finding for finding in findings if not report.failing(finding)]
                if passing:
                    case.append(_passing(passing, report.fail_on))
        _counts(suite, tests, failures, skipped)
        totals = [totals[0] + tests, totals[1] + failures, totals[2] + skipped]
    _counts(root, *totals)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
