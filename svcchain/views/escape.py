"""Escaping for every place a string from a chain file can land.

Chain files are written by people and may hold anything a YAML scalar can
hold: markup, quotes, backticks, newlines, terminal escape sequences,
right-to-left overrides, spreadsheet formulas.  Every view passes every such
string through one of these functions, chosen for where the string lands.

All of them start from ``one_line``: names, results and needs are one
sentence, so whitespace runs (newlines included) become one space and control
and bidirectional-override characters are dropped.  What is left is valid in
XML 1.0, HTML, SVG and a terminal.
"""

from __future__ import annotations

import html
import re
from typing import Any

_DROP: dict[int, str | None] = {}
for _code in range(0x20):
    _DROP[_code] = " " if chr(_code) in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" else None
for _code in range(0x7F, 0xA0):  # DEL and the C1 controls (CSI, NEL, ...)
    _DROP[_code] = " " if _code == 0x85 else None
for _char in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe\uffff":
    _DROP[ord(_char)] = None


def one_line(text: Any) -> str:
    """``text`` as one clean line: no control characters, whitespace runs collapsed."""
    if text is None:
        return ""
    value = str(text).translate(_DROP)
    return " ".join(value.split())


# --------------------------------------------------------------------------- HTML, SVG, XML


def html_text(text: Any) -> str:
    """For HTML and SVG text and attribute values (quotes escaped too)."""
    return html.escape(one_line(text), quote=True)


# --------------------------------------------------------------------------- Markdown

_MARKDOWN = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("|"): "\\|",
    ord("@"): "&#64;",  # no @mentions of strangers in a rendered report
    **{ord(char): "\\" + char for char in "\\`*_[]~$"},  # emphasis, code, links, strike, math
}


#: What GitHub turns into a link or a cross-reference in rendered Markdown, even as plain text:
#: #1, owner/repo#2, GH-3, https://..., www.example.com.  A zero-width space (as an HTML entity,
#: so the source stays readable) after the trigger keeps the text and drops the link.
_AUTOLINK = re.compile(r"(?i)((?<!&)#|\bGH-)(?=\d)|\b(https?|ftp|mailto)(:)|\b(www)(\.)")


def no_autolinks(text: str) -> str:
    """``text`` with every would-be autolink broken by a zero-width space entity."""

    def neutralise(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + "&#8203;"
        if match.group(2):
            return match.group(2) + match.group(3) + "&#8203;"
        return match.group(4) + "&#8203;" + match.group(5)

    return _AUTOLINK.sub(neutralise, text)


def markdown_text(text: Any) -> str:
    """For Markdown text and table cells: markup is shown, never interpreted, nothing autolinked."""
    return no_autolinks(one_line(text).translate(_MARKDOWN))


_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")


def markdown_code(text: Any) -> str:
    """An id (or ``service/link``) as inline code; anything else - a reference may hold
    any string - as escaped text."""
    value = one_line(text)
    if _PLAIN_ID.fullmatch(value):
        return f"`{value}`"
    return markdown_text(value)


# --------------------------------------------------------------------------- Mermaid

_MERMAID = {
    ord("#"): "#35;",  # first: the escapes below start with '#'
    ord('"'): "#quot;",
    ord("&"): "#amp;",
    ord("<"): "#lt;",
    ord(">"): "#gt;",
    ord("`"): "#96;",
    ord("|"): "#124;",
    ord("%"): "#37;",
    ord("\\"): "#92;",
}


def mermaid_text(text: Any) -> str:
    """For the inside of a quoted Mermaid label: entity codes, never a raw quote or markup."""
    return one_line(text).translate(_MERMAID)


# --------------------------------------------------------------------------- Graphviz DOT


def dot_string(text: Any) -> str:
    """A quoted DOT string: backslashes and quotes escaped, no raw line break."""
    value = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value}"'


# --------------------------------------------------------------------------- CSV

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a ``'``."""
    if isinstance(value, (bool, int, float)):
        return value
    text = one_line(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text
