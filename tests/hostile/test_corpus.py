"""Every case of the YAML test suite through ``svcchain check``.

Each case's input is copied as ``<id>.yaml`` into a chain folder next to the
good bystander file and checked as ``svcchain check`` would (in-process for
speed; a whole-corpus run and a few single cases go through the real command
line).  For every case: no traceback, no hang, sane positions, the bystander
still checked; a case the suite marks as an error becomes SC001, except the
few that libyaml itself accepts (``KNOWN_ACCEPTED``, each with its reason);
every other case loads cleanly or gives findings.

The 33 cases these tests need are vendored under ``data/yaml-test-suite``
(source and MIT license in its README); the full corpus (402 cases) is used
when ``../shared/corpus/yaml-test-suite`` exists beside the repository (or the
folder named by ``SVCCHAIN_YAML_TEST_SUITE``), else those tests are skipped,
saying why.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .support import (
    CAMPAIGN,
    GOOD_NAME,
    assert_good_checked,
    assert_no_crash,
    assert_sane,
    check_folder,
    deadline,
    run_cli,
    write_good,
)

VENDORED = Path(__file__).parent / "data" / "yaml-test-suite"
#: The shared corpus lives beside the repository: <root>/../shared/corpus.
SHARED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FULL = Path(os.environ.get("SVCCHAIN_YAML_TEST_SUITE") or SHARED_CORPUS / "yaml-test-suite")

#: Error cases of the suite (YAML 1.2) that libyaml - and so PyYAML and svcchain - accepts.
#: A known gap of the parser, not of svcchain.  The list is exact: a case that starts to fail
#: (libyaml fixed) or a new accepted error case fails the tests until the list is updated.
KNOWN_ACCEPTED = {
    "9C9N": "libyaml accepts a flow sequence continued less indented than its block key",
    "9JBA": "libyaml accepts a comment right after ']' with no space before '#'",
    "CVW2": "libyaml accepts a comment right after ',' with no space before '#'",
    "DK95-01": "libyaml accepts a tab at the start of a continuation line of a double-quoted scalar",
    "EB22": "libyaml accepts a %YAML directive after a document without the '...' end marker",
    "G5U8": "libyaml reads '-' alone in a flow sequence as a plain scalar",
    "MUS6-00": "libyaml accepts a comment with no space after a %YAML directive ('1.1#...')",
    "MUS6-01": "libyaml accepts a second %YAML directive without a document end marker",
    "QB6E": "libyaml accepts a multi-line quoted scalar continued less indented than its key",
    "RHX7": "libyaml accepts a %YAML directive after a document without the '...' end marker",
    "S98Z": "libyaml accepts a block scalar whose leading empty lines have more spaces than its content",
    "SU5Z": "libyaml accepts a comment right after a closing '\"' with no space before '#'",
    "X4QW": "libyaml accepts a comment right after the block scalar indicator '>' with no space",
    "Y79Y-003": "libyaml accepts a tab as the indentation of a flow sequence item",
    "YJV2": "libyaml reads '-' alone in a flow sequence as a plain scalar",
}


@dataclass(frozen=True)
class Case:
    id: str
    error: bool
    name: str
    path: Path


def load_cases(root: Path) -> list[Case]:
    cases = []
    for line in (root / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        ident, error, name = line.split("\t", 2)
        cases.append(Case(ident, error == "1", name, root / ident / "in.yaml"))
    return cases


VENDORED_CASES = load_cases(VENDORED)
FULL_CASES = load_cases(FULL) if (FULL / "index.tsv").exists() else []
NO_CORPUS = f"the full YAML test suite corpus is not at {FULL} (set SVCCHAIN_YAML_TEST_SUITE to its folder)"


def check_case(tmp_path: Path, case: Case) -> None:
    """One case next to the bystander: the contract of this module, for one input."""
    folder = tmp_path / "chains"
    write_good(folder)
    target = folder / f"{case.id}.yaml"
    shutil.copyfile(case.path, target)
    with deadline(10):
        report = check_folder(folder)
    assert_sane(report, {str(target): target.read_bytes()})
    rules = [f.rule for f in report.findings if f.file == str(target)]
    if case.error and case.id not in KNOWN_ACCEPTED:
        assert "SC001" in rules, f"{case.id} ({case.name}) is invalid YAML but gave no SC001: {rules}"
    if case.id in KNOWN_ACCEPTED:
        assert case.error, f"{case.id} is in KNOWN_ACCEPTED but the suite does not mark it an error"
        assert "SC001" not in rules, f"libyaml now rejects {case.id}: remove it from KNOWN_ACCEPTED"
    assert_good_checked(report)
    CAMPAIGN["corpus: vendored case" if case.path.is_relative_to(VENDORED) else "corpus: case"] += 1


@pytest.mark.parametrize("case", VENDORED_CASES, ids=[case.id for case in VENDORED_CASES])
def test_vendored_case(tmp_path, case):
    check_case(tmp_path, case)


def test_every_accepted_error_case_is_vendored():
    """So the allow-list is checked even without the shared corpus."""
    assert set(KNOWN_ACCEPTED) <= {case.id for case in VENDORED_CASES}


def test_vendored_cases_are_byte_for_byte_the_corpus():
    if not FULL_CASES:
        pytest.skip(NO_CORPUS)
    full = {case.id: case for case in FULL_CASES}
    for case in VENDORED_CASES:
        assert case.path.read_bytes() == full[case.id].path.read_bytes(), case.id
        assert (case.error, case.name) == (full[case.id].error, full[case.id].name), case.id


@pytest.mark.parametrize(
    "case",
    FULL_CASES or [pytest.param(None, marks=pytest.mark.skip(reason=NO_CORPUS))],
    ids=[case.id for case in FULL_CASES] or ["no-corpus"],
)
def test_corpus_case(tmp_path, case):
    check_case(tmp_path, case)


def test_the_allow_list_is_exact():
    """Exactly the KNOWN_ACCEPTED error cases load without SC001: the list cannot rot."""
    if not FULL_CASES:
        pytest.skip(NO_CORPUS)
    from svcchain.loader import load_file

    accepted = set()
    for case in FULL_CASES:
        if case.error:
            loaded = load_file(f"{case.id}.yaml", str(case.path))
            if not any(problem.code == "SC001" for problem in loaded.problems):
                accepted.add(case.id)
    assert accepted == set(KNOWN_ACCEPTED)


def test_the_whole_corpus_through_the_command_line(tmp_path):
    """All cases in one folder, one real ``svcchain check`` per output format."""
    cases = FULL_CASES or VENDORED_CASES
    folder = tmp_path / "chains"
    write_good(folder)
    for case in cases:
        shutil.copyfile(case.path, folder / f"{case.id}.yaml")
    done = run_cli("check", "chains", "--format", "json", cwd=tmp_path, timeout=120)
    assert_no_crash(done)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == len(cases) + 1
    rules: dict[str, set[str]] = {}
    for finding in report["findings"]:
        rules.setdefault(finding["file"], set()).add(finding["rule"])
    for case in cases:
        has_sc001 = "SC001" in rules.get(f"chains/{case.id}.yaml", set())
        if case.error:
            assert has_sc001 == (case.id not in KNOWN_ACCEPTED), case.id
    assert rules[f"chains/{GOOD_NAME}"] == {"SC105"}
    from svcchain.reporters import REPORTERS

    for fmt in REPORTERS:
        if fmt == "json":
            continue
        done = run_cli("check", "chains", "--format", fmt, cwd=tmp_path, timeout=120)
        assert_no_crash(done)
        assert done.returncode == 1, fmt


SINGLE = {
    # id: (exit status, SC001 expected) - an error, an accepted error, core tags, global tags,
    # the spec's invoice (a global tag on its root), and two empty documents (ignored: exit 0)
    "236B": (1, True),
    "9JBA": (1, False),
    "2AUY": (1, False),
    "C4HZ": (1, True),
    "UGM3": (1, True),
    "6XDY": (0, False),
}


@pytest.mark.parametrize("ident", sorted(SINGLE))
def test_single_cases_through_the_command_line(tmp_path, ident):
    case = next(case for case in VENDORED_CASES if case.id == ident)
    shutil.copyfile(case.path, tmp_path / "case.yaml")
    done = run_cli("check", "case.yaml", cwd=tmp_path)
    assert_no_crash(done)
    status, sc001 = SINGLE[ident]
    out = done.stdout.decode("utf-8")
    assert done.returncode == status, out
    assert ("SC001" in out) == sc001, out
    assert out.startswith("case.yaml:") or status == 0
