"""Severities and rule selectors: the one definition config, flags, suppressions and lookups share.

A *selector* names rules the way ruff does: ``ALL``, a rule code or a code
prefix (``SC1``, ``SC10``, ``SC105``), or a rule name (``single-owner``).
Codes and ``ALL`` are matched without regard to case, names in lower case.
"""

from __future__ import annotations

import re
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
#: ``svcchain diff --fail-on``: the lowest severity of a *new* finding that fails the gate.
DIFF_FAIL_LEVELS: tuple[str, ...] = (*(f"new-{severity}" for severity in SEVERITIES), "never")


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
        raise ValueError(
            f"'{value}' is not a rule code, code prefix or rule name{_aside(suggest_selector(value, rules))}; "
            "'svcchain rules' lists them all"
        )
    return value


def _aside(hint: str) -> str:
    """`` (hint)`` after a message, or nothing."""
    return f" ({hint})" if hint else ""


def unknown_rule(value: str, rules: Mapping[str, str], what: str = "a rule code or name") -> str:
    """The message for ``value`` that names no one rule: ``'SC1' is not a rule code or name (SC1 is a prefix ...)``."""
    return f"'{value}' is not {what}{_aside(suggest_selector(value, rules, one=True))}; 'svcchain rules' lists them all"


def rule_code(code_or_name: str, rules: Mapping[str, str]) -> str | None:
    """The code of the one rule ``code_or_name`` names exactly (no prefix, no ALL), or None."""
    wanted = code_or_name.strip()
    if wanted.upper() in rules:
        return wanted.upper()
    for code, name in rules.items():
        if name == wanted.lower():
            return code
    return None


#: A rule code as people mistype it: ``SC2O3``, ``sc-203``, ``203``: the letter O for a zero.
_CODE_LIKE = re.compile(r"(?i)(?:sc)?[\s_-]?([\do]*\d[\do]*|o+)")


def _normal(value: str) -> str:
    """``SC2O3`` → ``SC203``, ``dead_end`` → ``dead-end``: the selector ``value`` most likely is."""
    wanted = value.strip()
    code = _CODE_LIKE.fullmatch(wanted)
    if code is not None and (wanted[:2].upper() == "SC" or code.group(1)[0].isdigit()):
        return "SC" + code.group(1).upper().replace("O", "0")
    return re.sub(r"[\s_]+", "-", wanted).lower()


def _codes(codes: list[str]) -> str:
    """``SC101–SC107`` for a run of consecutive codes, else ``SC201, SC203``."""
    numbers = [int(code[2:]) for code in codes if code[2:].isdigit()]
    if len(codes) > 2 and len(numbers) == len(codes) and numbers == list(range(numbers[0], numbers[0] + len(codes))):
        return f"{codes[0]}–{codes[-1]}"
    if len(codes) > 2 and codes[0][:3] != codes[-1][:3]:
        return f"{codes[0]}–{codes[-1]}"  # several families: the span, not every code
    return ", ".join(codes)


def suggest_selector(value: str, rules: Mapping[str, str], *, one: bool = False) -> str:
    """What ``value`` most likely meant, for a message: ``did you mean 'dead-end'?``, or ``""``.

    ``rules`` maps codes to names.  The value is normalised first (case,
    ``_`` for ``-`` in names, the letter O for a zero in codes), then the
    closest code or name is proposed.  With ``one`` (a single rule is wanted,
    as by ``svcchain rule``) a prefix or ``ALL`` that selects several rules
    lists them instead: ``SC1 is a prefix of SC101–SC107; name one rule``.
    """
    from svcchain.suggestions import Suggester

    wanted = value.strip()
    normal = _normal(wanted)
    exact = rule_code(normal, rules)
    if exact is not None and normal != wanted:
        return f"did you mean '{normal if normal.upper() != exact else exact}'?"
    if normal.upper() == "ALL":
        return "ALL selects every rule; name one rule" if one else ""
    selected = sorted(code for code, name in rules.items() if selects(normal, code, name))
    if len(selected) > 1 or (selected and not one):
        if one:
            return f"{normal.upper()} is a prefix of {_codes(selected)}; name one rule"
        return f"did you mean '{normal.upper()}'?" if normal.upper() != wanted else ""
    looks_like_code = normal.startswith("SC")
    candidates = list(rules) if looks_like_code else list(rules.values())
    match = Suggester(candidates).closest(normal)
    return f"did you mean '{match}'?" if match else ""


#: Rules no setting can silence: a file that could not be read was not checked at all.  SC001 is
#: always enabled, always an error, and never hidden by per-file-ignores, inline suppressions or a
#: baseline (docs/configuration.md).
UNSILENCEABLE = frozenset({"SC001"})
