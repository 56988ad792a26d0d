"""What the formats of ``svcchain diff`` share: the sides' names, the gate, counts and the registry.

``DIFF_FORMATS`` maps a format of ``svcchain diff --format`` to the module
that renders it (``render(changes, context) -> str``) and the file suffixes
``-o FILE`` picks it by.  The formats of ``svcchain check`` (``REPORTERS``)
render one report; these render a ``svcchain.changes.Changes``.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcchain.selectors import SEVERITIES

if TYPE_CHECKING:
    from svcchain.changeset import Changes
    from svcchain.findings import Finding


@dataclass(frozen=True)
class DiffFormat:
    module: str
    description: str
    suffixes: tuple[str, ...] = ()


DIFF_FORMATS: dict[str, DiffFormat] = {
    "text": DiffFormat("svcchain.reporters.diff_text", "what the change does, per service, for people", (".txt",)),
    "json": DiffFormat("svcchain.reporters.diff_json", "the JSON object of docs/diff.md", (".json",)),
    "markdown": DiffFormat(
        "svcchain.reporters.diff_markdown", "a pull-request comment (GitHub-flavoured Markdown)", (".md", ".markdown")
    ),
    "github": DiffFormat("svcchain.reporters.diff_github", "GitHub Actions annotations for the new findings"),
}


@dataclass(frozen=True)
class Side:
    """One side as the output names it."""

    name: str  # origin/main, working tree, old/
    kind: str  # revision | worktree | folder
    commit: str | None = None
    #: configured paths this side does not hold (a folder the change adds or deletes)
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiffContext:
    """What the renderers need besides the changes: the sides, the gate, where files can be linked."""

    base: Side
    head: Side
    fail_on: str = "new-error"
    #: ``https://github.com/OWNER/REPO/blob/SHA/``: Markdown links a finding's file:line there
    link_base: str | None = None


Renderer = Callable[["Changes", DiffContext], str]


def get_renderer(name: str) -> Renderer:
    renderer: Renderer = importlib.import_module(DIFF_FORMATS[name].module).render
    return renderer


def suffixes() -> dict[str, tuple[str, ...]]:
    return {name: entry.suffixes for name, entry in DIFF_FORMATS.items()}


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counted = Counter(finding.severity.value for finding in findings)
    return {severity: counted.get(severity, 0) for severity in SEVERITIES}


def new_counts(findings: Iterable[Finding]) -> str:
    """``1 new error, 2 new warnings`` (infos only when there are some)."""
    counted = by_severity(findings)
    parts = [plural(counted["error"], "new error"), plural(counted["warning"], "new warning")]
    if counted["info"]:
        parts.append(plural(counted["info"], "new info"))
    return ", ".join(parts)


def verdict(changes: Changes, context: DiffContext) -> str:
    """Why the gate passes or fails, in one sentence."""
    failing = changes.gate(context.fail_on)
    if failing:
        return f"fails: {plural(len(failing), 'new finding')} at or above the gate (--fail-on {context.fail_on})"
    if context.fail_on == "never":
        return "passes: the gate fails on nothing (--fail-on never)"
    return f"passes: no new finding at or above the gate (--fail-on {context.fail_on})"


def side_label(side: Side) -> str:
    if side.kind == "revision" and side.commit and side.name != side.commit:
        return f"{side.name} ({side.commit[:12]})"
    return side.name


def headline_facts(changes: Changes) -> list[str]:
    """The few numbers a reviewer reads first: ownership moves, needs made worse, overloads, unreadable files."""
    facts = []
    moves = len(changes.moves)
    if moves:
        facts.append(plural(moves, "ownership change"))
    added = sum(len(service.links_added) for service in changes.services)
    removed = sum(len(service.links_removed) for service in changes.services)
    if added or removed:
        facts.append(f"{plural(added, 'link')} added, {removed} removed")
    worse = [need for need in changes.needs if need.worse]
    if worse:
        facts.append(plural(len(worse), "customer need") + " now unmet or at risk")
    over = [load for load in changes.owners if load.crossing == "over"]
    if over:
        facts.append(plural(len(over), "owner") + " over the limit")
    unreadable = [entry for entry in changes.unreadable if entry.side == "head"]
    if unreadable:
        facts.append(plural(len(unreadable), "file") + " that cannot be read")
    if changes.fixed:
        facts.append(f"{len(changes.fixed)} fixed")
    return facts


def state_text(state: str | None, people: tuple[str, ...] = (), name: Callable[[str], str] = str) -> str:
    """A need's state in words: ``unmet``, ``at risk (rests on erik)``, ``new``; ``name`` escapes an id."""
    if state is None:
        return "new"
    if state == "at-risk":
        return f"at risk (rests on {', '.join(name(person) for person in people)})" if people else "at risk"
    return state
