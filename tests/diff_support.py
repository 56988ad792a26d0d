"""What the ``svcchain diff`` tests share: git repositories built in a temporary folder, and the diff run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from svcchain.cli import app

runner = CliRunner()

#: git with no user or system configuration, fixed dates: the same commits, the same ids, everywhere
GIT_ENV = {
    **{key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@t",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@t",
    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00+0000",
    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00+0000",
}

ORG = """\
svcchain: 1
people:
  - {id: dana, name: Dana de Vries}
  - {id: erik, name: Erik Jansen}
  - {id: fatima, name: Fatima El Amrani}
  - {id: gert, name: Gert Bakker}
teams:
  - id: network-ops
    members: [erik, fatima]
    facilitator: gert
"""

NETWORK = """\
svcchain: 1
services:
  - id: network-service
    owner: dana
    customer:
      name: Business customers
      needs:
        - {id: connectivity, text: Reliable connectivity}
        - {id: correct-invoice, text: One correct invoice per month}
    links:
      - id: network
        owner: network-ops
        result: Network available 99.9% during business hours
        measures: [{name: availability, target: ">= 99.9%"}]
        delivers: [connectivity]
      - id: billing
        owner: network-ops
        result: Invoice sent by the 5th working day
        measures: [{name: accuracy, target: ">= 99.5%"}]
        after: [network]
        delivers: [correct-invoice]
"""


class Repo:
    """A git repository in a temporary folder: write files, commit them, read git's view."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, env=GIT_ENV, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        text = (self.path / name).read_text(encoding="utf-8")
        assert old in text, old
        self.write(name, text.replace(old, new))

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def make_repo(path: Path, files: dict[str, str] | None = None) -> Repo:
    """A repository whose first commit (on ``main``) holds ``files`` (default: chains/org.yaml, chains/network.yaml)."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    path.mkdir(parents=True, exist_ok=True)
    repo = Repo(path)
    repo.git("init", "-q")
    repo.git("checkout", "-q", "-b", "main")
    for name, text in (files or {"chains/org.yaml": ORG, "chains/network.yaml": NETWORK}).items():
        repo.write(name, text)
    repo.commit("base")
    return repo


def diff(*args: str) -> Any:
    """``svcchain diff ARGS`` in-process (the current folder is the repository); stdout and stderr apart."""
    return runner.invoke(app, ["diff", *args], prog_name="svcchain", env={"GITHUB_ACTIONS": None, "COLUMNS": "200"})


def diff_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = diff(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def service(data: dict[str, Any], service_id: str) -> dict[str, Any]:
    (found,) = [entry for entry in data["services"] if entry["id"] == service_id]
    return found


def rules(findings: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(finding["rule"], finding.get("link")) for finding in findings]
