"""The pre-commit hook, the GitHub Action and the CI examples: parsed, checked, and the action's scripts run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from broken_support import BROKEN_EPOCH

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
#: how the runner starts a `shell: bash` step (docs: workflow syntax, jobs.<job_id>.steps[*].shell)
BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c")


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def action() -> dict:
    return load(ROOT / "action.yml")


def steps_by_name(action: dict) -> dict[str, dict]:
    return {step["name"]: step for step in action["runs"]["steps"]}


# --------------------------------------------------------------------------- pre-commit


def test_the_pre_commit_hook_checks_the_whole_repository():
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["id"] == "svcchain"
    assert hook["entry"] == "svcchain check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook.get("always_run") or hook.get("files")
    files = re.compile(hook["files"])
    for changed in ("chains/network.yaml", "a.yml", "svcchain.toml", ".svcchain.toml", "sub/pyproject.toml"):
        assert files.search(changed), changed
    for unrelated in ("README.md", "yaml.txt", "svcchain.toml.bak", "setup.py"):
        assert not files.search(unrelated), unrelated


def test_the_hooks_entry_is_a_console_script_of_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^svcchain = "svcchain\.__main__:main"$', pyproject, re.MULTILINE)


def test_the_pre_commit_example_uses_the_hook():
    config = load(CI / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["rev"] and repo["repo"].startswith("https://")
    hook_ids = {hook["id"] for hook in load(ROOT / ".pre-commit-hooks.yaml")}
    assert [hook["id"] for hook in repo["hooks"]] == ["svcchain"] and "svcchain" in hook_ids


# --------------------------------------------------------------------------- the action


def test_the_action_is_a_composite_with_the_documented_inputs(action):
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    assert {"paths", "format", "fail-on", "version", "upload-sarif"} <= set(action["inputs"])
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
        assert isinstance(spec.get("default"), str), name  # inputs are strings
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.run.outputs.exit-code }}"


def test_no_expression_is_interpolated_into_a_script(action):
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            assert step.get("shell") == "bash", step["name"]


def test_every_input_reaches_a_script_through_env(action):
    referenced = set()
    for step in action["runs"]["steps"]:
        for value in (step.get("env") or {}).values():
            referenced.update(re.findall(r"\$\{\{ inputs\.([\w-]+) \}\}", value))
        for value in (step.get("with") or {}).values():
            referenced.update(re.findall(r"\$\{\{ inputs\.([\w-]+) \}\}", str(value)))
    assert referenced == set(action["inputs"])


def test_sarif_upload_is_optional_and_uses_codeql_upload_sarif(action):
    upload = steps_by_name(action)["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "inputs.upload-sarif == 'true'"
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert action["inputs"]["upload-sarif"]["default"] == "false"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_scripts_are_valid_bash(action):
    for step in action["runs"]["steps"]:
        if "run" in step:
            done = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True)
            assert done.returncode == 0, (step["name"], done.stderr)


@pytest.fixture
def fake_runner(tmp_path):
    """A runner's temp folder whose svcchain venv is this test environment's."""
    if shutil.which("bash") is None or os.name != "posix":
        pytest.skip("needs bash on a POSIX system")
    temp = tmp_path / "runner-temp"
    (temp / "svcchain-venv").mkdir(parents=True)
    (temp / "svcchain-venv" / "bin").symlink_to(Path(sys.executable).parent)
    if not (Path(sys.executable).parent / "svcchain").exists():
        pytest.skip("the svcchain console script is not installed next to this Python")
    return temp


def run_step(action: dict, name: str, inputs: dict, runner_temp: Path, workspace: Path, tmp_path: Path):
    """Run one step's script as the runner would: its env with the inputs filled in."""
    step = steps_by_name(action)[name]
    defaults = {key: spec["default"] for key, spec in action["inputs"].items()}
    values = {**defaults, **inputs}
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT") if key in os.environ}
    env["SOURCE_DATE_EPOCH"] = BROKEN_EPOCH  # today, for the dates of examples/broken (tests/broken_support.py)
    for key, value in step["env"].items():
        env[key] = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values[m.group(1)], value)
    output, summary = tmp_path / "github-output", tmp_path / "step-summary"
    for fresh in (output, summary):  # each run of a step gets its own files, as on a runner
        fresh.unlink(missing_ok=True)
    env.update(
        RUNNER_TEMP=str(runner_temp),
        RUNNER_OS="Linux",
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_ACTIONS="true",
    )
    done = subprocess.run([*BASH, step["run"]], cwd=workspace, env=env, capture_output=True, text=True, timeout=300)
    return done, output, summary


def test_the_run_step_annotates_summarises_writes_sarif_and_records_the_exit_code(action, fake_runner, tmp_path):
    done, output, summary = run_step(
        action,
        "Run svcchain",
        {"paths": "examples/broken", "upload-sarif": "true", "sarif-file": str(tmp_path / "out.sarif")},
        fake_runner,
        ROOT,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr  # the step records the status; the last step fails the job
    assert output.read_text() == "exit-code=1\n"
    assert done.stdout == (ROOT / "tests" / "golden" / "broken.github.txt").read_text(encoding="utf-8")
    assert summary.read_text(encoding="utf-8") == (ROOT / "tests" / "golden" / "broken.md").read_text(encoding="utf-8")
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 34


def test_the_run_step_passes_a_clean_repository_and_honours_fail_on(action, fake_runner, tmp_path):
    done, output, _ = run_step(
        action, "Run svcchain", {"paths": "chains", "summary": "false"}, fake_runner, ROOT, tmp_path
    )
    assert done.returncode == 0 and output.read_text() == "exit-code=0\n"
    done, output, _ = run_step(
        action,
        "Run svcchain",
        {"paths": "examples/broken", "fail-on": "never", "format": "text", "summary": "false"},
        fake_runner,
        ROOT,
        tmp_path,
    )
    assert output.read_text() == "exit-code=0\n"
    assert "Found 21 errors" in done.stdout


def test_paths_cannot_inject_shell_code(action, fake_runner, tmp_path):
    marker = tmp_path / "pwned"
    done, output, _ = run_step(
        action,
        "Run svcchain",
        {"paths": f"chains $(touch {marker}) `touch {marker}`; *", "summary": "false"},
        fake_runner,
        ROOT,
        tmp_path,
    )
    assert not marker.exists()
    assert output.read_text() == "exit-code=2\n"  # the odd words are paths that do not exist: a usage error
    assert "does not exist" in done.stderr


def test_the_last_step_fails_the_job_on_findings(action, tmp_path):
    step = steps_by_name(action)["Fail on findings"]
    assert step["env"]["EXIT_CODE"] == "${{ steps.run.outputs.exit-code }}"
    for code in ("0", "1", "2"):
        done = subprocess.run(
            [*BASH, step["run"]], env={"EXIT_CODE": code, "PATH": os.environ["PATH"]}, capture_output=True, text=True
        )
        assert done.returncode == int(code)


# --------------------------------------------------------------------------- CI examples


def test_the_github_workflow_runs_the_action_with_the_permissions_it_needs():
    workflow = load(CI / ".github" / "workflows" / "svcchain.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "push" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    uses = [step.get("uses", "") for step in job["steps"]]
    assert uses[0].startswith("actions/checkout@")
    (svcchain_step,) = [step for step in job["steps"] if re.match(r"[\w-]+/svcchain@", step.get("uses", ""))]
    action_inputs = set(load(ROOT / "action.yml")["inputs"])
    assert set(svcchain_step.get("with", {})) <= action_inputs


def test_the_gitlab_job_wires_junit_and_code_quality_reports():
    config = load(CI / ".gitlab-ci.yml")
    job = config["svcchain"]
    script = " ".join(job["script"])
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    reports = artifacts["reports"]
    assert re.search(rf"--format junit --output {re.escape(reports['junit'])}\b", script)
    assert re.search(rf"--format gitlab --output {re.escape(reports['codequality'])}\b", script)
    assert reports["junit"].endswith(".xml")
    assert job["script"][-1].startswith("svcchain check") and "never" not in job["script"][-1]


def test_the_examples_use_only_real_options():
    from typer.testing import CliRunner

    from svcchain.cli import app

    help_text = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    commands = [line for line in load(CI / ".gitlab-ci.yml")["svcchain"]["script"] if line.startswith("svcchain")]
    for command in commands:
        for option in re.findall(r"(--[a-z-]+)", command):
            assert option in help_text, option
    for fmt in ("junit", "gitlab", "sarif", "github", "markdown"):
        assert fmt in help_text
