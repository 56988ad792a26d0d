"""The rule registry: every rule declared once, with its documentation.

Each family module declares its rules with ``@rule(...)``.  The code, name,
default severity, summary, why it matters, and a bad and a good example live
in that one declaration; ``svcchain rules``, the generated docs and the
example tests all read them from ``REGISTRY``.

Rules of the loading family (SC001–SC004) have no check function: the loader,
the schema validation and the model builder find them.  All other rules are
pure functions ``check(context) -> Iterable[Problem]``.
"""

from __future__ import annotations

import datetime
import importlib
import sys
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcchain import selectors
from svcchain.selectors import Severity, rule_code

if TYPE_CHECKING:
    from svcchain.findings import Problem
    from svcchain.rules.context import Context

Check = Callable[["Context"], Iterable["Problem"]]

#: The rule families, in the order of their codes (SC0xx ... SC6xx).
FAMILIES = ("loading", "ownership", "chain", "customer", "accountability", "assets", "codeowners")
#: The modules that declare rules: one per family, and more where a family outgrew one module
#: (such a module says which family it belongs to with ``FAMILY = "..."``).
MODULES = (*FAMILIES, "people")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str
    check: Check | None = None
    family: str = ""
    #: the day the examples are checked against, for rules about dates (``--today``)
    today: datetime.date | None = None
    #: files the examples need beside the chain file, as (name, text): a CODEOWNERS file for SC601
    files: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"


REGISTRY: dict[str, Rule] = {}


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


def declare(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    why: str,
    bad: str,
    good: str,
    check: Check | None = None,
    today: str | None = None,
    files: tuple[tuple[str, str], ...] = (),
) -> Rule:
    """Add a rule to the registry (used directly for rules found while loading)."""
    if code in REGISTRY:
        raise ValueError(f"rule {code} declared twice")
    if check is None:
        family = "loading"
    else:
        module = check.__module__
        family = getattr(sys.modules.get(module), "FAMILY", module.rsplit(".", 1)[-1])
    declared = Rule(
        code,
        name,
        severity,
        summary,
        _clean(why).strip(),
        _clean(bad),
        _clean(good),
        check,
        family,
        datetime.date.fromisoformat(today) if today else None,
        tuple((name, _clean(text)) for name, text in files),
    )
    REGISTRY[code] = declared
    return declared


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    why: str,
    bad: str,
    good: str,
    today: str | None = None,
    files: tuple[tuple[str, str], ...] = (),
) -> Callable[[Check], Check]:
    """Declare the decorated check function as rule ``code`` (``today``: the day its examples are checked on;
    ``files``: the files beside the chain file its examples need)."""

    def register(check: Check) -> Check:
        declare(code, name, severity, summary, why, bad, good, check, today, files)
        return check

    return register


_loaded = False


def load_rules() -> dict[str, Rule]:
    """Import every family module once; returns the registry sorted by code."""
    global _loaded
    if not _loaded:
        for module in MODULES:
            importlib.import_module(f"svcchain.rules.{module}")
        _loaded = True
        ordered = dict(sorted(REGISTRY.items()))
        REGISTRY.clear()
        REGISTRY.update(ordered)
    return REGISTRY


def rule_names() -> dict[str, str]:
    """Every rule's code and name: what selectors are matched against."""
    return {code: declared.name for code, declared in load_rules().items()}


def find_rule(code_or_name: str) -> Rule | None:
    """The rule a code or a name names exactly, or None."""
    code = rule_code(code_or_name, rule_names())
    return REGISTRY[code] if code is not None else None


def check_selector(value: str) -> str:
    """``value`` when it selects at least one rule (ALL, a code, a prefix, a name), else ValueError."""
    return selectors.check_selector(value, rule_names())


def check_rule_id(value: str) -> str:
    """``value`` when it names exactly one rule (a code or a name), else ValueError."""
    if find_rule(value) is None:
        raise ValueError(selectors.unknown_rule(value, rule_names()))
    return value
