"""Shared tools of the hostile-input campaign.

- ``GOOD``: a small valid chain file with exactly one known finding.  Every
  hostile test puts it next to the hostile input and asserts it is still
  checked: one bad file must never cost the rest of the repository.
- ``check_folder``: the check in-process, exactly as ``svcchain check`` runs
  it (discovery, problems of discovery, engine).
- ``deadline``: turns a hang into a test failure (SIGALRM), in-process.
- ``probe``: the check in a fresh subprocess that reports wall time and peak
  memory growth (Linux ``VmHWM`` after resetting it; ``resource.getrusage``
  elsewhere), for the bounds the hostile suite
  proves.  The time bounds are robustness bounds (no hang, no quadratic
  blow-up), generous on purpose: they are not performance benchmarks.
- ``run_cli``: the real console entry point in a subprocess.
- ``assert_sane``: what every report must satisfy, whatever the input.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.loader import Limits
from svcchain.report import Report
from svcchain.settings import Settings

#: What the campaign ran, for the summary conftest prints (and SECURITY.md quotes).
CAMPAIGN: Counter = Counter()
#: (test, seconds measured, seconds bound, MB measured, MB bound) of every measured check.
MEASURED: list[tuple[str, float, float, float, float]] = []

ROOT = Path(__file__).resolve().parents[2]

#: Every rule code of docs/format.md (and SC005, unused suppressions): nothing else may appear.
KNOWN_RULES = {
    "SC001",
    "SC002",
    "SC003",
    "SC004",
    "SC005",
    "SC101",
    "SC102",
    "SC103",
    "SC104",
    "SC105",
    "SC106",
    "SC107",
    "SC108",
    "SC109",
    "SC110",
    "SC201",
    "SC202",
    "SC203",
    "SC204",
    "SC205",
    "SC301",
    "SC302",
    "SC303",
    "SC304",
    "SC305",
    "SC401",
    "SC402",
    "SC403",
    "SC404",
    "SC501",
    "SC502",
}

GOOD_NAME = "good.yaml"
GOOD = """\
svcchain: 1
# The bystander: a valid chain next to every hostile input.  Its one finding
# (SC105, the link rests on one person) proves it was still checked.
people:
  - id: gina
services:
  - id: good-service
    owner: gina
    customer:
      needs:
        - id: answer
    links:
      - id: answer-link
        owner: gina
        result: Every question answered the same day
        measures:
          - name: questions answered the same day
        delivers: [answer]
"""
#: (rule, line, column) of GOOD's only finding: the owner value of its link.
GOOD_FINDING = ("SC105", 14, 16)


def write_good(folder: Path, name: str = GOOD_NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def check_folder(*paths: Path | str, limits: Limits | None = None) -> Report:
    """``svcchain check PATH...`` in-process (no config files, default settings)."""
    found = discover([str(path) for path in paths])
    settings = Settings(limits=limits) if limits is not None else Settings()
    return check(found.files, settings, found.problems())


def findings_in(report: Report, file_suffix: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in report.findings if f.file.endswith(file_suffix)]


def assert_good_checked(report: Report, good_suffix: str = GOOD_NAME) -> None:
    """The bystander file was read, modelled and checked."""
    assert "good-service" in report.model.services, "the good file next to the hostile one was not modelled"
    assert findings_in(report, "/" + good_suffix) == [GOOD_FINDING], findings_in(report, good_suffix)


def exit_status(report: Report) -> int:
    """What ``svcchain check`` exits with for this report (default fail level)."""
    return 1 if report.fails("error") else 0


def assert_sane(report: Report, texts: dict[str, bytes] | None = None) -> None:
    """Invariants of every report: known rules, positions inside the files named."""
    for finding in report.findings:
        assert finding.rule in KNOWN_RULES, finding
        assert finding.line >= 1 and finding.column >= 1, finding
        assert finding.text and finding.text == finding.text.strip(), finding
        assert not any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in finding.text), finding
        if texts is not None and finding.file in texts:
            # lines as YAML counts them (CR LF, CR, LF, NEL, LS, PS); a position may sit
            # one past the last line (the end of the stream)
            lines = len(_BREAKS.findall(texts[finding.file].decode("utf-8", "replace"))) + 1
            assert finding.line <= lines + 1, (finding, lines)
    assert exit_status(report) in (0, 1)


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class Timeout(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM after ``seconds`` (main thread, POSIX)."""

    def expire(signum: int, frame: Any) -> None:
        raise Timeout(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: What every measuring child process starts with: ``kilobytes(field)`` reads VmRSS / VmHWM of
#: the process (Linux; None elsewhere), and the peak is reset to the current size, so the peak
#: measured afterwards is the measured work's own.
MEMORY_PRELUDE = r"""def kilobytes(field):
    # VmRSS / VmHWM of this process (Linux).  ru_maxrss is no use here: Linux carries the
    # parent's peak across fork and exec, so a child never seems to grow past pytest.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


try:  # reset the peak (VmHWM) to the current size, so the peak measured is the check's own
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")
except OSError:
    pass
"""

_PROBE = (
    r"""
import json, os, resource, sys, tempfile, time
from svcchain.discover import discover
from svcchain.engine import check
from svcchain.loader import Limits
from svcchain.settings import Settings

args = json.loads(sys.argv[1])
# warm up: imports, pydantic validators, the rule registry - not part of the measure
with tempfile.TemporaryDirectory() as warm:
    with open(os.path.join(warm, "warm.yaml"), "w", encoding="utf-8") as out:
        out.write(args["warm"])
    found = discover([warm])
    check(found.files, Settings(), found.problems())

"""
    + MEMORY_PRELUDE
    + r"""
before = kilobytes("VmRSS")
if before is None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
found = discover(args["paths"])
report = check(found.files, Settings(limits=Limits(**args["limits"])), found.problems())
elapsed = time.perf_counter() - start
peak = kilobytes("VmHWM")
if peak is None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "elapsed": elapsed,
    "growth_mb": max(0, peak - before) / 1024,
    "files": report.files,
    "services": sorted(report.model.services),
    "findings": [[f.rule, f.file, f.line, f.column, f.text] for f in report.findings],
}))
"""
)


class Probe:
    """What one measured check in a fresh process saw."""

    def __init__(self, data: dict) -> None:
        self.elapsed: float = data["elapsed"]
        self.growth_mb: float = data["growth_mb"]
        self.files: int = data["files"]
        self.services: list[str] = data["services"]
        self.findings: list[tuple[str, str, int, int, str]] = [tuple(f) for f in data["findings"]]

    def at(self, file_suffix: str) -> list[tuple[str, int, int]]:
        return [(rule, line, column) for rule, file, line, column, _ in self.findings if file.endswith(file_suffix)]

    def messages(self, file_suffix: str) -> list[str]:
        return [message for _, file, _, _, message in self.findings if file.endswith(file_suffix)]

    def assert_within(self, seconds: float, megabytes: float) -> None:
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]
        MEASURED.append((test, self.elapsed, seconds, self.growth_mb, megabytes))
        assert self.elapsed <= seconds, f"took {self.elapsed:.2f} s, the robustness bound is {seconds} s"
        assert self.growth_mb <= megabytes, f"peak memory grew by {self.growth_mb:.0f} MB, the bound is {megabytes} MB"

    def assert_good_checked(self) -> None:
        assert "good-service" in self.services, "the good file next to the hostile one was not modelled"
        assert self.at("/" + GOOD_NAME) == [GOOD_FINDING], self.at(GOOD_NAME)


def probe(*paths: Path | str, limits: dict | None = None, timeout: float = 120) -> Probe:
    """Check ``paths`` in a fresh interpreter; a hang is killed after ``timeout`` seconds."""
    args = {"paths": [str(path) for path in paths], "limits": limits or {}, "warm": GOOD}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=str(ROOT),
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    return Probe(json.loads(done.stdout))


def run_cli(*args: str, cwd: Path | str, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m svcchain ARGS`` in ``cwd``: the real entry point, a real process."""
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", *args],
        capture_output=True,
        timeout=timeout,
        cwd=str(cwd),
        env={**os.environ, **(env or {})},
    )
    return done


def assert_no_crash(done: subprocess.CompletedProcess) -> None:
    """Exit 0, 1 or 2, and no traceback or internal error on stderr."""
    stderr = done.stderr.decode("utf-8", "replace") if isinstance(done.stderr, bytes) else done.stderr
    assert done.returncode in (0, 1, 2), (done.returncode, stderr[-2000:])
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-2000:]
