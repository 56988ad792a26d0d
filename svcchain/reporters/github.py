"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=…,line=…,col=…,title=…::message`` (``warning`` → ``::warning``,
``info`` → ``::notice``), escaped exactly as GitHub's toolkit escapes
(``actions/toolkit`` ``core/src/command.ts``): in the message ``%``, CR and
LF; in property values also ``:`` and ``,``.  So no text from a chain file
can end a command early or start a new one.  The last line is a plain summary
(not a command).  Chosen automatically inside GitHub Actions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.reporters._common import clean, counts, repo_path, scope

if TYPE_CHECKING:
    from svcchain.report import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The toolkit's ``escapeData``: for the message after ``::``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """The toolkit's ``escapeProperty``: for ``key=value`` properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for finding in report.findings:
        properties = [("file", repo_path(finding.file))]
        if finding.line >= 1:
            properties.append(("line", str(finding.line)))
            if finding.column >= 1:
                properties.append(("col", str(finding.column)))
        properties.append(("title", f"{finding.rule} {finding.name}"))
        joined = ",".join(f"{key}={escape_property(clean(value))}" for key, value in properties)
        lines.append(f"::{COMMANDS[finding.severity.value]} {joined}::{escape_data(clean(finding.text))}")
    if report.findings:
        lines.append(f"svcchain: found {counts(report)} in {scope(report)}.")
    else:
        lines.append(f"svcchain: all checks passed in {scope(report)}.")
    return "\n".join(lines) + "\n"
