"""Every rule's documentation is executable: its bad example raises it, its good example is clean.

The registry (svcchain.rules.load_rules()) declares each rule once, with a
bad and a good example that `svcchain rule CODE` shows to users.  Here the
examples are run through the real engine, like a user pasting them into a
file, so the documentation cannot drift from the checker.  The README's rule
table and the contract's rule table (docs/format.md, the in-repo copy of
docs/format.md) must agree with the registry.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace
from pathlib import Path

import pytest

from svcchain.config import resolve
from svcchain.discover import FileRef
from svcchain.engine import check
from svcchain.findings import Severity
from svcchain.rules import load_rules
from svcchain.settings import Settings

#: the day examples of rules without one of their own are checked on (any day would do)
EXAMPLES_TODAY = datetime.date(2026, 6, 1)

ROOT = Path(__file__).resolve().parents[1]
RULES = load_rules()
TABLE_ROW = re.compile(r"^\| (SC\d{3}) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \|$", re.M)


def _findings(
    tmp_path: Path, text: str, today: datetime.date | None = None, files: tuple[tuple[str, str], ...] = ()
) -> list[tuple[str, int, int]]:
    """The findings of an example, checked on the rule's own *today* (rules about dates fix one), with the
    files it needs beside it (a CODEOWNERS file, found where svcchain looks for one)."""
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    settings = Settings(today=today or EXAMPLES_TODAY)
    if files:
        for name, content in files:
            (tmp_path / name).write_text(content, encoding="utf-8")
        settings = replace(resolve(isolated=True, cwd=str(tmp_path)).settings, today=settings.today)
    report = check([FileRef("example.yaml", str(path))], settings)
    return [(finding.rule, finding.line, finding.column) for finding in report.findings]


def _table(path: Path) -> list[tuple[str, str, str, str]]:
    return TABLE_ROW.findall(path.read_text(encoding="utf-8"))


def test_the_registry_holds_the_rules_of_the_contract() -> None:
    assert len(RULES) >= 21
    assert list(RULES) == sorted(RULES)


@pytest.mark.parametrize("code", RULES)
def test_rule_is_documented(code: str) -> None:
    declared = RULES[code]
    assert declared.code == code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", declared.name)
    assert isinstance(declared.severity, Severity)
    for field in ("summary", "why", "bad", "good"):
        value = getattr(declared, field)
        assert isinstance(value, str) and value.strip(), f"{code} has no {field}"
    assert declared.bad != declared.good


def _bad_params() -> list:
    return list(RULES)


@pytest.mark.parametrize("code", _bad_params())
def test_bad_example_raises_the_rule_and_no_other(tmp_path: Path, code: str) -> None:
    found = _findings(tmp_path, RULES[code].bad, RULES[code].today, RULES[code].files)
    assert found, f"the bad example of {code} raises nothing"
    assert {rule for rule, *_ in found} == {code}, f"the bad example of {code} raises {found}"


@pytest.mark.parametrize("code", RULES)
def test_good_example_raises_nothing(tmp_path: Path, code: str) -> None:
    assert _findings(tmp_path, RULES[code].good, RULES[code].today, RULES[code].files) == []


def test_contract_rules_are_in_the_registry_unchanged() -> None:
    """docs/format.md: codes are part of the contract; more may be added, none renamed or re-meant."""
    rows = _table(ROOT / "docs" / "format.md")
    assert len(rows) == 30
    for code, name, severity, _ in rows:
        assert code in RULES, f"contract rule {code} is not in the registry"
        assert (RULES[code].name, RULES[code].severity.value) == (name, severity), code
