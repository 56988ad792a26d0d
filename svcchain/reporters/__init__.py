"""Output formats: one module per format, each a pure ``render(report) -> str``.

``REPORTERS`` maps a format name to a ``Reporter``: its module, a one-line
description and the file suffixes it writes (``check -o report.sarif`` picks
the format by them; the first format that lists a suffix wins when no
``--format`` is given).  The module is imported only when that format is
used.  A new format is one module plus one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.report import Report


@dataclass(frozen=True)
class Reporter:
    """One ``check --format``: where its renderer lives, what it is for, what files it writes."""

    module: str
    description: str
    suffixes: tuple[str, ...] = ()


REPORTERS: dict[str, Reporter] = {
    "text": Reporter("svcchain.reporters.text", "one line per finding and a summary, for people", (".txt",)),
    "json": Reporter("svcchain.reporters.json", "the JSON object of the output contract", (".json",)),
    "sarif": Reporter("svcchain.reporters.sarif", "SARIF 2.1.0 for GitHub code scanning", (".sarif",)),
    "junit": Reporter("svcchain.reporters.junit", "JUnit XML: one test case per rule, for CI test reports", (".xml",)),
    # after text and json: a .txt file is text, a .json file json, unless --format asks for these
    "github": Reporter(
        "svcchain.reporters.github", "GitHub Actions annotations (default inside GitHub Actions)", (".txt",)
    ),
    "gitlab": Reporter("svcchain.reporters.gitlab", "GitLab Code Quality report (JSON)", (".json",)),
    "markdown": Reporter(
        "svcchain.reporters.markdown",
        "Markdown summary for pull-request comments and job summaries",
        (".md", ".markdown"),
    ),
}


def suffixes() -> dict[str, tuple[str, ...]]:
    """Each format and the file suffixes it writes, in registry order (for ``pick_format``)."""
    return {name: reporter.suffixes for name, reporter in REPORTERS.items()}


def get_renderer(name: str) -> Callable[[Report], str]:
    renderer: Callable[[Report], str] = importlib.import_module(REPORTERS[name].module).render
    return renderer
