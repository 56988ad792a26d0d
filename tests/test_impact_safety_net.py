"""Impact with the safety nets of format 1.1: deputies, alternatives (after_any), people who leave, assets.

The fixture (tests/views/safety-net/) is a web shop checked on 2026-06-01:
payment rests on Ann with Eva as deputy; picking was Dev's, who left on
2026-01-31, and Bob carries it as deputy; the parcel goes through courier A
(Cas, leaving 2026-06-20) or courier B (Bob): either will do.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.analysis import Analysis
from svcchain.cli import app
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHOP = ROOT / "tests" / "views" / "safety-net"
TODAY = "2026-06-01"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    report = check(discover([str(SHOP)]).files, Settings(today=datetime.date.fromisoformat(TODAY)))
    return Analysis.from_report(report)


def _keys(links) -> list[str]:
    return [lost.link.key for lost in links]


def test_a_departed_owner_with_a_deputy_is_still_owned(analysis: Analysis) -> None:
    picking = analysis.model.services["shop"].links["picking"]
    assert "SC108" in analysis.link_codes(picking)  # the check says Dev has left
    assert not analysis.unowned(picking)  # and Bob, the deputy, carries it
    assert analysis.covered_today(picking)


def test_an_owner_away_with_a_deputy_there_is_covered_not_lost(analysis: Analysis) -> None:
    impact = analysis.impact("ann")
    assert _keys(impact.lost_links) == []
    assert _keys(impact.covered_links) == ["shop/payment"]
    assert "covered by the deputy 'eva'" in impact.covered_links[0].reason
    assert not impact.needs_at_risk


def test_one_alternative_lost_leaves_the_need_delivered(analysis: Analysis) -> None:
    impact = analysis.impact("cas")
    assert _keys(impact.lost_links) == ["shop/courier-a"]
    assert impact.needs_at_risk == []  # courier B still hands on to delivery


def test_the_deputy_carrying_a_departed_owners_link_is_a_single_point_of_failure(analysis: Analysis) -> None:
    impact = analysis.impact("bob")
    assert _keys(impact.lost_links) == ["shop/picking", "shop/courier-b"]
    assert [risk.need.id for risk in impact.needs_at_risk] == ["parcel"]
    assert [found.owner for found in analysis.single_points_of_failure()] == ["bob"]


def test_everyone_gone_by_a_date_is_away_together(analysis: Analysis) -> None:
    at = datetime.date(2026, 7, 1)
    away = [p.id for p in analysis.model.people.values() if p.active_until is not None and p.active_until < at]
    assert away == ["cas", "dev"]
    alone = analysis.impact(None, also_away=away, at=at)
    assert _keys(alone.lost_links) == ["shop/courier-a"] and not alone.needs_at_risk
    with_bob = analysis.impact("bob", also_away=away, at=at)
    assert _keys(with_bob.lost_links) == ["shop/picking", "shop/courier-a", "shop/courier-b"]
    assert [risk.need.id for risk in with_bob.needs_at_risk] == ["parcel"]


def test_an_asset_takes_down_what_rests_on_it(analysis: Analysis) -> None:
    impact = analysis.asset_impact("payment-gateway")
    assert [link.key for link in impact.links] == ["shop/payment"]
    assert impact.owner is not None and impact.owner.id == "ann"
    assert [risk.need.id for risk in impact.needs_at_risk] == ["parcel"]
    warehouse = analysis.asset_impact("warehouse")
    assert [finding.rule for finding in warehouse.findings] == ["SC502"]  # what the check says, nothing more


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, str(SHOP), "--today", TODAY])
    return result.exit_code, result.stdout, result.stderr


def test_impact_at_a_date_through_the_command_line() -> None:
    code, out, _ = _run("impact", "--at", "2026-07-01", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["owner"] is None and data["at"] == "2026-07-01" and data["also_away"] == ["cas", "dev"]
    assert [covered["link"] for covered in data["covered_links"]] == ["shop/picking"]


def test_impact_of_an_asset_through_the_command_line() -> None:
    code, out, _ = _run("impact", "--asset", "payment-gateway", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["owner"], data["supplier"], data["links"]) == ("ann", "Payment provider", ["shop/payment"])
    assert [need["need"] for need in data["needs_at_risk"]] == ["parcel"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--asset", "payment-gatway"], "unknown asset 'payment-gatway' (did you mean 'payment-gateway'?)"),
        (["--at", "2026-02-30"], "--at '2026-02-30' is not a date"),
        (["--at", "2026-07-01", "--all"], "give one of them"),
        (["--asset", "warehouse", "--all"], "give one of them"),
    ],
)
def test_impact_says_what_is_wrong_with_its_question(args: list[str], says: str) -> None:
    code, _, err = _run("impact", *args)
    assert code == 2
    assert says in err
    assert len(err.strip().splitlines()) == 1


def test_impact_text_through_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "svcchain", "impact", "ann", str(SHOP), "--today", TODAY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "covered by the deputy 'eva'" in result.stdout


def test_show_as_json_through_the_command_line() -> None:
    code, out, _ = _run("show", "shop", "--format", "json")
    assert code == 0
    (service,) = json.loads(out)["services"]
    assert service["id"] == "shop"
    assert "eva" in json.dumps(service)  # the deputies are part of the chain's facts
