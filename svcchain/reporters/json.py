"""``--format json``: the object docs/format.md fixes, field for field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.report import Report


def render(report: Report) -> str:
    document = {
        "version": report.version,
        "summary": report.summary(),
        "findings": [finding.to_dict() for finding in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
