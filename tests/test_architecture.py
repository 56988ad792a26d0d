"""The house rules of the code base that no linter states."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "svcchain"
GENERATED = {"_validation.py"}  # written by `python -m svcchain.model --write`
MAX_LINES = 400


def test_no_hand_written_module_is_over_400_lines() -> None:
    """Long modules are where grab bags grow: split by topic instead."""
    too_long = {
        str(path.relative_to(PACKAGE)): count
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in GENERATED and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


def test_the_generated_module_says_how_it_is_made() -> None:
    head = (PACKAGE / "_validation.py").read_text(encoding="utf-8")[:2000]
    assert "python -m svcchain.model" in head and "pydantic" in head
