"""``--format markdown``: a summary for pull-request comments and ``$GITHUB_STEP_SUMMARY``.

A headline with the verdict and the counts, then a table of findings
(location, rule, severity, message).  The verdict (✅ or ❌) follows the
run's fail level, as the exit status does: a run with only findings below
``--fail-on`` passes.  Every cell is escaped for GitHub-flavoured Markdown, so
text from a chain file can neither break the table nor turn into markup,
HTML, maths or an @mention.  The table stops at ``MAX_ROWS`` rows to stay
within the size of a comment (65,536 characters); the headline still counts
everything.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from svcchain.reporters._common import clean, counts, plural, repo_path, scope
from svcchain.views.escape import no_autolinks

if TYPE_CHECKING:
    from svcchain.report import Report

MAX_ROWS = 250

#: characters that are markup anywhere in a line; each gets a backslash
_INLINE = re.compile(r"([\\`*_\[\]~$|])")
#: what makes a heading, list item or rule at the start of a line: "#", "-", "+", "=", "1." or "1)"
_BLOCK_START = re.compile(r"^(?:([#=+-])|(\d+)([.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def cell(text: str) -> str:
    """``text`` as one table cell: escaped, on one line (line breaks become ``<br>``)."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    text = text.replace("@", "@&#8203;")  # no @mention notifications from a chain file
    text = no_autolinks(text)  # no cross-references (#1, owner/repo#2, GH-3) or links from a chain file
    text = _BLOCK_START.sub(_escape_block_start, text.strip())
    return _NEWLINES.sub("<br>", text)


def _escape_block_start(match: re.Match[str]) -> str:
    marker, number, delimiter = match.groups()
    return f"\\{marker}" if marker else f"{number}\\{delimiter}"


def _passed_with(report: Report) -> str:
    """Why a run with findings passes: none reaches its fail level."""
    if report.fail_on == "never":
        return "the check passes: it fails on no finding (fail level: never)"
    return f"none at or above the fail level ({report.fail_on}), so the check passes"


def render(report: Report) -> str:
    if not report.findings:
        return f"### ✅ svcchain: all checks passed\n\nNo findings in {scope(report)}.\n"
    found = f"{plural(len(report.findings), 'finding')} in {scope(report)}"
    if report.fails():
        heading = f"### ❌ svcchain: {counts(report)}\n"
        sentence = f"{found}.\n"
    else:  # the verdict follows --fail-on, as the exit status does
        heading = f"### ✅ svcchain: {counts(report)}\n"
        sentence = f"{found}; {_passed_with(report)}.\n"
    lines = [
        heading,
        sentence,
        "| Location | Rule | Severity | Message |",
        "|---|---|---|---|",
    ]
    for finding in report.findings[:MAX_ROWS]:
        location = f"{repo_path(finding.file)}:{finding.line}"
        lines.append(
            f"| {cell(location)} | {cell(finding.rule + ' ' + finding.name)} | "
            f"{finding.severity.value} | {cell(finding.text)} |"
        )
    hidden = len(report.findings) - MAX_ROWS
    if hidden > 0:
        lines.append(f"\n… and {plural(hidden, 'more finding')}: run `svcchain check` to see them all.")
    return "\n".join(lines) + "\n"
