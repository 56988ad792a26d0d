"""Prints the figures of the hostile-input campaign at the end of a run that included it.

SECURITY.md quotes these figures; they come from this summary, not from a
hand count.
"""

from __future__ import annotations

from .support import CAMPAIGN, MEASURED

_HOSTILE_MODULE = "tests/hostile/test_hostile_inputs.py"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    outcomes = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        outcomes[outcome] = [
            report
            for report in terminalreporter.stats.get(outcome, ())
            if getattr(report, "nodeid", "").startswith("tests/hostile/")
        ]
    if not any(outcomes.values()):
        return
    hostile = {
        outcome: sum(1 for r in reports if r.nodeid.startswith(_HOSTILE_MODULE))
        for outcome, reports in outcomes.items()
    }
    generated = {key.split(": ", 1)[1]: count for key, count in CAMPAIGN.items() if key.startswith("generated: ")}
    write = terminalreporter.write_line
    terminalreporter.section("hostile-input campaign (issue 7)")
    if CAMPAIGN["corpus: case"] or CAMPAIGN["corpus: vendored case"]:
        write(
            f"YAML test suite cases checked: {CAMPAIGN['corpus: case']} (full corpus) + "
            f"{CAMPAIGN['corpus: vendored case']} (vendored)"
        )
    if generated:
        write(
            f"generated examples: {sum(generated.values())} "
            f"({', '.join(f'{count} {name}' for name, count in sorted(generated.items()))})"
        )
    predicted = {key.rsplit(" ", 1)[1]: count for key, count in CAMPAIGN.items() if key.startswith("oracle predicted")}
    if predicted:
        write(f"findings the oracle predicted, by rule: {', '.join(f'{r} {n}' for r, n in sorted(predicted.items()))}")
    if any(hostile.values()):
        write(
            f"hostile-input tests: {hostile['passed']} passed, {hostile['skipped']} skipped, "
            f"{hostile['failed'] + hostile['error']} failed"
        )
    failed = len(outcomes["failed"]) + len(outcomes["error"])
    write(
        f"tests in tests/hostile: {len(outcomes['passed'])} passed, {len(outcomes['skipped'])} skipped, "
        f"{failed} failed (a crash or traceback anywhere fails its test)"
    )
    if MEASURED:
        worst_time = max(MEASURED, key=lambda row: row[1] / row[2])
        worst_memory = max(MEASURED, key=lambda row: row[3] / row[4])
        over = sum(
            1 for _, seconds, bound_s, megabytes, bound_mb in MEASURED if seconds > bound_s or megabytes > bound_mb
        )
        write(
            f"measured checks: {len(MEASURED)}, {over} over their bounds; closest to its time bound: "
            f"{worst_time[0]} {worst_time[1]:.1f} s of {worst_time[2]} s; to its memory bound: "
            f"{worst_memory[0]} {worst_memory[3]:.0f} MB of {worst_memory[4]} MB"
        )
        for test, seconds, bound_s, megabytes, bound_mb in MEASURED:
            write(f"  {test}: {seconds:.2f} s (bound {bound_s} s), +{megabytes:.0f} MB (bound {bound_mb} MB)")
