"""Views at scale: ``trace``, ``impact --all`` and ``report`` stay linear in the input (issue 12).

Each run is the real command line in a fresh interpreter that measures its own
wall time and peak memory growth (Linux ``VmHWM`` after resetting it).  The
bounds are robustness bounds, generous on purpose: before the fixes these
shapes took minutes and gigabytes (quadratic output and quadratic searches).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.hostile.support import MEASURED, MEMORY_PRELUDE, ROOT

_MEASURED_CLI = (
    r"""
import json, runpy, sys, time
args, out = json.loads(sys.argv[1]), sys.argv[2]

"""
    + MEMORY_PRELUDE
    + r"""
before = kilobytes("VmRSS")
start = time.perf_counter()
sys.argv = ["svcchain", *args]
code = 0
try:
    runpy.run_module("svcchain", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
elapsed = time.perf_counter() - start
with open(out, "w", encoding="utf-8") as done:
    json.dump({"elapsed": elapsed, "growth_mb": max(0, (kilobytes("VmHWM") or 0) - (before or 0)) / 1024, "code": code}, done)
"""
)


def measured_cli(tmp_path: Path, *args: str, seconds: float, megabytes: float, timeout: float = 60) -> bytes:
    """``svcchain ARGS`` in a fresh process, held to ``seconds`` and ``megabytes``; returns stdout."""
    result = tmp_path / "measure.json"
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, json.dumps(list(args)), str(result)],
        capture_output=True,
        timeout=timeout,
        cwd=str(ROOT),
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-2000:]
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["code"] == 0, (data, stderr[-2000:])
    MEASURED.append((f"svcchain {args[0]}", data["elapsed"], seconds, data["growth_mb"], megabytes))
    assert data["elapsed"] <= seconds, f"took {data['elapsed']:.2f} s, the robustness bound is {seconds} s"
    assert data["growth_mb"] <= megabytes, f"peak memory grew by {data['growth_mb']:.0f} MB, bound {megabytes} MB"
    return done.stdout


def _link(lines: list[str], index: int, owner: str, delivers: str = "") -> None:
    lines += [f"      - id: l{index}", f"        owner: {owner}", "        result: done", "        measures:"]
    lines.append("          - name: done on time")
    if index > 1:
        lines.append(f"        after: [l{index - 1}]")
    if delivers:
        lines.append(f"        delivers: [{delivers}]")


def long_chain_many_needs(folder: Path, links: int, needs: int) -> Path:
    """One service, l1 → l2 → … → lN via ``after``, and M needs all delivered by lN."""
    lines = ["svcchain: 1", "people:", "  - id: pat", "  - id: quinn", "services:", "  - id: s", "    owner: pat"]
    lines += ["    customer:", "      needs:"] + [f"        - id: n{j}" for j in range(1, needs + 1)]
    lines.append("    links:")
    for index in range(1, links + 1):
        delivers = ", ".join(f"n{j}" for j in range(1, needs + 1)) if index == links else ""
        _link(lines, index, "pat" if index % 2 else "quinn", delivers)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chain.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def long_chain_of_people(folder: Path, links: int) -> Path:
    """A linear chain of N links, each owned by a different person; the last delivers the one need."""
    lines = ["svcchain: 1", "people:"] + [f"  - id: p{index}" for index in range(1, links + 1)]
    lines += ["services:", "  - id: s", "    owner: p1", "    customer:", "      needs:", "        - id: need"]
    lines.append("    links:")
    for index in range(1, links + 1):
        _link(lines, index, f"p{index}", "need" if index == links else "")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chain.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_trace_of_a_long_shared_chain_is_linear(tmp_path: Path) -> None:
    folder = long_chain_many_needs(tmp_path / "chains", 1000, 1000)
    out = measured_cli(tmp_path, "trace", "s", str(folder), seconds=20, megabytes=400)
    text = out.decode("utf-8")
    assert len(out) < 1_000_000, len(out)
    assert "delivered along the same paths as need n1" in text
    assert "more hops" in text


def test_trace_json_lists_each_path_once(tmp_path: Path) -> None:
    folder = long_chain_many_needs(tmp_path / "chains", 1000, 1000)
    out = measured_cli(tmp_path, "trace", "s", str(folder), "--format", "json", seconds=20, megabytes=400)
    assert len(out) < 2_000_000, len(out)
    data = json.loads(out)
    assert len(data["paths"]) == 1 and len(data["paths"][0]["hops"]) == 1000
    assert {tuple(need["paths"]) for need in data["needs"]} == {(data["paths"][0]["id"],)}


def test_report_of_a_long_shared_chain_is_linear(tmp_path: Path) -> None:
    folder = long_chain_many_needs(tmp_path / "chains", 1000, 1000)
    report = tmp_path / "r.html"
    measured_cli(tmp_path, "report", str(folder), "-o", str(report), seconds=30, megabytes=400)
    assert report.stat().st_size < 3_000_000, report.stat().st_size
    markdown = tmp_path / "r.md"
    measured_cli(tmp_path, "report", str(folder), "-o", str(markdown), seconds=30, megabytes=400)
    assert markdown.stat().st_size < 3_000_000, markdown.stat().st_size


def test_single_points_of_a_long_chain_of_people_are_linear(tmp_path: Path) -> None:
    folder = long_chain_of_people(tmp_path / "chains", 8000)
    out = measured_cli(tmp_path, "impact", "--all", str(folder), "--format", "json", seconds=25, megabytes=600)
    found = json.loads(out)["single_points_of_failure"]
    assert [impact["owner"] for impact in found] == [f"p{index}" for index in range(1, 8001)]
    assert all([risk["need"] for risk in impact["needs_at_risk"]] == ["need"] for impact in found)
    assert found[0]["needs_at_risk"][0]["through"] == ["s/l1"]
