"""svcchain init: a new chain repository that passes the check at once and never clobbers a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.files import write_new
from svcchain.schema import render_schema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

runner = CliRunner()
FILES = ["chains/organisation.yaml", "chains/customer-portal.yaml", "svcchain.toml", "schema/svcchain.schema.json"]


def init(*args: str):
    return runner.invoke(app, ["init", *args])


def check_json(folder: Path) -> tuple[int, dict]:
    """`svcchain check --format json` run in ``folder`` as a user would: a real process."""
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "check", "--format", "json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, json.loads(done.stdout or "null")


def test_a_new_repository_passes_the_check_with_no_findings(tmp_path):
    result = init(str(tmp_path / "repo"))
    assert result.exit_code == 0, result.output
    repo = tmp_path / "repo"
    for name in FILES:
        assert (repo / name).is_file(), name
        assert f"created     {tmp_path / 'repo'}/{name}" in result.stdout
    assert f"Next: cd {tmp_path / 'repo'} && svcchain check" in result.stdout
    code, report = check_json(repo)
    assert code == 0
    assert report["findings"] == []
    assert report["summary"] == {"files": 2, "services": 1, "links": 3, "errors": 0, "warnings": 0, "infos": 0}


def test_the_default_folder_is_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = init()
    assert result.exit_code == 0
    assert "created     chains/organisation.yaml" in result.stdout
    assert "Next: svcchain check" in result.stdout
    assert all((tmp_path / name).is_file() for name in FILES)


def test_what_the_scaffold_holds(tmp_path):
    init(str(tmp_path))
    organisation = yaml.safe_load((tmp_path / "chains/organisation.yaml").read_text(encoding="utf-8"))
    people = {person["id"] for person in organisation["people"]}
    for team in organisation["teams"]:
        assert len(set(team["members"])) >= 2 and team["facilitator"] in people
    (service,) = yaml.safe_load((tmp_path / "chains/customer-portal.yaml").read_text(encoding="utf-8"))["services"]
    assert service["id"] == "customer-portal" and service["owner"] in people
    assert service["customer"]["needs"]
    assert 2 <= len(service["links"]) <= 3
    teams = {team["id"] for team in organisation["teams"]}
    for link in service["links"]:
        assert link["owner"] in teams and link["result"] and link["measures"]
    assert any(link.get("after") for link in service["links"])
    assert (tmp_path / "schema/svcchain.schema.json").read_text(encoding="utf-8") == render_schema()


def test_the_config_file_is_commented_and_holds_the_keys_the_loader_reads(tmp_path):
    init(str(tmp_path))
    text = (tmp_path / "svcchain.toml").read_text(encoding="utf-8")
    assert text.lstrip().startswith("#")
    assert tomllib.loads(text) == {
        "paths": ["chains"],
        "fail-on": "error",
        "max-links-per-owner": 7,
        "leaving-warning-days": 30,
        "review-every": 365,
    }
    from svcchain.config import load_file_config

    loaded = load_file_config(str(tmp_path / "svcchain.toml"))
    assert loaded.paths == ["chains"] and loaded.fail_on == "error" and loaded.max_links_per_owner == 7


def test_the_chain_files_carry_the_modeline_and_validate_against_the_schema(tmp_path):
    init(str(tmp_path))
    validator = jsonschema.Draft202012Validator(json.loads((tmp_path / "schema/svcchain.schema.json").read_text()))
    for path in sorted((tmp_path / "chains").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schema/svcchain.schema.json\n")
        for document in yaml.safe_load_all(text):
            assert not list(validator.iter_errors(document)), path


def test_it_never_overwrites_and_says_what_it_left_alone(tmp_path):
    (tmp_path / "chains").mkdir()
    (tmp_path / "svcchain.toml").write_text("fail-on = 'warning'\n", encoding="utf-8")
    (tmp_path / "chains/organisation.yaml").write_text("# not a chain file yet\n", encoding="utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "svcchain.toml").read_text(encoding="utf-8") == "fail-on = 'warning'\n"
    assert (tmp_path / "chains/organisation.yaml").read_text(encoding="utf-8") == "# not a chain file yet\n"
    assert f"left alone  {tmp_path}/svcchain.toml (it exists)" in result.stdout
    assert f"left alone  {tmp_path}/chains/organisation.yaml (it exists)" in result.stdout
    assert f"created     {tmp_path}/chains/customer-portal.yaml" in result.stdout

    before = {name: (tmp_path / name).read_bytes() for name in FILES}
    again = init(str(tmp_path))  # now the folder holds a chain file: nothing is written (tests/test_first_contact.py)
    assert again.exit_code == 0
    assert again.stdout.startswith("nothing created: ") and again.stdout.count("\n") == 1
    assert "Next:" not in again.stdout
    assert {name: (tmp_path / name).read_bytes() for name in FILES} == before


def test_a_service_of_your_own(tmp_path):
    result = init(str(tmp_path), "--service", "payroll")
    assert result.exit_code == 0
    (service,) = yaml.safe_load((tmp_path / "chains/payroll.yaml").read_text(encoding="utf-8"))["services"]
    assert service["id"] == "payroll" and service["name"] == "Payroll"
    code, report = check_json(tmp_path)
    assert (code, report["findings"]) == (0, [])


@pytest.mark.parametrize("service", ["2024", "no", "1.5e3", "null"])
def test_ids_yaml_would_read_as_another_type_are_quoted(tmp_path, service):
    assert init(str(tmp_path), "--service", service).exit_code == 0
    (data,) = yaml.safe_load((tmp_path / f"chains/{service}.yaml").read_text(encoding="utf-8"))["services"]
    assert data["id"] == service and isinstance(data["name"], str)
    code, report = check_json(tmp_path)
    assert (code, report["findings"]) == (0, [])


@pytest.mark.parametrize(
    "service, why",
    [
        ("my service", "is not a valid service id"),
        ("-dash", "is not a valid service id"),
        ("a/b", "is not a valid service id"),
        ("organisation", "would clash with chains/organisation.yaml"),
    ],
)
def test_bad_service_ids_are_usage_errors(tmp_path, service, why):
    result = init(str(tmp_path / "repo"), "--service", service)
    assert result.exit_code == 2
    assert why in result.stderr
    assert not (tmp_path / "repo").exists()


def test_a_file_in_place_of_the_folder_is_a_usage_error(tmp_path):
    (tmp_path / "taken").write_text("", encoding="utf-8")
    result = init(str(tmp_path / "taken"))
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a user that permissions apply to")
def test_a_folder_it_cannot_write_is_reported(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = init(str(locked))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_write_new_creates_atomically_and_never_replaces(tmp_path):
    target = tmp_path / "file.txt"
    assert write_new(str(target), "first\n") is True
    assert write_new(str(target), "second\n") is False
    assert target.read_text(encoding="utf-8") == "first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]  # no temporary file left behind
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_new_leaves_a_dangling_symlink_alone(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "elsewhere.txt")
    assert write_new(str(link), "text\n") is False
    assert not (tmp_path / "elsewhere.txt").exists()


def test_a_file_it_cannot_write_is_reported_and_the_others_are_still_written(tmp_path, monkeypatch):
    import errno

    import svcchain.files

    real = svcchain.files.write_new

    def refuse_the_config(path: str, text: str) -> bool:
        if path.endswith("svcchain.toml"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, text)

    monkeypatch.setattr(svcchain.files, "write_new", refuse_the_config)
    result = init(str(tmp_path))
    assert result.exit_code == 2
    assert f"cannot write '{tmp_path}/svcchain.toml': Permission denied" in result.stderr
    assert not (tmp_path / "svcchain.toml").exists()
    assert all((tmp_path / name).is_file() for name in FILES if name != "svcchain.toml")
