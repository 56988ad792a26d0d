"""The action's diff mode and the CI examples for ``svcchain diff``: parsed, checked, and their scripts run."""

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
from diff_support import GIT_ENV, NETWORK, Repo, make_repo

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c")
MARKER = "<!-- svcchain-diff -->"


def load(path: Path):  # type: ignore[no-untyped-def]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def steps() -> dict:
    return {step["name"]: step for step in load(ROOT / "action.yml")["runs"]["steps"]}


def test_the_action_has_a_diff_mode(steps: dict) -> None:
    inputs = load(ROOT / "action.yml")["inputs"]
    assert inputs["mode"]["default"] == "check"
    assert {"base", "comment", "github-token"} <= set(inputs)
    post = steps["Post the diff comment"]
    assert post["if"] == "inputs.mode == 'diff'"
    assert post["env"]["GH_TOKEN"] == "${{ inputs.github-token }}"


def test_the_token_reaches_the_posting_step_only(steps: dict) -> None:
    for name, step in steps.items():
        text = json.dumps({key: step.get(key) for key in ("env", "with", "run")})
        holds = "github-token" in text or "github.token" in text or "GH_TOKEN" in text or "GITHUB_TOKEN" in text
        assert holds == (name == "Post the diff comment"), name


@pytest.fixture
def fake_runner(tmp_path: Path) -> Path:
    if shutil.which("bash") is None or os.name != "posix":
        pytest.skip("needs bash on a POSIX system")
    if not (Path(sys.executable).parent / "svcchain").exists():
        pytest.skip("the svcchain console script is not installed next to this Python")
    temp = tmp_path / "runner-temp"
    (temp / "svcchain-venv").mkdir(parents=True)
    (temp / "svcchain-venv" / "bin").symlink_to(Path(sys.executable).parent)
    return temp


def run_step(
    step: dict,
    inputs: dict,
    github: dict,
    runner_temp: Path,
    workspace: Path,
    tmp_path: Path,
    extra: dict | None = None,
):  # type: ignore[no-untyped-def]
    """One step's script as the runner runs it: its env with the inputs and the github context filled in."""
    defaults = {key: spec["default"] for key, spec in load(ROOT / "action.yml")["inputs"].items()}
    values = {**defaults, **inputs}
    env = {key: value for key, value in GIT_ENV.items() if key in ("PATH", "HOME", "LANG") or key.startswith("GIT_")}
    env.update(extra or {})
    for key, value in step["env"].items():
        value = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values[m.group(1)], value)
        env[key] = re.sub(r"\$\{\{ github\.([\w.]+) \}\}", lambda m: github.get(m.group(1), ""), value)
    output, summary = tmp_path / "github-output", tmp_path / "step-summary"
    for fresh in (output, summary):
        fresh.unlink(missing_ok=True)
    env.update(
        RUNNER_TEMP=str(runner_temp),
        RUNNER_OS="Linux",
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_ACTIONS="true",
        GITHUB_REPOSITORY="acme/chains",
    )
    done = subprocess.run([*BASH, step["run"]], cwd=workspace, env=env, capture_output=True, text=True, timeout=300)
    return done, output, summary


GITHUB = {"server_url": "https://github.com", "repository": "acme/chains", "sha": "0123abc"}


def _pull_request(tmp_path: Path) -> tuple[Repo, Path]:
    """A repository whose ``feature`` branch removes a link, and a shallow clone of that branch alone."""
    origin = make_repo(tmp_path / "origin")
    origin.git("checkout", "-q", "-b", "feature")
    origin.write("chains/network.yaml", NETWORK[: NETWORK.index("      - id: billing")])
    origin.commit("remove billing")
    clone = tmp_path / "clone"
    done = subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            "--single-branch",
            origin.path.as_uri(),
            str(clone),
        ],
        env=GIT_ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return origin, clone


def test_the_diff_mode_fetches_the_base_comments_and_gates(steps: dict, fake_runner: Path, tmp_path: Path) -> None:
    _, clone = _pull_request(tmp_path)
    done, output, summary = run_step(
        steps["Run svcchain"], {"mode": "diff"}, {**GITHUB, "base_ref": "main"}, fake_runner, clone, tmp_path
    )
    assert output.read_text() == "exit-code=1\n", done.stderr  # a need left unmet: a new error
    assert "::error file=chains/network.yaml" in done.stdout and "(new in this change)" in done.stdout
    comment = (fake_runner / "svcchain-diff.md").read_text(encoding="utf-8")
    assert comment.startswith(MARKER + "\n### ❌ svcchain diff: 1 new error")
    assert "](https://github.com/acme/chains/blob/0123abc/chains/network.yaml#L" in comment
    assert summary.read_text(encoding="utf-8") == comment
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout == ""


def test_the_diff_mode_passes_when_nothing_new_fails(steps: dict, fake_runner: Path, tmp_path: Path) -> None:
    _, clone = _pull_request(tmp_path)
    done, output, _ = run_step(
        steps["Run svcchain"],
        {"mode": "diff", "fail-on": "never", "summary": "false"},
        {**GITHUB, "base_ref": "main"},
        fake_runner,
        clone,
        tmp_path,
    )
    assert output.read_text() == "exit-code=0\n", done.stderr


def test_the_diff_mode_outside_a_pull_request_is_a_usage_error(steps: dict, fake_runner: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    done, output, _ = run_step(steps["Run svcchain"], {"mode": "diff"}, GITHUB, fake_runner, repo.path, tmp_path)
    assert output.read_text() == "exit-code=2\n"
    assert "needs a pull request" in done.stderr


FAKE_GH = """#!/bin/bash
# a stand-in for the GitHub CLI: answers from $GH_FIXTURES, records what it is asked
echo "$*" >> "$GH_FIXTURES/calls"
if [ "$1 $2" = "api user" ]; then echo '{"message": "Resource not accessible by integration"}' >&2; exit 1; fi
if [ -e "$GH_FIXTURES/fail" ]; then exit 1; fi
for arg in "$@"; do
  if [ "$prev" = "--jq" ]; then jq -r "$arg" "$GH_FIXTURES/comments.json"; exit 0; fi
  if [ "$arg" = "--input" ]; then cat > "$GH_FIXTURES/payload.json"; echo '{}'; exit 0; fi
  prev="$arg"
done
"""


@pytest.fixture
def fake_gh(tmp_path: Path) -> Path:
    if shutil.which("jq") is None or shutil.which("bash") is None:
        pytest.skip("needs bash and jq")
    fixtures = tmp_path / "gh"
    (fixtures / "bin").mkdir(parents=True)
    gh = fixtures / "bin" / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    return fixtures


def _post(steps: dict, fixtures: Path, comments: list[dict], tmp_path: Path, inputs: dict | None = None):  # type: ignore[no-untyped-def]
    (fixtures / "comments.json").write_text(json.dumps(comments))
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    (runner_temp / "svcchain-diff.md").write_text(MARKER + "\n### ✅ svcchain diff: 0 new errors\n", encoding="utf-8")
    done, _, _ = run_step(
        steps["Post the diff comment"],
        {"github-token": "t0ken", **(inputs or {})},
        {"event.pull_request.number": "7"},
        runner_temp,
        tmp_path,
        tmp_path,
        {"PATH": f"{fixtures / 'bin'}:{os.environ['PATH']}", "GH_FIXTURES": str(fixtures)},
    )
    calls = (fixtures / "calls").read_text().splitlines() if (fixtures / "calls").exists() else []
    return done, calls


def test_the_comment_is_posted_once_then_updated(steps: dict, fake_gh: Path, tmp_path: Path) -> None:
    done, calls = _post(steps, fake_gh, [{"id": 1, "user": {"login": "someone"}, "body": MARKER + " spoof"}], tmp_path)
    assert done.returncode == 0, done.stderr
    assert calls[-1].startswith("api --method POST repos/acme/chains/issues/7/comments")
    assert json.loads((fake_gh / "payload.json").read_text())["body"].startswith(MARKER)
    (fake_gh / "calls").unlink()
    existing = [
        {"id": 5, "user": {"login": "github-actions[bot]"}, "body": "an unrelated comment"},
        {"id": 9, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nold"},
    ]
    done, calls = _post(steps, fake_gh, existing, tmp_path)
    assert done.returncode == 0, done.stderr
    assert calls[-1].startswith("api --method PATCH repos/acme/chains/issues/comments/9")


def test_a_read_only_token_warns_and_does_not_fail(steps: dict, fake_gh: Path, tmp_path: Path) -> None:
    (fake_gh / "fail").write_text("")
    done, _ = _post(steps, fake_gh, [], tmp_path)
    assert done.returncode == 0
    assert "::warning title=svcchain::could not post the diff comment" in done.stdout


def test_no_comment_when_turned_off(steps: dict, fake_gh: Path, tmp_path: Path) -> None:
    done, calls = _post(steps, fake_gh, [], tmp_path, {"comment": "false"})
    assert done.returncode == 0 and calls == []


# --------------------------------------------------------------------------- the examples


def test_the_github_diff_workflow_runs_the_action_on_pull_requests() -> None:
    workflow = load(CI / ".github" / "workflows" / "svcchain-diff.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    assert workflow["permissions"]["pull-requests"] == "write"
    (job,) = workflow["jobs"].values()
    assert job["steps"][0]["uses"].startswith("actions/checkout@")
    (step,) = [step for step in job["steps"] if re.match(r"[\w-]+/svcchain@", step.get("uses", ""))]
    assert step["with"]["mode"] == "diff"
    assert set(step["with"]) <= set(load(ROOT / "action.yml")["inputs"])


def test_the_gitlab_diff_job_uses_real_options_and_valid_scripts() -> None:
    from typer.testing import CliRunner

    from svcchain.cli import app

    job = load(CI / ".gitlab-ci.yml")["svcchain-diff"]
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert job["variables"]["GIT_DEPTH"] == "0"
    help_text = CliRunner().invoke(app, ["diff", "--help"], env={"COLUMNS": "200"}).stdout
    commands = [line for line in job["script"] if line.startswith("svcchain diff")]
    assert commands and commands[-1] == job["script"][-1]  # the last line gates
    for command in commands:
        for option in re.findall(r"(--[a-z-]+)", command):
            assert option in help_text, option
    for line in job["script"]:
        if shutil.which("bash"):
            done = subprocess.run(["bash", "-n"], input=line, capture_output=True, text=True)
            assert done.returncode == 0, (line, done.stderr)
        if "python3 - <<'PY'" in line:
            code = line.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
            compile(code, "gitlab-note", "exec")
            assert MARKER in code
