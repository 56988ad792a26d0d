"""What the reporter tests share: a finding that carries raw text, as no real one can."""

from __future__ import annotations

from svcchain.findings import Finding
from svcchain.selectors import Severity


def unsanitised(
    message: str,
    file: str = "a.yaml",
    line: int = 1,
    column: int = 1,
    rule: str = "SC002",
    name: str = "schema",
    severity: Severity = Severity.ERROR,
) -> Finding:
    """A finding that carries raw text, as if it had bypassed Finding's own clean-up: the format must still be safe."""
    finding = Finding(rule, name, severity, "-", "-", line, column)
    object.__setattr__(finding, "message", message)
    object.__setattr__(finding, "file", file)
    return finding
