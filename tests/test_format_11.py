"""Format 1.1 (docs/format.md, "Additions of 1.1"): what the scenario folders cannot show.

The scenarios (tests/scenarios/) hold every rule's positions.  Here: the keys
the JSON output adds for assets and requirements, *today* (``--today`` on
every command that reads chains, ``SOURCE_DATE_EPOCH``, and no other clock),
the config keys ``leaving-warning-days`` and ``review-every``, free text kept
as written in the model, and the words of the new messages.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = Path(__file__).parent / "scenarios"

FINDING_KEYS = ["rule", "name", "severity", "message", "file", "line", "column"]

#: Every finding of the JSON output that is about an asset or a requirement, on 2026-06-01.
REPOSITORY = """\
svcchain: 1
people:
  - id: ann
  - id: bob
  - id: meg
  - id: lea
    active_until: 2026-06-15
  - id: gus
    active_until: 2025-12-31
teams:
  - id: ops
    members: [ann, bob]
    facilitator: meg
assets:
  - id: mail-server
    owner: lea
  - id: spam-filter
  - id: fax
    owner: ghost
  - id: tape
    owner: gus
  - id: fax
    owner: ops
services:
  - id: mail
    owner: meg
    customer:
      needs:
        - id: inbox
          text: Mail arrives within a minute
          requirements:
            - id: fast
            - id: private
              kind: implicit
            - id: fast
    links:
      - id: deliver
        owner: ops
        result: Mail delivered within a minute
        measures:
          - name: delivery time
            target: "< 60 s"
            actual: 75 s
        delivers: [inbox]
        meets: [fast, fsat]
        assets: [mail-server, spam-filter, fax, tape, modem]
"""

#: (rule, line) → the keys after the seven every finding has, with their values
EXPECTED_KEYS = {
    ("SC109", 16): {"asset": "mail-server"},  # the asset owner leaves within 30 days
    ("SC502", 17): {"asset": "spam-filter"},
    ("SC102", 19): {"asset": "fax"},  # the asset owner is not declared
    ("SC108", 21): {"asset": "tape"},  # the asset owner has left
    ("SC003", 22): {"asset": "fax"},  # the asset id repeated
    ("SC304", 33): {"service": "mail", "requirement": "private"},
    ("SC003", 35): {"service": "mail", "requirement": "fast"},  # the requirement id repeated
    ("SC404", 43): {"service": "mail", "link": "deliver"},
    ("SC305", 45): {"service": "mail", "link": "deliver", "requirement": "fsat"},
    ("SC501", 46): {"service": "mail", "link": "deliver", "asset": "modem"},
}

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), prog_name="svcchain", env=env)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh repository (a .git folder stops the config search) as the current folder; no SOURCE_DATE_EPOCH."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.endswith("\n") and "Traceback" not in text


# --------------------------------------------------------------------------- JSON: asset and requirement


def test_json_findings_about_assets_and_requirements_carry_their_ids(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", REPOSITORY)
    result = invoke("check", "--today", "2026-06-01", "--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    found = {(f["rule"], f["line"]): f for f in findings}
    assert set(found) == set(EXPECTED_KEYS), sorted(found)
    for key, extra in EXPECTED_KEYS.items():
        finding = found[key]
        assert list(finding)[:7] == FINDING_KEYS, finding
        # the optional keys in the contract's order: service, link, then asset or requirement
        assert {name: finding[name] for name in list(finding)[7:]} == extra, (key, finding)
        assert list(finding)[7:] == [name for name in ("service", "link", "asset", "requirement") if name in extra]


def test_json_keys_of_assets_and_requirements_appear_only_where_they_apply(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", REPOSITORY.replace("[fast, fsat]", "[fast, private]"))
    findings = json.loads(invoke("check", "--today", "2026-06-01", "--format", "json").stdout)["findings"]
    for finding in findings:
        if finding["rule"] in ("SC404", "SC105", "SC403"):
            assert "asset" not in finding and "requirement" not in finding, finding
    assert not any(f["rule"] in ("SC304", "SC305") for f in findings)


def test_sc102_at_a_deputy_or_manager_names_no_asset(repo: Path) -> None:
    write(
        repo / "chains" / "chain.yaml",
        "svcchain: 1\npeople:\n  - {id: ann, manager: boss}\n  - {id: meg}\n"
        "services:\n  - id: mail\n    owner: meg\n    customer: {needs: [{id: inbox}]}\n"
        "    links:\n      - {id: l, owner: ann, deputy: dep, result: r, measures: [{name: m}], delivers: [inbox]}\n",
    )
    findings = json.loads(invoke("check", "--today", "2026-06-01", "--format", "json").stdout)["findings"]
    unknown = sorted((f["line"], list(f)[7:]) for f in findings if f["rule"] == "SC102")
    assert unknown == [(3, []), (10, ["service", "link"])]


# --------------------------------------------------------------------------- today: --today on every command

LEAVING = """\
svcchain: 1
people:
  - id: ann
  - id: bob
  - id: meg
  - id: lea
    active_until: 2026-06-15
teams:
  - id: ops
    members: [ann, bob, lea]
    facilitator: meg
services:
  - id: mail
    owner: meg
    customer:
      needs:
        - id: inbox
          text: Mail arrives within a minute
    links:
      - id: deliver
        owner: ops
        result: Mail delivered within a minute
        measures: [{name: delivery time, target: "< 60 s"}]
        delivers: [inbox]
"""

#: every command that reads chains, with the arguments that make it run on ./chains
READERS = {
    "check": ["check", "chains"],
    "show": ["show", "chains"],
    "trace": ["trace", "mail", "chains"],
    "owners": ["owners", "chains"],
    "impact": ["impact", "--all", "chains"],
    "graph": ["graph", "chains"],
    "report": ["report", "chains", "--format", "markdown"],
}


def _rules(result: Any) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_today_decides_between_leaving_and_left(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    assert _rules(invoke("check", "--today", "2026-05-01", "--format", "json")) == []  # 45 days ahead
    assert _rules(invoke("check", "--today", "2026-06-01", "--format", "json")) == [("SC109", 10)]
    assert _rules(invoke("check", "--today", "2026-06-15", "--format", "json")) == [("SC109", 10)]
    assert _rules(invoke("check", "--today", "2026-06-16", "--format", "json")) == [("SC108", 10)]


@pytest.mark.parametrize("command", sorted(READERS))
def test_every_command_that_reads_chains_accepts_today(repo: Path, command: str) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    result = invoke(*READERS[command], "--today", "2026-06-01")
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert result.stdout and result.stderr == "", result.stderr


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "tomorrow", "01-06-2026", "2026-6-1", "", "20260601"])
def test_a_bad_today_is_exit_2_with_one_line(repo: Path, command: str, bad: str) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    result = invoke(*READERS[command], "--today", bad)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert one_line(result.stderr) and "--today" in result.stderr, result.stderr


def test_today_is_shown_by_the_check_of_a_future_review(repo: Path) -> None:
    write(
        repo / "chains" / "chain.yaml",
        LEAVING.replace("    owner: meg\n", "    owner: meg\n    reviewed_on: 2026-06-02\n"),
    )
    assert ("SC002", 15) in _rules(invoke("check", "--today", "2026-06-01", "--format", "json"))
    assert ("SC002", 15) not in _rules(invoke("check", "--today", "2026-06-02", "--format", "json"))


# --------------------------------------------------------------------------- today: SOURCE_DATE_EPOCH

#: people whose last day is around 2026-01-01 (SOURCE_DATE_EPOCH=1767225600)
NEW_YEAR = LEAVING.replace(
    "  - id: lea\n    active_until: 2026-06-15\n",
    "  - id: lea\n    active_until: 2025-12-31\n  - id: max\n    active_until: 2026-01-01\n",
).replace("members: [ann, bob, lea]", "members: [ann, bob, lea, max]")


def test_source_date_epoch_names_today(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", NEW_YEAR)
    result = invoke("check", "--format", "json", env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01 00:00 UTC
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["column"]) for f in findings] == [("SC108", 25), ("SC109", 30)]
    assert "(today)" in findings[1]["message"]
    # the last second of 2026-01-01 is still that day; one more is the next day
    assert _rules(invoke("check", "--format", "json", env={"SOURCE_DATE_EPOCH": "1767311999"})) == [
        ("SC108", 12),
        ("SC109", 12),
    ]
    assert _rules(invoke("check", "--format", "json", env={"SOURCE_DATE_EPOCH": "1767312000"})) == [
        ("SC108", 12),
        ("SC108", 12),
    ]


@pytest.mark.parametrize("value", ["253402300799", " 1767225600 ", "0"])
def test_source_date_epoch_up_to_the_last_second_of_9999(repo: Path, value: str) -> None:
    write(repo / "chains" / "chain.yaml", NEW_YEAR)
    result = invoke("check", "--format", "json", env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999", "253402300800", "1.5", "1e9", "", "0x10", "١٢٣"])
@pytest.mark.parametrize("command", sorted(READERS))
def test_a_bad_source_date_epoch_is_exit_2_with_one_line(repo: Path, command: str, value: str) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    result = invoke(*READERS[command], env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert one_line(result.stderr) and "SOURCE_DATE_EPOCH" in result.stderr, result.stderr


def test_today_wins_over_source_date_epoch(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", NEW_YEAR)
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01: lea has left, max leaves today
    # on 2025-12-01 lea leaves in 30 days (SC109) and max in 31 (nothing yet)
    assert _rules(invoke("check", "--today", "2025-12-01", "--format", "json", env=epoch)) == [("SC109", 12)]
    # --today given: SOURCE_DATE_EPOCH is not consulted, not even when it is bad
    result = invoke("check", "--today", "2025-12-01", "--format", "json", env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.exit_code == 0 and result.stderr == "", result.output


# --------------------------------------------------------------------------- the output does not depend on the clock


def test_two_runs_on_the_same_today_give_the_same_bytes(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", REPOSITORY)
    runs = [invoke("check", "--today", "2026-06-01", "--format", "json").stdout for _ in range(2)]
    # nor does the environment's moment change anything once today is given
    for epoch in ("0", "4102444800"):
        runs.append(
            invoke("check", "--today", "2026-06-01", "--format", "json", env={"SOURCE_DATE_EPOCH": epoch}).stdout
        )
    assert len(set(runs)) == 1 and runs[0]


def test_with_today_given_the_clock_is_never_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system clock is read in one place (svcchain.today.system_today); with --today no run calls it.

    (``rules.context`` reads it once at import, for the default of a ``Context`` built without settings:
    imported first, so that what is checked is the run.)
    """
    import svcchain.rules.context
    import svcchain.today

    def no_clock() -> datetime.date:
        raise AssertionError("the system clock was read although --today was given")

    monkeypatch.setattr(svcchain.today, "system_today", no_clock)
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("svcchain") and getattr(module, "system_today", None):
            monkeypatch.setattr(module, "system_today", no_clock)
    write(repo / "chains" / "chain.yaml", REPOSITORY)
    for args in READERS.values():
        result = invoke(*args, "--today", "2026-06-01")
        assert result.exit_code in (0, 1), (args, result.output, result.exception)


def test_with_no_today_and_no_epoch_today_is_the_utc_date(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import svcchain.today

    monkeypatch.setattr(svcchain.today, "system_today", lambda: datetime.date(2026, 6, 16))
    assert svcchain.today.resolve_today(None, {}) == datetime.date(2026, 6, 16)
    assert svcchain.today.resolve_today(None, {"SOURCE_DATE_EPOCH": "1767225600"}) == datetime.date(2026, 1, 1)
    assert svcchain.today.resolve_today("2026-03-31", {"SOURCE_DATE_EPOCH": "1"}) == datetime.date(2026, 3, 31)


# --------------------------------------------------------------------------- config keys


@pytest.mark.parametrize("config_name", ["svcchain.toml", "pyproject.toml"])
def test_leaving_warning_days_and_review_every_from_a_config_file(repo: Path, config_name: str) -> None:
    chain = LEAVING.replace("    owner: meg\n", "    owner: meg\n    reviewed_on: 2026-05-01\n")
    write(repo / "chains" / "chain.yaml", chain)
    # defaults: lea (14 days ahead) is SC109, a review 31 days ago is fresh
    assert _rules(invoke("check", "--today", "2026-06-01", "--format", "json")) == [("SC109", 10)]
    table = "leaving-warning-days = 7\nreview-every = 30\n"
    write(repo / config_name, table if config_name == "svcchain.toml" else "[tool.svcchain]\n" + table)
    assert _rules(invoke("check", "--today", "2026-06-01", "--format", "json")) == [("SC403", 15)]
    assert _rules(invoke("check", "--today", "2026-06-08", "--format", "json")) == [("SC109", 10), ("SC403", 15)]


@pytest.mark.parametrize(
    "line, key",
    [
        ("leaving-warning-days = -1", "leaving-warning-days"),
        ('leaving-warning-days = "30"', "leaving-warning-days"),
        ("leaving-warning-days = 1.5", "leaving-warning-days"),
        ("leaving-warning-days = true", "leaving-warning-days"),
        ("review-every = 0", "review-every"),
        ("review-every = -5", "review-every"),
        ('review-every = "30"', "review-every"),
        ("review-every = 365.0", "review-every"),
        ("review-every = [30]", "review-every"),
    ],
)
def test_bad_values_of_the_new_config_keys_are_exit_2_naming_the_key(repo: Path, line: str, key: str) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    write(repo / "svcchain.toml", line + "\n")
    result = invoke("check", "--today", "2026-06-01")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert one_line(result.stderr) and "svcchain.toml" in result.stderr and f"{key}:" in result.stderr, result.stderr


@pytest.mark.parametrize("line", ["leaving-warning-days = 0", "review-every = 1"])
def test_the_smallest_values_of_the_new_config_keys_are_accepted(repo: Path, line: str) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    write(repo / "svcchain.toml", line + "\n")
    assert invoke("check", "--today", "2026-06-01").exit_code in (0, 1)


def test_show_config_lists_the_new_keys(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", LEAVING)
    text = invoke("check", "--show-config").stdout
    assert "leaving-warning-days = 30" in text and "review-every = 365" in text
    write(repo / "svcchain.toml", "leaving-warning-days = 7\nreview-every = 90\n")
    result = invoke("check", "--show-config")
    assert result.exit_code == 0, result.output
    lines = {line.split(" = ")[0]: line for line in result.stdout.splitlines() if " = " in line}
    assert lines["leaving-warning-days"].startswith("leaving-warning-days = 7 ")
    assert lines["leaving-warning-days"].endswith("# svcchain.toml")
    assert lines["review-every"].startswith("review-every = 90 ")
    data = json.loads(invoke("check", "--show-config", "--format", "json").stdout)
    assert data["settings"]["leaving-warning-days"] == {"value": 7, "source": "svcchain.toml"}
    assert data["settings"]["review-every"] == {"value": 90, "source": "svcchain.toml"}


# --------------------------------------------------------------------------- a real process


def test_the_real_command_line_in_a_subprocess(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", REPOSITORY)
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "svcchain", *args],
            cwd=repo,
            env={**environment, **extra},
            capture_output=True,
            text=True,
            timeout=120,
        )

    by_flag = run("check", "--today", "2026-06-01", "--format", "json")
    assert by_flag.returncode == 1 and by_flag.stderr == "", by_flag.stderr
    found = {(f["rule"], f["line"]): f for f in json.loads(by_flag.stdout)["findings"]}
    assert set(found) == set(EXPECTED_KEYS)
    assert found[("SC501", 46)]["asset"] == "modem"
    by_epoch = run("check", "--format", "json", SOURCE_DATE_EPOCH="1780272000")  # 2026-06-01 00:00 UTC
    assert by_epoch.stdout == by_flag.stdout
    bad = run("check", SOURCE_DATE_EPOCH="-1")
    assert bad.returncode == 2 and bad.stdout == "" and one_line(bad.stderr), bad.stderr


# --------------------------------------------------------------------------- free text is kept as written

FREE_TEXT = """\
svcchain: 1
people:
  - id: ann
    name: yes
    role: 2024
  - id: bob
    name: 1e3
    role: no
  - id: meg
teams:
  - id: ops
    name: 007
    members: [ann, bob]
    facilitator: meg
assets:
  - id: mail-server
    name: on
    kind: 2024-01-01
    owner: ops
    supplier: 3.140
services:
  - id: mail
    name: 2026-01-01
    description: true
    owner: meg
    customer:
      name: 12:30
      needs:
        - id: inbox
          text: 2024-12-31
          requirements:
            - id: fast
              text: 60
              source: 1.0
    links:
      - id: deliver
        name: off
        description: 0x1F
        owner: ops
        result: 2024
        measures:
          - name: yes
            target: 100
            actual: 1.50
          - name: 1_000
            target: .inf
            actual: -0.0
          - name: 2026-05-31
            target: 2024-12-31
            actual: ~
        delivers: [inbox]
        meets: [fast]
        requirements:
          - text: 10
"""


def test_free_text_is_kept_as_written_in_the_model(tmp_path: Path) -> None:
    write(tmp_path / "chain.yaml", FREE_TEXT)
    report = check(discover([str(tmp_path)]).files, Settings(today=datetime.date(2026, 6, 1)))
    assert [(f.rule, f.line) for f in report.findings] == []
    model = report.model
    assert (model.people["ann"].name, model.people["ann"].role) == ("yes", "2024")
    assert (model.people["bob"].name, model.people["bob"].role) == ("1e3", "no")
    assert model.teams["ops"].name == "007"
    asset = model.assets["mail-server"]
    assert (asset.name, asset.kind, asset.supplier) == ("on", "2024-01-01", "3.140")
    service = model.services["mail"]
    assert (service.name, service.description, service.customer_name) == ("2026-01-01", "true", "12:30")
    assert service.needs["inbox"].text == "2024-12-31"
    requirement = service.requirements["fast"]
    assert (requirement.text, requirement.source) == ("60", "1.0")
    link = service.links["deliver"]
    assert (link.name, link.description, link.result) == ("off", "0x1F", "2024")
    assert [(m.name, m.target, m.actual) for m in link.measure_list] == [
        ("yes", "100", "1.50"),
        ("1_000", ".inf", "-0.0"),
        ("2026-05-31", "2024-12-31", None),  # '~' is null: missing, as everywhere
    ]
    assert [r.text for r in link.requirements] == ["10"]


def test_free_text_as_written_reaches_the_messages(tmp_path: Path) -> None:
    write(
        tmp_path / "chain.yaml",
        FREE_TEXT.replace(
            "            target: 100\n            actual: 1.50\n",
            "            target: '>= 2.00'\n            actual: 1.50\n",
        ),
    )
    report = check(discover([str(tmp_path)]).files, Settings(today=datetime.date(2026, 6, 1)))
    (missed,) = report.findings
    assert missed.rule == "SC404"
    assert "'1.50'" in missed.message and "'>= 2.00'" in missed.message


# --------------------------------------------------------------------------- what the new messages say


def _messages(folder: str) -> dict[tuple[int, str], str]:
    path = SCENARIOS / folder  # these scenarios are checked on the default day of the scenarios
    report = check(discover([str(path)]).files, Settings(today=datetime.date(2026, 6, 1)))
    return {(f.line, f.rule): f.text for f in report.findings}


def test_sc108_and_sc109_name_the_date_and_how_far_it_is() -> None:
    messages = _messages("sc109-warning-window-edges")
    assert "'yesterday'" in messages[(22, "SC108")] and "2026-05-31" in messages[(22, "SC108")]
    assert "2026-06-01" in messages[(23, "SC109")] and "(today)" in messages[(23, "SC109")]
    assert "2026-07-01" in messages[(24, "SC109")] and "in 30 days" in messages[(24, "SC109")]


def test_sc108_names_the_kind_of_reference() -> None:
    messages = _messages("sc108-left-person-at-every-reference")
    for line, words in [
        (9, "manager"),
        (17, "member"),
        (21, "facilitator"),
        (24, "asset 'mail-server'"),
        (27, "service 'mail'"),
        (34, "owner of link 'deliver'"),
        (41, "deputy"),
    ]:
        assert words in messages[(line, "SC108")] and "2026-05-15" in messages[(line, "SC108")], (line, messages)


def test_sc304_names_the_kind_of_the_requirement() -> None:
    messages = _messages("sc304-unmet-requirement")
    assert "implicit" in messages[(25, "SC304")] and "'privacy'" in messages[(25, "SC304")]
    assert "explicit" in messages[(29, "SC304")] and "'spam-free'" in messages[(29, "SC304")]
    assert "implicit" in messages[(35, "SC304")]


def test_sc404_names_target_and_actual() -> None:
    messages = _messages("sc404-target-missed")
    assert "'99.5%'" in messages[(31, "SC404")] and "'>= 99.9% per month'" in messages[(31, "SC404")]
    assert "'99,5%'" in messages[(52, "SC404")] and "'>= 99,9%'" in messages[(52, "SC404")]


def test_sc403_names_the_date_and_the_days() -> None:
    messages = _messages("sc403-stale-review")
    assert "2025-05-31" in messages[(35, "SC403")] and "366" in messages[(35, "SC403")]
    assert "365" in messages[(35, "SC403")]
