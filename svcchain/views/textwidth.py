"""How wide text is in the report's diagrams, and how to fit it into a box (truncate, wrap).

SVG has no text layout of its own: the boxes are sized from these estimates.
"""

from __future__ import annotations

from svcchain.views.escape import one_line

# Advance widths of Helvetica / Arial (per 1000 em) for printable ASCII; the report's sans-serif font
# may be wider (DejaVu Sans is), hence the safety factors below.
_WIDTHS = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
        (
            278,
            278,
            355,
            556,
            556,
            889,
            667,
            191,
            333,
            333,
            389,
            584,
            278,
            333,
            278,
            278,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            278,
            278,
            584,
            584,
            584,
            556,
            1015,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            278,
            278,
            278,
            469,
            556,
            333,
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            334,
            260,
            334,
            584,
        ),
        strict=False,
    )
)
_FACTOR = {False: 1.20, True: 1.32}  # regular, bold: DejaVu Sans measured in Chromium, plus a margin


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of the rendered width of ``text`` in pixels (no font metrics without a browser)."""
    import unicodedata

    units = 0
    for char in text:
        width = _WIDTHS.get(char)
        if width is None:
            width = 1000 if unicodedata.east_asian_width(char) in ("W", "F") else 667
        units += width
    return units * size / 1000 * _FACTOR[bold]


def truncate(text: str, limit: float, size: float, bold: bool = False) -> str:
    """One line of at most ``limit`` pixels, cut with '…' when it is longer."""
    value = one_line(text)
    if text_width(value, size, bold) <= limit:
        return value
    while value and text_width(value + "…", size, bold) > limit:
        value = value[:-1]
    return value.rstrip() + "…"


def wrap(text: str, limit: float, size: float, bold: bool, max_lines: int) -> list[str]:
    """Greedy word wrap to ``limit`` pixels; words wider than a line are broken; overflow ends in '…'."""
    lines: list[str] = []
    current = ""
    for word in one_line(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(word, size, bold) > limit:  # a word wider than the box: break it
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > limit:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold) > limit:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines
