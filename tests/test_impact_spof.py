"""Single points of failure worked out for everyone at once (svcchain/analysis/spof.py) against the definition.

The shared computation carries, per link, which people have a lost link
upstream of it; here it is held to the straightforward reading, on small
organisations drawn at random with circles, people who own links
themselves, teams of one, deputies, people who left and, some of the time,
alternatives (``after_any``):

- ``impact --all`` lists exactly the people whose one impact (``impact``:
  one walk downstream of their lost links) puts a need at risk, with the
  same needs and lost links;
- on bare graphs, ``risks_of_groups`` answers what walking upstream of
  every delivering link answers (how it was computed before).

The fixture tests/views/spof-people/ is the same shapes written out by hand.
"""

from __future__ import annotations

import datetime
import itertools
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from svcchain.analysis import Analysis
from svcchain.analysis.spof import risks_of_groups, upstream_masks
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.graph import Digraph
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TODAY = datetime.date(2026, 6, 1)


def _analyse(folder: Path) -> Analysis:
    found = discover([str(folder)])
    return Analysis.from_report(check(found.files, Settings(today=TODAY), extra=found.problems()))


def _spof(analysis: Analysis) -> list[tuple[str, list[tuple[str, str, tuple[str, ...]]]]]:
    return [
        (
            impact.owner,
            [(r.service.id, r.need.id, tuple(link.key for link in r.lost_on_paths)) for r in impact.needs_at_risk],
        )
        for impact in analysis.single_points_of_failure()
    ]


def _one_by_one(analysis: Analysis) -> list[tuple[str, list[tuple[str, str, tuple[str, ...]]]]]:
    found = []
    for person in analysis.model.people:
        impact = analysis.impact(person)
        if impact.needs_at_risk:
            risks = [
                (r.service.id, r.need.id, tuple(link.key for link in r.lost_on_paths)) for r in impact.needs_at_risk
            ]
            found.append((person, risks))
    return found


# --------------------------------------------------------------------------- the fixture

FIXTURE = ROOT / "tests" / "views" / "spof-people"


def test_the_fixture_s_single_points_of_failure() -> None:
    analysis = _analyse(FIXTURE)
    assert not analysis.graph.handoffs.has_alternatives  # the shared computation, not one walk per person
    assert [cycle[0].key for cycle in analysis.graph.link_cycles()] == ["work/build", "billing/check"]
    ann = ("intake/receive", "intake/triage")
    assert _spof(analysis) == [
        (
            "ann",
            [
                ("intake", "logged", ann),
                ("work", "fixed", ann),
                ("work", "reported", ann),
                ("work", "tested", ann),
                ("work", "answered", ann),
                ("billing", "billed", ann),
                ("billing", "paid", ann),
            ],
        ),
        *[
            (who, [("work", "fixed", (link,)), ("work", "tested", (link,)), *billing])
            for who, link, billing in [
                ("bob", "work/build", [("billing", "billed", ("work/build",)), ("billing", "paid", ("work/build",))]),
                ("cas", "work/test", [("billing", "billed", ("work/test",)), ("billing", "paid", ("work/test",))]),
            ]
        ],
        # dee carries ship for hal, who left; parts-check of hers is not delivered anyway (parts has no owner)
        (
            "dee",
            [
                ("work", "fixed", ("work/ship",)),
                ("billing", "billed", ("work/ship",)),
                ("billing", "paid", ("work/ship",)),
            ],
        ),
        # both delivering links of 'reported' and of 'answered' rest on eva: each lists both of hers
        (
            "eva",
            [
                ("work", "reported", ("work/report-a", "work/report-b")),
                ("work", "answered", ("work/report-a", "work/report-b")),
            ],
        ),
        ("fay", [("billing", "billed", ("billing/check",)), ("billing", "paid", ("billing/check",))]),
    ]
    assert _spof(analysis) == _one_by_one(analysis)


# --------------------------------------------------------------------------- random organisations

PEOPLE = [f"p{i}" for i in range(6)]
TEAMS = [f"t{i}" for i in range(4)]


@st.composite
def organisations(draw: st.DrawFn) -> tuple[str, str]:
    """An organisation file and a services file: a few people and teams, three services of up to five links."""
    alternatives = draw(st.integers(0, 2)) == 0  # then impact --all walks per person
    org = ["svcchain: 1", "people:"]
    for person in PEOPLE:
        left = ", active_until: 2020-01-31" if draw(st.integers(0, 5)) == 0 else ""
        org.append(f"  - {{id: {person}{left}}}")
    org.append("teams:")
    for team in TEAMS:
        members = draw(st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True))
        org.append(f"  - {{id: {team}, members: [{', '.join(members)}]}}")
    services = {f"s{s}": [f"l{i}" for i in range(draw(st.integers(1, 5)))] for s in range(3)}
    everyone = [(service, link) for service, links in services.items() for link in links]
    text = ["svcchain: 1", "services:"]
    for service, links in services.items():
        needs = [f"n{i}" for i in range(draw(st.integers(0, 2)))]
        text.append(f"  - id: {service}")
        if needs:
            text.append("    customer: {needs: [" + ", ".join(f"{{id: {n}, text: {n}}}" for n in needs) + "]}")
        text.append("    links:")
        for link in links:
            parts = [f"id: {link}", f"result: {link} done", "measures: [{name: m}]"]
            owner = draw(st.sampled_from([*PEOPLE, *PEOPLE, *TEAMS, *TEAMS, "ghost", None]))
            if owner is not None:
                parts.append(f"owner: {owner}")
            deputy = draw(st.sampled_from([None, None, None, *PEOPLE, "ghost"]))
            if deputy is not None:
                parts.append(f"deputy: {deputy}")

            def ref(target: tuple[str, str], service: str = service) -> str:
                return target[1] if target[0] == service else f"{target[0]}/{target[1]}"

            # mostly links before this one (chains), now and then any link (a circle)
            position = everyone.index((service, link))
            earlier = everyone[:position] or everyone
            after = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
            if draw(st.integers(0, 5)) == 0:
                after = list(dict.fromkeys([*after, draw(st.sampled_from(everyone))]))
            if after:
                parts.append(f"after: [{', '.join(ref(t) for t in after)}]")
            if alternatives and draw(st.integers(0, 3)) == 0:
                after_any = draw(st.lists(st.sampled_from(everyone), min_size=1, max_size=2, unique=True))
                parts.append(f"after_any: [{', '.join(ref(t) for t in after_any)}]")
            if needs:
                delivers = draw(st.lists(st.sampled_from(needs), max_size=2, unique=True))
                if delivers:
                    parts.append(f"delivers: [{', '.join(delivers)}]")
            text.append("      - {" + ", ".join(parts) + "}")
    return "\n".join(org) + "\n", "\n".join(text) + "\n"


@settings(max_examples=200, deadline=None)
@given(organisations())
def test_impact_all_is_one_impact_per_person(files: tuple[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "organisation.yaml").write_text(files[0], encoding="utf-8")
        Path(folder, "services.yaml").write_text(files[1], encoding="utf-8")
        analysis = _analyse(Path(folder))
        assert _spof(analysis) == _one_by_one(analysis)


# --------------------------------------------------------------------------- bare graphs


def _walk_upstream(
    graph: Digraph[Any], groups: dict[frozenset[Any], list[Any]], lost_by_person: dict[str, list[Any]]
) -> dict[str, list[tuple[Any, frozenset[Any]]]]:
    """The computation before: per set of delivering links, every link upstream of each walked."""
    losers: dict[Any, list[str]] = {}
    for person, lost in lost_by_person.items():
        for node in lost:
            losers.setdefault(node, []).append(person)
    found: dict[str, list[tuple[Any, frozenset[Any]]]] = {}
    for delivering, need_nodes in groups.items():
        hits: dict[str, int] = {}
        lost_by: dict[str, set[Any]] = {}
        for last in delivering:
            seen, todo = {last}, [last]
            while todo:
                for before in graph.pred(todo.pop()):
                    if before[0] == "link" and before not in seen:
                        seen.add(before)
                        todo.append(before)
            for person in {p for node in seen for p in losers.get(node, ())}:
                hits[person] = hits.get(person, 0) + 1
            for node in seen:
                for person in losers.get(node, ()):
                    lost_by.setdefault(person, set()).add(node)
        for person, count in hits.items():
            if count == len(delivering):
                found.setdefault(person, []).extend((need, frozenset(lost_by[person])) for need in need_nodes)
    return found


@st.composite
def graphs(draw: st.DrawFn) -> tuple[Digraph[Any], dict[frozenset[Any], list[Any]], dict[str, list[Any]]]:
    count = draw(st.integers(1, 14))
    links = [("link", "s", f"l{i}") for i in range(count)]
    graph: Digraph[Any] = Digraph()
    for node in links:
        graph.add_node(node, None)
    needs = [("need", "s", f"n{i}") for i in range(draw(st.integers(1, 5)))]
    for need in needs:
        graph.add_node(need, None)
    # handoffs at random: chains, circles and loops
    for before, after in draw(
        st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=3 * count)
    ):
        graph.add_edge(links[before], links[after])
    for need in needs:
        for link in draw(st.lists(st.sampled_from(links), max_size=3, unique=True)):
            graph.add_edge(link, need)
    graph.freeze()
    groups: dict[frozenset[Any], list[Any]] = {}
    for need in needs:
        delivering = frozenset(graph.pred(need))
        if delivering:
            groups.setdefault(delivering, []).append(need)
    lost_by_person = {
        f"p{i}": draw(st.lists(st.sampled_from(links), min_size=1, max_size=4, unique=True))
        for i in range(draw(st.integers(0, 6)))
    }
    return graph, groups, lost_by_person


@settings(max_examples=400, deadline=None)
@given(graphs())
def test_risks_of_groups_is_the_upstream_walk(
    case: tuple[Digraph[Any], dict[frozenset[Any], list[Any]], dict[str, list[Any]]],
) -> None:
    graph, groups, lost_by_person = case
    found = risks_of_groups(graph, groups, lost_by_person)
    assert {
        person: [(need, frozenset(lost)) for need, lost in risks] for person, risks in found.items()
    } == _walk_upstream(graph, groups, lost_by_person)
    for risks in found.values():
        for _, lost in risks:
            assert len(lost) == len(set(lost))


@settings(max_examples=200, deadline=None)
@given(graphs(), st.data())
def test_a_mask_is_the_labels_of_everything_upstream(case: tuple[Digraph[Any], Any, Any], data: st.DataObject) -> None:
    graph = case[0]
    links = [node for node in graph if node[0] == "link"]
    labels = {node: data.draw(st.integers(0, 2**70)) for node in links}
    wanted = data.draw(st.lists(st.sampled_from(links), unique=True))
    masks = upstream_masks(graph, labels, wanted)
    assert list(masks) == wanted
    for node in wanted:
        expected = 0
        for other in graph.ancestors_and([node]):
            expected |= labels[other]
        assert masks[node] == expected


def test_a_chain_shares_one_mask_and_costs_a_step_per_link() -> None:
    graph: Digraph[Any] = Digraph()
    links = [("link", "s", f"l{i}") for i in range(20_000)]
    for node in links:
        graph.add_node(node, None)
    for before, after in itertools.pairwise(links):
        graph.add_edge(before, after)
    graph.add_edge(links[5], links[0])  # a circle at the start
    graph.freeze()
    big = 1 << 5000
    masks = upstream_masks(graph, {links[3]: big, links[100]: 1}, links[50:60] + links[-1:])
    assert masks[links[50]] is big  # the very object: nothing was added between
    assert masks[links[-1]] == big | 1
