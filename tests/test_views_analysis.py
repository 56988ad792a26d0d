"""The computations every view shares (svcchain/analysis/), tested on small chains.

Handoff order, delivering paths and their bound, the weakest hop, impact and
single points of failure, the health score.  Each test writes the few lines
of YAML it is about, so the chain under test is in front of the reader.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from svcchain.analysis import HEALTH_PENALTY, Analysis
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
VIEWS = Path(__file__).parent / "views"

ORG = """\
svcchain: 1
people:
  - {id: ann}
  - {id: bob}
  - {id: cas}
  - {id: dee}
  - {id: meg}
teams:
  - {id: ops, members: [ann, bob], facilitator: meg}
  - {id: solo, members: [cas], facilitator: meg}
  - {id: nobody, facilitator: meg}
"""


def analyse(tmp_path: Path, services: str, org: str = ORG, max_links: int = 7) -> Analysis:
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    (tmp_path / "services.yaml").write_text("svcchain: 1\n" + textwrap.dedent(services), encoding="utf-8")
    report = check(discover([str(tmp_path)]).files, Settings(max_links_per_owner=max_links))
    return Analysis.from_report(report, max_links)


def analyse_folder(folder: Path) -> Analysis:
    return Analysis.from_report(check(discover([str(folder)]).files, Settings()))


def link(id_: str, owner: str = "ops", after: str = "", delivers: str = "", measured: bool = True) -> str:
    parts = [f"id: {id_}", f"owner: {owner}", f"result: {id_} done"]
    if measured:
        parts.append("measures: [{name: m}]")
    if after:
        parts.append(f"after: [{after}]")
    if delivers:
        parts.append(f"delivers: [{delivers}]")
    return "      - {" + ", ".join(parts) + "}\n"


def service(links: str, needs: str = "n1", id_: str = "svc") -> str:
    need_items = ", ".join(f"{{id: {need}}}" for need in needs.split(",") if need)
    return f"services:\n  - id: {id_}\n    owner: meg\n    customer:\n      needs: [{need_items}]\n    links:\n{links}"


# --------------------------------------------------------------------------- handoff order


def test_handoff_order_puts_every_link_after_the_links_it_builds_on(tmp_path):
    analysis = analyse(
        tmp_path,
        service(
            link("billing", after="network, install", delivers="n1")
            + link("network", after="install")
            + link("install")
        ),
    )
    order = [item.id for item in analysis.handoff_order(analysis.service("svc"))]
    assert order == ["install", "network", "billing"]


def test_handoff_order_keeps_file_order_where_handoffs_leave_it_free(tmp_path):
    analysis = analyse(
        tmp_path, service(link("c", delivers="n1") + link("a", delivers="n1") + link("b", after="c", delivers="n1"))
    )
    assert [item.id for item in analysis.handoff_order(analysis.service("svc"))] == ["c", "a", "b"]


def test_a_circle_of_handoffs_is_broken_at_its_first_link_and_every_link_is_listed_once(tmp_path):
    analysis = analyse(
        tmp_path,
        service(
            link("start", delivers="n1")
            + link("x", after="y, start")
            + link("y", after="x", delivers="n1")
            + link("self", after="self", delivers="n1")
        ),
    )
    svc = analysis.service("svc")
    order = [item.id for item in analysis.handoff_order(svc)]
    # a link that names itself waits for nobody; the x-y circle is broken only when nothing else is ready
    assert order == ["start", "self", "x", "y"]
    assert analysis.depths(svc) == {"start": 0, "x": 1, "y": 2, "self": 0}


def test_handoff_order_of_a_long_chain_and_a_large_circle_is_fast(tmp_path):
    size = 3000
    chain = "".join(link(f"l{i}", after=f"l{i - 1}" if i else f"l{size - 1}") for i in range(size))
    analysis = analyse(tmp_path, service(chain.replace("{id: l0,", "{id: l0, delivers: [n1],", 1)))
    started = time.perf_counter()
    order = analysis.handoff_order(analysis.service("svc"))
    assert len(order) == size and order[0].id == "l0"
    assert time.perf_counter() - started < 5  # a hang guard, not a benchmark


# --------------------------------------------------------------------------- traces


def test_a_trace_walks_after_backwards_from_every_delivering_link(tmp_path):
    analysis = analyse(
        tmp_path,
        service(
            link("intake")
            + link("other")
            + link("work", after="intake, other", delivers="n1")
            + link("quick", delivers="n1")
        ),
    )
    svc = analysis.service("svc")
    trace = analysis.trace(svc, svc.needs["n1"])
    assert [item.id for item in trace.delivering] == ["work", "quick"]
    assert [[hop.link.id for hop in path.hops] for path in trace.paths] == [
        ["intake", "work"],
        ["other", "work"],
        ["quick"],
    ]
    assert not trace.more and trace.fully_owned


def test_a_need_nobody_delivers_has_no_path(tmp_path):
    analysis = analyse(tmp_path, service(link("a", delivers="n1"), needs="n1,n2"))
    svc = analysis.service("svc")
    trace = analysis.trace(svc, svc.needs["n2"])
    assert not trace.delivered and trace.paths == ()


def test_the_weakest_hop_is_the_one_with_the_most_serious_gaps(tmp_path):
    analysis = analyse(
        tmp_path,
        service(
            link("a", measured=False)
            + link("b", owner="solo", after="a")
            + link("c", owner="ghost", after="b", delivers="n1")
        ),
    )
    svc = analysis.service("svc")
    (path,) = analysis.trace(svc, svc.needs["n1"]).paths
    assert [hop.link.id for hop in path.hops] == ["a", "b", "c"]
    assert [issue.code for issue in path.hops[0].issues] == ["SC402"]  # the check's findings, not a second opinion
    assert [issue.code for issue in path.hops[1].issues] == ["SC105"]
    assert [issue.code for issue in path.hops[2].issues] == ["SC102"]
    assert path.weakest == 2  # an error outweighs a warning and an info
    assert [hop.unowned for hop in path.hops] == [False, False, True]
    assert not analysis.trace(svc, svc.needs["n1"]).fully_owned


def test_an_overloaded_owner_is_a_weak_hop(tmp_path):
    links = "".join(link(f"l{i}", delivers="n1") for i in range(3))
    analysis = analyse(tmp_path, service(links), max_links=2)
    svc = analysis.service("svc")
    path = analysis.trace(svc, svc.needs["n1"]).paths[0]
    assert [(issue.code, issue.about) for issue in path.hops[0].issues] == [("SC107", "owner")]
    assert "owns 3 links, more than the limit of 2" in path.hops[0].issues[0].text


def test_a_path_into_a_circle_stops_where_the_circle_closes(tmp_path):
    analysis = analyse(tmp_path, service(link("x", after="y") + link("y", after="x", delivers="n1")))
    svc = analysis.service("svc")
    (path,) = analysis.trace(svc, svc.needs["n1"]).paths
    assert [hop.link.id for hop in path.hops] == ["x", "y"] and path.cycle


def test_paths_per_need_are_capped_and_the_cap_is_reported(tmp_path):
    # 6 layers of 4 links, each link after every link of the layer before: 4**6 paths
    layers, width = 6, 4
    links = ""
    for layer in range(layers):
        before = ", ".join(f"l{layer - 1}x{i}" for i in range(width)) if layer else ""
        for i in range(width):
            last = layer == layers - 1
            links += link(f"l{layer}x{i}", after=before, delivers="n1" if last else "")
    analysis = analyse(tmp_path, service(links))
    svc = analysis.service("svc")
    trace = analysis.trace(svc, svc.needs["n1"], max_paths=7)
    assert len(trace.paths) == 7 and trace.more
    assert all(len(path.hops) == layers for path in trace.paths)
    exact = analysis.trace(svc, svc.needs["n1"], max_paths=4**layers)
    assert len(exact.paths) == 4**layers and not exact.more


def test_a_dense_graph_cannot_make_a_trace_explode(tmp_path):
    # 40 layers of 3: 3**40 paths; the search budget stops the walk, the trace says there are more
    layers, width = 40, 3
    links = ""
    for layer in range(layers):
        before = ", ".join(f"l{layer - 1}x{i}" for i in range(width)) if layer else ""
        for i in range(width):
            links += link(f"l{layer}x{i}", after=before, delivers="n1" if layer == layers - 1 else "")
    analysis = analyse(tmp_path, service(links))
    svc = analysis.service("svc")
    started = time.perf_counter()
    trace = analysis.trace(svc, svc.needs["n1"], max_paths=10**9)
    assert trace.more and trace.paths
    assert time.perf_counter() - started < 10  # a hang guard, not a benchmark


def test_a_path_enters_from_another_service_at_its_handoff_link_and_stops_there(tmp_path):
    desk = service(link("intake") + link("route", after="intake", delivers="n1"), id_="desk-svc")
    net = service(link("work", after="desk-svc/route", delivers="n1"), id_="net").replace("services:\n", "")
    analysis = analyse(tmp_path, desk + net)
    svc = analysis.service("net")
    (path,) = analysis.trace(svc, svc.needs["n1"]).paths
    assert [hop.link.key for hop in path.hops] == ["desk-svc/route", "net/work"]  # not desk-svc/intake
    assert not path.cycle


def test_a_path_longer_than_the_search_budget_is_still_found(tmp_path):
    size = 400
    chain = "".join(
        link(f"l{i}", after=f"l{i - 1}" if i else "", delivers="n1" if i == size - 1 else "") for i in range(size)
    )
    analysis = analyse(tmp_path, service(chain))
    svc = analysis.service("svc")
    trace = analysis.trace(svc, svc.needs["n1"], budget=50)
    assert len(trace.paths) == 1 and len(trace.paths[0].hops) == size and not trace.more


def test_paths_cross_into_the_services_a_link_builds_on(tmp_path):
    analysis = analyse(
        tmp_path,
        service(link("desk", delivers="n1"), id_="desk-svc")
        + service(link("work", after="desk-svc/desk", delivers="n1"), id_="net").replace("services:\n", ""),
    )
    net = analysis.service("net")
    (path,) = analysis.trace(net, net.needs["n1"]).paths
    assert [hop.link.key for hop in path.hops] == ["desk-svc/desk", "net/work"]
    assert [item.key for item in analysis.upstream_links(net)] == ["desk-svc/desk"]
    assert [item.key for item in analysis.downstream_links(analysis.service("desk-svc"))] == ["net/work"]


# --------------------------------------------------------------------------- impact


def test_the_only_member_of_a_delivering_team_puts_its_need_at_risk():
    analysis = analyse_folder(VIEWS / "solo-member")
    impact = analysis.impact("kees")
    assert [lost.link.key for lost in impact.lost_links] == ["salaries/payroll-run"]
    assert [team.id for team in impact.emptied_teams] == ["payroll"]
    assert [(risk.service.id, risk.need.id) for risk in impact.needs_at_risk] == [("salaries", "salary-paid")]
    assert [item.key for item in impact.needs_at_risk[0].lost_on_paths] == ["salaries/payroll-run"]
    assert [service.id for service in impact.services_affected] == ["salaries"]
    assert [(team.id, facilitator) for team, facilitator in impact.facilitators] == [("payroll", "nora")]
    assert not impact.changes_nothing


def test_losing_the_start_of_every_path_puts_the_need_at_the_end_at_risk():
    analysis = analyse_folder(VIEWS / "solo-member")
    impact = analysis.impact("wim")
    assert [(risk.need.id, [item.id for item in risk.lost_on_paths]) for risk in impact.needs_at_risk] == [
        ("salary-paid", ["contracts"])
    ]


def test_an_absence_that_changes_nothing_says_so():
    analysis = analyse_folder(VIEWS / "solo-member")
    for person in ("olaf", "piet"):
        impact = analysis.impact(person)
        assert impact.changes_nothing, person
        assert impact.needs_at_risk == [] and impact.lost_links == []


def test_a_facilitator_and_service_owner_leaves_teams_and_a_service_without_them():
    analysis = analyse_folder(VIEWS / "solo-member")
    impact = analysis.impact("nora")
    assert [service.id for service in impact.services_without_owner] == ["salaries"]
    assert [team.id for team in impact.teams_without_facilitator] == ["payroll", "hr-desk"]
    assert impact.needs_at_risk == [] and not impact.changes_nothing


def test_a_need_another_delivered_link_delivers_is_not_at_risk(tmp_path):
    analysis = analyse(
        tmp_path,
        service(
            link("a", owner="dee")
            + link("b", owner="ops")
            + link("work", after="a", delivers="n1")
            + link("spare", after="b", delivers="n1")
        ),
    )
    assert analysis.impact("dee").needs_at_risk == []
    assert [lost.link.id for lost in analysis.impact("dee").lost_links] == ["a"]


def test_a_link_needs_every_input_so_losing_one_puts_its_need_at_risk(tmp_path):
    analysis = analyse(
        tmp_path, service(link("a", owner="dee") + link("b", owner="ops") + link("work", after="a, b", delivers="n1"))
    )
    assert [risk.need.id for risk in analysis.impact("dee").needs_at_risk] == ["n1"]


def test_a_need_is_at_risk_when_every_path_passes_a_lost_link_anywhere_upstream(tmp_path):
    analysis = analyse(
        tmp_path,
        service(
            link("a", owner="dee")
            + link("b", owner="ops", after="a")
            + link("c", owner="ops", after="a")
            + link("work", after="b, c", delivers="n1")
            + link("side", delivers="n2"),
            needs="n1,n2",
        ),
    )
    impact = analysis.impact("dee")
    assert [risk.need.id for risk in impact.needs_at_risk] == ["n1"]


def test_a_team_that_is_unavailable_loses_all_its_links(tmp_path):
    analysis = analyse(
        tmp_path, service(link("a", owner="ops", delivers="n1") + link("b", owner="dee", delivers="n2"), needs="n1,n2")
    )
    impact = analysis.impact("ops")
    assert impact.kind == "team"
    assert [lost.link.id for lost in impact.lost_links] == ["a"]
    assert [risk.need.id for risk in impact.needs_at_risk] == ["n1"]
    assert [(team.id, facilitator) for team, facilitator in impact.facilitators] == [("ops", "meg")]


def test_needs_already_without_an_owned_path_are_not_blamed_on_an_absence(tmp_path):
    analysis = analyse(tmp_path, service(link("a", owner="ghost") + link("b", owner="dee", after="a", delivers="n1")))
    assert analysis.impact("dee").needs_at_risk == []


def test_single_points_of_failure_are_the_people_whose_absence_alone_breaks_a_need():
    analysis = analyse_folder(VIEWS / "solo-member")
    assert [impact.owner for impact in analysis.single_points_of_failure()] == ["kees", "wim"]


def test_the_seed_organisation_has_no_single_point_of_failure():
    analysis = analyse_folder(ROOT / "chains")
    assert analysis.single_points_of_failure() == []


# --------------------------------------------------------------------------- health and ownership


def test_health_loses_points_per_finding_about_the_service(tmp_path):
    analysis = analyse(tmp_path, service(link("a", owner="solo", measured=False, delivers="n1"), needs="n1,n2"))
    findings = analysis.service_findings("svc")
    rules = sorted(finding.rule for finding in findings)
    assert rules == ["SC105", "SC301", "SC402"]
    expected = 100 - sum(HEALTH_PENALTY[finding.severity] for finding in findings)
    assert analysis.health("svc") == expected == 100 - 20 - 5 - 1


def test_health_counts_findings_about_the_teams_that_own_the_service_links(tmp_path):
    org = ORG.replace("  - {id: ops, members: [ann, bob], facilitator: meg}", "  - {id: ops, members: [ann, bob]}")
    analysis = analyse(tmp_path, service(link("a", delivers="n1")), org=org)
    assert [finding.rule for finding in analysis.service_findings("svc")] == ["SC106"]
    assert analysis.health("svc") == 95


def test_health_never_drops_below_zero(tmp_path):
    links = "".join(link(f"l{i}", owner=f"ghost{i}") for i in range(8))
    analysis = analyse(tmp_path, service(links))
    assert analysis.health("svc") == 0


def test_the_ownership_matrix_lists_people_teams_and_undeclared_owners(tmp_path):
    analysis = analyse(
        tmp_path, service(link("a", owner="ops", delivers="n1") + link("b", owner="ghost", delivers="n1"))
    )
    rows = {row.id: row for row in analysis.ownership()}
    assert list(rows) == ["ann", "bob", "cas", "dee", "meg", "ops", "solo", "nobody", "ghost"]
    assert rows["ann"].teams == ["ops"] and rows["ann"].via_teams == ["svc/a"] and rows["ann"].load == 0
    assert rows["meg"].services == ["svc"] and rows["meg"].facilitates == ["ops", "solo", "nobody"]
    assert rows["ops"].members == ["ann", "bob"] and rows["ops"].links == ["svc/a"] and rows["ops"].load == 1
    assert rows["ghost"].kind == "undeclared" and rows["ghost"].links == ["svc/b"]


def test_overload_in_the_matrix_follows_max_links_per_owner(tmp_path):
    links = "".join(link(f"l{i}", owner="dee", delivers="n1") for i in range(3))
    rows = {row.id: row for row in analyse(tmp_path, service(links), max_links=2).ownership()}
    assert rows["dee"].load == 3 and rows["dee"].overloaded


@pytest.mark.parametrize("folder", ["chains", "examples/it-provider", "examples/broken"])
def test_every_repository_in_the_project_can_be_analysed_completely(folder):
    analysis = analyse_folder(ROOT / folder)
    for svc in analysis.services:
        assert sorted(item.id for item in analysis.handoff_order(svc)) == sorted(svc.links)
        for trace in analysis.traces(svc):
            assert trace.delivered == bool(trace.paths)
    for owner in analysis.owner_ids():
        analysis.impact(owner)
    analysis.single_points_of_failure()
    assert len(analysis.ownership()) >= len(analysis.owner_ids())


def test_fully_owned_is_impacts_delivered_all_inputs_needed(tmp_path):
    # every hop of the path a → c has an owner, but c also builds on b, which has none:
    # impact calls c not delivered, so the trace must not call the need fully owned
    analysis = analyse(
        tmp_path,
        service(link("a") + link("b", owner="ghost") + link("c", after="a, b", delivers="n1")),
    )
    svc = analysis.service("svc")
    trace = analysis.trace(svc, svc.needs["n1"])
    assert any(not path.gap for path in trace.paths)
    assert not trace.fully_owned


def test_needs_with_the_same_delivering_links_share_one_walk_and_long_paths_are_cut(tmp_path):
    from svcchain.analysis.trace import shown_hops

    links = "".join(
        link(f"l{i}", after=f"l{i - 1}" if i else "", delivers="n1, n2" if i == 19 else "", measured=i != 9)
        for i in range(20)
    )
    analysis = analyse(tmp_path, service(links, needs="n1,n2"))
    first, second = analysis.traces(analysis.service("svc"))
    assert first.same_as is None and second.same_as is first.need and second.paths is first.paths
    (path,) = first.paths
    shown = shown_hops(path)
    assert path.weakest == 9
    assert [item if isinstance(item, int) else item[0] for item in shown] == [0, 1, 2, 6, 9, 7, 17, 18, 19]
