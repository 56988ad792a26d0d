"""The view commands (show, trace, owners, impact, graph, report) as users run them.

Through typer's CliRunner on ``svcchain.cli.app``, on the bundled chains/,
on examples/it-provider/ and examples/broken/, and on the small fixtures in
tests/views/; one test runs the real ``python -m svcchain`` in a subprocess.
Views exit 0 whatever they find, and 2 on usage errors.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner
from views.checks import check_csv, check_dot, check_html, check_markdown, check_mermaid, check_terminal

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
SOLO = "tests/views/solo-member"
IT = "examples/it-provider"
BROKEN = "examples/broken"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def invoke(*args: str, width: int = 80):
    return CliRunner().invoke(app, [*args, "--isolated"], env={"COLUMNS": str(width)})


def run(*args: str, width: int = 80) -> str:
    result = invoke(*args, width=width)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    check_terminal(result.stdout)
    return result.stdout


def flat(text: str) -> str:
    """Terminal output with the wrapping undone, for phrase checks."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- show


def test_show_without_a_service_lists_every_service_with_its_counts():
    out = flat(run("show", "chains"))
    for service_id, owner, needs, links in (
        ("hosting", "petra", "3/3", "5"),
        ("network-service", "dana", "4/4", "5"),
        ("service-desk", "johan", "3/3", "3"),
    ):
        assert re.search(rf"{service_id} .*?{owner} .*?{needs} .*?{links} .*?none .*?100 healthy", out), service_id


def test_show_without_arguments_reads_chains_like_check():
    assert run("show") == run("show", "chains")


def test_show_a_service_its_customer_links_in_handoff_order_owners_and_facilitators():
    out = run("show", "network-service", "chains")
    text = flat(out)
    assert "Customer: Business customers" in text
    assert "✔ connectivity Reliable connectivity during business hours ← network, change" in text
    positions = [
        text.index(f"{number}. {link}")
        for number, link in enumerate(["installation", "network", "change", "restore", "billing"], 1)
    ]
    assert positions == sorted(positions)
    assert "owner field-service Field service - team of 2: ruben, sanne; facilitated by gert (Gert Bakker)" in text
    assert "measures installed on time: >= 95% within 20 working days" in text
    assert "after service-desk/order-intake" in text
    assert "builds on service-desk/incident-intake, service-desk/order-intake" in text
    assert "hands on to hosting/uplink" in text


def test_show_marks_each_finding_on_the_link_it_concerns():
    text = flat(run("show", "internet-access", BROKEN))
    dns = text.index("2. dns")
    report = text.index("3. traffic-report")
    routing = text.index("4. routing")
    assert dns < text.index("✖ error SC201 link 'dns'") < report
    assert report < text.index("▲ warning SC203 link 'traffic-report'") < routing
    assert text.index("✖ error SC204 service 'internet-access'") < dns  # about the service: above the chain
    assert "health 35 at risk" in text


def test_show_an_unowned_service_and_a_need_nobody_delivers():
    assert "service owner no owner" in flat(run("show", "managed-office", BROKEN))
    assert "✖ phone-support" in flat(run("show", "web-hosting", BROKEN))
    assert "delivered by no link" in flat(run("show", "web-hosting", BROKEN))


def test_show_an_unknown_service_is_a_usage_error_with_a_suggestion():
    result = invoke("show", "network-servce", "chains")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "unknown service 'network-servce' (did you mean 'network-service'?)" in result.stderr


def test_a_first_argument_that_names_a_folder_is_a_path():
    out = flat(run("show", IT))
    for service_id in ("backup", "email", "hosting", "identity", "network", "service-desk", "workplace"):
        assert f"│ {service_id} " in out or f" {service_id} " in out
    assert "network-service" not in out


def test_service_option_names_the_service_when_it_is_also_a_folder(tmp_path, monkeypatch):
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "svc.yaml").write_text(
        (ROOT / "tests/views/solo-member/organisation.yaml").read_text(encoding="utf-8")
        + "services:\n  - {id: chains, owner: nora}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert "chains" in flat(run("show", "--service", "chains"))
    assert "Services" in run("show", "chains")  # the folder


def test_views_report_missing_paths_like_check():
    result = invoke("show", "no-such-service", "no/such/folder")
    assert result.exit_code == 2
    assert "no/such/folder" in result.stderr


# --------------------------------------------------------------------------- trace


def test_trace_lists_the_paths_that_deliver_each_need():
    text = flat(run("trace", "network-service", "chains"))
    assert (
        "need quick-restore Disruptions fixed quickly, with no surprises delivered by restore "
        "1. service-desk/order-intake [service-desk] → installation [field-service] → network [network-ops] → "
        "restore [network-ops] 2. service-desk/incident-intake [service-desk] → restore [network-ops]"
    ) in text


def test_trace_flags_the_weakest_hop():
    text = flat(run("trace", "salaries", SOLO, "--need", "salary-paid"))
    assert "1. contracts [wim] → mutations [hr-desk] → payroll-run [payroll]" in text
    assert (
        "weakest hop: contracts - link 'contracts' of service 'salaries' rests on one person: 'wim' owns it alone"
        in text
    )
    assert "questions-answered" not in text


def test_a_need_nobody_delivers_stands_out():
    text = flat(run("trace", "web-hosting", BROKEN))
    assert "need phone-support" in text
    assert (
        "✖ NOT DELIVERED: need 'phone-support' of the customer of service 'web-hosting' is delivered by no link; "
        "add it to the 'delivers:' of the link that serves it"
    ) in text


def test_trace_caps_the_paths_and_says_so():
    text = flat(run("trace", "network-service", "chains", "--need", "correct-invoice", "--max-paths", "1"))
    assert "1. service-desk/order-intake" in text and " 2. " not in text
    assert "more paths than the 1 shown; raise --max-paths to see more" in text


def test_trace_of_every_service_and_as_json():
    text = run("trace", IT)
    for service_id in ("backup", "email", "workplace"):
        assert f"  {service_id} ─" in text
    data = json.loads(run("trace", "salaries", SOLO, "--format", "json"))
    (paid, questions) = data["needs"]
    assert paid["need"] == "salary-paid" and paid["delivering"] == ["salaries/payroll-run"]
    paths = {path["id"]: path for path in data["paths"]}
    assert len(paths) == len(data["paths"])  # every path listed once, under its own id
    paid_path = paths[paid["paths"][0]]
    assert [hop["link"] for hop in paid_path["hops"]] == [
        "salaries/contracts",
        "salaries/mutations",
        "salaries/payroll-run",
    ]
    assert paid_path["weakest"] == "salaries/contracts"
    assert paid_path["hops"][0]["issues"] == ["SC105"]
    assert questions["fully_owned"] and not questions["more"]


def test_trace_an_unknown_need_is_a_usage_error_with_a_suggestion():
    result = invoke("trace", "salaries", SOLO, "--need", "salary-payd")
    assert result.exit_code == 2
    assert "(did you mean 'salary-paid'?)" in result.stderr


# --------------------------------------------------------------------------- owners


def test_owners_table_shows_teams_facilitators_accountability_and_load():
    text = flat(run("owners", "chains", width=220))
    assert re.search(r"gert person .*?network-ops, field-service, hosting-ops, finance", text)
    assert re.search(r"network-ops team .*?erik, fatima .*?gert .*?hosting/uplink", text)
    assert "service network-service" in text and "+4 links through teams" in text


def test_owners_in_every_format():
    rows = check_csv(run("owners", IT, "--format", "csv"))
    assert rows[0][:3] == ["owner", "kind", "name"]
    by_owner = {row[0]: dict(zip(rows[0], row, strict=False)) for row in rows[1:]}
    assert by_owner["storage-team"]["links"].split("; ")[:2] == ["backup/backup-runs", "backup/offsite-copy"]
    assert by_owner["anouk"]["facilitates"] == "network-team; platform-team; storage-team"
    data = json.loads(run("owners", IT, "--format", "json"))
    assert {row["id"] for row in data["owners"]} >= {"anouk", "finance", "zoe"}
    check_markdown(run("owners", IT, "--format", "markdown"))


def test_owners_follow_the_configured_limit(tmp_path, monkeypatch):
    chain = (ROOT / SOLO / "organisation.yaml").read_text(encoding="utf-8") + (
        "services:\n  - id: s\n    owner: nora\n    customer: {needs: [{id: n}]}\n    links:\n"
        "      - {id: a, owner: wim, result: r, measures: [{name: m}], delivers: [n]}\n"
        "      - {id: b, owner: wim, result: r, measures: [{name: m}], delivers: [n]}\n"
    )
    (tmp_path / "chain.yaml").write_text(chain, encoding="utf-8")
    (tmp_path / "svcchain.toml").write_text("max-links-per-owner = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["owners", "chain.yaml", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    wim = next(row for row in data["owners"] if row["id"] == "wim")
    assert data["max_links_per_owner"] == 1 and wim["load"] == 2 and wim["overloaded"]


# --------------------------------------------------------------------------- impact


def test_impact_of_the_only_member_of_a_delivering_team():
    text = flat(run("impact", "kees", SOLO))
    assert "✖ 1 customer need at risk" in text
    assert "salaries/salary-paid Salary on the account on the 25th cut off by the loss of salaries/payroll-run" in text
    assert "salaries/payroll-run owned by team 'payroll', whose only member is 'kees'" in text
    assert "Teams left without members: payroll" in text
    assert "Services affected: salaries" in text
    assert "payroll: nora (Nora Jansen)" in text


def test_impact_of_someone_whose_absence_changes_nothing():
    text = flat(run("impact", "olaf", SOLO))
    assert "Nothing breaks: no link or service loses its owner" in text
    assert "keep at least two members: hr-desk" in text
    assert "Nothing breaks" in flat(run("impact", "piet", SOLO))


def test_impact_as_json():
    data = json.loads(run("impact", "kees", SOLO, "--format", "json"))
    assert data["needs_at_risk"] == [
        {
            "service": "salaries",
            "need": "salary-paid",
            "text": "Salary on the account on the 25th",
            "through": ["salaries/payroll-run"],
        }
    ]
    assert data["lost_links"] == [
        {"link": "salaries/payroll-run", "reason": "owned by team 'payroll', whose only member is 'kees'"}
    ]
    assert data["teams_emptied"] == ["payroll"] and not data["changes_nothing"]
    assert "every link it builds on" in data["definition"]
    assert json.loads(run("impact", "piet", SOLO, "--format", "json"))["changes_nothing"]


def test_impact_of_a_team():
    data = json.loads(run("impact", "network-team", IT, "--format", "json"))
    assert data["kind"] == "team"
    assert "network/wan" in [lost["link"] for lost in data["lost_links"]]
    at_risk = {(need["service"], need["need"]) for need in data["needs_at_risk"]}
    assert ("network", "connectivity") in at_risk
    assert ("hosting", "running-servers") not in at_risk  # the data centre delivers it without the WAN
    assert {"team": "network-team", "facilitator": "anouk"} in data["facilitators"]


def test_impact_of_an_unknown_owner_is_a_usage_error_with_a_suggestion():
    result = invoke("impact", "kess", SOLO)
    assert result.exit_code == 2
    assert "unknown person or team 'kess' (did you mean 'kees'?)" in result.stderr


def test_impact_needs_an_owner_or_all():
    result = invoke("impact", SOLO)
    assert result.exit_code == 2
    assert "--all" in result.stderr


def test_impact_all_lists_the_single_points_of_failure():
    text = flat(run("impact", "--all", SOLO, width=200))
    assert re.search(r"kees .*salaries/salary-paid .*salaries/payroll-run .*payroll: nora", text)
    assert re.search(r"wim .*salaries/salary-paid .*salaries/contracts", text)
    data = json.loads(run("impact", "--all", SOLO, "--format", "json"))
    assert [item["owner"] for item in data["single_points_of_failure"]] == ["kees", "wim"]
    assert "None: no single person's absence puts a customer need at risk." in flat(run("impact", "--all", "chains"))


# --------------------------------------------------------------------------- graph


def test_graph_of_every_service_in_every_format():
    mermaid = run("graph", IT)
    assert mermaid.startswith("flowchart LR\n")
    assert len(check_mermaid(mermaid)) == 43 + 31 + 7  # links, needs, service subgraphs
    dot = run("graph", IT, "--format", "dot")
    assert dot.startswith('digraph "svcchain" {') and dot.count(" -> ") == mermaid.count(" --> ") + mermaid.count(
        " ==> "
    )
    check_dot(dot)
    data = json.loads(run("graph", IT, "--format", "json"))
    assert len([node for node in data["nodes"] if node["kind"] == "link"]) == 43
    assert {"source": "link:network/wan", "target": "need:network/connectivity", "kind": "delivers"} in data["edges"]
    graphml = ET.fromstring(run("graph", IT, "--format", "graphml").encode("utf-8"))
    namespace = "{http://graphml.graphdrawing.org/xmlns}"
    ids = [node.get("id") for node in graphml.iter(f"{namespace}node")]
    assert "link:network/wan" in ids and all(isinstance(node_id, str) for node_id in ids)


def test_graph_of_one_service_shows_its_neighbours_as_other_services():
    data = json.loads(run("graph", "network-service", "chains", "--format", "json"))
    external = {node["id"] for node in data["nodes"] if node.get("external")}
    assert external == {"link:hosting/uplink", "link:service-desk/incident-intake", "link:service-desk/order-intake"}
    assert data["graph"]["selection"] == ["network-service"]
    assert [service["id"] for service in data["graph"]["services"] if service["external"]] == [
        "hosting",
        "service-desk",
    ]


def test_graph_to_a_file_and_an_unknown_service(tmp_path):
    target = tmp_path / "chain.dot"
    result = invoke("graph", "chains", "--format", "dot", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    check_dot(target.read_text(encoding="utf-8"))
    result = invoke("graph", "hostng", "chains")
    assert result.exit_code == 2 and "(did you mean 'hosting'?)" in result.stderr


# --------------------------------------------------------------------------- report


def test_the_html_report_of_the_it_provider():
    result = invoke("report", IT)
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    text = flat(check_html(html))
    assert html.startswith("<!DOCTYPE html>")
    # one diagram per service: whole on screen up to 6 columns (and in parts on paper), else in parts
    whole, parts = html.count('class="chain-diagram"'), len(re.findall(r'<div class="part"><p>Part 1 of', html))
    assert html.count('<section class="service"') == 7 and whole == 5 and parts == 7
    for heading in (
        "Executive summary",
        "The most important gaps",
        "Chain health",
        "How the score is computed.",
        "Recommendations",
        "Links in handoff order",
        "Needs traceability",
        "RACI matrix",
        "Data quality",
        "Accepted exceptions",
        "Ownership matrix",
        "Appendix: the findings in detail",
    ):
        assert heading in text, heading
    assert "src=" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@import" not in html and "url(" not in html.replace("url(#d", "")
    # the only script element is the report's data, which a browser never runs
    assert html.count("<script") == 1 and '<script type="application/json" id="svcchain-data">' in html


def test_the_report_summary_counts_the_same_findings_as_check():
    summary = json.loads(invoke("check", BROKEN, "--format", "json").stdout)["summary"]
    report = run("report", BROKEN, "--format", "markdown")
    counts = report.split("| Services | Links | Customer needs | People | Teams | Errors | Warnings | Infos |")[1]
    row = counts.split("\n")[2]
    numbers = [int(cell) for cell in row.strip("| ").split(" | ")]
    assert [numbers[0], numbers[1], numbers[5], numbers[6], numbers[7]] == [
        summary["services"],
        summary["links"],
        summary["errors"],
        summary["warnings"],
        summary["infos"],
    ]


def test_the_report_is_deterministic_unless_a_timestamp_is_asked_for(monkeypatch):
    first, second = run("report", "chains"), run("report", "chains")
    assert first == second and "generated" not in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = run("report", "chains", "--timestamp")
    assert "generated 2023-11-14 22:13 UTC" in stamped


def test_report_writes_atomically_and_picks_the_format_from_the_suffix(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    result = invoke("report", "chains", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Service chain report")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.md"]  # no temporary file left
    html = tmp_path / "report.html"
    assert invoke("report", "chains", "-o", str(html)).exit_code == 0
    check_html(html.read_text(encoding="utf-8"))


def test_report_to_a_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    result = invoke("report", "chains", "-o", str(tmp_path / "missing" / "report.html"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_the_markdown_report_of_the_broken_example():
    out = run("report", BROKEN, "--format", "markdown")
    check_markdown(out)
    assert "### Findings outside any service" in out
    assert out.count("```mermaid") == 11  # one per service


# --------------------------------------------------------------------------- a real process


def test_views_run_as_a_real_program(tmp_path):
    target = tmp_path / "report.html"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "report", "chains", "--isolated", "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    check_html(target.read_text(encoding="utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "impact", "nobody-at-all", SOLO, "--isolated"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_is_shown_on_stderr_when_it_is_a_terminal(tmp_path):
    import pty

    target = tmp_path / "report.md"
    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "svcchain", "report", "chains", "--isolated", "-o", str(target)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert process.wait(timeout=120) == 0
    assert process.stdout.read() == b""
    assert b"Writing the report" in seen
    assert target.read_text(encoding="utf-8").startswith("# Service chain report")
