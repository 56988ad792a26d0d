"""Findings: what the checker tells the user, and where."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svcchain.selectors import Severity as Severity  # re-exported: rules and views import it from here

if TYPE_CHECKING:
    from svcchain.source import Path, SourceMap


@dataclass(frozen=True, slots=True)
class Origin:
    """One YAML document: the file it came from and where its nodes sit."""

    file: str
    index: int
    source: SourceMap


@dataclass(frozen=True, slots=True)
class Anchor:
    """A node in a document, by model path; resolved to line:column at the end."""

    origin: Origin
    path: Path
    key: bool = False  # point at the mapping key rather than its value


#: Where a problem sits: a node of a document, or a place the loader already knows.
Where = Anchor | tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule or the loader found, before the engine stamps code and severity.

    ``message`` names the thing and says what is wrong with it; ``fix`` says
    what to do about it, as an instruction ("add 'owner:' with ...").
    ``subject`` names the entity the problem is about independent of line
    numbers (used to match a baseline).  ``code`` is set only by the parts
    that find loading problems (SC001-SC004), which have no rule function:
    a rule's problems get the code of the rule that yielded them.
    """

    message: str
    where: Where
    fix: str = ""
    service: str | None = None
    link: str | None = None
    subject: str = ""
    code: str = ""
    asset: str | None = None
    requirement: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem: rule, severity, place, and what to do."""

    rule: str
    name: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    service: str | None = None
    link: str | None = None
    subject: str = field(default="", compare=False)
    fix: str = ""
    asset: str | None = None
    requirement: str | None = None

    @property
    def text(self) -> str:
        """What is wrong and what to do, in one sentence: the message every output shows."""
        return f"{self.message}; {self.fix}" if self.fix else self.message

    def sort_key(self) -> tuple[bytes, int, int, str, str]:
        return (self.file.encode("utf-8", "surrogateescape"), self.line, self.column, self.rule, self.text)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.text,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        if self.service is not None:
            out["service"] = self.service
        if self.link is not None:
            out["link"] = self.link
        if self.asset is not None:
            out["asset"] = self.asset
        if self.requirement is not None:
            out["requirement"] = self.requirement
        return out


#: Characters no message or path may carry to a terminal, a CI log or a file:
#: controls (ESC starts terminal sequences, a newline starts a CI workflow
#: command), bidirectional overrides (they reorder what is shown), invisible
#: characters (a zero-width space makes 'dana\u200b' look like the declared
#: 'dana') and lone surrogates (undecodable bytes of a file name; they cannot
#: be written as UTF-8).
_UNPRINTABLE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"  # C0 and C1 controls, DEL
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"  # soft hyphen, invisible joiners and fillers
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"  # zero-width, line/paragraph separators, bidi, invisible operators
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff"  # fillers, variation selectors, BOM, specials, U+FFFF
    "\ud800-\udfff"  # lone surrogates (undecodable bytes of a file name)
    "\U000e0000-\U000e0fff"  # tag characters
    "]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if 0xDC80 <= ord(char) <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def printable(text: str) -> str:
    """``text`` with every unprintable character shown as an escape (``\\x1b``, ``\\n``, ``\\u202e``).

    Messages quote the user's YAML and paths come from the file system: both
    are written by whoever wrote the files, so they are made safe once, here,
    before any output format sees them.
    """
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text
