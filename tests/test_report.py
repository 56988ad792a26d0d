"""The consultant's report as a deliverable: front matter, executive summary, recommendations, RACI,
data quality, accepted exceptions, --compare, PDF, and no local path.

On tests/views/municipality/: a municipality's building-permit chain (3 services, 25 links) with people
leaving, a deputy, an implicit requirement, a missed target, a stale review, a typo (`on:`), an unowned
link, an unmet need, a cross-service handoff and an inline suppression with a reason.  Every run is on
the fixed day 2026-06-01.  The browser-dependent checks (print layout, PDF) are in
tests/test_report_print.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner
from views.checks import check_html, check_markdown

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITY = "tests/views/municipality"
TODAY = "2026-06-01"
NO_BROWSER = (
    "svcchain: --format pdf needs Chromium or Google Chrome: install it (e.g. apt install chromium) or write "
    "--format html and print it from a browser"
)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, [*args, "--isolated", "--today", TODAY], env=env)


def run(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def report(fmt: str = "html", *args: str, chains: str = MUNICIPALITY) -> str:
    """The report; in HTML without the line-break opportunities (``<wbr>``) long words get."""
    return run("report", chains, "--format", fmt, *args).replace("<wbr>", "")


def analysis_of(folder: str = MUNICIPALITY):
    import datetime

    from svcchain.analysis import Analysis
    from svcchain.discover import discover
    from svcchain.engine import check
    from svcchain.settings import Settings

    found = discover([folder])
    checked = check(found.files, Settings(today=datetime.date.fromisoformat(TODAY)), extra=found.problems())
    return checked, Analysis.from_report(checked)


def text_of(page: str) -> str:
    """The text of (part of) a report, every element a word apart, for phrase checks."""
    check_html(page)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}">')
    return page[start : page.index("</section>", start)]


# --------------------------------------------------------------------------- the organisation


def test_the_municipality_is_the_organisation_the_issue_describes():
    result = invoke("check", MUNICIPALITY, "--format", "json")
    found = json.loads(result.stdout)
    assert (found["summary"]["services"], found["summary"]["links"]) == (3, 25)
    rules = {finding["rule"] for finding in found["findings"]}
    assert {"SC002", "SC101", "SC108", "SC109", "SC301", "SC304", "SC403", "SC404"} <= rules
    checked, analysis = analysis_of()
    assert [(f.rule, d.reason) for f, d in checked.suppressed] == [
        ("SC105", "one registered archivist by law; the regional archive covers absences")
    ]
    fee = analysis.model.services["building-permits"].links["fee-assessment"]
    assert fee.deputy is not None and fee.deputy.value == "lisa"
    assert [link.key for link in analysis.downstream_links(analysis.model.services["building-permits"])] == [
        "permit-fees/invoice",
        "site-inspections/inspection-planning",
    ]


# --------------------------------------------------------------------------- front matter


def test_the_cover_has_title_client_author_and_date():
    page = report(
        "html", "--title", "Building permits review", "--client", "Municipality of Eastbrook", "--author", "A. Adviser"
    )
    cover = page[page.index('<header class="cover">') : page.index("</header>")]
    assert "<h1>Building permits review</h1>" in cover
    for label, value in (("Client", "Municipality of Eastbrook"), ("Prepared by", "A. Adviser"), ("Date", TODAY)):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in cover
    assert "<title>Building permits review - Municipality of Eastbrook</title>" in page
    text = report("markdown", "--client", "Municipality of Eastbrook", "--date", "June 2026")
    assert text.startswith("# Service chain report\n\n**Client:** Municipality of Eastbrook · **Date:** June 2026 · ")


def test_the_date_is_today_unless_given():
    assert f"<dt>Date</dt><dd>{TODAY}</dd>" in report()
    assert "<dt>Date</dt><dd>1 June 2026</dd>" in report("html", "--date", "1 June 2026")
    result = invoke("report", MUNICIPALITY, "--title", "  ")
    assert result.exit_code == 2 and "--title is empty" in result.stderr


def test_no_local_path_in_any_report_unless_asked_for():
    absolute = str(ROOT / MUNICIPALITY)
    for fmt in ("html", "markdown", "json"):
        out = report(fmt, chains=absolute)
        assert str(ROOT) not in out and "tests/views" not in out, fmt
    page = report("html", chains=absolute)
    assert "municipality/site-inspections.yaml:32:9" in page  # the appendix names files from the folder given
    shown = report("html", "--show-paths", chains=absolute)
    assert f"<dt>Chain files</dt><dd>{absolute}</dd>" in shown
    assert "<dt>Chain files</dt>" not in report("html")


def test_the_report_settings_of_the_config_file(tmp_path, capsys):
    from svcchain.cli.report import report_config

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.svcchain.report]\ntitle = "Permits"\nclient = "Eastbrook"\ndate = 2026-06-30\npaper = "letter"\n'
        "show-paths = true\n",
        encoding="utf-8",
    )
    assert report_config(str(pyproject)) == {
        "title": "Permits",
        "client": "Eastbrook",
        "date": "2026-06-30",
        "paper": "letter",
        "show-paths": True,
    }
    standalone = tmp_path / "svcchain.toml"
    standalone.write_text('[report]\nauthor = "A. Adviser"\n', encoding="utf-8")
    assert report_config(str(standalone)) == {"author": "A. Adviser"}
    assert report_config(None) == {}
    for bad, says in (
        ('[report]\nclinet = "x"\n', "report.clinet: unknown key (did you mean 'client'?)"),
        ("[report]\ntitle = 3\n", "report.title: must be a string"),
        ('[report]\npaper = "a5"\n', "report.paper: must be one of a4, letter"),
        ('[report]\nshow-paths = "yes"\n', "report.show-paths: must be true or false"),
    ):
        standalone.write_text(bad, encoding="utf-8")
        with pytest.raises(typer.Exit):
            report_config(str(standalone))
        assert says in capsys.readouterr().err


def test_the_report_settings_apply_to_the_report(tmp_path):
    shutil.copytree(ROOT / MUNICIPALITY, tmp_path / "chains")
    (tmp_path / "svcchain.toml").write_text('[report]\nclient = "Eastbrook"\nauthor = "A. Adviser"\n', "utf-8")
    os.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", "--today", TODAY])
    assert result.exit_code == 0, result.stderr
    assert "<dt>Client</dt><dd>Eastbrook</dd>" in result.stdout
    result = CliRunner().invoke(app, ["report", "--today", TODAY, "--client", "Westbrook"])
    assert "<dt>Client</dt><dd>Westbrook</dd>" in result.stdout  # the command line wins


# --------------------------------------------------------------------------- executive summary


def test_the_executive_summary_says_it_in_plain_words():
    page = report()
    summary = text_of(section(page, "summary"))
    assert "3 services, delivered in 25 steps (links) by 15 people in 5 teams" in summary
    assert "Their customers have 10 needs; 9 of them are delivered end to end today" in summary
    assert "1 format problem (data quality): they are listed apart and do not lower the health scores" in summary
    gaps = re.findall(r"<li><strong>(.*?)</strong>", section(page, "summary"))
    assert len(gaps) == 5
    assert gaps[0].startswith("7 people are single points of failure")
    joined = " ".join(gaps)
    for expected in (
        "2 steps have nobody who answers for them",
        "1 customer need is not delivered end to end: ‘Part of the fee refunded",
        "2 people have left or leave soon and still hold work",
        "1 step missed its target: link ‘Decision drafting’",
    ):
        assert expected in joined, expected
    assert summary.count("It touches") >= 3  # why each matters: the customer needs it reaches


def test_data_quality_is_apart_and_does_not_lower_health():
    checked, analysis = analysis_of()
    typo = [f for f in checked.findings if f.rule == "SC002"]
    assert len(typo) == 1 and typo[0].service == "site-inspections"
    assert analysis.health("site-inspections") == 78  # 2 errors would be 60: the SC002 is not counted
    page = report()
    quality = section(page, "data-quality")
    assert "SC002" in quality and "site-inspections.yaml:32:9" in quality
    assert (
        "SC002" not in section(page, "recommendations") and "key must be a string" not in page.split("data-quality")[0]
    )


# --------------------------------------------------------------------------- recommendations


def test_recommendations_come_from_the_findings_and_are_for_people():
    from svcchain.analysis.gaps import GROUPS
    from svcchain.analysis.health import is_data_quality
    from svcchain.analysis.recommendations import recommendations

    checked, analysis = analysis_of()
    found = recommendations(analysis, checked.suppressed)
    behind = [id(finding) for rec in found for finding in rec.findings]
    assert sorted(behind) == sorted(id(f) for f in checked.findings if not is_data_quality(f))  # each once
    groups = [rec.group for rec in found]
    assert groups == sorted(groups, key=GROUPS.index)
    for group in GROUPS:
        keys = [rec.sort_key() for rec in found if rec.group == group]
        assert keys == sorted(keys), group
    for rec in found:
        assert not re.search(r"SC\d{3}|'\w+:'|\badd '", rec.action), rec.action  # no rule codes, no YAML keys
        assert rec.why, rec.action
    actions = [rec.action for rec in found]
    assert "Give link ‘Enforcement’ an owner who answers for its result" in actions
    assert any(
        a.startswith("Name a deputy for what ‘Joost Meijer’ carries alone: link ‘Decision signing’") for a in actions
    )
    assert any(a.startswith("Hand over what ‘Henk Mulder’ (left on 2026-04-30) still holds") for a in actions)
    spof = next(rec for rec in found if "Wim Bakker" in rec.action)
    assert "one registered archivist by law" in spof.why  # the accepted exception is named


def test_the_recommendations_section_groups_by_what_a_manager_can_act_on():
    recs = section(report(), "recommendations")
    headings = re.findall(r"<h3>(.*?)</h3>", recs)
    assert headings == ["Ownership", "Safety net", "Customer needs", "Measurement"]
    assert '<span class="pill high">high</span>' in recs and "Why it matters for the customer" in recs
    assert "Customer needs touched" in recs
    appendix = section(report(), "appendix")
    assert "site-inspections.yaml:74:9" in appendix  # the file:line detail of SC101 is in the appendix


# --------------------------------------------------------------------------- services, RACI, everything held


def test_the_raci_matrix_in_svcchain_terms():
    from svcchain.analysis.raci import raci

    _, analysis = analysis_of()
    matrix = raci(analysis, analysis.model.services["building-permits"])
    parties = [party.id for party in matrix.parties]
    assert parties[0] == "marieke"
    cells = {row.link.id: dict(zip(parties, row.cells, strict=True)) for row in matrix.rows}
    assert cells["intake"]["marieke"] == "A F" and cells["intake"]["front-office"] == "R"
    assert (cells["fee-assessment"]["tom"], cells["fee-assessment"]["lisa"]) == ("R", "D")
    fire = raci(analysis, analysis.model.services["site-inspections"])
    enforcement = next(row for row in fire.rows if row.link.id == "enforcement")
    assert [cell for cell in enforcement.cells if cell] == ["A"]  # no owner: nobody responsible
    page = report()
    assert page.count("<h3>RACI matrix</h3>") == 3
    for letter, meaning in (
        ("A", "Accountable: the service&#x27;s owner"),
        ("R", "Responsible: the link&#x27;s owner"),
    ):
        assert f"<b>{letter}</b> {meaning}" in page
    assert "<b>F</b> Facilitator" in page and "<b>D</b> Deputy" in page
    assert "| Link | Marieke Jansen | Front office (team) |" in report("markdown")


def test_cross_service_handoffs_are_drawn_and_every_symbol_is_in_the_legend():
    page = report()
    permits = page[page.index('id="service-building-permits"') : page.index('id="service-permit-fees"')]
    assert "TO OTHER SERVICES" in permits and "permit-fees / Invoicing" in permits
    assert "↻" in page and "info marker" in page and "number of findings about the link" in page
    mermaid = report("markdown").split("## Building permits")[1].split("### Links in handoff order")[0]
    assert "permit-fees / Invoicing" in mermaid


def test_everything_the_model_holds_is_in_the_report():
    page = report()
    text = text_of(page)
    assert "Asset register" in text and "no owner" in section(page, "assets")
    assert "Written in plain language (B1 level)" in text and "<strong>implicit</strong>" in page
    people = section(page, "people")
    assert "leaving: last day 2026-06-20" in people and "has left: last day 2026-04-30" in people
    assert "building-permits/fee-assessment" in people and "Lisa Kramer" in people
    assert "actual 88% on 2026-05-31" in page and "stale: due for a review" in page
    exceptions = section(page, "exceptions")
    assert (
        "SC105" in exceptions and "one registered archivist by law; the regional archive covers absences" in exceptions
    )
    markdown = report("markdown")
    assert "## Accepted exceptions" in markdown and "one registered archivist by law" in markdown


def test_the_markdown_report_has_the_same_sections():
    page, text = report(), report("markdown")
    check_markdown(text)
    html_titles = [re.sub(r"<[^>]+>", "", title).strip() for title in re.findall(r"<h2>(.*?)</h2>", page)]
    md_titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert len(html_titles) == len(md_titles)
    for html_title, md_title in zip(html_titles, md_titles, strict=True):
        assert html_title.split()[0] == md_title.split()[0], (html_title, md_title)


# --------------------------------------------------------------------------- the data and --compare


def test_the_report_embeds_its_data_and_writes_it_as_json():
    page = report()
    block = re.search(r'<script type="application/json" id="svcchain-data">(.*?)</script>', page, re.DOTALL)
    assert block is not None and "<" not in block.group(1)
    assert json.loads(block.group(1)) == json.loads(report("json"))
    data = json.loads(report("json"))
    assert data["svcchain-report"] == 1 and data["today"] == TODAY
    assert [s["health"] for s in data["services"]] == [68, 36, 78]
    assert all("subject" in finding for finding in data["findings"] if finding["rule"] != "SC002")


def test_the_data_block_of_hostile_names_cannot_end_its_script():
    page = report(chains="tests/views/hostile-names")
    check_html(page)
    assert page.count("</script>") == 1 and page.count("<script") == 1


@pytest.fixture
def later(tmp_path):
    """The municipality three months on: enforcement owned, a refunds link instead of collection, tom gone."""
    folder = tmp_path / "now"
    shutil.copytree(ROOT / MUNICIPALITY, folder)
    fees = (folder / "permit-fees.yaml").read_text(encoding="utf-8")
    start, end = fees.index("      - id: collection"), fees.index("      - id: ledger-booking")
    refunds = (
        "      - id: refunds\n        name: Refunds\n        owner: receivables\n"
        "        result: Part of the fee refunded within 30 days of a withdrawal\n"
        '        measures:\n          - name: refunded within 30 days\n            target: ">= 95%"\n'
        "        after: [invoice]\n        delivers: [refund-on-withdrawal]\n\n"
    )
    fees = fees[:start] + refunds + fees[end:]
    (folder / "permit-fees.yaml").write_text(
        fees.replace("[payment-matching, collection]", "[payment-matching, reminders]")
    )
    inspections = (folder / "site-inspections.yaml").read_text(encoding="utf-8")
    inspections = inspections.replace(
        "        name: Enforcement\n", "        name: Enforcement\n        owner: inspectors\n"
    )
    (folder / "site-inspections.yaml").write_text(inspections, encoding="utf-8")
    permits = (folder / "building-permits.yaml").read_text(encoding="utf-8")
    (folder / "building-permits.yaml").write_text(
        permits.replace("owner: tom\n        deputy: lisa", "owner: lisa\n        deputy: sanne"), encoding="utf-8"
    )
    return folder


def test_compare_with_an_earlier_report(tmp_path, later):
    previous = tmp_path / "previous.json"
    assert invoke("report", MUNICIPALITY, "-o", str(previous)).exit_code == 0
    html = tmp_path / "previous.html"
    assert invoke("report", MUNICIPALITY, "-o", str(html)).exit_code == 0
    for earlier in (previous, html):
        page = run("report", str(later), "--compare", str(earlier)).replace("<wbr>", "")
        changes = text_of(section(page, "changes"))
        assert "Compared with an earlier report (the report of 2026-06-01): 3 findings fixed, 0 new" in changes
        assert "Links added permit-fees/refunds Links removed permit-fees/collection" in changes
        assert "Owners removed tom" in changes
        assert "owner of building-permits/fee-assessment tom lisa" in changes
        assert "deputy of building-permits/fee-assessment lisa sanne" in changes
        assert "owner of site-inspections/enforcement - inspectors" in changes
        assert "site-inspections 78 98" in changes and "permit-fees 36 56" in changes
        for rule in ("SC101", "SC109", "SC301"):
            assert rule in section(page, "changes")
    text = run("report", str(later), "--compare", str(previous), "--format", "markdown")
    assert "## What changed since the last visit" in text and "| `permit-fees` | 36 | 56 |" in text


def test_compare_with_a_checks_json_says_what_it_cannot_compare(tmp_path, later):
    previous = tmp_path / "check.json"
    previous.write_text(invoke("check", MUNICIPALITY, "--format", "json").stdout, encoding="utf-8")
    changes = text_of(section(run("report", str(later), "--compare", str(previous)).replace("<wbr>", ""), "changes"))
    assert "Compared with an earlier check's JSON: 3 findings fixed, 0 new" in changes
    assert "Not compared: services, links and owners added or removed" in changes
    assert "site-inspections - 98" in changes


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json", "not JSON"),
        ('{"a": 1}', "not the JSON of 'svcchain check --format json' or of a report"),
        ("<html><body>hello</body></html>", "an HTML file that holds no report data"),
    ],
)
def test_compare_with_something_else_is_a_usage_error(tmp_path, content, says):
    earlier = tmp_path / "earlier"
    earlier.write_text(content, encoding="utf-8")
    result = invoke("report", MUNICIPALITY, "--compare", str(earlier))
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.stderr
    missing = invoke("report", MUNICIPALITY, "--compare", str(tmp_path / "missing.json"))
    assert missing.exit_code == 2 and "cannot read it" in missing.stderr


# --------------------------------------------------------------------------- PDF


def test_pdf_without_a_browser_says_what_to_install(tmp_path):
    env = {"SVCCHAIN_CHROMIUM": str(tmp_path / "no-such-browser")}
    for args in (["--format", "pdf", "-o", str(tmp_path / "r.pdf")], ["-o", str(tmp_path / "r.pdf")]):
        result = invoke("report", MUNICIPALITY, *args, env=env)
        assert result.exit_code == 2
        assert result.stderr.strip() == NO_BROWSER
    assert not list(tmp_path.iterdir())
    result = invoke("report", MUNICIPALITY, "--format", "pdf")
    assert result.exit_code == 2 and "give -o FILE" in result.stderr


def test_the_browser_prints_offline_with_a_fresh_profile(tmp_path):
    from svcchain.cli.pdf import command

    line = command("chromium", tmp_path / "report.html", tmp_path / "report.pdf", tmp_path / "profile")
    for flag in (
        "--headless",
        "--no-pdf-header-footer",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--disable-background-networking",
        "--disable-component-update",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--print-to-pdf={tmp_path / 'report.pdf'}",
    ):
        assert flag in line, flag
    assert line[-1] == (tmp_path / "report.html").as_uri()


def test_a_browser_that_fails_is_one_line(tmp_path):
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\necho 'something went wrong' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    result = invoke("report", MUNICIPALITY, "-o", str(tmp_path / "r.pdf"), env={"SVCCHAIN_CHROMIUM": str(fake)})
    assert result.exit_code == 2
    assert "could not print the report to PDF: something went wrong" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


# --------------------------------------------------------------------------- a real process


def test_the_report_as_a_real_program(tmp_path):
    target = tmp_path / "report.html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "svcchain",
            "report",
            MUNICIPALITY,
            "--isolated",
            "--today",
            TODAY,
            "--client",
            "Municipality of Eastbrook",
            "-o",
            str(target),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    page = target.read_text(encoding="utf-8")
    check_html(page)
    assert "<dt>Client</dt><dd>Municipality of Eastbrook</dd>" in page
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.html"]


# --------------------------------------------------------------------------- golden: the text-free parts

GOLDEN = ROOT / "tests" / "golden" / "views" / "municipality-layout.txt"


def layout(page: str) -> str:
    """What the report looks like without its words: the order of its sections, the letters of each RACI
    matrix, and the geometry of every diagram and printed part (view box, boxes, arrows)."""
    lines = [f"section {anchor}" for anchor in re.findall(r'<section (?:class="service" )?id="([^"]+)">', page)]
    for table in re.findall(r'<table class="raci">(.*?)</table>', page, re.DOTALL):
        parties = table.count('<th class="party">')
        lines.append(f"raci {parties} parties")
        for row in re.findall(r"<tr><td class=\"link\">.*?</tr>", table):
            cells = re.findall(r'<td class="letters">(.*?)</td>', row)
            lines.append(("  " + "|".join(f"{cell:3}" for cell in cells)).rstrip())
    for match in re.finditer(
        r'<svg [^>]*viewBox="([^"]+)"[^>]*class="(chain-diagram|chain-part)"[^>]*>(.*?)</svg>', page, re.DOTALL
    ):
        view, kind, body = match.groups()
        boxes = re.findall(
            r'<g class="node (\w+)">\s*(?:<title>.*?</title>\s*)?<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"',
            body,
        )
        lines.append(f"{kind} {view}: {len(re.findall(r'<path d=[^>]* stroke=', body))} arrows")
        lines += [f"  {node} {x},{y} {w}x{h}" for node, x, y, w, h in boxes]
    return "\n".join(lines) + "\n"


def test_the_layout_matches_its_golden_file():
    actual = layout(report())
    if os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8", newline="")
        return
    assert GOLDEN.exists(), f"{GOLDEN} is missing; create it with SVCCHAIN_UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == GOLDEN.read_text(encoding="utf-8"), (
        "the report's layout changed; if intended, regenerate with SVCCHAIN_UPDATE_GOLDEN=1 pytest "
        "tests/test_report.py and review the diff"
    )
