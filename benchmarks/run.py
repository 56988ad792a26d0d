"""Measure svcchain against its peers, in one run on one machine.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 5] [--peer-runs 3]
                             [--no-peers] [--work DIR] [--out BENCHMARKS-table.md]
                             [--directory-people 20000] [--unknown-owner-links 3000]
                             [--shape-links 10000] [--shape-directory 20000]

For each size it generates a repository (benchmarks/generate.py) and measures,
as separate processes, wall time and peak memory (max RSS, from wait4) of:
svcchain check (text and json), svcchain report (at 10k), check-jsonschema with
svcchain's own JSON Schema, yamllint, and a bare PyYAML C-loader load of the
same files.  svcchain runs with its cache in the work folder
(``SVCCHAIN_CACHE_DIR``), emptied before every run unless the row says "warm":
a plain row is a cold run, writing the cache included.  At 10k links: a warm
run with no file changed, a warm run with one file changed (a new comment each
run), and ``--no-cache --jobs 1`` (no cache, one process).  At 100k links:
``--jobs 1`` (the default is the usable CPUs), and whether both report the same
findings in the same order.  Start-up: ``svcchain --version`` and ``svcchain
check`` on the bundled chains/ (cold and warm), against the bare imports of its
dependencies.  The shape "unknown owners" (every one of K links owned by an id
nobody declared, among N declared people; 0 for either skips it) measures
``svcchain check`` against ``svcchain check --ignore SC102``: what the "did you
mean" of SC102 costs.  The shapes "many defects" (a third of the links owned by
ids nobody declared, handoffs to links that do not exist, cycles) and "owner
directory" (an owner directory of M people, ``directory = [...]``, owning a
third of the links) are measured against the clean repository of the same size
(``--shape-links``; 0 skips them).  Every figure is the median of the runs.  It prints a Markdown table with the ratios the
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
from collections.abc import Callable
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


def measure_once(command: list[str], cwd: str | None = None, env: dict[str, str] | None = None) -> Measure:
    """Wall time and peak RSS of one process (its own, or its largest worker's: via wait4 in a small probe process)."""
    out = subprocess.run(
        [sys.executable, "-S", "-c", _PROBE, *command], cwd=cwd, capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    return Measure(float(out[0]), int(out[1]) / 1024, int(out[2]))


def measure(
    command: list[str],
    runs: int,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
    prepare: Callable[[], None] | None = None,
) -> Measure:
    """The median of ``runs`` runs; ``prepare`` runs before each (not measured)."""
    results = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        results.append(measure_once(command, cwd, env))
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


class Cache:
    """svcchain's cache folder for the measured runs: emptied before a cold run, kept for a warm one."""

    def __init__(self, work: str) -> None:
        self.folder = os.path.join(work, "svcchain-cache")
        self.env = {**os.environ, "SVCCHAIN_CACHE_DIR": self.folder}

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class OneFileChanged:
    """Before each run, one file of the repository gets a new comment: one file changed since the last run."""

    def __init__(self, path: str) -> None:
        self.path = path
        with open(path, encoding="utf-8") as handle:
            self.original = handle.read()
        self.count = 0

    def __call__(self) -> None:
        self.count += 1
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write(self.original + f"# changed for run {self.count}\n")

    def restore(self) -> None:
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write(self.original)


def measure_size(
    size: int, repo: str, svcchain: str, cache: Cache, work: str, runs: int, largest: bool
) -> dict[str, Measure]:
    """svcchain's rows of one size: cold text and json; at 10k the warm runs and report; at 100k --jobs 1."""
    results: dict[str, Measure] = {}
    check = [svcchain, "check", "--isolated"]
    env = cache.env
    results["svcchain check (text)"] = measure([*check, repo], runs, env=env, prepare=cache.empty)
    results["svcchain check (json)"] = measure([*check, "-f", "json", repo], runs, env=env, prepare=cache.empty)
    if size == 10000:
        subprocess.run([*check, repo], env=env, stdout=subprocess.DEVNULL, check=False)  # the cache, filled
        results["svcchain check, warm: no file changed (text)"] = measure([*check, repo], runs, env=env)
        files = files_of(repo)
        change = OneFileChanged(files[len(files) // 2])
        try:
            label = f"svcchain check, warm: 1 of {len(files)} files changed (text)"
            results[label] = measure([*check, repo], runs, env=env, prepare=change)
        finally:
            change.restore()
        results["svcchain check --no-cache --jobs 1 (text)"] = measure(
            [*check, "--no-cache", "--jobs", "1", repo], runs, env=env
        )
        report_out = os.path.join(work, "report.html")
        results["svcchain report (html)"] = measure(
            [svcchain, "report", "--isolated", repo, "--format", "html", "-o", report_out],
            runs,
            env=env,
            prepare=cache.empty,
        )
    if size >= 100000 and largest:
        results["svcchain check --jobs 1 (text)"] = measure(
            [*check, "--jobs", "1", repo], runs, env=env, prepare=cache.empty
        )
    return results


def same_findings(svcchain: str, repo: str, cache: Cache) -> bool:
    """Do the default --jobs and --jobs 1 report the same findings in the same order (JSON, byte for byte)?"""
    outputs = [
        subprocess.run(
            [svcchain, "check", "--isolated", "--no-cache", "-f", "json", *jobs, repo],
            capture_output=True,
            env=cache.env,
            check=False,
        ).stdout
        for jobs in ([], ["--jobs", "1"])
    ]
    return outputs[0] == outputs[1] and bool(outputs[0])


def measure_shapes(
    args: argparse.Namespace, svcchain: str, work: str, cache: Cache
) -> tuple[list[tuple[str, ...]], list[tuple[str, float, float]]]:
    """The shapes that are not the happy path: rows, and (label, check seconds, its baseline's seconds)."""
    rows: list[tuple[str, ...]] = []
    compared: list[tuple[str, float, float]] = []
    check = [svcchain, "check", "--isolated"]
    if args.directory_people > 0 and args.unknown_owner_links > 0:
        people, links = args.directory_people, args.unknown_owner_links
        repo = os.path.join(work, f"unknown-owners-{links}-{people}")
        if not os.path.isdir(repo):
            generate(repo, links, directory_people=people, unknown_owner_links=links)
        label = f"unknown owners: {links:,} links, {people:,} people"
        print(f"[{label}]", file=sys.stderr)
        shape = {
            "svcchain check (text)": measure([*check, repo], args.runs, env=cache.env, prepare=cache.empty),
            "svcchain check --ignore SC102 (text)": measure(
                [*check, "--ignore", "SC102", repo], args.runs, env=cache.env, prepare=cache.empty
            ),
        }
        rows += [(label, name, *fmt(m)) for name, m in shape.items()]
        compared.append(
            (
                "unknown owners: check / check --ignore SC102",
                shape["svcchain check (text)"].seconds,
                shape["svcchain check --ignore SC102 (text)"].seconds,
            )
        )
    links = args.shape_links
    if links > 0:
        clean = os.path.join(work, f"links-{links}")
        if not os.path.isdir(clean):
            generate(clean, links)
        messy = os.path.join(work, f"many-defects-{links}")
        if not os.path.isdir(messy):
            generate(messy, links, many_defects=True)
        people = args.shape_directory
        directory = os.path.join(work, f"owner-directory-{links}-{people}")
        if not os.path.isdir(directory):
            generate(directory, links, directory_file=people, directory_owned_links=links // 3)
            with open(os.path.join(directory, "svcchain.toml"), "w", encoding="utf-8") as handle:
                handle.write('directory = ["directory.csv"]\n')
        print(f"[shapes: {links:,} links]", file=sys.stderr)
        base = measure([*check, clean], args.runs, env=cache.env, prepare=cache.empty)
        many = measure([*check, messy], args.runs, env=cache.env, prepare=cache.empty)
        owners = measure(
            [svcchain, "check", "--config", "svcchain.toml", "."],
            args.runs,
            cwd=directory,
            env=cache.env,
            prepare=cache.empty,
        )
        rows += [
            (f"clean: {links:,} links", "svcchain check (text)", *fmt(base)),
            (f"many defects: {links:,} links", "svcchain check (text)", *fmt(many)),
            (f"owner directory: {links:,} links, {people:,} people", "svcchain check (text)", *fmt(owners)),
        ]
        compared += [
            ("many defects: check / clean check", many.seconds, base.seconds),
            ("owner directory: check / clean check", owners.seconds, base.seconds),
        ]
    return rows, compared


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
    parser.add_argument(
        "--shape-links", type=int, default=10000, help="many-defects and owner-directory shapes: links (0: skip)"
    )
    parser.add_argument(
        "--shape-directory", type=int, default=20000, help="owner-directory shape: people in the directory"
    )
    args = parser.parse_args()

    sizes = [int(size) for size in args.sizes.split(",") if size]
    svcchain = tool("svcchain")
    if svcchain is None:
        print("svcchain is not installed next to this Python; pip install -e . first", file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="svcchain-bench-")
    os.makedirs(work, exist_ok=True)
    cache = Cache(work)
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
    identical: bool | None = None
    for size in sizes:
        repo = os.path.join(work, f"links-{size}")
        if not os.path.isdir(repo):
            generate(repo, size)
        files = files_of(repo)
        megabytes = sum(os.path.getsize(f) for f in files) / 1e6
        print(f"[{size} links, {len(files)} files, {megabytes:.1f} MB]", file=sys.stderr)
        results = measure_size(size, repo, svcchain, cache, work, args.runs, size == max(sizes))
        results["bare PyYAML C load"] = measure([sys.executable, "-c", BARE_LOAD, repo], args.runs)
        runs = args.peer_runs_largest if size == max(sizes) else args.peer_runs
        if peers:
            results["check-jsonschema"] = measure([peers["check-jsonschema"], "--schemafile", schema, *files], runs)
            results["yamllint"] = measure([peers["yamllint"], *files], runs)
        if "svcchain check --jobs 1 (text)" in results:
            identical = same_findings(svcchain, repo, cache)
        by_size[size] = results
        for name, m in results.items():
            seconds, mib = fmt(m)
            rows.append((f"{size:,}", name, seconds, mib))

    shape_rows, compared = measure_shapes(args, svcchain, work, cache)

    chains = os.path.join(ROOT, "chains")
    startup_runs = max(args.runs, 10)
    startup = {
        "svcchain --version": measure([svcchain, "--version"], startup_runs),
        "svcchain check chains/": measure(
            [svcchain, "check", "--isolated", chains], startup_runs, env=cache.env, prepare=cache.empty
        ),
        "svcchain check chains/, warm": measure([svcchain, "check", "--isolated", chains], startup_runs, env=cache.env),
        "import typer, rich, pydantic, yaml, networkx": measure(
            [sys.executable, "-c", "import typer, rich, pydantic, yaml, networkx"], startup_runs
        ),
        "import typer": measure([sys.executable, "-c", "import typer"], startup_runs),
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
        warm = [name for name in mid if name.startswith("svcchain check, warm")]
        ratio("10k: warm check, no file changed / cold check", mid[warm[0]].seconds / check, "≤ 0.35", 0.35)
        ratio("10k: warm check, 1 file changed / cold check", mid[warm[1]].seconds / check, "≤ 0.45", 0.45)
    if 10000 in by_size and 100000 in by_size:
        big = by_size[100000]
        ratio(
            "check time 100k / 10k",
            big["svcchain check (text)"].seconds / by_size[10000]["svcchain check (text)"].seconds,
            "≤ 11",
            11,
        )
    big = by_size.get(100000)
    if big and "svcchain check --jobs 1 (text)" in big:
        ratio(
            "100k: check, default --jobs / --jobs 1",
            big["svcchain check (text)"].seconds / big["svcchain check --jobs 1 (text)"].seconds,
            "≤ 0.65",
            0.65,
        )
        ratios.append(
            f"| 100k: findings, default --jobs and --jobs 1 | {'identical' if identical else 'DIFFERENT'} "
            f"| the same, in the same order | {'met' if identical else 'MISSED'} |"
        )
    if big and "check-jsonschema" in big:
        ratio(
            "100k: check peak memory / check-jsonschema's",
            big["svcchain check (text)"].peak_mib / big["check-jsonschema"].peak_mib,
            "≤ 0.8",
            0.8,
        )
    for label, numerator, denominator in compared:
        ratio(label, numerator / denominator, "≤ 1.5", 1.5)
    floor_imports = startup["import typer, rich, pydantic, yaml, networkx"].seconds
    ratio(
        "start-up: check chains/ / bare imports",
        startup["svcchain check chains/"].seconds / floor_imports,
        "≤ 1.25",
        1.25,
    )
    ratio(
        "start-up: check chains/, warm / bare imports",
        startup["svcchain check chains/, warm"].seconds / floor_imports,
        "≤ 1.25",
        1.25,
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
