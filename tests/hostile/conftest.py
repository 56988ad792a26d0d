"""Prints the figures of the hostile-input campaign at the end of a run that included it.

SECURITY.md quotes these figures; they come from this summary, not from a
hand count.
"""

from __future__ import annotations

from .support import CAMPAIGN

_HOSTILE_MODULE = "tests/hostile/test_hostile_inputs.py"


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001 - pytest's hook signature
    outcomes = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        reports = [r for r in terminalreporter.stats.get(outcome, ()) if getattr(r, "nodeid", "").startswith("tests/hostile/")]
        outcomes[outcome] = reports
    if not any(outcomes.values()):
        return
    hostile = {outcome: sum(1 for r in reports if r.nodeid.startswith(_HOSTILE_MODULE))
               for outcome, reports in outcomes.items()}
    generated = {key.split(": ", 1)[1]: count for key, count in CAMPAIGN.items() if key.startswith("generated: ")}
    write = terminalreporter.write_line
    terminalreporter.section("hostile-input campaign (issue 7)")
    write(f"YAML test suite cases checked: {CAMPAIGN['corpus: case']} (full corpus) + "
          f"{CAMPAIGN['corpus: vendored case']} (vendored)")
    write(f"generated examples: {sum(generated.values())} "
          f"({', '.join(f'{count} {name}' for name, count in sorted(generated.items()))})")
    predicted = {key.rsplit(' ', 1)[1]: count for key, count in CAMPAIGN.items() if key.startswith("oracle predicted")}
    if predicted:
        write(f"findings the oracle predicted, by rule: {', '.join(f'{r} {n}' for r, n in sorted(predicted.items()))}")
    write(f"hostile-input tests: {hostile['passed']} passed, {hostile['skipped']} skipped, "
          f"{hostile['failed'] + hostile['error']} failed")
    failed = len(outcomes["failed"]) + len(outcomes["error"])
    write(f"tests in tests/hostile: {len(outcomes['passed'])} passed, {len(outcomes['skipped'])} skipped, "
          f"{failed} failed (a crash or traceback anywhere fails its test)")
