"""Trust in the chain views: impact on all-inputs semantics, who to call, SC107 for
undeclared owners, cycles in every service's health, and "did you mean" at scale.

Each test reads a small chain in tests/trust_chain/<shape>/ (see its README.md)
or writes the few lines it needs, so the chain under test is in front of the
reader.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.analysis import HEALTH_PENALTY, IMPACT_DEFINITION, Analysis
from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Finding
from svcchain.selectors import Severity
from svcchain.settings import Settings
from svcchain.suggestions import SCAN_BUDGET

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent / "trust_chain"


def analyse(folder: Path, settings: Settings | None = None) -> Analysis:
    found = discover([str(folder)])
    return Analysis.from_report(check(found.files, settings or Settings(), extra=found.problems()))


def cli(*args: str, width: int = 200) -> str:
    result = CliRunner().invoke(app, [*args, "--isolated"], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return " ".join(result.stdout.split())


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chain.yaml").write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- 3. impact: a link needs every input


def test_losing_one_input_of_the_only_delivering_link_puts_the_need_at_risk():
    analysis = analyse(HERE / "every-input-needed")
    impact = analysis.impact("hatice")
    assert [lost.link.key for lost in impact.lost_links] == ["building-permits/structural-calculation"]
    assert [(risk.service.id, risk.need.id) for risk in impact.needs_at_risk] == [
        ("building-permits", "decision-on-time")
    ]
    assert [link.key for link in impact.needs_at_risk[0].lost_on_paths] == ["building-permits/structural-calculation"]
    assert impact.breaks_needs
    # the other input of construction-check is still owned: the intake team loses nobody
    assert not analysis.unowned(analysis.model.services["building-permits"].links["application-intake"])


def test_impact_of_hatice_says_the_decision_is_at_risk():
    text = cli("impact", "hatice", "tests/trust_chain/every-input-needed")
    assert "✖ 1 customer need at risk" in text
    assert "building-permits/decision-on-time" in text
    assert "no customer need is at risk" not in text
    data = json.loads(cli("impact", "hatice", "tests/trust_chain/every-input-needed", "--format", "json"))
    assert [(need["need"], need["through"]) for need in data["needs_at_risk"]] == [
        ("decision-on-time", ["building-permits/structural-calculation"])
    ]


def test_impact_all_lists_hatice_as_a_single_point_of_failure():
    analysis = analyse(HERE / "every-input-needed")
    assert [impact.owner for impact in analysis.single_points_of_failure()] == ["hatice"]
    text = cli("impact", "--all", "tests/trust_chain/every-input-needed")
    assert re.search(r"hatice .*building-permits/decision-on-time .*building-permits/structural-calculation", text)
    data = json.loads(cli("impact", "--all", "tests/trust_chain/every-input-needed", "--format", "json"))
    assert [item["owner"] for item in data["single_points_of_failure"]] == ["hatice"]


def _chain(links: str, needs: str = "n1") -> str:
    items = ", ".join(f"{{id: {need}}}" for need in needs.split(","))
    return (
        "svcchain: 1\n"
        "people: [{id: ann}, {id: bob}, {id: dee}, {id: eva}, {id: meg}]\n"
        "teams: [{id: ops, members: [ann, bob], facilitator: meg}]\n"
        f"services:\n  - id: svc\n    owner: meg\n    customer:\n      needs: [{items}]\n    links:\n{links}"
    )


def _link(id_: str, owner: str = "ops", after: str = "", delivers: str = "") -> str:
    parts = [f"id: {id_}", f"owner: {owner}", f"result: {id_} done", "measures: [{name: m}]"]
    parts += [f"after: [{after}]"] if after else []
    parts += [f"delivers: [{delivers}]"] if delivers else []
    return "      - {" + ", ".join(parts) + "}\n"


def test_a_need_two_links_deliver_survives_the_loss_of_one(tmp_path):
    folder = write(tmp_path, _chain(_link("a", owner="dee", delivers="n1") + _link("b", delivers="n1")))
    assert analyse(folder).impact("dee").needs_at_risk == []


def test_an_input_lost_far_upstream_puts_the_need_at_risk(tmp_path):
    links = (
        _link("a", owner="dee")
        + _link("b", after="a")
        + _link("c")
        + _link("d", after="b, c")
        + _link("work", after="d", delivers="n1")
        + _link("side", delivers="n2")
    )
    impact = analyse(write(tmp_path, _chain(links, "n1,n2"))).impact("dee")
    assert [(risk.need.id, [link.id for link in risk.lost_on_paths]) for risk in impact.needs_at_risk] == [
        ("n1", ["a"])
    ]


def test_a_broken_handoff_adds_no_input(tmp_path):
    # 'gone' does not exist (SC201): work needs only what exists, so dee's absence is all that matters
    links = _link("a", owner="dee") + _link("work", after="a, gone", delivers="n1")
    analysis = analyse(write(tmp_path, _chain(links)))
    assert [risk.need.id for risk in analysis.impact("dee").needs_at_risk] == ["n1"]
    assert analysis.impact("eva").needs_at_risk == []


def test_a_need_already_cut_off_is_not_blamed_on_an_absence(tmp_path):
    # 'ghost' is undeclared (SC102): work was not delivered before dee is away either
    links = _link("a", owner="ghost") + _link("b", owner="dee") + _link("work", after="a, b", delivers="n1")
    assert analyse(write(tmp_path, _chain(links))).impact("dee").needs_at_risk == []


def test_a_circle_is_delivered_when_every_member_is_owned_and_every_outside_input_is(tmp_path):
    # x and y hand on in a circle (SC202) and build on 'feed' from outside it
    links = (
        _link("feed", owner="eva")
        + _link("x", after="feed, y")
        + _link("y", owner="dee", after="x")
        + _link("work", after="y", delivers="n1")
    )
    analysis = analyse(write(tmp_path, _chain(links)))
    assert "SC202" in {finding.rule for finding in analysis.findings}
    assert [risk.need.id for risk in analysis.impact("dee").needs_at_risk] == ["n1"]  # a member of the circle
    assert [risk.need.id for risk in analysis.impact("eva").needs_at_risk] == ["n1"]  # its outside input
    assert [impact.owner for impact in analysis.single_points_of_failure()] == ["dee", "eva"]


def test_a_closed_circle_with_owners_counts_as_delivered(tmp_path):
    links = _link("x", after="y") + _link("y", owner="dee", after="x") + _link("work", after="y", delivers="n1")
    analysis = analyse(write(tmp_path, _chain(links)))
    assert [risk.need.id for risk in analysis.impact("dee").needs_at_risk] == ["n1"]


def test_the_definition_states_all_inputs_semantics():
    assert "every link it builds on" in IMPACT_DEFINITION
    assert "circle" in IMPACT_DEFINITION
    result = CliRunner().invoke(app, ["impact", "--help"], env={"COLUMNS": "200"})
    assert "every link it builds on" in " ".join(result.stdout.split())


# --------------------------------------------------------------------------- 3. who to call


def test_who_to_call_lists_only_the_affected_teams():
    analysis = analyse(HERE / "who-to-call")
    impact = analysis.impact("guest")
    assert [team.id for team in impact.member_of] == ["visitors-desk", "archive"]
    assert [team.id for team in impact.weakened_teams] == ["visitors-desk"]
    assert [(team.id, facilitator) for team, facilitator in impact.facilitators] == [("visitors-desk", "lies")]
    text = cli("impact", "guest", "tests/trust_chain/who-to-call")
    assert "visitors-desk: lies (Lies Maas)" in text
    assert "archive: mo" not in text and "Mo Haddou" not in text


def test_a_team_whose_facilitator_is_away_is_affected_and_has_nobody_to_call():
    analysis = analyse(HERE / "who-to-call")
    impact = analysis.impact("lies")
    assert [team.id for team in impact.teams_without_facilitator] == ["visitors-desk"]
    assert [(team.id, facilitator) for team, facilitator in impact.facilitators] == [("visitors-desk", None)]
    text = cli("impact", "lies", "tests/trust_chain/who-to-call")
    assert "visitors-desk: nobody: its facilitator is the one unavailable" in text


# --------------------------------------------------------------------------- 4. SC107 for undeclared owners


def test_an_undeclared_owner_over_the_limit_gets_sc107_at_its_first_owner_value():
    analysis = analyse(HERE / "undeclared-overloaded-owner")
    (finding,) = [finding for finding in analysis.findings if finding.rule == "SC107"]
    assert (Path(finding.file).name, finding.line, finding.column) == ("chain.yaml", 16, 25)  # l1's owner value
    assert finding.message == "undeclared owner 'maintainers' owns 8 links, more than the limit of 7"
    assert finding.subject == "owner:maintainers"
    rows = {row.id: row for row in analysis.ownership()}
    assert rows["maintainers"].kind == "undeclared" and rows["maintainers"].overloaded


def test_owners_says_the_undeclared_owner_is_overloaded():
    data = json.loads(cli("owners", "tests/trust_chain/undeclared-overloaded-owner", "--format", "json"))
    row = next(row for row in data["owners"] if row["id"] == "maintainers")
    assert row["overloaded"] is True and row["load"] == 8
    result = CliRunner().invoke(
        app, ["owners", "tests/trust_chain/undeclared-overloaded-owner", "--format", "csv", "--isolated"]
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("maintainers,"))
    assert ",yes," in line


def test_an_undeclared_owner_at_the_limit_gets_no_sc107():
    analysis = analyse(HERE / "undeclared-overloaded-owner", Settings(max_links_per_owner=8))
    assert "SC107" not in {finding.rule for finding in analysis.findings}


# --------------------------------------------------------------------------- 5. a cycle is every member's


def _cycle_findings(analysis: Analysis, service_id: str) -> list[Finding]:
    return [finding for finding in analysis.service_findings(service_id) if finding.subject.startswith("cycle:")]


def test_a_service_cycle_costs_every_service_in_it_health():
    analysis = analyse(HERE / "service-cycle")
    (finding,) = [finding for finding in analysis.findings if finding.rule == "SC205"]
    assert finding.service == "mail"  # anchored at the first service in file order, as the contract says
    for service_id in ("mail", "identity", "storage"):
        assert _cycle_findings(analysis, service_id) == [finding], service_id
        assert finding in analysis.service_level_findings(service_id), service_id
        assert analysis.health(service_id) == 100 - HEALTH_PENALTY[Severity.ERROR], service_id


def test_a_chain_cycle_counts_once_for_every_service_it_names():
    analysis = analyse(HERE / "chain-cycle-across-services")
    (finding,) = [finding for finding in analysis.findings if finding.rule == "SC202"]
    assert finding.subject == "cycle:billing/invoice,orders/pack,orders/pick"
    for service_id in ("orders", "billing"):
        assert _cycle_findings(analysis, service_id) == [finding], service_id  # not twice for orders' two links
        assert analysis.health(service_id) == 80, service_id


def test_the_reports_show_the_cycle_and_its_cost_for_every_service():
    from svcchain.views import html, markdown

    analysis = analyse(HERE / "service-cycle")
    text = markdown.render(analysis)
    for service_id in ("mail", "identity", "storage"):
        assert re.search(rf"\(`{service_id}`\) \| .* \| \*\*80\*\* needs attention \|", text), service_id
        section = text.split(f"## {service_id} (`{service_id}`)")[1].split("\n## ")[0]
        assert "- **Health:** 80 (needs attention)" in section, service_id
        assert "SC205" in section, service_id
    page = html.render(analysis)
    assert page.count("80 needs attention</span>") == 3
    for service_id in ("mail", "identity", "storage"):
        section = page.split(f'id="service-{service_id}"')[1].split("</section>")[0]
        assert "SC205" in section, service_id


# --------------------------------------------------------------------------- 12. "did you mean" at scale


def _count_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the candidates every difflib scan compares a word with."""
    spent = [0]
    scan = difflib.get_close_matches

    def counting(word, possibilities, n=3, cutoff=0.6):  # type: ignore[no-untyped-def]
        possibilities = list(possibilities)
        spent[0] += len(possibilities)
        return scan(word, possibilities, n, cutoff)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    return spent


def test_unknown_owners_among_many_people_cost_a_bounded_number_of_comparisons(tmp_path, monkeypatch):
    people = 3000
    org = "svcchain: 1\npeople:\n" + "".join(f"  - {{id: employee-{k:05d}}}\n" for k in range(people))
    links = "".join(
        f"      - {{id: l{k}, owner: {'employe' if k % 2 == 0 else 'contractor'}-{k:05d}, result: r,"
        " measures: [{name: m}], delivers: [n1]}\n"
        for k in range(300)
    )
    members = ", ".join(f"employe-{k:05d}" for k in range(1, 200, 2))  # typos of declared people
    org += f"teams:\n  - {{id: crew, members: [{members}], facilitator: employee-00000}}\n"
    services = (
        "svcchain: 1\nservices:\n  - id: svc\n    owner: crew\n"
        f"    customer:\n      needs: [{{id: n1}}]\n    links:\n{links}"
    )
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    (tmp_path / "services.yaml").write_text(services, encoding="utf-8")
    spent = _count_comparisons(monkeypatch)
    report = check(discover([str(tmp_path)]).files, Settings())
    unknown = [finding for finding in report.findings if finding.rule == "SC102"]
    assert len(unknown) == 300 + 100
    # a plain scan per word compares each with all 3,000 people: 1.2 million comparisons
    assert spent[0] <= 2 * SCAN_BUDGET, spent[0]
    messages = {finding.subject: finding.message for finding in unknown}
    assert "(did you mean 'employee-00010'?)" in messages["owner:employe-00010"]
    assert "(did you mean 'employee-00011'?)" in messages["member:crew:employe-00011"]


def test_unknown_services_and_handoffs_among_many_services_cost_a_bounded_number_of_comparisons(tmp_path, monkeypatch):
    count = 600
    services = "".join(
        f"  - id: service-{k:04d}\n    owner: meg\n    depends_on: [servise-{k:04d}]\n"
        f"    links:\n      - {{id: work, owner: meg, after: [servce-{k:04d}/work]}}\n"
        for k in range(count)
    )
    (tmp_path / "chain.yaml").write_text(f"svcchain: 1\npeople: [{{id: meg}}]\nservices:\n{services}", encoding="utf-8")
    spent = _count_comparisons(monkeypatch)
    report = check(discover([str(tmp_path)]).files, Settings())
    rules = [finding.rule for finding in report.findings]
    assert rules.count("SC201") == rules.count("SC204") == count
    # a plain scan per word compares each with all 600 services, twice: 720,000 comparisons
    assert spent[0] <= 2 * SCAN_BUDGET, spent[0]
    messages = [finding.message for finding in report.findings if finding.rule in ("SC201", "SC204")]
    assert sum("(did you mean 'service-" in message for message in messages) == 2 * count
