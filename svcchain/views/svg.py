"""A chain as an inline SVG diagram, laid out here: no script, no font, no network.

Columns by handoff depth: the links of other services this chain builds on at
the far left, then the service's links (a link sits one column right of the
deepest link of the service it builds on), the customer's needs, and at the
far right the links of other services that build on this chain (its handoffs
out).  For print, a diagram wider than ``PART_COLUMNS`` columns is also cut
into parts of that many columns (``render_parts``), each its own SVG, so that
no text is printed smaller than 7 pt.
Within a column, nodes are ordered by the mean height of the nodes that hand
on to them, which keeps most arrows short and uncrossed.  Text is wrapped by
an estimate of its width (there are no font metrics without a browser) and
every string is XML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from svcchain.views.diagram import Diagram, Node
from svcchain.views.escape import html_text
from svcchain.views.textwidth import truncate, wrap

BOX_W = 208
COL_GAP = 56
ROW_GAP = 14
MARGIN = 12
HEADER_H = 26
PAD = 10
TITLE_LINE = 15
SMALL_LINE = 14
TEXT_LEFT = 14  # where text starts in a box (after the status stripe)
TEXT_ROOM = BOX_W - TEXT_LEFT - 10  # pixels of text per line
TITLE_ROOM = TEXT_ROOM - 20  # leave room for the findings badge

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
INK = "#1a202c"
MUTED = "#4a5568"
EDGE = "#718096"
GREEN = "#2f855a"
SEVERITY_COLOUR = {"error": "#c53030", "warning": "#b7791f", "info": "#3182ce"}
#: Columns per printed part: 3 x 208 px boxes, their gaps and margins fit a printed A4 or Letter
#: width (186 mm, 703 px) at 0.88 or more: 11 px text then prints at 7.2 pt or more.
PART_COLUMNS = 3
#: How far a printed part reaches into the gap beside it, so an arrow that goes on is seen to.
PART_STUB = 20
#: The widest diagram shown whole on screen (fitted to the page's width); a wider one would be too small to
#: read there, so the screen shows its parts too.
SCREEN_COLUMNS = 6


@dataclass
class _Box:
    node: Node
    column: int
    title: list[str]
    lines: list[str]  # smaller lines under the title
    height: int
    x: int = 0
    y: int = 0

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


def _box(node: Node, column: int) -> _Box:
    if node.kind == "need":
        title = wrap(node.id, TEXT_ROOM, 12, True, 2)
        lines = wrap(node.text, TEXT_ROOM, 11, False, 3) if node.text else []
        if not node.delivered:
            lines.append("delivered by no link")
    else:
        name = f"{node.service} / {node.title}" if node.external else node.title
        title = wrap(name, TITLE_ROOM, 12, True, 2)
        owner = node.owner if node.owner is not None else "no owner"
        lines = [truncate(f"owner: {owner}", TEXT_ROOM, 11)]
        if not node.external:
            count = len(node.measures)
            lines.append("no measure" if not count else f"{count} measure{'s' if count != 1 else ''}")
    height = PAD + len(title) * TITLE_LINE + len(lines) * SMALL_LINE + PAD - 2
    return _Box(node, column, title, lines, max(height, 44))


def _columns(diagram: Diagram, service_id: str) -> list[list[_Box]]:
    nodes = diagram.nodes
    has_upstream = any(node.external and node.side != "downstream" for node in nodes.values())
    base = 1 if has_upstream else 0
    link_columns = [base + node.depth for node in nodes.values() if node.kind == "link" and not node.external]
    need_column = (max(link_columns) + 1) if link_columns else base
    boxes: dict[str, _Box] = {}
    for key, node in nodes.items():
        if node.external:
            column = need_column + 1 if node.side == "downstream" else 0
        elif node.kind == "need":
            column = need_column
        else:
            column = base + node.depth
        boxes[key] = _box(node, column)
    columns: list[list[_Box]] = [[] for _ in range(need_column + 2)]
    for key in nodes:
        columns[boxes[key].column].append(boxes[key])
    columns = [stack for stack in columns if stack]
    for index, stack in enumerate(columns):
        for box in stack:
            box.column = index
    preds: dict[str, list[str]] = {}
    for edge in diagram.edges:
        preds.setdefault(edge.target, []).append(edge.source)
    centres: dict[str, float] = {}
    for stack in columns:

        def weight(indexed: tuple[int, _Box]) -> tuple[float, int]:
            index, box = indexed
            placed = [centres[source] for source in preds.get(box.node.key, ()) if source in centres]
            return (sum(placed) / len(placed) if placed else index * 60.0, index)

        stack[:] = [box for _, box in sorted(enumerate(stack), key=weight)]
        y = 0
        for box in stack:
            box.y = y
            centres[box.node.key] = y + box.height / 2
            y += box.height + ROW_GAP
    return columns


def _text_lines(box: _Box, x: int) -> list[str]:
    out = []
    y = box.y + PAD + 11
    for line in box.title:
        out.append(f'<text x="{x}" y="{y}" font-size="12" font-weight="600" fill="{INK}">{html_text(line)}</text>')
        y += TITLE_LINE
    for line in box.lines:
        colour = MUTED
        if line in ("no measure", "delivered by no link", "owner: no owner"):
            colour = SEVERITY_COLOUR["error"] if line != "no measure" else SEVERITY_COLOUR["warning"]
        out.append(f'<text x="{x}" y="{y}" font-size="11" fill="{colour}">{html_text(line)}</text>')
        y += SMALL_LINE
    return out


def _node_svg(box: _Box) -> list[str]:
    node = box.node
    x, y, h = box.x, box.y, box.height
    tooltip = node.result if node.kind == "link" else node.text
    out = [f'<g class="node {node.kind}">']
    if tooltip:
        out.append(f"<title>{html_text(tooltip)}</title>")
    if node.kind == "need":
        fill, stroke = ("#e6f4ea", GREEN) if node.delivered else ("#fdecea", SEVERITY_COLOUR["error"])
        dash = "" if node.delivered else ' stroke-dasharray="5 3"'
        out.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{h}" rx="{min(h // 2, 22)}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>'
        )
        out.extend(_text_lines(box, x + TEXT_LEFT))
    elif node.external:
        out.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{h}" rx="6" fill="#f7fafc" '
            f'stroke="#a0aec0" stroke-width="1.2" stroke-dasharray="5 3"/>'
        )
        out.extend(_text_lines(box, x + TEXT_LEFT))
    else:
        status = SEVERITY_COLOUR.get(node.severity or "", GREEN)
        out.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{h}" rx="6" fill="#ffffff" '
            f'stroke="{status if node.severity in ("error", "warning") else "#a0aec0"}" stroke-width="1.3"/>'
        )
        out.append(f'<rect x="{x}" y="{y}" width="6" height="{h}" rx="3" fill="{status}"/>')
        out.extend(_text_lines(box, x + TEXT_LEFT))
        if node.findings:
            cx, cy = x + BOX_W - 13, y + 13
            out.append(f'<circle cx="{cx}" cy="{cy}" r="10" fill="{status}"/>')
            label = str(node.findings) if node.findings < 100 else "99+"
            out.append(
                f'<text x="{cx}" y="{cy + 4}" font-size="11" font-weight="700" fill="#ffffff" '
                f'text-anchor="middle">{label}</text>'
            )
    out.append("</g>")
    return out


@dataclass
class _Layout:
    columns: list[list[_Box]]
    boxes: dict[str, _Box]
    width: int
    height: int
    back_edges: bool


def _layout(diagram: Diagram, service_id: str) -> _Layout | None:
    columns = _columns(diagram, service_id)
    boxes = {box.node.key: box for column in columns for box in column}
    if not boxes:
        return None
    tallest = max(sum(box.height for box in column) + ROW_GAP * (len(column) - 1) for column in columns)
    for index, column in enumerate(columns):
        height = sum(box.height for box in column) + ROW_GAP * (len(column) - 1)
        offset = MARGIN + HEADER_H + (tallest - height) // 2
        for box in column:
            box.x = MARGIN + index * (BOX_W + COL_GAP)
            box.y += offset
    back_edges = any(boxes[edge.target].column <= boxes[edge.source].column for edge in diagram.edges)
    width = MARGIN * 2 + len(columns) * BOX_W + (len(columns) - 1) * COL_GAP
    height = MARGIN * 2 + HEADER_H + tallest + (36 if back_edges else 0)
    return _Layout(columns, boxes, width, height, back_edges)


def _header(column: list[_Box], index: int, has_upstream: bool, top: int = 0) -> str:
    first = column[0].node
    if first.external:
        text = "to other services" if first.side == "downstream" else "from other services"
    elif first.kind == "need":
        text = "customer needs"
    else:
        text = f"step {index + (0 if has_upstream else 1)}"
    x = MARGIN + index * (BOX_W + COL_GAP) + BOX_W // 2
    return (
        f'<text x="{x}" y="{top + MARGIN + 12}" font-size="11" font-weight="600" fill="{MUTED}" '
        f'text-anchor="middle" letter-spacing="0.06em">{text.upper()}</text>'
    )


def _edges(diagram: Diagram, boxes: dict[str, _Box], prefix: str, left: float, right: float) -> list[str]:
    out = ['<g class="edges" fill="none">']
    for edge in diagram.edges:
        source, target = boxes[edge.source], boxes[edge.target]
        if target.column > source.column:
            x1, y1 = source.x + BOX_W, source.centre_y
            x2, y2 = target.x - 2, target.centre_y
            bend = max(24, (x2 - x1) / 2)
            path = f"M{x1},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2},{y2:.1f}"
            kind = edge.kind
            dash = ""
        else:  # a handoff back or within a column: a circle (SC202); drawn below the boxes
            x1, y1 = source.x + BOX_W // 2, source.y + source.height
            x2, y2 = target.x + BOX_W // 2 + 10, target.y + target.height + 2
            low = max(y1, y2) + 30
            path = f"M{x1},{y1} C{x1},{low} {x2},{low} {x2},{y2}"
            kind = "back"
            dash = ' stroke-dasharray="5 3"'
        if max(x1, x2) < left or min(x1, x2) > right:
            continue  # wholly outside this part
        colour = {"handoff": EDGE, "delivers": GREEN, "back": SEVERITY_COLOUR["error"]}[kind]
        out.append(f'<path d="{path}" stroke="{colour}" stroke-width="1.5"{dash} marker-end="url(#{prefix}-{kind})"/>')
    out.append("</g>")
    return out


def _svg(diagram: Diagram, layout: _Layout, prefix: str, label: str, css: str, first: int, last: int) -> str:
    """The SVG of columns ``first`` to ``last`` (inclusive) of a laid-out diagram."""
    pitch = BOX_W + COL_GAP
    left = MARGIN + first * pitch - (PART_STUB if first > 0 else MARGIN)
    right = MARGIN + last * pitch + BOX_W + (PART_STUB if last < len(layout.columns) - 1 else MARGIN)
    shown = layout.columns[first : last + 1]
    top, height = 0, layout.height
    if first > 0 or last < len(layout.columns) - 1:  # a part: as high as its own boxes (and a circle below them)
        boxes = [box for column in shown for box in column]
        top = min(box.y for box in boxes) - HEADER_H - MARGIN
        height = max(box.y + box.height for box in boxes) + MARGIN + (36 if layout.back_edges else 0) - top
    width = right - left
    view = f"{left} {top} {width} {height}"
    font = "" if css == "chain-part" else f' font-family="{html_text(FONT)}"'  # a part: the page's font
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{prefix}-title" class="{css}"{font}>',
        f'<title id="{prefix}-title">{html_text(label)}</title>',
    ]
    edges = _edges(diagram, layout.boxes, prefix, left, right)
    used = "".join(edges)
    out.append("<defs>")
    for name, colour in (("handoff", EDGE), ("delivers", GREEN), ("back", SEVERITY_COLOUR["error"])):
        if f"#{prefix}-{name})" in used:  # only the arrowheads this drawing uses
            out.append(
                f'<marker id="{prefix}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
                "</marker>"
            )
    out.append("</defs>")
    has_upstream = any(box.node.external and box.node.side != "downstream" for box in layout.boxes.values())
    out.extend(_header(column, first + offset, has_upstream, top) for offset, column in enumerate(shown))
    out.extend(edges)
    for column in shown:
        for box in column:
            out.extend(_node_svg(box))
    out.append("</svg>")
    return "\n".join(out)


def _empty() -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 420 48" width="420" height="48" '
        f'role="img" aria-label="empty chain" class="chain-empty"><text x="12" y="28" '
        f'font-family="{html_text(FONT)}" font-size="13" fill="{MUTED}">No links and no needs declared.</text></svg>'
    )


def render(diagram: Diagram, service_id: str, prefix: str, title: str | None = None) -> str:
    """The SVG of one service's diagram; ``prefix`` keeps element ids unique in one HTML page."""
    layout = _layout(diagram, service_id)
    if layout is None:
        return _empty()
    label = title or f"Chain of {service_id}"
    return _svg(diagram, layout, prefix, label, "chain-diagram", 0, len(layout.columns) - 1)


def columns_of(diagram: Diagram, service_id: str) -> int:
    """How many columns the diagram of a service has."""
    return len(_columns(diagram, service_id))


def render_parts(
    diagram: Diagram, service_id: str, prefix: str, title: str | None = None, columns: int = PART_COLUMNS
) -> list[tuple[str, int, int]]:
    """The diagram cut into printed parts of at most ``columns`` columns: (SVG, first, last column shown,
    counted from 1); empty when the whole diagram is that narrow (it prints as it is)."""
    layout = _layout(diagram, service_id)
    if layout is None or len(layout.columns) <= columns:
        return []
    parts = []
    label = title or f"Chain of {service_id}"
    count = -(-len(layout.columns) // columns)
    for number in range(count):
        first = number * columns
        last = min(first + columns, len(layout.columns)) - 1
        svg = _svg(
            diagram,
            layout,
            f"{prefix}p{number + 1}",
            f"{label}, part {number + 1} of {count}",
            "chain-part",
            first,
            last,
        )
        parts.append((svg, first + 1, last + 1))
    return parts
