"""The command line, as users and CI run it.

Three ways in: typer's CliRunner on ``svcchain.cli.app`` (fast, in-process,
lets us monkeypatch), the installed console script in a real subprocess, and
``python -m svcchain``.  What is checked is the contract of docs/format.md's
"svcchain check output contract": exit codes, the JSON object field for field,
the order of findings, default paths, and that no traceback ever reaches a
user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from broken_support import BROKEN_TODAY
from typer.testing import CliRunner

import svcchain
from svcchain import cli

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = Path(__file__).parent / "scenarios"
CONTRACT = ROOT / "docs" / "format.md"

FINDING_KEYS = ["rule", "name", "severity", "message", "file", "line", "column"]
OPTIONAL_KEYS = ["service", "link", "asset", "requirement"]
SUMMARY_KEYS = ["files", "services", "links", "errors", "warnings", "infos"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

ORG = """\
svcchain: 1
people:
  - id: ann
  - id: bob
  - id: meg
teams:
  - id: ops
    members: [ann, bob]
    facilitator: meg
"""

ONLY_A_WARNING = (
    ORG
    + """\
services:
  - id: mail
    owner: meg
    customer:
      needs: [{id: inbox, text: Mail arrives within a minute}]
    links:
      - id: deliver
        owner: ops
        result: Mail delivered within a minute
        delivers: [inbox]
"""
)  # SC402 (warning) and nothing else

ONLY_AN_INFO = (
    ORG
    + """\
services:
  - id: mail
    owner: meg
    customer:
      needs: [{id: inbox, text: Mail arrives within a minute}]
    links:
      - id: deliver
        owner: ann
        result: Mail delivered within a minute
        measures: [{name: delivery time}]
        delivers: [inbox]
"""
)  # SC105 (info) and nothing else


def contract_codes() -> list[str]:
    """The rule codes of the contract's rule table (docs/format.md)."""
    return re.findall(r"^\| (SC\d{3}) \|", CONTRACT.read_text(encoding="utf-8"), flags=re.M)


# --------------------------------------------------------------------------- ways to run


runner = CliRunner()


@pytest.fixture(autouse=True, scope="module")
def _build_the_click_command_once() -> Any:
    """typer's CliRunner rebuilds the click command from the app on every invoke (~0.1 s); build it once."""
    import typer.main
    import typer.testing

    command = typer.main.get_command(cli.app)
    original = typer.testing._get_command
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda app: command if app is cli.app else original(app))
        yield


def invoke(*args: str) -> Any:
    """Run the app in-process; stdout and stderr apart."""
    return runner.invoke(cli.app, list(args), prog_name="svcchain")


def console_script() -> str:
    next_to_python = Path(sys.executable).with_name("svcchain")
    if next_to_python.exists():
        return str(next_to_python)
    found = shutil.which("svcchain")
    if found is None:
        pytest.skip("the svcchain console script is not installed")
    return found


def run(
    *args: str, cwd: Path = ROOT, env: dict | None = None, module: bool = False, stdin: Any = subprocess.DEVNULL
) -> subprocess.CompletedProcess:
    """Run the installed console script (or ``python -m svcchain``) in a real process."""
    command = [sys.executable, "-m", "svcchain"] if module else [console_script()]
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "TTY_COMPATIBLE")
    }
    environment.update(env or {})
    return subprocess.run(
        command + list(args), cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, stdin=stdin
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh repository (a .git folder stops the config search) as the current folder."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- version and help


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"svcchain {svcchain.__version__}\n"
    assert invoke("-V").stdout == result.stdout


@pytest.mark.parametrize("args", [["-h"], ["--help"], ["check", "-h"], ["check", "--help"]])
def test_help(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    if "check" in args:
        for option in ("--format", "--fail-on"):
            assert option in result.stdout


def test_version_and_help_through_the_console_script_and_python_m() -> None:
    for module in (False, True):
        version = run("--version", module=module)
        assert (version.returncode, version.stdout) == (0, f"svcchain {svcchain.__version__}\n")
    helped = run("-h")
    assert helped.returncode == 0 and "check" in helped.stdout


# --------------------------------------------------------------------------- the bundled chains


def test_check_chains_is_clean() -> None:
    result = invoke("check", str(ROOT / "chains"), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["errors"] == 0 and summary["warnings"] == 0
    assert summary["files"] >= 1 and summary["services"] >= 1 and summary["links"] >= 1


def test_check_chains_through_the_console_script_from_the_repository() -> None:
    result = run("check")  # chains/ by default
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout
    assert result.stderr == ""


def test_check_broken_exits_1_and_reports_every_rule_of_the_contract() -> None:
    # on its fixed day: SC109 (someone leaving within 30 days) holds on that day only
    result = invoke("check", str(ROOT / "examples" / "broken"), "--format", "json", "--today", BROKEN_TODAY)
    assert result.exit_code == 1
    reported = {finding["rule"] for finding in json.loads(result.stdout)["findings"]}
    codes = contract_codes()
    assert len(codes) == 30, "the contract's rule tables were not found"
    assert set(codes) - reported == set()


def test_check_broken_through_the_console_script() -> None:
    # FORCE_COLOR and a colour terminal: still no escapes, because stdout is a pipe
    result = run(
        "check", "examples/broken", "--today", BROKEN_TODAY, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    )
    assert result.returncode == 1
    assert not ANSI.search(result.stdout + result.stderr)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("Found ")
    assert re.fullmatch(r"examples/broken/[\w.-]+\.yaml:\d+:\d+: SC\d{3} \[(error|warning|info)\] .+", lines[0])
    for code in contract_codes():
        assert f": {code} [" in result.stdout, code


# --------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    "text, fail_on, status",
    [
        (ONLY_A_WARNING, None, 0),
        (ONLY_A_WARNING, "error", 0),
        (ONLY_A_WARNING, "warning", 1),
        (ONLY_A_WARNING, "info", 1),
        (ONLY_A_WARNING, "never", 0),
        (ONLY_AN_INFO, None, 0),
        (ONLY_AN_INFO, "warning", 0),
        (ONLY_AN_INFO, "info", 1),
        (ONLY_AN_INFO, "never", 0),
        (ORG, "info", 0),
    ],
)
def test_fail_on(repo: Path, text: str, fail_on: str | None, status: int) -> None:
    write(repo / "chains" / "chain.yaml", text)
    args = ["check", "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    result = invoke(*args)
    assert result.exit_code == status, result.output
    expected_codes = {ONLY_A_WARNING: ["SC402"], ONLY_AN_INFO: ["SC105"], ORG: []}[text]
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == expected_codes


def test_fail_on_never_with_errors_exits_0() -> None:
    assert invoke("check", str(ROOT / "examples" / "broken"), "--fail-on", "never").exit_code == 0
    assert invoke("check", str(ROOT / "examples" / "broken"), "--fail-on", "warning").exit_code == 1


def test_fail_on_through_the_console_script(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", ONLY_A_WARNING)
    assert run("check", "--fail-on", "warning", cwd=repo).returncode == 1


def test_missing_path_is_a_usage_error() -> None:
    result = invoke("check", "no/such/folder")
    assert result.exit_code == 2
    assert "no/such/folder" in result.stderr
    assert result.stdout == ""


def test_missing_path_among_good_ones_is_a_usage_error() -> None:
    assert invoke("check", str(ROOT / "chains"), "no-such.yaml").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-such-option"],
        ["--no-such-option"],
        ["no-such-command"],
        ["check", "--fail-on", "sometimes"],
        ["check", "--format", "nope"],
        ["check", "--max-links-per-owner", "zero"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output


def test_folder_without_chain_files_is_a_usage_error(repo: Path) -> None:
    write(repo / "notes" / "readme.txt", "no chains here\n")
    write(repo / "notes" / ".hidden.yaml", "svcchain: 1\n")
    result = invoke("check", "notes")
    assert result.exit_code == 2
    assert "no chain files" in result.stderr


def test_max_links_per_owner_tunes_sc107() -> None:
    folder = str(SCENARIOS / "sc107-ok-seven-links")
    assert invoke("check", folder).exit_code == 0
    result = invoke("check", folder, "--max-links-per-owner", "6", "--format", "json")
    assert result.exit_code == 0  # SC107 is a warning
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["SC107", "SC107"]


# --------------------------------------------------------------------------- JSON output


@pytest.fixture(scope="module")
def broken_json() -> dict:
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        result = invoke("check", "examples/broken", "--format", "json", "--today", BROKEN_TODAY)
    finally:
        os.chdir(before)
    assert result.exit_code == 1
    return json.loads(result.stdout)


def test_json_top_level_keys_and_types(broken_json: dict) -> None:
    assert list(broken_json) == ["version", "summary", "findings"]
    assert broken_json["version"] == svcchain.__version__
    assert list(broken_json["summary"]) == SUMMARY_KEYS
    assert all(type(value) is int for value in broken_json["summary"].values())
    assert isinstance(broken_json["findings"], list) and broken_json["findings"]


def test_json_findings_field_for_field(broken_json: dict) -> None:
    for finding in broken_json["findings"]:
        keys = list(finding)
        assert keys[:7] == FINDING_KEYS, keys
        assert keys[7:] in (
            [],
            ["service"],
            ["link"],
            ["service", "link"],
            ["asset"],  # an asset, as a whole
            ["service", "requirement"],  # a requirement of a customer need
            ["service", "link", "asset"],  # an asset a link names
            ["service", "link", "requirement"],  # a requirement a link names
        ), keys
        assert re.fullmatch(r"SC\d{3}", finding["rule"])
        assert finding["severity"] in ("error", "warning", "info")
        for key in ("name", "message", "file"):
            assert isinstance(finding[key], str) and finding[key]
        assert type(finding["line"]) is int and finding["line"] >= 1
        assert type(finding["column"]) is int and finding["column"] >= 1
        for key in OPTIONAL_KEYS:
            if key in finding:
                assert isinstance(finding[key], str) and finding[key]


def test_json_names_and_severities_follow_the_contract(broken_json: dict) -> None:
    table = {
        code: (name, severity)
        for code, name, severity in re.findall(
            r"^\| (SC\d{3}) \| ([\w-]+) \| (\w+) \|", CONTRACT.read_text(encoding="utf-8"), flags=re.M
        )
    }
    for finding in broken_json["findings"]:
        assert (finding["name"], finding["severity"]) == table[finding["rule"]]


def test_json_service_and_link_present_only_where_they_apply(broken_json: dict) -> None:
    by_rule: dict[str, list[dict]] = {}
    for finding in broken_json["findings"]:
        by_rule.setdefault(finding["rule"], []).append(finding)
    # about a link: its service and the link
    for code in (
        "SC101",
        "SC105",
        "SC109",  # here a link's deputy
        "SC201",
        "SC202",
        "SC203",
        "SC302",
        "SC305",
        "SC401",
        "SC402",
        "SC403",  # here a link's review
        "SC404",
        "SC501",
    ):
        for finding in by_rule[code]:
            assert isinstance(finding.get("service"), str) and isinstance(finding.get("link"), str), finding
    # about a service (or one of its needs or requirements): the service, no link
    for code in ("SC103", "SC110", "SC204", "SC205", "SC301", "SC303", "SC304"):
        for finding in by_rule[code]:
            assert "service" in finding and "link" not in finding, finding
    # about a person or team, an asset, or a file: neither
    for code in ("SC001", "SC104", "SC106", "SC107", "SC108", "SC502"):
        for finding in by_rule[code]:
            assert "service" not in finding and "link" not in finding, finding
    # about an asset: the asset; about a requirement: the requirement
    for code, key in (("SC501", "asset"), ("SC502", "asset"), ("SC304", "requirement"), ("SC305", "requirement")):
        for finding in by_rule[code]:
            assert isinstance(finding.get(key), str) and finding[key], finding
    # the repeated person 'olaf' belongs to no service
    (duplicate,) = by_rule["SC003"]
    assert "service" not in duplicate and "link" not in duplicate
    # SC102 on a link's owner names the link
    assert any("link" in finding for finding in by_rule["SC102"])


def test_json_service_and_link_values(broken_json: dict) -> None:
    found = {(f["rule"], f.get("service"), f.get("link")) for f in broken_json["findings"]}
    assert ("SC101", "site-support", "cabling") in found
    assert ("SC201", "internet-access", "dns") in found
    assert ("SC303", "internal-wiki", None) in found


def test_json_findings_are_sorted_by_file_line_column_rule(broken_json: dict) -> None:
    findings = broken_json["findings"]
    keys = [(f["file"].encode(), f["line"], f["column"], f["rule"]) for f in findings]
    assert keys == sorted(keys)
    assert len({f["file"] for f in findings}) > 3  # several files, so the order is exercised


def test_json_summary_counts(broken_json: dict) -> None:
    summary, findings = broken_json["summary"], broken_json["findings"]
    for key, severity in (("errors", "error"), ("warnings", "warning"), ("infos", "info")):
        assert summary[key] == sum(1 for f in findings if f["severity"] == severity)
    broken = ROOT / "examples" / "broken"
    assert summary["files"] == len(list(broken.glob("*.yaml")))  # the unparsable file included
    assert (summary["services"], summary["links"]) == (11, 29)  # distinct ones in the model


def test_json_sort_is_byte_wise_on_the_displayed_path(repo: Path) -> None:
    # 'B' < 'a' < 'a-b' ... byte-wise: upper case first, '-' before '.' before '/'
    for name in ("a.yaml", "B.yaml", "a-b.yaml", "a/x.yaml"):
        write(repo / "chains" / name, "svcchain: 2\n")
    result = invoke("check", "--format", "json")
    files = [f["file"] for f in json.loads(result.stdout)["findings"]]
    assert files == ["chains/B.yaml", "chains/a-b.yaml", "chains/a.yaml", "chains/a/x.yaml"]


def test_json_sort_within_a_file_by_line_column_then_rule(repo: Path) -> None:
    # SC401 and SC402 on the same link mapping: same position, ordered by rule
    write(
        repo / "chains" / "chain.yaml",
        ORG
        + """\
services:
  - id: mail
    owner: meg
    links:
      - {id: a, owner: ops}
      - {id: b, owner: ops, result: B}
""",
    )
    findings = json.loads(invoke("check", "--format", "json").stdout)["findings"]
    assert [(f["line"], f["column"], f["rule"]) for f in findings] == [
        (11, 5, "SC303"),
        (14, 9, "SC401"),
        (14, 9, "SC402"),
        (15, 9, "SC402"),
    ]


@pytest.mark.parametrize(
    "given, shown",
    [
        ("chains", "chains/chain.yaml"),
        ("chains/", "chains/chain.yaml"),
        ("./chains", "./chains/chain.yaml"),
        ("chains/chain.yaml", "chains/chain.yaml"),
        ("./chains/chain.yaml", "./chains/chain.yaml"),
    ],
)
def test_json_file_is_the_path_as_the_user_named_it(repo: Path, given: str, shown: str) -> None:
    write(repo / "chains" / "chain.yaml", ONLY_A_WARNING)
    findings = json.loads(invoke("check", given, "--format", "json").stdout)["findings"]
    assert [f["file"] for f in findings] == [shown]


def test_json_absolute_paths_stay_absolute(repo: Path) -> None:
    path = write(repo / "chains" / "chain.yaml", ONLY_A_WARNING)
    findings = json.loads(invoke("check", str(path), "--format", "json").stdout)["findings"]
    assert [f["file"] for f in findings] == [str(path)]


def test_json_through_python_m_equals_the_in_process_output() -> None:
    result = run("check", "examples/broken", "--format", "json", "--today", BROKEN_TODAY, module=True)
    assert result.returncode == 1
    before = os.getcwd()
    os.chdir(ROOT)
    try:
        in_process = invoke("check", "examples/broken", "--format", "json", "--today", BROKEN_TODAY).stdout
    finally:
        os.chdir(before)
    assert result.stdout == in_process
    assert result.stderr == ""


def test_json_summary_counts_unparsable_files(repo: Path) -> None:
    write(repo / "chains" / "a.yaml", "svcchain: 1\npeople: [\n")
    write(repo / "chains" / "b.yaml", ONLY_A_WARNING)
    (repo / "chains" / "c.yaml").write_bytes(b"\xff\xfe")
    document = json.loads(invoke("check", "--format", "json").stdout)
    assert document["summary"] == {"files": 3, "services": 1, "links": 1, "errors": 2, "warnings": 1, "infos": 0}


# --------------------------------------------------------------------------- default paths


def test_default_path_is_chains_when_it_exists(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", ONLY_A_WARNING)
    write(repo / "elsewhere.yaml", "svcchain: 2\n")  # not read: chains/ exists
    result = invoke("check", "--format", "json")
    assert result.exit_code == 0
    assert [(f["file"], f["rule"]) for f in json.loads(result.stdout)["findings"]] == [("chains/chain.yaml", "SC402")]


def test_default_path_is_the_current_folder_without_chains(repo: Path) -> None:
    write(repo / "org.yaml", ONLY_A_WARNING)
    write(repo / "sub" / "more.yaml", "svcchain: 2\n")
    write(repo / ".hidden" / "skip.yaml", "svcchain: 3\n")
    result = invoke("check", "--format", "json")
    assert result.exit_code == 1
    assert [(f["file"], f["rule"]) for f in json.loads(result.stdout)["findings"]] == [
        ("org.yaml", "SC402"),
        ("sub/more.yaml", "SC002"),
    ]


def test_a_file_named_chains_is_not_the_default_folder(repo: Path) -> None:
    write(repo / "chains", "not a folder\n")
    write(repo / "org.yaml", ORG)
    result = invoke("check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["files"] == 1


def test_default_path_through_the_console_script(repo: Path) -> None:
    write(repo / "chains" / "chain.yaml", ONLY_A_WARNING)
    write(repo / "elsewhere.yaml", "svcchain: 2\n")
    result = run("check", cwd=repo)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("chains/chain.yaml:")
    assert "elsewhere" not in result.stdout


def test_empty_current_folder_is_a_usage_error(repo: Path) -> None:
    result = invoke("check")
    assert result.exit_code == 2
    assert "no chain files" in result.stderr


# --------------------------------------------------------------------------- internal errors


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("boom in the engine")


def test_internal_error_exits_2_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import svcchain.engine

    monkeypatch.setattr(svcchain.engine, "check", _boom)
    result = invoke("check", str(ROOT / "chains"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "internal error" in lines[0] and "boom in the engine" in lines[0]
    assert "--debug" in lines[0]


def test_internal_error_with_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import svcchain.engine

    monkeypatch.setattr(svcchain.engine, "check", _boom)
    result = invoke("check", str(ROOT / "chains"), "--debug")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert "_boom" in result.stderr and "RuntimeError: boom in the engine" in result.stderr


_PATCHED_MAIN = """
import sys
import svcchain.engine
def boom(*args, **kwargs):
    raise RuntimeError("boom in the engine")
svcchain.engine.check = boom
from svcchain.cli import main
sys.argv = ["svcchain"] + sys.argv[1:]
main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_in_a_real_process(debug: bool) -> None:
    args = ["check", "chains"] + (["--debug"] if debug else [])
    result = subprocess.run(
        [sys.executable, "-c", _PATCHED_MAIN, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert ("Traceback" in result.stderr) is debug
    assert result.stderr.strip().splitlines()[-1].startswith("svcchain: internal error: RuntimeError: boom")


# --------------------------------------------------------------------------- no traceback, ever


@pytest.mark.parametrize("folder", sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir()))
def test_no_traceback_on_any_scenario(folder: str) -> None:
    for fmt in ("text", "json"):
        result = invoke("check", str(SCENARIOS / folder), "--format", fmt)
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output


HOSTILE_FILES = {
    "bomb.yaml": "svcchain: 1\nx-a: &a [1,1,1,1,1,1,1,1,1,1]\nx-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nx-f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
    "deep.yaml": "[" * 100_000,
    "evil.yaml": "svcchain: 1\nx-a: !!python/object/apply:os.system ['echo pwned']\n",
    "latin1.yaml": b"svcchain: 1\nx-a: caf\xe9\n",
    "utf16.yaml": "svcchain: 1\n".encode("utf-16"),
    "nul.yaml": b"svcchain: 1\nx-a: \x00\n",
    "scalar.yaml": "just text\n",
    "list.yaml": "- 1\n- 2\n",
    "empty.yaml": "",
    "keys.yaml": "svcchain: 1\n? [a]\n: 1\n1: 2\npeople: {id: x}\nservices: [1, [2], {links: 3}]\n",
}


def _hostile_repo(root: Path) -> Path:
    for name, content in HOSTILE_FILES.items():
        path = root / "chains" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_no_traceback_on_hostile_files_in_a_real_process(repo: Path) -> None:
    _hostile_repo(repo)
    result = run("check", "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    files = {f["file"] for f in json.loads(result.stdout)["findings"]}
    assert files == {f"chains/{name}" for name in HOSTILE_FILES}  # every file is a finding


def test_no_traceback_on_hostile_files_in_text(repo: Path) -> None:
    _hostile_repo(repo)
    result = invoke("check")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for name in HOSTILE_FILES:
        assert f"chains/{name}:" in result.stdout


@pytest.mark.parametrize("args", [["check", "nope"], ["check", "--no-such-option"]])
def test_usage_errors_in_a_real_process_exit_2_without_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if args[1:2] == ["--no-such-option"]:
        assert "--no-such-option" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "nope"],
        ["check", "--fail-on", "x"],
        ["nope"],
        [],
        ["check", "--output", "/no/such/folder/report.json", str(ROOT / "chains")],
    ],
)
def test_no_traceback_on_usage_errors(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- colour


def test_captured_output_has_no_ansi_escapes() -> None:
    result = invoke("check", str(ROOT / "examples" / "broken"))
    assert not ANSI.search(result.output)


def _run_in_a_terminal(env: dict) -> str:
    pty = pytest.importorskip("pty")
    try:
        master, slave = pty.openpty()
    except OSError as exc:
        pytest.skip(f"no pseudo-terminal available: {exc}")
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update({"TERM": "xterm-256color", **env})
    process = subprocess.Popen(
        [console_script(), "check", "examples/broken"],
        cwd=ROOT,
        env=environment,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def _colour_codes(text: str) -> list[str]:
    """SGR parameters that set a colour (30-37, 38;…, 39-47, 48;…, 49, 90-107)."""
    found = []
    for sequence in re.findall(r"\x1b\[([0-9;]*)m", text):
        for part in sequence.split(";"):
            if part and (30 <= int(part) <= 49 or 90 <= int(part) <= 107):
                found.append(sequence)
                break
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_output_is_coloured_and_no_color_removes_the_colour() -> None:
    coloured = _run_in_a_terminal({})
    assert _colour_codes(coloured), "a terminal gets colour (this also proves the check below can fail)"
    plain = _run_in_a_terminal({"NO_COLOR": "1"})
    assert "SC101" in plain
    # NO_COLOR removes colour; styles such as bold may stay (no-color.org, rich)
    assert _colour_codes(plain) == []


# --------------------------------------------------------------------------- file order


def test_file_order_follows_the_command_line_and_output_is_sorted(repo: Path) -> None:
    write(repo / "a.yaml", "svcchain: 1\npeople:\n  - id: ann\n")
    write(repo / "b.yaml", "svcchain: 1\npeople:\n  - id: ann\n")
    # b.yaml is named first, so its 'ann' is the first declaration and a.yaml holds the repeat
    first_b = json.loads(invoke("check", "b.yaml", "a.yaml", "--format", "json").stdout)["findings"]
    assert [(f["file"], f["rule"]) for f in first_b] == [("a.yaml", "SC003")]
    first_a = json.loads(invoke("check", "a.yaml", "b.yaml", "--format", "json").stdout)["findings"]
    assert [(f["file"], f["rule"]) for f in first_a] == [("b.yaml", "SC003")]


def test_a_file_named_twice_is_read_once(repo: Path) -> None:
    write(repo / "chains" / "org.yaml", ONLY_A_WARNING)
    result = invoke("check", "chains", "chains/org.yaml", "./chains/org.yaml", "--format", "json")
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 1
    assert [f["rule"] for f in document["findings"]] == ["SC402"]  # no SC003 from reading it again


# -- one command registered per run ----------------------------------------------------------------------------


def test_the_command_table_names_every_command_of_the_app_in_the_order_of_help() -> None:
    from svcchain.cli import COMMANDS, app

    names = [info.name or info.callback.__name__.replace("_", "-") for info in app.registered_commands]
    names += [group.name for group in app.registered_groups]
    assert sorted(COMMANDS) == sorted(names)
    helped = CliRunner().invoke(app, ["--help"], terminal_width=200).output
    assert [name for name in COMMANDS if f" {name} " in helped] == list(COMMANDS)
    shown = sorted(COMMANDS, key=lambda name: helped.index(f"│ {name} "))
    assert shown == list(COMMANDS)


@pytest.mark.parametrize("name", ["check", "rule", "graph", "report", "import", "export"])
def test_a_run_registers_its_own_command_with_every_option_it_has_in_the_whole_app(name: str) -> None:
    code = (
        "import sys, typer.main\n"
        "from svcchain.cli import COMMANDS, register\n"
        f"app = register(COMMANDS[{name!r}])\n"
        "group = typer.main.get_command(app)\n"
        f"command = group.commands[{name!r}]\n"
        "def options(command):\n"
        "    found = sorted(o for p in command.params for o in p.opts)\n"
        "    for sub in sorted(getattr(command, 'commands', {})):\n"
        "        found += [sub + ':' + o for o in options(command.commands[sub])]\n"
        "    return found\n"
        "print(options(command))\n"
        "print('check' in group.commands, 'svcchain.cli.diff' in sys.modules)\n"
    )
    alone = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert alone.returncode == 0, alone.stderr
    options, others = alone.stdout.splitlines()
    from typer.main import get_command

    from svcchain.cli import app

    whole = get_command(app).commands[name]  # type: ignore[attr-defined]

    def every(command):
        found = sorted(o for p in command.params for o in p.opts)
        for sub in sorted(getattr(command, "commands", {})):
            found += [sub + ":" + o for o in every(command.commands[sub])]
        return found

    assert options == str(every(whole))
    assert others == ("True False" if name == "check" else "False False")


def test_a_mistyped_command_is_answered_from_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "svcchain", "chek", "chains"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "No such command 'chek'. Did you mean 'check'" in result.stderr
