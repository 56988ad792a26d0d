"""Inline suppressions: ``# svcchain: ignore[SC105] reason``.

A team must be able to accept one known exception where it sits.  A
directive on a line of its own applies to the next line; after YAML on the
same line, to that line.  ``# svcchain: ignore-file[SC105]`` applies to the
whole file.  Codes, names and prefixes work as in ``select``; without
brackets a directive applies to every rule.  Syntax errors (SC001) cannot be
suppressed: the file was not read.  A directive that silences nothing is
reported (SC005), so suppressions do not outlive their reason.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from svcchain.findings import Finding
from svcchain.selectors import first_match, selects_any, suggest_selector

#: Rules no inline directive silences: an unread file, and an unused directive.
UNSUPPRESSIBLE = frozenset({"SC001", "SC005"})

_DIRECTIVE = re.compile(
    r"#[ \t]*svcchain:[ \t]*(?P<kind>ignore-file|ignore)(?![\w-])(?:\[(?P<codes>[^\]\n]*)\])?(?P<reason>[^\n]*)"
)
_QUICK = re.compile(rb"svcchain:[ \t]*ignore")
_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


@dataclass(frozen=True)
class Directive:
    line: int  # 1-based line of the comment
    column: int
    selectors: tuple[str, ...]  # empty: every rule
    reason: str
    file_level: bool
    own_line: bool

    @property
    def target_line(self) -> int:
        return self.line + 1 if self.own_line else self.line

    def plain(self) -> tuple[int, int, tuple[str, ...], str, bool, bool]:
        """Plain values for a cache entry or a worker's answer (``from_plain`` reads them back)."""
        return (self.line, self.column, self.selectors, self.reason, self.file_level, self.own_line)

    @classmethod
    def from_plain(cls, item: Any) -> Directive:
        """The directive ``plain`` gave; anything else raises ``ValueError`` (an entry is never trusted)."""
        if type(item) is not tuple or len(item) != 6:
            raise ValueError("a directive of the wrong shape")
        line, column, selectors, reason, file_level, own_line = item
        if not (
            type(line) is type(column) is int
            and type(selectors) is tuple
            and all(type(s) is str for s in selectors)
            and type(reason) is str
            and type(file_level) is type(own_line) is bool
        ):
            raise ValueError("a directive of the wrong shape")
        return cls(line, column, selectors, reason, file_level, own_line)

    def covers(self, code: str, name: str) -> str | None:
        """The selector that covers this rule, or None."""
        if not self.selectors:
            return "*"
        return first_match(code, name, self.selectors)


def _scalar_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of scalars, so a '#' inside a quoted value is no comment."""
    import yaml

    try:
        from yaml import CSafeLoader

        loader_class: type[CSafeLoader | yaml.SafeLoader] = CSafeLoader
    except ImportError:  # pragma: no cover
        loader_class = yaml.SafeLoader
    spans = []
    loader = loader_class(text)
    try:
        while True:
            token = loader.get_token()
            if token is None:
                break
            if isinstance(token, yaml.ScalarToken):
                spans.append((token.start_mark.index, token.end_mark.index))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return spans


def find_directives(data: bytes) -> list[Directive]:
    """Every suppression comment in a file's bytes (cheap when there is none)."""
    if not _QUICK.search(data):
        return []
    text = data.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    # count lines as YAML does (CR LF, CR, NEL, LS, PS are line breaks too)
    text = _BREAKS.sub("\n", text)
    spans = None
    starts: list[int] = []
    found = []
    line, counted = 1, 0  # line numbers counted as we go: linear in the file, however many directives
    for match in _DIRECTIVE.finditer(text):
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if before and not before[-1].isspace():
            continue  # YAML comments follow white space
        if spans is None:
            spans = _scalar_spans(text)  # in file order, not overlapping
            starts = [begin for begin, _ in spans]
        inside = bisect.bisect_right(starts, start) - 1
        if inside >= 0 and start < spans[inside][1]:
            continue  # inside a quoted or block scalar
        line += text.count("\n", counted, start)
        counted = start
        codes = match.group("codes")
        selectors = tuple(part.strip() for part in re.split(r"[,\s]+", codes) if part.strip()) if codes else ()
        found.append(
            Directive(
                line=line,
                column=start - line_start + 1,
                selectors=selectors,
                reason=match.group("reason").strip(),
                file_level=match.group("kind") == "ignore-file",
                own_line=before.strip() == "",
            )
        )
    return found


def apply_directives(
    findings: list[Finding],
    directives: dict[str, list[Directive]],
    enabled: Mapping[str, str],
    known: Mapping[str, str],
    unused_finding: Callable[[str, Directive, str, str, str], Finding] | None,
) -> tuple[list[Finding], list[tuple[Finding, Directive]]]:
    """Silence findings covered by inline directives; report directives that silence nothing.

    ``enabled`` and ``known`` map rule codes to names: the rules this run
    checks, and every rule there is.  ``unused_finding(file, directive,
    selector, message, fix)`` makes the SC005 finding for a directive that
    silences nothing (None when SC005 is switched off).  SC001 (the file was not read) and
    SC005 itself are never silenced.
    """
    if not directives:
        return findings, []
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, Directive]] = []
    used: set[tuple[str, int, str]] = set()
    for finding in findings:
        silenced_by = None
        if finding.rule not in UNSUPPRESSIBLE:
            for directive in directives.get(finding.file, ()):
                if directive.file_level or directive.target_line == finding.line:
                    selector = directive.covers(finding.rule, finding.name)
                    if selector is not None:
                        silenced_by = directive
                        used.add((finding.file, directive.line, selector))
                        break
        if silenced_by is None:
            kept.append(finding)
        else:
            suppressed.append((finding, silenced_by))
    if unused_finding is None:
        return kept, suppressed
    for file, found in directives.items():
        for directive in found:
            for selector in directive.selectors or ("*",):
                if (file, directive.line, selector) in used:
                    continue
                if selector != "*" and not selects_any(selector, known):
                    hint = suggest_selector(selector, known)
                    message = f"'{selector}' in this suppression is not a rule code, prefix or name" + (
                        f" ({hint})" if hint else ""
                    )
                    fix = "fix it (see 'svcchain rules') or remove it"
                elif selector != "*" and not selects_any(selector, enabled):
                    continue  # the rule is switched off in this run: nothing to silence
                else:
                    what = "every rule" if selector == "*" else f"'{selector}'"
                    where = "this file" if directive.file_level else f"line {directive.target_line}"
                    message = f"this suppression of {what} silences no finding on {where}"
                    fix = "remove it (or move it next to the finding it is meant for)"
                kept.append(unused_finding(file, directive, selector, message, fix))
    return kept, suppressed
