"""Severities and rule selectors: the one definition config, flags, suppressions and lookups share.

A *selector* names rules the way ruff does: ``ALL``, a rule code or a code
prefix (``SC1``, ``SC10``, ``SC105``), or a rule name (``single-owner``).
Codes and ``ALL`` are matched without regard to case, names in lower case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is; the order matters for ``--fail-on``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}

#: Severity names, most severe first: the values of ``[severity]`` in a config file.
SEVERITIES: tuple[str, ...] = tuple(level.value for level in sorted(Severity, key=lambda s: -s.rank))
#: What ``--fail-on`` / ``fail-on`` accept: a severity (it and everything above fails) or ``never``.
FAIL_LEVELS: tuple[str, ...] = (*SEVERITIES, "never")


def fails_at(severity: Severity, fail_on: str) -> bool:
    """Does a finding of ``severity`` fail a run whose fail level is ``fail_on``?"""
    return fail_on != "never" and severity.rank >= Severity(fail_on).rank


def selects(selector: str, code: str, name: str) -> bool:
    """Does ``selector`` name the rule ``code`` / ``name``?"""
    wanted = selector.strip()
    if not wanted:
        return False
    return wanted.upper() == "ALL" or code.startswith(wanted.upper()) or name == wanted.lower()


def first_match(code: str, name: str, selectors: Iterable[str]) -> str | None:
    """The first of ``selectors`` that names the rule, or None."""
    for selector in selectors:
        if selects(selector, code, name):
            return selector
    return None


def matches(code: str, name: str, selectors: Iterable[str]) -> bool:
    return first_match(code, name, selectors) is not None


def selects_any(selector: str, rules: Mapping[str, str]) -> bool:
    """Does ``selector`` name at least one of ``rules`` (code → name)?"""
    return any(selects(selector, code, name) for code, name in rules.items())


def check_selector(value: str, rules: Mapping[str, str]) -> str:
    """``value`` when it selects a rule of ``rules`` (code → name), else ValueError."""
    if not selects_any(value, rules):
        raise ValueError(f"'{value}' is not a rule code, code prefix or rule name (see 'svcchain rules')")
    return value


def rule_code(code_or_name: str, rules: Mapping[str, str]) -> str | None:
    """The code of the one rule ``code_or_name`` names exactly (no prefix, no ALL), or None."""
    wanted = code_or_name.strip()
    if wanted.upper() in rules:
        return wanted.upper()
    for code, name in rules.items():
        if name == wanted.lower():
            return code
    return None
