"""Project configuration: [tool.svcchain] / svcchain.toml, flags over files, exit 2 on bad keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.config import find_config, resolve
from svcchain.globs import matches_glob

HERE = Path(__file__).parent / "config"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A copy of a config scenario as the current directory (a git repository root)."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(HERE / name, target)
        (target / ".git").mkdir()
        monkeypatch.chdir(target)
        return target

    return make


def findings(*args: str) -> tuple[int, list[tuple[str, str, str]]]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    data = json.loads(result.stdout)
    return result.exit_code, [(f["rule"], f["severity"], f["file"]) for f in data["findings"]]


def test_config_ignores_regrades_excludes_and_ignores_per_file(repo):
    repo("adopted-repo")
    code, found = findings()
    # SC105 ignored, SC303 graded down to info, legacy/ excluded, SC4xx ignored in drafts.yaml
    assert found == [("SC303", "info", "chains/organisation.yaml")]
    assert code == 0  # fail-on = "warning", and only an info is left


def test_command_line_overrides_the_config(repo):
    repo("adopted-repo")
    code, found = findings("--fail-on", "info")
    assert code == 1
    # --select replaces the config's select; the config's ignore still applies
    code, found = findings("--select", "SC1")
    assert found == []
    # --ignore replaces the config's ignore
    code, found = findings("--select", "SC1", "--ignore", "SC104")
    assert found == [("SC105", "info", "chains/organisation.yaml")]


def test_isolated_ignores_the_config(repo):
    repo("adopted-repo")
    code, found = findings("--isolated")
    rules = {rule for rule, _, _ in found}
    assert {"SC105", "SC303", "SC401", "SC402", "SC103"} <= rules
    assert ("SC303", "warning", "chains/organisation.yaml") in found
    assert code == 1


def test_explicit_config_file(repo, tmp_path):
    repo("adopted-repo")
    other = tmp_path / "strict.toml"
    other.write_text('fail-on = "info"\n')
    code, found = findings("--config", str(other))
    assert code == 1
    assert ("SC105", "info", "chains/organisation.yaml") in found


def test_bad_key_exits_2_naming_file_and_key(repo):
    repo("bad-key")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "svcchain.toml" in result.stderr
    assert "max-links-per-ownr: unknown key (did you mean 'max-links-per-owner'?)" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('fail-on = "sometimes"\n', "fail-on:"),
        ("max-links-per-owner = 0\n", "max-links-per-owner:"),
        ('select = ["SC9"]\n', "select: 'SC9' is not a rule code"),
        ('[severity]\nSC101 = "fatal"\n', "severity.SC101:"),
        ('[severity]\nNOPE = "info"\n', "'NOPE' is not a rule code or name"),
        ('paths = "chains"\n', "paths:"),
        ("this is = not toml", "invalid TOML"),
    ],
)
def test_bad_values_exit_2(tmp_path, monkeypatch, text, fragment):
    (tmp_path / ".git").mkdir()
    (tmp_path / "svcchain.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_show_config_names_each_source(repo):
    repo("adopted-repo")
    result = runner.invoke(app, ["check", "--show-config", "--fail-on", "error"])
    assert result.exit_code == 0
    lines = {line.split(" = ")[0]: line for line in result.stdout.splitlines() if " = " in line}
    assert lines["ignore"].endswith("# pyproject.toml")
    assert '"single-owner"' in lines["ignore"]
    assert lines["fail-on"].endswith("# command line")
    assert lines["max-links-per-owner"].endswith("# default")
    assert "config file:" in result.stdout


def test_nearest_config_wins_and_search_stops_at_repository_root(tmp_path):
    (tmp_path / "svcchain.toml").write_text('fail-on = "info"\n')
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / ".git").mkdir()
    assert find_config(str(project / "sub")) is None  # stops at the repository root
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.svcchain]: skipped
    assert find_config(str(project / "sub")) is None
    (project / "pyproject.toml").write_text("[tool.svcchain]\nfail-on = 'warning'\n")
    assert find_config(str(project / "sub")) == str(project / "pyproject.toml")
    (project / "sub" / ".svcchain.toml").write_text("fail-on = 'never'\n")
    assert find_config(str(project / "sub")) == str(project / "sub" / ".svcchain.toml")
    assert resolve(cwd=str(project / "sub")).settings.fail_on == "never"


def test_config_in_a_parent_folder_checks_the_project_from_a_subfolder(repo, monkeypatch):
    root = repo("adopted-repo")
    monkeypatch.chdir(root / "chains")
    _code, found = findings()
    assert found == [("SC303", "info", "organisation.yaml")] or found == [
        ("SC303", "info", "../chains/organisation.yaml")
    ]


def test_loader_limits_from_config(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "svcchain.toml").write_text("max-file-bytes = 100\n")
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "big.yaml").write_text("svcchain: 1\n" + "# padding\n" * 20)
    monkeypatch.chdir(tmp_path)
    _code, found = findings()
    assert found == [("SC001", "error", "chains/big.yaml")]


@pytest.mark.parametrize(
    "path, pattern, expected",
    [
        ("chains/legacy/old.yaml", "legacy", True),
        ("chains/legacy/old.yaml", "legacy/", True),
        ("chains/legacy/old.yaml", "chains/legacy/**", True),
        ("chains/legacy/old.yaml", "*.yaml", True),
        ("chains/legacy/old.yaml", "chains/*.yaml", False),
        ("chains/new.yaml", "chains/*.yaml", True),
        ("chains/a/b/c.yaml", "chains/**/c.yaml", True),
        ("chains/c.yaml", "chains/**/c.yaml", True),
        ("chains/legacyx/old.yaml", "legacy", False),
        ("chains/x1.yaml", "chains/x[0-9].yaml", True),
    ],
)
def test_globs(path, pattern, expected):
    assert matches_glob(path, pattern) is expected
