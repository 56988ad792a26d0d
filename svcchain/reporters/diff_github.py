"""``svcchain diff --format github``: an annotation for each finding the change introduces, nothing else.

The workflow commands and their escaping are those of ``--format github``
of ``svcchain check`` (``reporters.github``); the title says the finding is
new.  The last line is a plain summary with the gate's verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.reporters._common import clean, repo_path
from svcchain.reporters.diff_common import new_counts, verdict
from svcchain.reporters.github import COMMANDS, escape_data, escape_property

if TYPE_CHECKING:
    from svcchain.changeset import Changes
    from svcchain.reporters.diff_common import DiffContext


def render(changes: Changes, context: DiffContext) -> str:
    lines = []
    for finding in changes.new:
        properties = [("file", repo_path(finding.file))]
        if finding.line >= 1:
            properties.append(("line", str(finding.line)))
            if finding.column >= 1:
                properties.append(("col", str(finding.column)))
        properties.append(("title", f"{finding.rule} {finding.name} (new in this change)"))
        joined = ",".join(f"{key}={escape_property(clean(value))}" for key, value in properties)
        lines.append(f"::{COMMANDS[finding.severity.value]} {joined}::{escape_data(clean(finding.text))}")
    fixed = f", {len(changes.fixed)} fixed" if changes.fixed else ""
    lines.append(f"svcchain diff: {new_counts(changes.new)}{fixed}; the gate {verdict(changes, context)}.")
    return "\n".join(lines) + "\n"
