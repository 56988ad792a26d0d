"""The facts of format 1.1 in show, owners and the report: deputies, assets, requirements, measured values,
reviews, people who leave.

tests/views/clinic-it/ is a small clinic IT department checked with --today 2026-06-01: chris leaves on
2026-06-20 (SC109, as a team member and as a deputy), dirk left on 2026-04-30 (SC108, as a team member and
as an asset owner), the SMS gateway has no owner (SC502), the implicit requirement low-vision is met by no
link (SC304), the availability of hosting missed its target (SC404) and the application link was last
reviewed in 2025 (SC403).  tests/views/hostile-assets/ holds hostile strings in the same fields.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner
from views.checks import check_csv, check_html, check_markdown, check_terminal

from svcchain.analysis import Analysis
from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CLINIC = "tests/views/clinic-it"
HOSTILE = "tests/views/hostile-assets"
TODAY = "2026-06-01"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args: str, width: int = 100) -> str:
    result = CliRunner().invoke(app, [*args, "--isolated", "--today", TODAY], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def analysis_of(folder: str, today: str = TODAY) -> Analysis:
    found = discover([folder])
    report = check(found.files, Settings(today=datetime.date.fromisoformat(today)), extra=found.problems())
    return Analysis.from_report(report)


def test_the_fixture_holds_what_the_tests_are_about():
    result = CliRunner().invoke(app, ["check", CLINIC, "--isolated", "--today", TODAY, "--format", "json"])
    rules = sorted(finding["rule"] for finding in json.loads(result.stdout)["findings"])
    assert rules == ["SC108", "SC108", "SC109", "SC109", "SC304", "SC403", "SC404", "SC502"]


# --------------------------------------------------------------------------- show


def test_show_lists_each_links_deputy_assets_requirements_measures_and_review():
    out = run("show", "patient-portal", CLINIC, width=200)
    check_terminal(out)
    text = flat(out)
    assert "deputy karel (Karel Visser)" in text
    assert "deputy chris (Chris Jansen) ▲ leaving: last day 2026-06-20" in text
    assert "measures availability: >= 99.5% per month · actual 99.1% on 2026-05-31 ▲ target missed" in text
    assert "measures response time: < 2 s · actual 1.4 s on 2026-05-31 after hosting" in text  # met: no mark
    assert "assets db-cluster Database cluster · owner infra hosting-contract Hosting contract · owner karel" in text
    assert "server-room Server room, building B · owner dirk ✖ has left: last day 2026-04-30" in text
    assert "sms-gateway SMS gateway ▲ no owner" in text
    assert "meets evening-hours" in text and "meets privacy" in text
    assert "reviewed 2026-03-01 " in text  # recent enough: no mark
    assert "reviewed 2025-03-10 ▲ stale: due for a review" in text
    assert "team of 2: dirk ✖ has left: last day 2026-04-30, eva" in text


def test_show_lists_the_service_review_and_each_needs_requirements():
    text = flat(run("show", "patient-portal", CLINIC, width=200))
    assert "reviewed 2026-01-15 health" in text
    assert "✔ evening-hours Available from 07:00 to 23:00 ← hosting" in text
    assert (
        "✔ privacy implicit: Medical data is seen only by the patient and their care providers "
        "(GDPR and the Dutch WGBO) ← application"
    ) in text
    assert "▲ low-vision implicit: Readable for people with low vision (WCAG 2.1 AA) ▲ met by no link" in text
    need, requirement = text.index("✔ reminders A reminder"), text.index("sms-on-request Reminder by SMS")
    assert need < requirement < text.index("Chain in handoff order")


#: A chain of format 1.0: free-text asset names, no register, no dates.
PLAIN = """svcchain: 1
people: [{id: ann, name: Ann}, {id: bob, name: Bob}]
teams: [{id: ops, members: [ann, bob], facilitator: ann}]
services:
  - id: mail
    owner: ann
    customer: {needs: [{id: inbox, text: Mail arrives within a minute}]}
    links:
      - id: deliver
        owner: ops
        result: Mail delivered within a minute
        measures: [{name: delivery time, target: "< 60 s"}]
        delivers: [inbox]
        assets: [mail-server, spam-filter]
"""


@pytest.fixture
def plain(tmp_path: Path) -> str:
    (tmp_path / "mail.yaml").write_text(PLAIN, encoding="utf-8")
    return str(tmp_path)


def test_show_of_a_chain_without_the_new_fields_is_as_short_as_before(plain):
    text = flat(run("show", "mail", plain, width=200))
    assert "assets mail-server, spam-filter" in text  # free-text names: one line, nothing to mark
    for word in ("deputy", "reviewed", "meets", "actual", "implicit", "stale", "left", "leaving"):
        assert f" {word} " not in text


def test_the_marks_are_the_checks_findings_not_the_views_own_judgement():
    analysis = analysis_of(CLINIC)
    kept = [f for f in analysis.findings if f.rule not in {"SC108", "SC109", "SC304", "SC403", "SC404", "SC502"}]
    silent = Analysis(analysis.model, analysis.graph, kept)  # as if those rules were switched off
    from svcchain.views.terminal import render_show

    def shown(subject: Analysis) -> str:
        from io import StringIO

        from rich.console import Console

        buffer = StringIO()
        Console(file=buffer, width=200, color_system=None).print(
            render_show(subject, subject.model.services["patient-portal"])
        )
        return flat(buffer.getvalue())

    marked, plain = shown(analysis), shown(silent)
    for mark in ("target missed", "stale", "has left", "leaving", "no owner"):
        assert mark in marked and f"▲ {mark}" not in plain and f"✖ {mark}" not in plain
    assert "actual 99.1% on 2026-05-31" in plain and "reviewed 2025-03-10" in plain  # the facts stay
    assert "low-vision implicit: Readable for people with low vision (WCAG 2.1 AA) met by no link" in plain


def test_show_as_json_carries_the_new_facts():
    from svcchain.views.jsonviews import render_show

    analysis = analysis_of(CLINIC)
    data = json.loads(render_show(analysis, analysis.model.services["patient-portal"]))
    (service,) = data["services"]
    assert service["reviewed_on"] == "2026-01-15" and not service["stale_review"]
    hosting, application, reminders = service["links"]
    assert hosting["deputy"]["id"] == "karel" and hosting["deputy"]["departure"] is None
    assert application["deputy"] == {
        "id": "chris",
        "name": "Chris Jansen",
        "active_until": "2026-06-20",
        "departure": "leaving",
        "issues": ["SC109"],
    }
    assert hosting["measures"] == [
        {
            "name": "availability",
            "target": ">= 99.5% per month",
            "actual": "99.1%",
            "measured_on": "2026-05-31",
            "missed": True,
        }
    ]
    assert not application["measures"][0]["missed"]
    assert [asset["id"] for asset in hosting["assets"]] == ["db-cluster", "hosting-contract", "server-room"]
    assert hosting["assets"][2]["owner"]["departure"] == "left"
    assert reminders["assets"][0]["issues"] == ["SC502"]
    assert application["reviewed_on"] == "2025-03-10" and application["stale_review"]
    assert [meets["id"] for meets in hosting["meets"]] == ["evening-hours"]
    reminders_need = service["needs"][1]
    assert reminders_need["requirements"][1] == {
        "id": "low-vision",
        "text": "Readable for people with low vision",
        "kind": "implicit",
        "source": "WCAG 2.1 AA",
        "met_by": [],
        "unmet": True,
    }
    every = json.loads(render_show(analysis, None))
    assert [item["id"] for item in every["services"]] == ["patient-portal", "staff-mail"]


# --------------------------------------------------------------------------- owners


def test_owners_marks_who_has_left_and_who_is_leaving():
    lines = run("owners", CLINIC, width=200).splitlines()
    cells = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines]
    assert ["Chris Jansen", "", "", "", ""] in cells
    assert (
        cells[cells.index(["Chris Jansen", "", "", "", ""]) + 1][0] == "▲ leaving: last day 2026-06-20; manager karel"
    )
    assert cells[cells.index(["Dirk Smit", "", "", "", ""]) + 1][0] == "✖ has left: last day 2026-04-30; manager karel"
    assert ["infra team", "dirk ✖ has left: last day 2026-04-30, eva", "karel", "patient-portal/hosting", "2"] in cells
    marks = [line for line in lines if "last day" in line]
    assert len(marks) == 4  # chris and dirk, and in the member lists of their teams


def test_owners_assets_lists_the_assets_per_owner():
    out = run("owners", CLINIC, "--assets", width=200)
    check_terminal(out)
    text = flat(out)
    assert "Assets by owner" in text
    assert re.search(r"bram person .*portal-app .*application .*MediSoft B\.V\. .*patient-portal/application", text)
    assert re.search(r"dirk person .*server-room .*place .*patient-portal/hosting", text)
    assert "✖ has left: last day 2026-04-30; manager karel" in text
    assert re.search(r"karel person .*hosting-contract .*contract .*CloudNL .*patient-portal/hosting", text)
    assert re.search(r"▲ no owner .*sms-gateway .*service .*TextBird", text)
    assert text.index("bram person") < text.index("infra team") < text.index("no owner")


def test_owners_assets_as_csv_and_markdown():
    rows = check_csv(run("owners", CLINIC, "--assets", "--format", "csv"))
    assert rows[0] == ["owner", "owner_kind", "departure", "asset", "name", "kind", "supplier", "links", "issues"]
    by_asset = {row[3]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_asset["server-room"]["owner"] == "dirk" and by_asset["server-room"]["departure"] == "left"
    assert by_asset["server-room"]["issues"] == "SC108"
    assert by_asset["sms-gateway"]["owner"] == "" and by_asset["sms-gateway"]["issues"] == "SC502"
    assert by_asset["hosting-contract"]["links"] == "patient-portal/hosting; staff-mail/mailboxes"
    text = run("owners", CLINIC, "--assets", "--format", "markdown")
    check_markdown(text)
    assert "| `dirk` person **has left: last day 2026-04-30** (manager `karel`) | `server-room` Server room" in text
    assert "| **no owner** | `sms-gateway` SMS gateway | service | TextBird |" in text


def test_owners_matrix_in_csv_carries_manager_date_and_assets():
    rows = check_csv(run("owners", CLINIC, "--format", "csv"))
    assert rows[0][-4:] == ["manager", "active_until", "departure", "assets"]
    by_owner = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_owner["chris"]["active_until"] == "2026-06-20" and by_owner["chris"]["departure"] == "leaving"
    assert by_owner["karel"]["assets"] == "hosting-contract" and by_owner["bram"]["manager"] == "karel"


def test_owners_json_holds_assets_managers_and_dates():
    data = json.loads(run("owners", CLINIC, "--format", "json"))
    assert data == json.loads(run("owners", CLINIC, "--format", "json", "--assets"))  # the JSON holds both
    by_owner = {row["id"]: row for row in data["owners"]}
    assert by_owner["dirk"]["active_until"] == "2026-04-30" and by_owner["dirk"]["departure"] == "left"
    assert by_owner["chris"]["departure"] == "leaving" and by_owner["chris"]["manager"] == "karel"
    assert by_owner["eva"]["departure"] is None and by_owner["eva"]["active_until"] is None
    assert by_owner["bram"]["assets"] == [
        {"id": "portal-app", "name": "Patient portal application", "kind": "application", "supplier": "MediSoft B.V."}
    ]
    assert by_owner["infra"]["assets"][0]["id"] == "db-cluster"
    register = {asset["id"]: asset for asset in data["assets"]}
    assert register["sms-gateway"]["owner"] is None and register["sms-gateway"]["issues"] == ["SC502"]
    assert register["hosting-contract"]["links"] == ["patient-portal/hosting", "staff-mail/mailboxes"]


def test_whether_someone_leaves_is_what_the_check_says_on_that_day():
    def departures(today: str) -> dict[str, str | None]:
        result = CliRunner().invoke(app, ["owners", CLINIC, "--isolated", "--today", today, "--format", "json"])
        return {row["id"]: row["departure"] for row in json.loads(result.stdout)["owners"]}

    assert departures(TODAY)["chris"] == "leaving"
    assert departures("2026-05-01")["chris"] is None  # 50 days before the last day: no SC109 yet
    assert departures("2026-06-21")["chris"] == "left"
    assert departures("2026-04-15")["dirk"] == "leaving"


# --------------------------------------------------------------------------- report


def test_the_html_report_has_an_asset_register_requirements_and_the_new_link_facts():
    page = run("report", CLINIC, "--format", "html")
    check_html(page)
    register = page[page.index('<section id="assets">') : page.index('<section id="ownership">')]
    assert '<a href="#assets">Asset register</a>' in page
    assert "<td><code>sms-gateway</code><br>SMS gateway</td><td>service</td><td>" in register
    assert '<span class="weak">no owner</span></td><td>TextBird</td>' in register
    assert '<code>dirk</code> Dirk Smit <span class="weak">has left: last day 2026-04-30</span>' in register
    assert "<code>patient-portal/hosting</code><br><code>staff-mail/mailboxes</code>" in register
    assert '<span class="note">actual 99.1% on 2026-05-31</span> <span class="weak">target missed</span>' in page
    assert 'reviewed 2025-03-10 <span class="weak">stale: due for a review</span>' in page
    assert "<dt>Reviewed</dt><dd>2026-01-15</dd>" in page
    assert (
        '<span class="note">deputy:</span> <code>chris</code> Chris Jansen '
        '<span class="weak">leaving: last day 2026-06-20</span>'
    ) in page
    assert "<h3>Requirements</h3>" in page
    assert (
        "<td><code>low-vision</code><br>Readable for people with low vision</td><td><strong>implicit</strong><br>"
        '<span class="note">WCAG 2.1 AA</span></td><td><span class="weak">met by no link</span></td>'
    ) in page
    assert page.count("<h3>Requirements</h3>") == 1  # staff-mail states none: no table


def test_the_markdown_report_has_an_asset_register_requirements_and_the_new_link_facts():
    text = run("report", CLINIC, "--format", "markdown")
    check_markdown(text)
    assert text.index("## Asset register") < text.index("## Ownership matrix")
    assert "| `sms-gateway` SMS gateway | service | **no owner** | TextBird | `patient-portal/reminders` |" in text
    assert "availability: &gt;= 99.5% per month, actual 99.1% on 2026-05-31 **target missed**" in text
    assert "<br>reviewed 2025-03-10 **stale: due for a review**" in text
    assert "- **Reviewed:** 2026-01-15" in text
    assert "<br>deputy `chris` Chris Jansen **leaving: last day 2026-06-20**" in text
    assert (
        "| `reminders` | `low-vision` Readable for people with low vision | *implicit* (WCAG 2.1 AA) | **met by no link** |"
        in text
    )
    assert "| `appointments` | `evening-hours` Available from 07:00 to 23:00 | explicit | `hosting` |" in text


def test_no_asset_register_without_declared_assets(plain):
    assert "Asset register" not in run("report", plain, "--format", "markdown")
    assert 'id="assets"' not in run("report", plain, "--format", "html")
    listed = json.loads(run("owners", plain, "--format", "json"))["assets"]
    assert [(entry["id"], entry["declared"], entry["issues"]) for entry in listed] == [
        ("mail-server", False, []),
        ("spam-filter", False, []),
    ]
    text = flat(run("owners", plain, "--assets", width=160))
    assert re.search(r"not in an asset register .*mail-server .*mail/deliver", text)


# --------------------------------------------------------------------------- hostile strings

SCRIPT = "<script>"


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_hostile_assets_and_requirements_stay_text_in_the_reports(fmt):
    text = run("report", HOSTILE, "--format", fmt)
    (check_html if fmt == "html" else check_markdown)(text)
    assert SCRIPT not in text and "<img src" not in text and "<svg onload" not in text and "\x1b" not in text
    assert "\u202e" not in text
    if fmt == "markdown":
        assert "DB &lt;script&gt;alert('asset')&lt;/script&gt; \\| pipe \\| \\`tick\\` \\*\\*bold\\*\\*" in text
        assert "https:&#8203;//evil.example" in text and "&#64;everyone" in text
        assert "| a\\|b |" in text  # an undeclared asset named with a pipe
        assert "x\\|y" in text
    else:
        text = text.replace("<wbr>", "")  # line-break opportunities in long words are no text
        assert "DB &lt;script&gt;alert(&#x27;asset&#x27;)&lt;/script&gt; | pipe |" in text
        assert "Req &lt;script&gt;alert(&#x27;req&#x27;)&lt;/script&gt; | pipe | ``` fence" in text


def test_hostile_assets_and_requirements_stay_text_in_the_terminal_and_the_owners_views():
    for args in (("show", "svc", HOSTILE), ("owners", HOSTILE), ("owners", HOSTILE, "--assets")):
        out = run(*args, width=160)
        check_terminal(out)
        assert "\x1b" not in out and "\u202e" not in out
    assert "Req <script>alert('req')</script> | pipe | ``` fence" in flat(run("show", "svc", HOSTILE, width=300))
    rows = check_csv(run("owners", HOSTILE, "--assets", "--format", "csv"))
    db = next(row for row in rows if row[3] == "db")
    assert db[5] == '\'=HYPERLINK("http://evil.example","kind")'  # a formula stays text
    nobody = next(row for row in rows if row[3] == "nobody")
    assert nobody[6] == "'+cmd|' /C calc'!A0"
    check_markdown(run("owners", HOSTILE, "--assets", "--format", "markdown"))
    check_markdown(run("owners", HOSTILE, "--format", "markdown"))


def test_hostile_references_get_their_checks_marks():
    text = flat(run("show", "svc", HOSTILE, width=300))
    assert "deputy <svg onload=alert('deputy')> ✖ not a declared person" in text
    assert "<img src=x onerror=alert('meets')> ✖ not a requirement of this service" in text
    assert "<script>alert('entry')</script> ✖ not a declared asset" in text
    assert "uptime: >= 99% · actual 98% ▲ target missed" in text
    assert "actual 3 s <script>alert('actual')</script> on 2026-05-01 uptime" in text  # no number: no finding


def test_measure_and_review_marks_sit_at_the_findings_position():
    analysis = analysis_of(CLINIC)
    link = analysis.model.services["patient-portal"].links["hosting"]
    (missed,) = [f for f in analysis.findings if f.rule == "SC404"]
    moved = dataclasses.replace(missed, line=missed.line + 1)  # the same finding, at another node
    shifted = Analysis(analysis.model, analysis.graph, [moved if f is missed else f for f in analysis.findings])
    from svcchain.views.chainfacts import link_facts

    assert link_facts(analysis, link).measures[0].missed == missed
    assert link_facts(shifted, link).measures[0].missed is None


def test_owners_assets_written_to_a_file_takes_its_format_from_the_suffix(tmp_path):
    run("owners", CLINIC, "--assets", "-o", str(tmp_path / "assets.md"))
    text = (tmp_path / "assets.md").read_text(encoding="utf-8")
    check_markdown(text)
    assert text.startswith("# Assets by owner\n")
    run("owners", CLINIC, "--assets", "-o", str(tmp_path / "assets.csv"))
    rows = check_csv((tmp_path / "assets.csv").read_text(encoding="utf-8"))
    assert rows[0][3] == "asset" and len(rows) == 6
