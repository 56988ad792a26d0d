"""The HTML report in a real browser: headless Chromium draws the diagrams, logs no error.

Skipped, with the reason, only when no Chromium binary is found (Debian:
``apt-get install chromium``; or point ``SVCCHAIN_CHROMIUM`` at one).

Three looks at the report of the bundled chains:

- a screenshot: the pixels of the diagrams' need boxes are counted, and the
  same count on the report with its SVG taken out shows the check can fail;
- a copy with a small inline script (and without the report's own
  Content-Security-Policy, which forbids scripts) reports every diagram's
  rendered size and whether each text stays inside its box, read back with
  ``--dump-dom``;
- Chromium's console log: no line may report an error; a canary page with a
  deliberate error shows the log is really read.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner
from views.browser import browse, chromium, console_errors
from views.png import decode

from svcchain.cli import app

ROOT = Path(__file__).resolve().parents[1]
NEED_FILL = (0xE6, 0xF4, 0xEA)  # the fill of a need box in the SVG (svg.py)


CHROMIUM = chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary found (apt-get install chromium, or set SVCCHAIN_CHROMIUM)",
)


def _browse(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    assert CHROMIUM is not None
    return browse(CHROMIUM, page, profile, *extra)


def _screenshot(page: Path, tmp_path: Path, name: str):
    target = tmp_path / f"{name}.png"
    done = _browse(page, tmp_path / f"profile-{name}", f"--screenshot={target}", "--window-size=1280,2000")
    assert target.exists(), done.stderr[-2000:]
    return decode(target.read_bytes()), done.stderr


_console_errors = console_errors


def _report(folder: Path, chains: str) -> Path:
    target = folder / "report.html"
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, ["report", chains, "--isolated", "-o", str(target)])
    finally:
        os.chdir(before)
    assert result.exit_code == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The report of the bundled chains."""
    return _report(tmp_path_factory.mktemp("report"), "chains")


def _need_pixels(image) -> int:
    def is_need(r: int, g: int, b: int) -> bool:
        return abs(r - NEED_FILL[0]) <= 3 and abs(g - NEED_FILL[1]) <= 3 and abs(b - NEED_FILL[2]) <= 3

    return image.count(is_need, step=2)


def test_the_diagrams_are_drawn_and_the_console_stays_clean(report, tmp_path):
    image, log = _screenshot(report, tmp_path, "report")
    assert image.width == 1280 and image.height == 2000
    drawn = _need_pixels(image)

    without_svg = tmp_path / "no-diagrams.html"
    html = report.read_text(encoding="utf-8")
    without_svg.write_text(re.sub(r"<svg .*?</svg>", "", html, flags=re.DOTALL), encoding="utf-8")
    blank, _ = _screenshot(without_svg, tmp_path, "no-diagrams")
    control = _need_pixels(blank)

    # at 1280 x 2000 the first service's diagram is in view with its three needs (~208 x 44 px each,
    # every second pixel counted); without the SVG only the legend's small swatches are left
    assert drawn > 3000, f"the diagram's need boxes are not drawn ({drawn} pixels)"
    assert control < drawn / 4, (drawn, control)
    assert _console_errors(log) == []


@pytest.mark.parametrize(
    "chains, diagrams", [("chains", 3), ("tests/views/long-names", 1), ("tests/views/hostile-names", 1)]
)
def test_every_diagram_has_a_size_and_every_text_stays_in_its_box(tmp_path, chains, diagrams):
    report = _report(tmp_path, chains)
    probe = """
<script>
(function () {
  var out = [];
  document.querySelectorAll("svg.chain-diagram").forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    var overflow = [];
    svg.querySelectorAll("g.node").forEach(function (node) {
      var frame = node.querySelector("rect").getBBox();
      node.querySelectorAll("text").forEach(function (text) {
        var t = text.getBBox();
        if (t.width === 0 || t.x < frame.x - 1 || t.x + t.width > frame.x + frame.width + 1) {
          overflow.push(text.textContent + " [" + Math.round(t.x + t.width - frame.x - frame.width) + "px]");
        }
      });
    });
    out.push({width: box.width, height: box.height, nodes: svg.querySelectorAll("g.node").length,
              paths: svg.querySelectorAll("g.edges path").length, overflow: overflow});
  });
  var pre = document.createElement("pre");
  pre.id = "svcchain-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""
    html = report.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    done = _browse(probed, tmp_path / "profile-probe", "--dump-dom", "--window-size=1280,2000")
    match = re.search(r'<pre id="svcchain-probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"the probe did not run: {done.stderr[-2000:]}"
    found = json.loads(unescape(match.group(1)))
    assert len(found) == diagrams
    for diagram in found:
        assert diagram["width"] > 300 and diagram["height"] > 100, diagram
        assert diagram["nodes"] >= 4 and diagram["paths"] >= 3, diagram
        assert diagram["overflow"] == [], f"text wider than its box: {diagram['overflow']}"
    assert _console_errors(done.stderr) == []


def test_the_console_check_sees_an_error_when_there_is_one(tmp_path):
    canary = tmp_path / "canary.html"
    canary.write_text(
        '<!DOCTYPE html><html><body><p>canary</p><script>throw new Error("svcchain-canary");</script></body></html>',
        encoding="utf-8",
    )
    log = _browse(canary, tmp_path / "profile-canary", "--dump-dom").stderr
    errors = _console_errors(log)
    assert any("svcchain-canary" in line for line in errors), log[-2000:]


def test_the_content_security_policy_would_report_an_outside_load(tmp_path, report):
    # the report's Content-Security-Policy blocks any load from outside and Chromium logs it; the
    # clean console of the real report (first test) therefore also means it loads nothing from outside
    html = report.read_text(encoding="utf-8")
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        html.replace("<main>", '<main><img src="https://example.invalid/pixel.png" alt="">'), encoding="utf-8"
    )
    log = _browse(leaky, tmp_path / "profile-leaky", "--dump-dom").stderr
    assert any("example.invalid" in line for line in _console_errors(log)), log[-2000:]
