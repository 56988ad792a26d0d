"""Measure svcchain against its peers, in one run on one machine.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 5] [--peer-runs 3]
                             [--no-peers] [--work DIR] [--out BENCHMARKS-table.md]
                             [--directory-people 20000] [--unknown-owner-links 3000]

For each size it generates a repository (benchmarks/generate.py) and measures,
as separate processes, wall time and peak memory (max RSS, from wait4) of:
svcchain check (text and json), svcchain report (at 10k), check-jsonschema with
svcchain's own JSON Schema, yamllint, and a bare PyYAML C-loader load of the
same files.  Start-up: ``svcchain --version`` and ``svcchain check`` on the
bundled chains/, against the bare imports of its dependencies.  The shape
"unknown owners" (every one of K links owned by an id nobody declared, among N
declared people; 0 for either skips it) measures ``svcchain check`` against
``svcchain check --ignore SC102``: what the "did you mean" of SC102 costs.
Every figure is the median of the runs.  It prints a Markdown table with the ratios the
targets are stated in, and writes it to --out.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from generate import generate  # noqa: E402

BARE_LOAD = (
    "import sys, os, yaml\n"
    "for folder in sys.argv[1:]:\n"
    "    for name in sorted(os.listdir(folder)):\n"
    "        with open(os.path.join(folder, name), 'rb') as handle:\n"
    "            list(yaml.load_all(handle, Loader=yaml.CSafeLoader))\n"
)


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    status: int


#: Runs one command and prints its wall time and peak RSS.  A fresh, small
#: process does the fork: a child's ru_maxrss starts at its parent's peak at
#: fork time (Linux carries it across exec), so forking from this runner,
#: which holds generated repositories, would inflate every figure.
_PROBE = (
    "import os, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def measure_once(command: list[str], cwd: str | None = None) -> Measure:
    """Wall time and peak RSS of one process (its own, via wait4 in a small probe process)."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", _PROBE, *command], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.split()
    return Measure(float(out[0]), int(out[1]) / 1024, int(out[2]))


def measure(command: list[str], runs: int, cwd: str | None = None) -> Measure:
    results = [measure_once(command, cwd) for _ in range(runs)]
    return Measure(
        statistics.median(r.seconds for r in results),
        statistics.median(r.peak_mib for r in results),
        results[-1].status,
    )


def tool(name: str) -> str | None:
    """A console script next to this Python, or on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    return beside if os.path.exists(beside) else shutil.which(name)


def files_of(folder: str) -> list[str]:
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder)) if name.endswith(".yaml")]


def fmt(m: Measure | None) -> tuple[str, str]:
    if m is None:
        return "—", "—"
    return f"{m.seconds:.2f}", f"{m.peak_mib:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="link counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per svcchain/bare measurement (median)")
    parser.add_argument("--peer-runs", type=int, default=3, help="runs per peer measurement (median)")
    parser.add_argument("--peer-runs-largest", type=int, default=1, help="peer runs at the largest size")
    parser.add_argument("--no-peers", action="store_true", help="skip check-jsonschema and yamllint")
    parser.add_argument("--work", default=None, help="folder for the generated repositories")
    parser.add_argument("--out", default=None, help="write the Markdown table here")
    parser.add_argument(
        "--directory-people", type=int, default=20000, help="unknown-owners shape: declared people (0: skip it)"
    )
    parser.add_argument(
        "--unknown-owner-links", type=int, default=3000, help="unknown-owners shape: links, each owner undeclared"
    )
    args = parser.parse_args()

    sizes = [int(size) for size in args.sizes.split(",") if size]
    svcchain = tool("svcchain")
    if svcchain is None:
        print("svcchain is not installed next to this Python; pip install -e . first", file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="svcchain-bench-")
    os.makedirs(work, exist_ok=True)
    schema = os.path.join(work, "svcchain.schema.json")
    with open(schema, "w") as handle:
        subprocess.run([svcchain, "schema"], stdout=handle, check=True)
    peers = {} if args.no_peers else {"check-jsonschema": tool("check-jsonschema"), "yamllint": tool("yamllint")}
    missing = [name for name, path in peers.items() if path is None]
    if missing:
        print(
            f"missing peers {missing}: pip install -r benchmarks/requirements.txt (or pass --no-peers)", file=sys.stderr
        )
        return 2

    rows: list[tuple[str, ...]] = []
    ratios: list[str] = []
    by_size: dict[int, dict[str, Measure]] = {}
    for size in sizes:
        repo = os.path.join(work, f"links-{size}")
        if not os.path.isdir(repo):
            generate(repo, size)
        files = files_of(repo)
        megabytes = sum(os.path.getsize(f) for f in files) / 1e6
        results: dict[str, Measure] = {}
        print(f"[{size} links, {len(files)} files, {megabytes:.1f} MB]", file=sys.stderr)
        results["svcchain check (text)"] = measure([svcchain, "check", "--isolated", repo], args.runs)
        results["svcchain check (json)"] = measure([svcchain, "check", "--isolated", "-f", "json", repo], args.runs)
        if size == 10000:
            report_out = os.path.join(work, "report.html")
            results["svcchain report (html)"] = measure(
                [svcchain, "report", "--isolated", repo, "--format", "html", "-o", report_out], args.runs
            )
        results["bare PyYAML C load"] = measure([sys.executable, "-c", BARE_LOAD, repo], args.runs)
        runs = args.peer_runs_largest if size == max(sizes) else args.peer_runs
        if peers:
            results["check-jsonschema"] = measure([peers["check-jsonschema"], "--schemafile", schema, *files], runs)
            results["yamllint"] = measure([peers["yamllint"], *files], runs)
        by_size[size] = results
        for name, m in results.items():
            seconds, mib = fmt(m)
            rows.append((f"{size:,}", name, seconds, mib))

    shape_rows: list[tuple[str, ...]] = []
    shape: dict[str, Measure] = {}
    if args.directory_people > 0 and args.unknown_owner_links > 0:
        people, links = args.directory_people, args.unknown_owner_links
        repo = os.path.join(work, f"unknown-owners-{links}-{people}")
        if not os.path.isdir(repo):
            generate(repo, links, directory_people=people, unknown_owner_links=links)
        label = f"unknown owners: {links:,} links, {people:,} people"
        print(f"[{label}]", file=sys.stderr)
        shape["svcchain check (text)"] = measure([svcchain, "check", "--isolated", repo], args.runs)
        shape["svcchain check --ignore SC102 (text)"] = measure(
            [svcchain, "check", "--isolated", "--ignore", "SC102", repo], args.runs
        )
        shape_rows = [(label, name, *fmt(m)) for name, m in shape.items()]

    startup = {
        "svcchain --version": measure([svcchain, "--version"], max(args.runs, 10)),
        "svcchain check chains/": measure(
            [svcchain, "check", "--isolated", os.path.join(ROOT, "chains")], max(args.runs, 10)
        ),
        "import typer, rich, pydantic, yaml, networkx": measure(
            [sys.executable, "-c", "import typer, rich, pydantic, yaml, networkx"], max(args.runs, 10)
        ),
        "import typer": measure([sys.executable, "-c", "import typer"], max(args.runs, 10)),
    }

    def ratio(label: str, value: float, target: str, limit: float) -> None:
        verdict = "met" if value <= limit else "MISSED"
        ratios.append(f"| {label} | {value:.2f} | {target} | {verdict} |")

    mid = by_size.get(10000)
    if mid:
        check = mid["svcchain check (text)"].seconds
        floor = mid["bare PyYAML C load"].seconds + startup["import typer, rich, pydantic, yaml, networkx"].seconds
        if "check-jsonschema" in mid:
            ratio("10k: check / check-jsonschema", check / mid["check-jsonschema"].seconds, "≤ 0.15", 0.15)
        ratio("10k: check / (bare C load + import floor)", check / floor, "≤ 1.5", 1.5)
    if 10000 in by_size and 100000 in by_size:
        big = by_size[100000]
        ratio(
            "check time 100k / 10k",
            big["svcchain check (text)"].seconds / by_size[10000]["svcchain check (text)"].seconds,
            "≤ 11",
            11,
        )
        if "check-jsonschema" in big:
            ratio(
                "100k: check peak memory / check-jsonschema's",
                big["svcchain check (text)"].peak_mib / big["check-jsonschema"].peak_mib,
                "≤ 0.8",
                0.8,
            )
    if shape:
        ratio(
            "unknown owners: check / check --ignore SC102",
            shape["svcchain check (text)"].seconds / shape["svcchain check --ignore SC102 (text)"].seconds,
            "≤ 1.5",
            1.5,
        )
    ratio(
        "start-up: check chains/ / bare imports",
        startup["svcchain check chains/"].seconds / startup["import typer, rich, pydantic, yaml, networkx"].seconds,
        "≤ 1.3",
        1.3,
    )
    ratio(
        "start-up: --version / import typer",
        startup["svcchain --version"].seconds / startup["import typer"].seconds,
        "≤ 1.5",
        1.5,
    )

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}; runs: {args.runs} (peers {args.peer_runs}, at the largest size "
        f"{args.peer_runs_largest}); medians.",
        "",
        *(
            ["| links | command | seconds | peak MiB |", "|---:|---|---:|---:|"]
            + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
            + [""]
            if rows
            else []
        ),
        *(
            ["| shape | command | seconds | peak MiB |", "|---|---|---:|---:|"]
            + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in shape_rows]
            + [""]
            if shape_rows
            else []
        ),
        "| start-up | seconds | peak MiB |",
        "|---|---:|---:|",
        *[f"| `{name}` | {fmt(m)[0]} | {fmt(m)[1]} |" for name, m in startup.items()],
        "",
        "| target | ratio | bound | |",
        "|---|---:|---|---|",
        *ratios,
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
