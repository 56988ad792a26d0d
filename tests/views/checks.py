"""Checks that a view's output holds user strings only as escaped text.

Each checker raises AssertionError naming the offending line, so a test
failure points at the leak.  Used by the hostile-names tests and, as a
sanity check, by the tests of the bundled chains.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

# --------------------------------------------------------------------------- HTML

HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "div",
    "h1",
    "h2",
    "h3",
    "p",
    "main",
    "nav",
    "strong",
    "ol",
    "li",
    "a",
    "section",
    "span",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "br",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "footer",
    "b",
    "wbr",
    # the inline SVG
    "svg",
    "defs",
    "marker",
    "path",
    "g",
    "rect",
    "text",
    "circle",
}
HTML_ATTRIBUTES = {
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "class",
    "id",
    "href",
    "style",
    "colspan",
    "xmlns",
    "viewbox",
    "width",
    "height",
    "role",
    "aria-labelledby",
    "aria-label",
    "font-family",
    "refx",
    "refy",
    "markerwidth",
    "markerheight",
    "orient",
    "d",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "marker-end",
    "x",
    "y",
    "rx",
    "cx",
    "cy",
    "r",
    "font-size",
    "font-weight",
    "text-anchor",
    "letter-spacing",
}


#: The one script element the report writes: its data, as a JSON data block that is never run.
DATA_BLOCK = [("type", "application/json"), ("id", "svcchain-data")]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.text: list[str] = []
        self.data_blocks: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and attrs == DATA_BLOCK:
            self._in_data = True
            self.data_blocks.append("")
            return
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._in_data:
            self.data_blocks[-1] += data
            return
        self.text.append(data)


def check_html(document: str) -> str:
    """No element or attribute but ours; returns the document's text for further checks."""
    parser = _Collector()
    parser.feed(document)
    parser.close()
    assert "script" not in parser.tags, "a <script> element made it into the HTML"
    assert len(parser.data_blocks) <= 1, "more than one data block"
    for block in parser.data_blocks:
        assert "<" not in block and "&" not in block, "the data block holds markup"
        json.loads(block)  # data, never code
    unknown_tags = set(parser.tags) - HTML_TAGS
    assert not unknown_tags, f"elements a chain file injected: {sorted(unknown_tags)}"
    for tag, name, value in parser.attributes:
        assert not name.startswith("on"), f"event handler attribute {name!r} on <{tag}>"
        assert name in HTML_ATTRIBUTES, f"attribute {name!r}={value!r} on <{tag}> is not one the report writes"
        if name == "style":
            assert re.fullmatch(r"width:\d{1,3}%", value), f"style attribute {value!r}"
        if name == "href":
            assert re.fullmatch(r"#[A-Za-z0-9][A-Za-z0-9._-]*(-[A-Za-z0-9._-]+)?", value), f"href {value!r}"
        if name in ("fill", "stroke", "marker-end"):
            assert re.fullmatch(r"#[0-9a-f]{6}|none|url\(#d\d+(p\d+)?-\w+\)", value), f"{name}={value!r}"
    return "".join(parser.text)


# --------------------------------------------------------------------------- Mermaid

_MERMAID_LINES = [
    re.compile(r"flowchart (LR|TD)"),
    re.compile(r'  subgraph s\d+\["(?P<label>[^"`\n]*)"\]'),
    re.compile(r'    n\d+\["(?P<label>[^"`\n]*)"\]'),
    re.compile(r'    n\d+\(\["(?P<label>[^"`\n]*)"\]\)'),
    re.compile(r"  end"),
    re.compile(r"  n\d+ (-->|==>) n\d+"),
    re.compile(r"  classDef \w+ [\w:#,.\- ]+"),
    re.compile(r"  class n\d+(,n\d+)* \w+"),
]


def check_mermaid(source: str) -> list[str]:
    """Every line is one of the statements we write; labels hold no raw quote, markup, arrow or fence.

    Returns the labels (entity codes still in them).
    """
    labels = []
    for number, line in enumerate(source.rstrip("\n").split("\n"), 1):
        for pattern in _MERMAID_LINES:
            match = pattern.fullmatch(line)
            if match:
                break
        else:
            raise AssertionError(f"mermaid line {number} is not a statement svcchain writes: {line!r}")
        label = match.groupdict().get("label")
        if label is not None:
            bare = label.replace("<br/>", "")
            for raw in ("<", ">", '"', "`", "-->", "|", "\r", "\t"):
                assert raw not in bare, f"mermaid line {number}: raw {raw!r} in label {label!r}"
            labels.append(label)
    return labels


# --------------------------------------------------------------------------- DOT

_DOT_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_DOT_REST = re.compile(r"[\w\s\[\]=;,{}.#>-]*")


def check_dot(source: str) -> list[str]:
    """Every quoted string is closed on its line; outside them only DOT syntax.  Returns the strings."""
    strings = []
    for number, line in enumerate(source.rstrip("\n").split("\n"), 1):
        strings.extend(_DOT_STRING.findall(line))
        rest = _DOT_STRING.sub("", line)
        assert _DOT_REST.fullmatch(rest), f"DOT line {number} has text outside quoted strings: {line!r}"
    return strings


# --------------------------------------------------------------------------- CSV and Markdown

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def check_csv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES), f"CSV cell a spreadsheet would run: {cell!r}"
    return rows


def _cells(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def check_markdown(text: str) -> None:
    """No markup but ours, tables keep their columns, fences are only the mermaid blocks."""
    tags = re.findall(r"<\s*/?\s*([A-Za-z][\w-]*)", text)
    assert set(tags) <= {"br"}, f"HTML tags in Markdown: {sorted(set(tags))}"
    assert not re.search(r"(?<![\w&#])@\w", text), "a raw @mention"
    lines = text.split("\n")
    in_fence = False
    block: list[str] = []
    columns = None
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            assert line in ("```mermaid", "```"), f"line {number}: a fence a chain file opened: {line!r}"
            if in_fence:
                check_mermaid("\n".join(block))
                block = []
            in_fence = not in_fence
            continue
        if in_fence:
            block.append(line)
            continue
        assert _balanced_code(line), f"line {number}: unbalanced code span: {line!r}"
        if line.startswith("|"):
            count = _cells(line)
            if columns is None:
                columns = count
            assert count == columns, f"line {number}: a table row with {count - 1} cells instead of {columns - 1}"
        else:
            columns = None
    assert not in_fence, "an unclosed fence"


def _balanced_code(line: str) -> bool:
    return (line.count("`") - line.count("\\`")) % 2 == 0


# --------------------------------------------------------------------------- terminal


def check_terminal(text: str) -> None:
    """Plain text: no escape sequence, no control or bidirectional-override character."""
    for char in text:
        code = ord(char)
        assert char == "\n" or not (code < 0x20 or 0x7F <= code < 0xA0), f"control character {char!r} in output"
        assert char not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", f"bidi override {char!r}"
