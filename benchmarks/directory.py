"""Measure ``svcchain check`` with an owner directory against the same run without it.

    python benchmarks/directory.py [--links 10000] [--people 20000] [--owned 3000] [--runs 7] [--work DIR]

Two repositories of ``--links`` links (benchmarks/generate.py), each beside a
directory of ``--people`` people (``directory.csv``): in the first the chains
name none of them, in the second ``--owned`` links are owned by one of them.
Each is checked as a separate process with ``--config dir.toml``
(``directory = ["directory.csv"]``) and with ``--config nodir.toml`` (the same
config without the directory), median wall time of ``--runs`` runs.  Without
the directory the second repository's directory-owned links are SC102 (with a
"did you mean"); with it they are declared.  The target (issue 14): with the
directory within 1.3 times of without.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from generate import generate  # noqa: E402
from run import measure, tool  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--links", type=int, default=10000)
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--owned", type=int, default=3000, help="links owned by directory people (second repo)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", default=None, help="folder for the generated repositories")
    args = parser.parse_args()
    svcchain = tool("svcchain")
    if svcchain is None:
        print("svcchain is not installed next to this Python; pip install -e . first", file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="svcchain-directory-")
    print("| chains | people in the directory | without | with | ratio |\n|---|---:|---:|---:|---:|")
    worst = 0.0
    for owned in (0, args.owned):
        repo = os.path.join(work, f"links-{args.links}-owned-{owned}")
        if not os.path.isdir(repo):
            generate(repo, args.links, directory_file=args.people, directory_owned_links=owned)
        with open(os.path.join(repo, "dir.toml"), "w", encoding="utf-8") as handle:
            handle.write('fail-on = "never"\ndirectory = ["directory.csv"]\n')
        with open(os.path.join(repo, "nodir.toml"), "w", encoding="utf-8") as handle:
            handle.write('fail-on = "never"\n')
        common = [svcchain, "check", ".", "--today", "2026-06-01"]
        without = measure([*common, "--config", "nodir.toml"], args.runs, cwd=repo)
        with_directory = measure([*common, "--config", "dir.toml"], args.runs, cwd=repo)
        ratio = with_directory.seconds / without.seconds
        worst = max(worst, ratio)
        what = f"{args.links:,} links, {owned:,} owned by directory people"
        print(f"| {what} | {args.people:,} | {without.seconds:.2f} s | {with_directory.seconds:.2f} s | {ratio:.2f} |")
    print(f"\nworst ratio {worst:.2f} (target ≤ 1.3): {'met' if worst <= 1.3 else 'MISSED'}")
    return 0 if worst <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
