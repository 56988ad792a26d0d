"""Hostile inputs for the values of format 1.1: dates, targets and actuals, and many requirements and assets.

Each test writes its hostile input next to the good bystander file
(``support.GOOD``) and asserts where the input lands (a finding at the right
place, or none) and that the rest of the repository is still checked.  No
test asserts a time: a run that could hang is held by ``deadline`` (a hang
becomes a failure, far above what the check takes), and "stays linear" is
proved by counting the lines of Python the check executes at three sizes.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.report import Report
from svcchain.settings import Settings

from .support import assert_good_checked, assert_sane, deadline, findings_in, write_good

TODAY = datetime.date(2026, 6, 1)

ORG = """\
svcchain: 1
people:
  - id: ann
  - id: bob
  - id: meg
teams:
  - id: ops
    members: [ann, bob]
    facilitator: meg
"""


def check_with(folder: Path, **settings: Any) -> Report:
    """``svcchain check FOLDER`` in-process, on TODAY unless told otherwise; a hang fails after 60 s."""
    found = discover([str(folder)])
    with deadline(60):
        report = check(found.files, Settings(**{"today": TODAY, **settings}), found.problems())
    assert_sane(report)
    assert_good_checked(report)
    return report


def measured(target: str, actual: str, quote_actual: bool = True) -> str:
    """A chain whose one link has one measure with this target and actual (line 21: the actual)."""
    return ORG + (
        "services:\n"
        "  - id: mail\n"
        "    owner: meg\n"
        "    customer:\n"
        "      needs: [{id: inbox}]\n"
        "    links:\n"
        "      - id: deliver\n"
        "        owner: ops\n"
        "        result: Mail delivered within a minute\n"
        "        delivers: [inbox]\n"
        "        measures:\n"
        "          - name: delivery\n"
        f"            target: {json.dumps(target)}\n"
        f"            actual: {json.dumps(actual) if quote_actual else actual}\n"
    )


ACTUAL_AT = (23, 21)  # line and column of the actual in ``measured``


# --------------------------------------------------------------------------- dates at the ends of the calendar

CALENDAR = ORG.replace(
    "  - id: meg\n",
    "  - id: meg\n"
    "  - id: far\n"  # line 6
    "    active_until: 99999-01-01\n"  # not a date: SC002 (line 7)
    "  - id: ancient\n"
    "    active_until: 0001-01-01\n"
    "  - id: last\n"
    "    active_until: 9999-12-31\n",
).replace("members: [ann, bob]", "members: [ann, bob, far, ancient, last]") + (
    "services:\n"
    "  - id: mail\n"
    "    owner: meg\n"
    "    reviewed_on: 0001-01-01\n"  # line 19
    "    customer:\n"
    "      needs: [{id: inbox}]\n"
    "    links:\n"
    "      - id: deliver\n"
    "        owner: ops\n"
    "        result: Mail delivered within a minute\n"
    "        measures: [{name: delivery time}]\n"
    "        delivers: [inbox]\n"
    "        reviewed_on: 99999-01-01\n"  # line 28: not a date
)


def test_dates_at_the_ends_of_the_calendar(tmp_path: Path) -> None:
    write_good(tmp_path)
    (tmp_path / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    report = check_with(tmp_path)
    assert sorted(findings_in(report, "calendar.yaml")) == [
        ("SC002", 7, 19),  # active_until: 99999-01-01 is no date
        ("SC002", 28, 22),  # nor is reviewed_on: 99999-01-01
        ("SC108", 14, 30),  # 'ancient' left after 0001-01-01
        ("SC403", 19, 18),  # reviewed 739,000 days ago
    ]
    assert "far" in report.model.people and report.model.people["far"].active_until is None
    (stale,) = [f for f in report.findings if f.rule == "SC403"]
    assert "0001-01-01" in stale.message and "739" in stale.message


def test_the_last_day_there_is_with_the_widest_warning_window(tmp_path: Path) -> None:
    """9999-12-31 with leaving-warning-days at its maximum (3,650,000): a warning, no overflow."""
    write_good(tmp_path)
    (tmp_path / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    report = check_with(tmp_path, leaving_warning_days=3_650_000, review_every=3_650_000)
    assert sorted(findings_in(report, "calendar.yaml")) == [
        ("SC002", 7, 19),
        ("SC002", 28, 22),
        ("SC108", 14, 30),
        ("SC109", 14, 39),  # 'last', 2,917,000 days ahead, within the window
    ]
    for today in (datetime.date(9999, 12, 31), datetime.date(1, 1, 1)):
        report = check_with(tmp_path, today=today, leaving_warning_days=3_650_000, review_every=3_650_000)
        assert all(f.rule in ("SC002", "SC108", "SC109", "SC403") for f in report.findings if "calendar" in f.file)


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01"])
def test_the_command_line_at_the_ends_of_the_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: str
) -> None:
    (tmp_path / ".git").mkdir()
    write_good(tmp_path / "chains")
    (tmp_path / "chains" / "calendar.yaml").write_text(CALENDAR, encoding="utf-8")
    (tmp_path / "svcchain.toml").write_text(
        "leaving-warning-days = 3650000\nreview-every = 3650000\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "sarif"):
        result = CliRunner().invoke(app, ["check", "--today", today, "--format", fmt])
        assert result.exit_code == 1, result.output  # the two SC002
        assert "Traceback" not in result.output and "internal error" not in result.output
    # past the maximum: a usage error, not an overflow
    (tmp_path / "svcchain.toml").write_text("leaving-warning-days = 3650001\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--today", today])
    assert result.exit_code == 2 and "leaving-warning-days" in result.stderr


# --------------------------------------------------------------------------- a target and an actual of a megabyte

MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        # a million digits each: the actual is smaller (SC404) - compared as decimals, not floats
        (">= " + "9" * MEGABYTE, "9" * (MEGABYTE - 1) + "8", [("SC404", *ACTUAL_AT)]),
        (">= " + "9" * MEGABYTE, "9" * MEGABYTE, []),
        # a megabyte of text: nothing reads, nothing to compare
        ("as agreed " * (MEGABYTE // 10), "about right " * (MEGABYTE // 12), []),
        # a megabyte of REST after a target that reads
        (">= 99% " + "per month " * (MEGABYTE // 10), "98%", [("SC404", *ACTUAL_AT)]),
        # a megabyte of unit
        ("<= 5 " + "x" * MEGABYTE, "6 " + "x" * MEGABYTE, [("SC404", *ACTUAL_AT)]),
    ],
    ids=["digits-missed", "digits-met", "text", "rest", "unit"],
)
def test_a_target_and_an_actual_of_a_megabyte(tmp_path: Path, target: str, actual: str, expected: list) -> None:
    write_good(tmp_path)
    (tmp_path / "huge.yaml").write_text(measured(target, actual), encoding="utf-8")
    report = check_with(tmp_path)
    assert findings_in(report, "huge.yaml") == expected
    link = report.model.services["mail"].links["deliver"]
    (measure,) = link.measure_list
    assert (measure.target, measure.actual) == (target, actual)  # kept as written, whole


def test_an_actual_with_long_runs_of_spaces_does_not_hang(tmp_path: Path) -> None:
    write_good(tmp_path)
    actual = "1" + " " * 150_000 + "%" + " " * 150_000 + "x"
    (tmp_path / "spaces.yaml").write_text(measured(">= 1%", actual), encoding="utf-8")
    found = discover([str(tmp_path)])
    with deadline(5):  # the check of this file takes milliseconds when it is linear
        report = check(found.files, Settings(today=TODAY), found.problems())
    assert findings_in(report, "spaces.yaml") == []  # the actual does not read


# --------------------------------------------------------------------------- SC404 with numbers of 10,000 digits

TEN_THOUSAND = 10_000


@pytest.mark.parametrize(
    ("target", "actual", "missed"),
    [
        (">= " + "1" * TEN_THOUSAND, "1" * (TEN_THOUSAND - 1) + "0", True),
        (">= " + "1" * TEN_THOUSAND, "1" * TEN_THOUSAND + ",000000000000000000001", False),
        ("> " + "1" * TEN_THOUSAND, "1" * TEN_THOUSAND + ".0", True),
        ("< 0." + "0" * (TEN_THOUSAND - 2) + "2 %", "0." + "0" * (TEN_THOUSAND - 2) + "1%", False),
        ("< 0." + "0" * (TEN_THOUSAND - 2) + "2 %", "0,0" + "0" * (TEN_THOUSAND - 3) + "2 %", True),
        ("= " + "9" * TEN_THOUSAND + " s", "9" * TEN_THOUSAND + ".000 s", False),
        ("= " + "9" * TEN_THOUSAND, "9" * (TEN_THOUSAND - 1) + "8", True),
        ("≤ 1." + "0" * TEN_THOUSAND + "1 days", "1." + "0" * TEN_THOUSAND + "2 days", True),
        ("≥ 1" + "0" * TEN_THOUSAND, "1e10000", False),  # no NUMBER UNIT: nothing to compare
    ],
)
def test_sc404_compares_numbers_of_ten_thousand_digits_exactly(
    tmp_path: Path, target: str, actual: str, missed: bool
) -> None:
    write_good(tmp_path)
    (tmp_path / "digits.yaml").write_text(measured(target, actual), encoding="utf-8")
    report = check_with(tmp_path)
    assert findings_in(report, "digits.yaml") == ([("SC404", *ACTUAL_AT)] if missed else [])


def test_an_unquoted_actual_of_ten_thousand_digits_is_free_text(tmp_path: Path) -> None:
    write_good(tmp_path)
    text = measured(">= " + "1" * TEN_THOUSAND, "1" * (TEN_THOUSAND - 1) + "0", quote_actual=False)
    (tmp_path / "digits.yaml").write_text(text, encoding="utf-8")
    report = check_with(tmp_path)
    assert findings_in(report, "digits.yaml") == [("SC404", *ACTUAL_AT)]


# --------------------------------------------------------------------------- 10,000 requirements and 10,000 assets


def many(count: int) -> str:
    """``count`` assets and ``count`` requirements, one link that meets and uses them all; every tenth is wrong."""
    lines = [ORG.rstrip("\n"), "assets:"]
    for i in range(count):
        lines += [f"  - id: asset-{i}", f"    name: Asset {i}", "    owner: ops" if i % 10 else "    supplier: Nobody"]
    lines += ["services:", "  - id: mail", "    owner: meg", "    customer:", "      needs:", "        - id: inbox"]
    lines.append("          requirements:")
    for i in range(count):
        lines += [f"            - id: req-{i}", f"              text: Requirement {i}"]
    lines += ["    links:", "      - id: deliver", "        owner: ops", "        result: Mail delivered"]
    lines += ["        measures: [{name: delivery time}]", "        delivers: [inbox]", "        meets:"]
    lines += [f"          - {'req' if i % 10 else 'no-such-req'}-{i}" for i in range(count)]
    lines.append("        assets:")
    lines += [f"          - {'asset' if i % 10 else 'no-such-asset'}-{i}" for i in range(count)]
    return "\n".join(lines) + "\n"


def _lines_executed(folder: Path) -> tuple[int, Report]:
    """The lines of Python (any module) the check of ``folder`` executes: a measure of work, not of time."""
    found = discover([str(folder)])
    executed = 0

    def count(frame: Any, event: str, arg: Any) -> Any:
        nonlocal executed
        executed += 1
        return count

    previous = sys.gettrace()
    sys.settrace(count)
    try:
        report = check(found.files, Settings(today=TODAY), found.problems())
    finally:
        sys.settrace(previous)
    return executed, report


def test_ten_thousand_requirements_and_assets_stay_linear(tmp_path: Path) -> None:
    """The work grows with the input, not with its square: doubling the input adds about twice as much work.

    (Quadratic work would add four times as much; the part every check does whatever its size cancels out.)
    """
    executed = {}
    for count in (100, 2_500, 5_000, 10_000):  # the first warms up what is built once per process
        folder = tmp_path / str(count)
        write_good(folder)
        (folder / "many.yaml").write_text(many(count), encoding="utf-8")
        with deadline(300):
            executed[count], report = _lines_executed(folder)
    first, second = executed[5_000] - executed[2_500], executed[10_000] - executed[5_000]
    assert second <= 2.6 * first, f"from 5,000 to 10,000 the check did {second / first:.1f} times the added work"
    assert_good_checked(report)
    rules = Counter(rule for rule, _, _ in findings_in(report, "many.yaml"))
    assert rules == {"SC502": 1_000, "SC304": 1_000, "SC305": 1_000, "SC501": 1_000}
    assert len(report.model.services["mail"].requirements) == len(report.model.assets) == 10_000


# --------------------------------------------------------------------------- what reaches the output

#: controls, bidi overrides and isolates, invisible characters: none may reach a check's output raw
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
#: what the views drop (svcchain/views/escape.py): controls, bidi marks, overrides and isolates
RAW_IN_VIEWS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

HOSTILE = ORG + (
    "assets:\n"
    "  - id: mail-server\n"
    '    name: "Mail\\u202eserver\\e[31m"\n'
    '    supplier: "Host\\u2066ing\\a Ltd\\x9b2J"\n'
    "    owner: ops\n"
    '  - id: "spam\\u202efilter"\n'  # an id that is not one: SC002 quotes it
    "services:\n"
    "  - id: mail\n"
    "    owner: meg\n"
    "    customer:\n"
    "      needs:\n"
    "        - id: inbox\n"
    "          requirements:\n"
    "            - id: fast\n"
    '              text: "Fast\\u202e\\e]0;pwned\\a"\n'
    '              source: "GDPR\\u2067\\u200b"\n'
    "    links:\n"
    "      - id: deliver\n"
    "        owner: ops\n"
    "        result: Mail delivered\n"
    "        measures:\n"
    "          - name: delivery\n"
    '            target: ">= 99% \\u202e\\e[2J\\n::error file=good.yaml,line=1::forged"\n'
    '            actual: "98%"\n'
    "        delivers: [inbox]\n"
    '        meets: [fast, "f\\u202ex\\e[1m"]\n'
    '        assets: [mail-server, "sp\\u2066am\\r\\n::warning::forged"]\n'
)


@pytest.mark.parametrize("fmt", ["github", "markdown", "sarif", "text", "json", "gitlab", "junit"])
def test_control_and_bidi_characters_of_the_new_fields_are_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    (tmp_path / ".git").mkdir()
    write_good(tmp_path / "chains")
    (tmp_path / "chains" / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "--today", "2026-06-01", "--format", fmt])
    assert result.exit_code == 1, result.output
    out = result.stdout
    if fmt == "json":  # the ids of "asset" and "requirement": test_json_asset_and_requirement_keys_are_escaped
        document = json.loads(out)
        for finding in document["findings"]:
            finding.pop("asset", None)
            finding.pop("requirement", None)
        out = json.dumps(document, indent=2, ensure_ascii=False)
    assert not RAW.search(out), RAW.search(out)
    # a newline in a value starts no workflow command of its own
    assert not any(line.startswith(("::error file=good.yaml", "::warning::forged")) for line in out.splitlines())
    assert "good.yaml" in out
    if fmt in ("sarif", "json", "gitlab"):  # what a JSON string holds, once decoded, is escaped too
        assert not RAW.search(json.dumps(json.loads(out), ensure_ascii=False))
    # the finding that quotes the target, and those that quote the bad entries, are all there
    for quoted in ("u202e", "spam", "sp\\u2066am"):
        assert quoted in out.replace("\\\\", "\\"), quoted


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--format", "markdown"],
        ["report", "--format", "html"],
        ["show", "mail"],
        ["trace", "mail"],
        ["owners"],
        ["impact", "--asset", "mail-server"],
    ],
)
def test_asset_names_suppliers_and_requirement_texts_reach_the_views_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    (tmp_path / ".git").mkdir()
    write_good(tmp_path / "chains")
    (tmp_path / "chains" / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*args, "--today", "2026-06-01"])
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert not RAW_IN_VIEWS.search(result.stdout), (RAW_IN_VIEWS.search(result.stdout), args)
    assert not any(line.lstrip().startswith("::") for line in result.stdout.splitlines())


def test_json_asset_and_requirement_keys_are_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    write_good(tmp_path / "chains")
    (tmp_path / "chains" / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "--today", "2026-06-01", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    keys = [finding[key] for finding in findings for key in ("asset", "requirement") if key in finding]
    assert "mail-server" not in keys and len(keys) == 2  # SC501 and SC305 name the entries
    assert not RAW.search(result.stdout)
    assert not any(RAW.search(key) for key in keys)
