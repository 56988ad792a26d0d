"""Output formats: one module per format, each a pure ``render(report) -> str``.

``REPORTERS`` maps a format name to its module and a one-line description;
the module is imported only when that format is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.report import Report

REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("svcchain.reporters.text", "one line per finding and a summary, for people"),
    "json": ("svcchain.reporters.json", "the JSON object of the output contract"),
    "sarif": ("svcchain.reporters.sarif", "SARIF 2.1.0 for GitHub code scanning"),
    "junit": ("svcchain.reporters.junit", "JUnit XML: one test case per rule, for CI test reports"),
    "github": ("svcchain.reporters.github", "GitHub Actions annotations (default inside GitHub Actions)"),
    "gitlab": ("svcchain.reporters.gitlab", "GitLab Code Quality report (JSON)"),
    "markdown": ("svcchain.reporters.markdown", "Markdown summary for pull-request comments and job summaries"),
}


def get_renderer(name: str) -> Callable[[Report], str]:
    module_name, _ = REPORTERS[name]
    renderer: Callable[[Report], str] = importlib.import_module(module_name).render
    return renderer
