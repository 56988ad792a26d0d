"""One truth: whatever a view says is wrong with an entity is what the check reports for it.

Over every scenario folder, every example repository and the bundled chains,
the problems the analysis attributes to a link, an owner or a need carry
exactly the rule codes of the check's findings about that entity, computed
here straight from the report (not from the analysis' own index).  The
structured outputs (trace JSON, owners JSON) and the reports (HTML,
Markdown) are held to the same.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from svcchain.analysis import Analysis
from svcchain.chainmodel import Link
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Origin
from svcchain.report import Report

ROOT = Path(__file__).resolve().parents[1]


def _repositories() -> list[Path]:
    found = [ROOT / "chains"]
    found += sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir() and any(p.rglob("*.y*ml")))
    found += sorted(p for p in (ROOT / "tests" / "scenarios").iterdir() if p.is_dir())
    found += sorted(p for p in (ROOT / "tests" / "views").iterdir() if p.is_dir() and any(p.glob("*.yaml")))
    found += sorted(p for p in (ROOT / "tests" / "trust_chain").iterdir() if p.is_dir())
    return found


REPOSITORIES = _repositories()


def _check(folder: Path) -> tuple[Report, Analysis]:
    found = discover([str(folder)])
    report = check(found.files, extra=found.problems())
    return report, Analysis.from_report(report)


def _codes_by_link(report: Report) -> dict[tuple[str, str], set[str]]:
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for finding in report.findings:
        if finding.service is not None and finding.link is not None:
            codes[(finding.service, finding.link)].add(finding.rule)
    return codes


def _codes_by_owner(report: Report) -> dict[str, set[str]]:
    """Findings about an owner as such: subject team:x, owner:x, member:x:y, facilitator:x:y, and
    left:ROLE:HOLDER:x / leaving:ROLE:HOLDER:x (SC108, SC109 about person x); no service."""
    codes: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        kind, _, rest = finding.subject.partition(":")
        if finding.service is None and kind in ("team", "owner", "member", "facilitator") and rest:
            codes[rest.split(":")[0] if kind in ("member", "facilitator") else rest].add(finding.rule)
        elif finding.service is None and kind in ("left", "leaving") and rest:
            codes[rest.rpartition(":")[2]].add(finding.rule)
    return codes


def _unowned(report: Report, link: Link, owner_codes: set[str]) -> bool:
    """What the check says about who answers for the link: no owner (SC101), an undeclared one (SC102 at the
    owner value), one who has left (SC108 at the owner value) with no deputy there, a team without members."""
    at_link = [f for f in report.findings if (f.service, f.link) == (link.service, link.id)]
    deputy_gone = any(
        (f.rule == "SC102" and f.subject.startswith("deputy:"))
        or (f.rule == "SC108" and f.subject.startswith("left:deputy:"))
        for f in at_link
    )
    deputy_there = link.deputy is not None and not deputy_gone
    return bool(
        any(f.rule == "SC101" for f in at_link)
        or any(f.rule == "SC102" and f.subject.startswith("owner:") for f in at_link)
        or (any(f.rule == "SC108" and f.subject.startswith("left:owner:") for f in at_link) and not deputy_there)
        or "SC104" in owner_codes
    )


def _codes_by_need(report: Report) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        if finding.subject.startswith("need:"):
            codes[finding.subject[len("need:") :]].add(finding.rule)
    return codes


@pytest.mark.parametrize("folder", REPOSITORIES, ids=[str(p.relative_to(ROOT)) for p in REPOSITORIES])
def test_every_problem_a_view_attributes_is_a_finding_of_the_check(folder: Path) -> None:
    report, analysis = _check(folder)
    by_link, by_owner, by_need = _codes_by_link(report), _codes_by_owner(report), _codes_by_need(report)
    for link in analysis.model.links():
        hop = analysis.hop(link)
        owner = link.owner.value if link.owner is not None else None
        link_codes = by_link.get((link.service, link.id), set())
        owner_codes = by_owner.get(owner, set()) if owner else set()
        assert {i.code for i in hop.issues if i.about == "link"} == link_codes, link.key
        assert {i.code for i in hop.issues if i.about == "owner"} == owner_codes, link.key
        assert hop.unowned == _unowned(report, link, owner_codes), link.key
    for row in analysis.ownership():
        assert row.overloaded == ("SC107" in by_owner.get(row.id, set())), row.id
    for service in analysis.services:
        for need in service.needs.values():
            said = {f.rule for f in analysis.need_findings(service, need)}
            assert said == by_need.get(f"{service.id}/{need.id}", set()), f"{service.id}/{need.id}"


@pytest.mark.parametrize("folder", REPOSITORIES, ids=[str(p.relative_to(ROOT)) for p in REPOSITORIES])
def test_the_structured_views_carry_the_checks_codes(folder: Path) -> None:
    from svcchain.views.jsonviews import render_traces
    from svcchain.views.owners import render_json

    report, analysis = _check(folder)
    by_link, by_owner = _codes_by_link(report), _codes_by_owner(report)
    traced = [(service, analysis.traces(service)) for service in analysis.services]
    data = json.loads(render_traces(analysis, traced))
    paths = {path["id"]: path for path in data["paths"]}
    for need in data["needs"]:
        for path_id in need["paths"]:
            for hop in paths[path_id]["hops"]:
                service_id, _, link_id = hop["link"].partition("/")
                assert set(hop["issues"]) == by_link.get((service_id, link_id), set()), hop["link"]
                assert set(hop["owner_issues"]) == (by_owner.get(hop["owner"], set()) if hop["owner"] else set())
    for row in json.loads(render_json(analysis))["owners"]:
        assert row["overloaded"] == ("SC107" in by_owner.get(row["id"], set())), row["id"]


@pytest.mark.parametrize("folder", REPOSITORIES, ids=[str(p.relative_to(ROOT)) for p in REPOSITORIES])
def test_the_reports_mark_as_wrong_exactly_what_the_check_reports(folder: Path) -> None:
    from svcchain.views import html, markdown

    report, analysis = _check(folder)
    rules = [f.rule for f in report.findings if f.service in analysis.model.services]
    page = html.render(analysis)
    assert page.count('<span class="weak">no result stated</span>') == rules.count("SC401")
    assert page.count('<span class="weak">none</span>') == rules.count("SC402")
    assert len(re.findall(r'<tr class="unmet">.*?<span class="weak">', page)) == rules.count("SC301")
    text = markdown.render(analysis)
    assert text.count("**no result stated**") == rules.count("SC401")
    assert text.count("| **none** |") == rules.count("SC402")


def test_the_shapes_views_once_judged_on_their_own() -> None:
    report, analysis = _check(ROOT / "tests" / "views" / "disagreed-before")
    assert sorted(f.rule for f in report.findings) == ["SC002", "SC002", "SC102"]
    link = analysis.model.services["billing"].links["invoice-run"]
    hop = analysis.hop(link)
    assert [i.code for i in hop.issues if i.about == "link"] == ["SC002", "SC002"]  # no 'no result', no 'no measure'
    assert [i.code for i in hop.issues if i.about == "owner"] == ["SC102"]  # ghost, a member of the owning team
    assert not hop.unowned  # ann is declared: SC104 is not reported
    status = analysis.link_owner(link)
    assert status.members == ("ann", "ghost")  # a team of two, as SC105 counts it
    assert status.finding_about("member", "ghost") is not None
    assert status.finding_about("member", "ann") is None


@pytest.mark.parametrize("folder", REPOSITORIES, ids=[str(p.relative_to(ROOT)) for p in REPOSITORIES])
def test_single_points_of_failure_are_the_people_whose_impact_breaks_a_need(folder: Path) -> None:
    # the shared computation of impact --all agrees with one impact per person
    _, analysis = _check(folder)
    one_by_one = [analysis.impact(person) for person in analysis.model.people]
    expected = [impact for impact in one_by_one if impact.breaks_needs]
    assert analysis.single_points_of_failure() == expected


# --------------------------------------------------------------------------- format 1.1: marks at the finding's node

#: The day the checks below measure dates against (the marks of format 1.1 depend on it).
FIXED_TODAY = "2026-06-01"


def _check_on_a_fixed_day(folder: Path) -> tuple[Report, Analysis]:
    import datetime

    from svcchain.settings import Settings

    found = discover([str(folder)])
    report = check(found.files, Settings(today=datetime.date.fromisoformat(FIXED_TODAY)), extra=found.problems())
    return report, Analysis.from_report(report)


def _rules_at(report: Report) -> dict[tuple[str, int, int], set[str]]:
    """Rule codes of the check's findings by the node they point at (file, line, column)."""
    found: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for finding in report.findings:
        found[(finding.file, finding.line, finding.column)].add(finding.rule)
    return found


def _node(origin: Origin, path: tuple[str | int, ...]) -> tuple[str, int, int]:
    """Where a finding at the node ``path`` of a document points."""
    span = origin.source.locate(path)
    return origin.file, span.line, span.column


@pytest.mark.parametrize("folder", REPOSITORIES, ids=[str(p.relative_to(ROOT)) for p in REPOSITORIES])
def test_the_marks_of_format_1_1_are_the_findings_at_the_marked_value(folder: Path) -> None:
    from svcchain.views.jsonviews import render_show
    from svcchain.views.owners import render_json

    report, analysis = _check_on_a_fixed_day(folder)
    at = _rules_at(report)
    rules = [finding.rule for finding in report.findings]
    shown = json.loads(render_show(analysis, None))["services"]
    for service in shown:
        entity = analysis.model.services[service["id"]]
        reviewed = entity.reviewed_on is not None and "SC403" in at[_node(entity.origin, (*entity.path, "reviewed_on"))]
        assert service["stale_review"] == reviewed, service["id"]
        for link in service["links"]:
            declared = entity.links[link["id"]]
            for measure, written in zip(link["measures"], declared.measure_list, strict=True):
                missed = written.actual is not None and "SC404" in at[_node(declared.origin, (*written.path, "actual"))]
                assert measure["missed"] == missed, (declared.key, written.name)
            stale = (
                declared.reviewed_on is not None
                and "SC403" in at[_node(declared.origin, (*declared.path, "reviewed_on"))]
            )
            assert link["stale_review"] == stale, declared.key
        for need in service["needs"]:
            for requirement, written in zip(need["requirements"], entity.needs[need["id"]].requirements, strict=True):
                assert requirement["unmet"] == ("SC304" in at[_node(written.origin, written.path)]), written.id
    links = [link for service in shown for link in service["links"]]
    assert sum(m["missed"] for link in links for m in link["measures"]) == rules.count("SC404")
    stale = sum(service["stale_review"] for service in shown) + sum(link["stale_review"] for link in links)
    assert stale == rules.count("SC403")
    unmet = [r for service in shown for need in service["needs"] for r in need["requirements"] if r["unmet"]]
    assert len(unmet) == rules.count("SC304")

    owners = json.loads(render_json(analysis))
    departures: dict[str, set[str]] = defaultdict(set)
    for ref, _ in analysis.model.person_refs():
        departures[ref.value] |= at[_node(ref.origin, ref.path)] & {"SC108", "SC109"}
    for row in owners["owners"]:
        codes = departures.get(row["id"], set())
        assert row["departure"] == ("left" if "SC108" in codes else "leaving" if "SC109" in codes else None), row["id"]
    register = {entry["id"]: entry for entry in owners["assets"]}
    for asset in analysis.model.assets.values():
        assert ("SC502" in register[asset.id]["issues"]) == ("SC502" in at[_node(asset.origin, asset.path)])


@pytest.mark.parametrize("folder", REPOSITORIES, ids=[str(p.relative_to(ROOT)) for p in REPOSITORIES])
def test_the_reports_mark_the_facts_of_format_1_1_exactly_where_the_check_does(folder: Path) -> None:
    from svcchain.views import html, markdown

    report, analysis = _check_on_a_fixed_day(folder)
    rules = [finding.rule for finding in report.findings]
    page = html.render(analysis)
    assert page.count('<span class="weak">target missed</span>') == rules.count("SC404")
    assert page.count('<span class="weak">stale: due for a review</span>') == rules.count("SC403")
    assert page.count('<span class="weak">met by no link</span>') == rules.count("SC304")
    register = (
        page[page.index('<section id="assets">') : page.index('<section id="ownership">')]
        if analysis.model.assets
        else ""
    )
    assert register.count('<span class="weak">no owner</span>') == rules.count("SC502")
    text = markdown.render(analysis)
    assert text.count("**target missed**") == rules.count("SC404")
    assert text.count("**stale: due for a review**") == rules.count("SC403")
    assert text.count("**met by no link**") == rules.count("SC304")
    register = (
        text[text.index("## Asset register") : text.index("## Ownership matrix")] if analysis.model.assets else ""
    )
    assert register.count("**no owner**") == rules.count("SC502")
