"""``--format text``: ``path:line:col: SC101 [error] message`` and a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

    from svcchain.report import Report

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(report: Report) -> str:
    found = ", ".join(
        (
            _plural(report.errors, "error"),
            _plural(report.warnings, "warning"),
            _plural(report.infos, "info"),
        )
    )
    scope = f"{_plural(report.files, 'file')}, {_plural(report.services, 'service')}, {_plural(report.links, 'link')}"
    known = f" ({report.baselined} known in the baseline)" if report.baselined else ""
    if not report.findings:
        return f"All checks passed: {found} in {scope}{known}."
    return f"Found {found} in {scope}{known}."


def _one_line(message: str) -> str:
    return " ".join(message.split()) if ("\n" in message or "\r" in message) else message


def _where(file: str) -> str:
    """A path as the start of a line: never a CI workflow command.

    A line that starts with ``::`` is a command to GitHub Actions (``::error
    title=X::``), and a file may be named so.  ``./`` in front names the same
    file and starts no command.
    """
    return f"./{file}" if file.startswith(":") else file


def render(report: Report) -> str:
    lines = [
        f"{_where(f.file)}:{f.line}:{f.column}: {f.rule} [{f.severity.value}] {_one_line(f.text)}"
        for f in report.findings
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_rich(report: Report) -> Text:
    """The same lines as ``render``, styled by severity for a terminal."""
    from rich.text import Text

    out = Text()
    for f in report.findings:
        out.append(f"{_where(f.file)}:{f.line}:{f.column}:", style="bold")
        out.append(f" {f.rule} ")
        out.append(f"[{f.severity.value}]", style=STYLES[f.severity.value])
        out.append(f" {_one_line(f.text)}\n")
    style = "bold red" if report.errors else ("yellow" if report.warnings else "green")
    out.append(summary_line(report), style=style)
    return out


def render_suppressed(report: Report) -> str:
    """The findings inline directives silenced, for ``--show-suppressed``."""
    lines = [f"{len(report.suppressed)} finding(s) silenced by inline suppressions:"]
    for f, directive in sorted(report.suppressed, key=lambda pair: pair[0].sort_key()):
        reason = f" ({directive.reason})" if directive.reason else ""
        lines.append(
            f"{_where(f.file)}:{f.line}:{f.column}: {f.rule} [{f.severity.value}] {_one_line(f.text)}"
            f" — silenced at line {directive.line}{reason}"
        )
    return "\n".join(lines) + "\n"
