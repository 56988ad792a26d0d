"""Headless Chromium for the report's print tests: find it, run it, read a probe's answer, read a PDF.

Chromium is found as tests/test_views_browser.py finds it (``SVCCHAIN_CHROMIUM``,
else the usual names on the PATH).  ``probe`` loads a copy of a report with
its print style sheet applied to the screen at a printed page's width, runs
a small script in it and returns what the script found.  ``pdf_text_runs``
reads every piece of text of a PDF with the size it is printed at (pypdf).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CONSOLE = re.compile(r":CONSOLE|Uncaught|Refused to", re.IGNORECASE)
#: The printable width of A4 and of Letter with the report's 12 mm side margins, in CSS pixels.
PRINTED_WIDTH = {"a4": 703, "letter": 725}


def chromium() -> str | None:
    configured = os.environ.get("SVCCHAIN_CHROMIUM")
    if configured:
        return configured if shutil.which(configured) or Path(configured).is_file() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def browse(browser: str, page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    return done


def console_errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if CONSOLE.search(line)]


#: Measures the page as printed: what sticks out of the page, the smallest text (SVG text at the scale it is
#: drawn), SVG text outside its box, and every resource the page asked for.
PROBE = """
<script>
(function () {
  var out = {overflow: [], small: [], outside: [], smallest: 1000, resources: [], parts: 0};
  var page = document.body.getBoundingClientRect();
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.ownerSVGElement || el.closest(".screen-only, script, style, title")) return;
    var style = getComputedStyle(el);
    if (style.display === "none") return;
    var box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return;
    if (box.right > page.right + 1 || box.left < page.left - 1) {
      out.overflow.push(el.tagName + " " + Math.round(box.right - page.right) + "px: " + (el.textContent || "").slice(0, 60));
    }
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (own && !(el instanceof SVGElement)) {
      var px = parseFloat(style.fontSize);
      out.smallest = Math.min(out.smallest, px);
      if (px < 9.34) out.small.push(el.tagName + " " + px + "px: " + el.textContent.slice(0, 40));
    }
  });
  document.querySelectorAll("svg.chain-part, svg.chain-diagram").forEach(function (svg) {
    if (svg.closest(".screen-only")) return;
    out.parts += svg.classList.contains("chain-part") ? 1 : 0;
    var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    svg.querySelectorAll("text").forEach(function (text) {
      var px = parseFloat(text.getAttribute("font-size")) * scale;
      out.smallest = Math.min(out.smallest, px);
      if (px < 9.34) out.small.push("svg " + px.toFixed(2) + "px: " + text.textContent);
    });
    svg.querySelectorAll("g.node").forEach(function (node) {
      var frame = node.querySelector("rect").getBBox();
      node.querySelectorAll("text").forEach(function (text) {
        var t = text.getBBox();
        if (t.width === 0 || t.x < frame.x - 1 || t.x + t.width > frame.x + frame.width + 1) out.outside.push(text.textContent);
      });
    });
  });
  out.resources = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
  var pre = document.createElement("pre");
  pre.id = "svcchain-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def probe(browser: str, report: Path, folder: Path, width: int) -> dict[str, Any]:
    """The report as printed on a page ``width`` CSS pixels wide, measured by ``PROBE``.

    The copy drops the report's Content-Security-Policy (which forbids the probe's script, and would also
    hide a request the page makes), applies the print rules to the screen and sets the page's width.
    """
    html = report.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    html = html.replace("@media print {", "@media all {")
    html = html.replace("</style>", f"body {{ width: {width}px; margin: 0; }}</style>", 1)
    copy = folder / f"printed-{width}.html"
    copy.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = browse(browser, copy, folder / f"profile-{width}", "--dump-dom", f"--window-size={width + 40},2000")
    match = re.search(r'<pre id="svcchain-probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"the probe did not run: {done.stderr[-2000:]}"
    found: dict[str, Any] = json.loads(unescape(match.group(1)))
    found["console"] = console_errors(done.stderr)
    return found


def pdf_text_runs(path: Path) -> tuple[int, tuple[float, float], list[tuple[float, float, float, str]]]:
    """(pages, (width, height) of page 1 in pt, [(size in pt, x, y, text)]) of every piece of text."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        a = tm[0] * cm[0] + tm[1] * cm[2]
        b = tm[0] * cm[1] + tm[1] * cm[3]
        c = tm[2] * cm[0] + tm[3] * cm[2]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append((size * math.sqrt(abs(a * d - b * c)), x, y, text.strip()))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    box = reader.pages[0].mediabox
    return len(reader.pages), (float(box.width), float(box.height)), runs


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
