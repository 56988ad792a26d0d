"""--format markdown: a summary whose table survives any text a chain file holds.

The table is rendered with markdown-it-py (CommonMark + GFM tables) and every
cell must come back as the plain text it escaped, with no markup in it.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from broken_support import BROKEN_DATE
from markdown_it import MarkdownIt
from reporters_support import unsanitised

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Finding, Severity
from svcchain.report import Report
from svcchain.reporters import markdown
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def report_of(*paths: str) -> Report:
    """The check of ``paths``, on the fixed day of examples/broken (tests/broken_support.py)."""
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        return check(discover(list(paths)).files, Settings(today=BROKEN_DATE))
    finally:
        os.chdir(before)


class _Table(HTMLParser):
    """Rows of cell texts; any tag inside a cell other than <br> is recorded as markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.markup: list[str] = []
        self.other: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif self._cell is not None:
            if tag == "br":
                self._cell.append("\n")
            else:
                self.markup.append(tag)
        elif tag not in ("table", "thead", "tbody", "h3", "p"):
            self.other.append(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


_AUTOLINK_SHOWN = re.compile(r"(?i)(#|\bGH-)(?=\d)|\b(https?|ftp|mailto)(:)|\b(www)(\.)")


def unlinked(text: str) -> str:
    """``text`` as GitHub shows it after svcchain broke every would-be autolink with a zero-width space."""
    return _AUTOLINK_SHOWN.sub(
        lambda m: (
            (m.group(1) + "\u200b")
            if m.group(1)
            else (m.group(2) + m.group(3) + "\u200b" if m.group(2) else m.group(4) + "\u200b" + m.group(5))
        ),
        text,
    )


def rendered(text: str) -> _Table:
    table = _Table()
    table.feed(MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text))
    return table


def test_headline_counts_and_a_row_per_finding():
    report = report_of("examples/broken")
    text = markdown.render(report)
    assert text.splitlines()[0] == "### ❌ svcchain: 21 errors, 12 warnings, 1 info"
    assert "34 findings in 9 files, 11 services, 29 links." in text
    table = rendered(text)
    assert table.rows[0] == ["Location", "Rule", "Severity", "Message"]
    rows = table.rows[1:]
    assert len(rows) == len(report.findings)
    for row, finding in zip(rows, report.findings, strict=False):
        assert row == [
            f"{finding.file}:{finding.line}",
            f"{finding.rule} {finding.name}",
            finding.severity.value,
            unlinked(finding.text),
        ]
    assert not table.markup


def test_all_checks_passed():
    text = markdown.render(report_of("chains"))
    assert text == "### ✅ svcchain: all checks passed\n\nNo findings in 5 files, 3 services, 13 links.\n"
    assert "|" not in text


def test_hostile_text_comes_back_as_plain_text_in_its_cell():
    report = report_of("tests/reporters/hostile")
    text = markdown.render(report)
    table = rendered(text)
    assert not table.markup and not table.other
    rows = table.rows[1:]
    assert len(rows) == len(report.findings) and all(len(row) == 4 for row in rows)
    for row, finding in zip(rows, report.findings, strict=False):
        expected = finding.text.replace("\r\n", "\n").replace("\r", "\n")
        assert row[3] == unlinked(expected.replace("@", "@\u200b"))
    assert "<script>" not in text and "\\$x\\$" in text and "@&#8203;here" in text


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("a | b", "a | b"),
        ("`code`", "`code`"),
        ("*bold* _em_ ~~gone~~", "*bold* _em_ ~~gone~~"),
        ("[link](https://example.com) ![img](x.png)", "[link](https://example.com) ![img](x.png)"),
        ("<b>bold</b> & &amp; &lt;", "<b>bold</b> & &amp; &lt;"),
        ("# heading", "# heading"),
        ("- item", "- item"),
        ("+ item", "+ item"),
        ("1. first", "1. first"),
        ("12) twelfth", "12) twelfth"),
        ("> quote", "> quote"),
        ("=== setext", "=== setext"),
        ("back\\slash \\| \\*", "back\\slash \\| \\*"),
        ("one\ntwo\r\nthree\rfour", "one\ntwo\nthree\nfour"),
    ],
)
def test_cell_escaping(raw, shown):
    odd = unsanitised(raw)
    table = rendered(markdown.render(Report([odd], 1, 0, 0)))
    assert not table.markup and not table.other, table.markup
    assert table.rows[1][3] == unlinked(shown)


def test_a_cell_is_one_line_and_has_no_raw_html_or_pipes():
    cell = markdown.cell("a|b\n<i>x</i>\r\n`y`")
    assert "\n" not in cell and "\r" not in cell
    assert "<i>" not in cell and "|" not in cell.replace("\\|", "")


def test_long_reports_are_cut_to_fit_a_comment():
    many = [
        Finding("SC101", "unowned-link", Severity.ERROR, f"link {n} has no owner", "a.yaml", n, 1)
        for n in range(1, markdown.MAX_ROWS + 31)
    ]
    text = markdown.render(Report(many, 1, 1, len(many)))
    table = rendered(text)
    assert len(table.rows) == markdown.MAX_ROWS + 1
    assert text.rstrip().endswith("… and 30 more findings: run `svcchain check` to see them all.")
    assert f"{len(many)} findings in" in text


def test_a_run_that_fails_on_nothing_passes_with_its_findings_listed():
    report = report_of("examples/broken")
    report.fail_on = "never"
    text = markdown.render(report)
    assert text.startswith("### ✅ svcchain: 21 errors, 12 warnings, 1 info\n")
    assert "fails on no finding (fail level: never)" in text
    assert len(rendered(text).rows) == 35  # the header and every finding
