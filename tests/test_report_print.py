"""The report printed: its HTML and its PDF in headless Chromium, on A4 and on Letter.

For examples/it-provider (7 services, 43 links) and tests/views/municipality (3 services, 25 links):

- the PDF (``report --format pdf``) prints on a bounded number of pages: ``PAGE_BOUND`` (measured when
  written: municipality 20 pages on A4 and 21 on Letter, it-provider 29 on both), every service on pages
  of its own;
- no text in the PDF is smaller than 7 pt (pypdf reads every piece of text with the size it is printed
  at, diagrams included), and none is outside its page;
- the HTML with its print style sheet at a printed page's width (703 px for A4, 725 px for Letter):
  nothing sticks out of the page (no clipped table), no text under 7 pt (9.33 px), no diagram text outside
  its box, no request for any resource, no console error;
- the report as it is (with its Content-Security-Policy, which would log any request) logs no error;
- no local path is in the HTML or the PDF.

Skipped, with the reason, when no Chromium is found (``apt-get install chromium``, or set
``SVCCHAIN_CHROMIUM``) or pypdf is not installed (``pip install -e '.[test]'``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from views.browser import PRINTED_WIDTH, browse, chromium, console_errors, pdf_text, pdf_text_runs, probe

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-06-01"
ORGANISATIONS = {
    "it-provider": ROOT / "examples" / "it-provider",
    "municipality": ROOT / "tests" / "views" / "municipality",
}
SERVICES = {"it-provider": 7, "municipality": 3}
#: The most pages each report may print on, on A4 and on Letter.
PAGE_BOUND = {"it-provider": 34, "municipality": 24}
#: Page sizes in pt.
PAPER = {"a4": (595, 842), "letter": (612, 792)}
MIN_PT = 7.0

BROWSER = chromium()
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium binary found (apt-get install chromium, or set SVCCHAIN_CHROMIUM)"
)
CASES = [(name, paper) for name in ORGANISATIONS for paper in PAPER]


def _report(folder: Path, name: str, *args: str) -> Path:
    # the absolute path of the chain files: the report must still name no local folder
    result = CliRunner().invoke(
        app, ["report", str(ORGANISATIONS[name]), "--isolated", "--today", TODAY, "--client", "Client", *args]
    )
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Each organisation's report as HTML and as PDF on each paper, made once."""
    pytest.importorskip("pypdf", reason="pypdf reads the PDF (pip install -e '.[test]')")
    made: dict[tuple[str, str], Path] = {}
    for name in ORGANISATIONS:
        folder = tmp_path_factory.mktemp(name)
        made[(name, "html")] = folder / "report.html"
        _report(folder, name, "-o", str(folder / "report.html"))
        for paper in PAPER:
            target = folder / f"report-{paper}.pdf"
            _report(folder, name, "--paper", paper, "-o", str(target))
            made[(name, paper)] = target
    return made


@pytest.mark.parametrize(("name", "paper"), CASES)
def test_the_pdf_prints_on_a_bounded_number_of_pages(printed, name, paper):
    pages, size, _ = pdf_text_runs(printed[(name, paper)])
    assert abs(size[0] - PAPER[paper][0]) < 2 and abs(size[1] - PAPER[paper][1]) < 2, size
    # the cover, the summary, the recommendations and every service start a page of their own
    assert SERVICES[name] + 3 <= pages <= PAGE_BOUND[name], pages


@pytest.mark.parametrize(("name", "paper"), CASES)
def test_no_text_in_the_pdf_is_under_7pt_or_off_the_page(printed, name, paper):
    _, (width, height), runs = pdf_text_runs(printed[(name, paper)])
    assert runs
    smallest = min(runs)
    assert smallest[0] >= MIN_PT, f"text printed at {smallest[0]:.2f} pt: {smallest[3]!r}"
    off = [run for run in runs if not (0 <= run[1] <= width and 0 <= run[2] <= height)]
    assert off == []


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_no_local_path_in_the_html_or_the_pdf(printed, name):
    html = printed[(name, "html")].read_text(encoding="utf-8")
    assert str(ROOT) not in html
    for paper in PAPER:
        text = "".join(pdf_text(printed[(name, paper)]).split())
        assert str(ROOT) not in text and "Client" in text


@pytest.mark.parametrize(("name", "paper"), CASES)
def test_the_printed_layout_fits_the_page(printed, tmp_path, name, paper):
    found = probe(BROWSER, printed[(name, "html")], tmp_path, PRINTED_WIDTH[paper])
    assert found["overflow"] == [], "sticks out of the printed page"
    assert found["small"] == [] and found["smallest"] >= 9.33, found["small"][:5]
    assert found["outside"] == [], "diagram text outside its box"
    assert found["resources"] == [], "the page asked for a resource"
    assert found["console"] == []
    assert found["parts"] > 0  # the wide diagrams print in parts


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_the_report_logs_no_error_and_loads_nothing(printed, tmp_path, name):
    # the report's Content-Security-Policy forbids every load and Chromium logs each one it refuses
    # (tests/test_views_browser.py shows that an outside load is logged): a clean log means none
    done = browse(BROWSER, printed[(name, "html")], tmp_path / "profile", "--dump-dom")
    assert console_errors(done.stderr) == []
    assert 'id="svcchain-data"' in done.stdout  # the data block is there, as data
