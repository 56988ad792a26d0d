"""The owner directory (issue 14, part 2): people and teams known to the organisation but not modelled.

``directory = [...]`` names CSV, JSON and YAML files (tests/directory/): their people and
teams count as declared (no SC102), a person's ``active_until`` counts as SC108/SC109 count
it, the owners view lists the ones the chains name as "in the directory", a file that is
missing or malformed stops the run with exit 2 naming file and line, and 20,000 people do
not slow the check down.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.config import ConfigError, resolve
from svcchain.directory import DirectoryError, load
from svcchain.discover import discover
from svcchain.engine import check

HERE = Path(__file__).parent / "directory"
COMPANY = HERE / "company"
MALFORMED = HERE / "malformed"
TODAY = "2026-06-01"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), prog_name="svcchain")
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def company(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/directory/company as the current folder (its own repository)."""
    target = tmp_path / "company"
    shutil.copytree(COMPANY, target)
    (target / ".git").mkdir()
    monkeypatch.chdir(target)
    return target


# -- reading the files --------------------------------------------------------------------------------------------


def test_every_shape_of_directory_file_is_read() -> None:
    directory = load([(name, str(COMPANY / name)) for name in ("people.csv", "github-teams.json", "contractors.yaml")])
    # people.csv (5), the two logins of the GitHub export, contractors.yaml (1)
    assert sorted(directory.people) == ["dana", "erik", "fatima", "gert", "hanna", "kees", "octo-ivo", "octo-jan"]
    assert sorted(directory.teams) == ["docs", "platform"]
    gert = directory.people["gert"]
    assert (gert.name, gert.email, gert.manager, gert.active_until) == (
        "Gert Bakker",
        "gert@example.com",
        "dana",
        datetime.date(2026, 3, 31),
    )
    assert (gert.file, gert.line) == ("people.csv", 5)
    platform = directory.teams["platform"]
    assert platform.members == ("octo-ivo", "octo-jan")
    assert platform.github == "example/platform"  # the org of the export and the slug
    assert directory.people["octo-jan"].github == "octo-jan"
    assert directory.people["kees"].active_until == datetime.date(2026, 12, 31)


def test_the_first_entry_of_an_id_wins_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,name\nann,Ann from HR\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("people: [{id: ann, name: Ann from YAML}, {id: bob}]\n", encoding="utf-8")
    directory = load([("a.csv", str(tmp_path / "a.csv")), ("b.yaml", str(tmp_path / "b.yaml"))])
    assert directory.people["ann"].name == "Ann from HR"
    assert set(directory.people) == {"ann", "bob"}


@pytest.mark.parametrize(
    ("name", "where", "what"),
    [
        ("bad-date.csv", "bad-date.csv:2:5:", "active_until '2026-13-01' is not a date"),
        ("bad-date.yaml", "bad-date.yaml:3:29:", "active_until 'soon' is not a date"),
        ("bad-id.json", "bad-id.json:3:10:", "id 'ann smith' is not an id"),
        ("no-id-column.csv", "no-id-column.csv:1:1:", "names no 'id' column"),
        ("ragged.csv", "ragged.csv:3:1:", "the row has 1 field, the header 2"),
        ("no-people.yaml", "no-people.yaml:2:1:", "holds neither 'people' nor 'teams'"),
        ("person-and-team.json", "person-and-team.json:1:1:", "'ann' is a team at"),
        ("syntax.yaml", "syntax.yaml:2:1:", "invalid YAML"),
        ("ok.txt", "ok.txt:1:1:", "a directory file is .csv, .json, .yaml or .yml"),
        ("missing.csv", "missing.csv:1:1:", "no such directory file"),
    ],
)
def test_a_malformed_or_missing_file_names_file_line_and_column(name: str, where: str, what: str) -> None:
    with pytest.raises(DirectoryError) as raised:
        load([(name, str(MALFORMED / name))])
    message = str(raised.value)
    assert message.startswith(where) and what in message, message


def test_a_bad_directory_is_exit_2_with_file_and_line(company: Path) -> None:
    shutil.copy(MALFORMED / "bad-date.csv", company / "people.csv")
    code, stdout, stderr = run("check", "--today", TODAY)
    assert code == 2 and stdout == ""
    assert "people.csv:2:5: active_until '2026-13-01' is not a date" in stderr
    (company / "people.csv").unlink()
    code, _, stderr = run("owners", "--today", TODAY)  # every command that reads chains
    assert code == 2 and "people.csv:1:1: no such directory file" in stderr


def test_directory_paths_are_relative_to_the_config_folder(company: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(company / "chains")
    resolved = resolve()
    assert resolved.settings.directory is not None
    assert list(resolved.settings.directory.files) == ["../people.csv", "../github-teams.json", "../contractors.yaml"]
    assert resolved.sources["directory"].endswith("svcchain.toml")


# -- what the check makes of it -----------------------------------------------------------------------------------


def _findings(folder: Path, with_directory: bool = True) -> list[tuple[str, int, int, str]]:
    settings = resolve(str(folder / "svcchain.toml"), cwd=str(folder)).settings
    settings = replace(settings, today=datetime.date.fromisoformat(TODAY))
    if not with_directory:
        settings = replace(settings, directory=None)
    report = check(discover([str(folder / "chains")]).files, settings)
    return [(Path(f.file).name, f.line, f.column, f.rule) for f in report.findings]


def test_directory_people_and_teams_are_declared_owners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(COMPANY)
    assert _findings(COMPANY) == [
        ("network.yaml", 22, 16, "SC105"),  # hanna owns billing alone, and her deputy gert has left
        ("network.yaml", 22, 16, "SC109"),  # hanna (people.csv) leaves on 2026-06-15
        ("network.yaml", 26, 17, "SC108"),  # gert (people.csv) left on 2026-03-31: still declared, no SC102
        ("network.yaml", 28, 16, "SC102"),  # nobody-knows is in no chain file and no directory file
    ]
    # without the directory every name only it declares is unknown: the noise issue 14 is about
    without = Counter(code for *_, code in _findings(COMPANY, with_directory=False))
    assert without == {"SC102": 9}


def test_a_chain_file_declaration_wins_over_the_directory(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id,name,active_until\nann,Ann,2020-01-01\n", encoding="utf-8")
    (tmp_path / "svcchain.toml").write_text('directory = ["people.csv"]\n', encoding="utf-8")
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "mail.yaml").write_text(
        "svcchain: 1\npeople: [{id: ann}, {id: meg}]\nteams: [{id: ops, members: [ann, bob], facilitator: meg}]\n"
        "services:\n  - id: mail\n    owner: meg\n    customer: {needs: [{id: inbox}]}\n"
        "    links: [{id: deliver, owner: ops, result: r, measures: [{name: m}], delivers: [inbox]}]\n",
        encoding="utf-8",
    )
    # ann is declared in the chain file without active_until: the directory's date does not apply;
    # bob is declared nowhere
    assert [code for *_, code in _findings(tmp_path)] == ["SC102"]


def test_a_directory_team_is_not_a_person(tmp_path: Path) -> None:
    (tmp_path / "teams.json").write_text('{"teams": [{"id": "platform", "members": ["ann"]}]}', encoding="utf-8")
    (tmp_path / "svcchain.toml").write_text('directory = ["teams.json"]\n', encoding="utf-8")
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "mail.yaml").write_text(
        "svcchain: 1\npeople: [{id: meg}]\nteams: [{id: ops, members: [meg, platform], facilitator: meg}]\n"
        "services:\n  - id: mail\n    owner: meg\n    customer: {needs: [{id: inbox}]}\n"
        "    links: [{id: deliver, owner: platform, result: r, measures: [{name: m}], delivers: [inbox]}]\n",
        encoding="utf-8",
    )
    report = check(
        discover([str(tmp_path / "chains")]).files,
        replace(resolve(str(tmp_path / "svcchain.toml"), cwd=str(tmp_path)).settings, today=datetime.date(2026, 6, 1)),
    )
    found = {(f.rule, f.message) for f in report.findings}
    assert ("SC102", "team 'ops' has member 'platform', which is a team, not a person") in found
    # platform (a directory team of one) owns deliver: it rests on one person
    assert any(rule == "SC105" and "team 'platform' has 'ann' as its only member" in text for rule, text in found)


# -- the views ----------------------------------------------------------------------------------------------------


def test_owners_lists_the_named_directory_entries_as_in_the_directory(company: Path) -> None:
    code, stdout, _ = run("owners", "--format", "json", "--today", TODAY)
    assert code == 0
    rows = {row["id"]: row for row in json.loads(stdout)["owners"]}
    assert rows["meg"]["in_directory"] is False and rows["network-ops"]["in_directory"] is False
    for name in ("dana", "erik", "fatima", "gert", "hanna", "kees", "platform", "octo-ivo", "octo-jan"):
        assert rows[name]["in_directory"] is True, name
        assert rows[name]["role"] == "in the directory"
    assert rows["platform"]["kind"] == "team" and rows["platform"]["members"] == ["octo-ivo", "octo-jan"]
    assert rows["octo-ivo"]["teams"] == ["platform"] and rows["octo-ivo"]["via_teams"] == ["network-service/platform"]
    assert rows["erik"]["teams"] == ["network-ops"]
    assert rows["nobody-knows"]["kind"] == "undeclared"
    # a directory entry the chains do not name stays out: the directory may hold thousands
    assert "docs" not in rows
    _, csv_text, _ = run("owners", "--format", "csv", "--today", TODAY)
    assert "\nplatform,team,Platform,in the directory,,octo-ivo; octo-jan," in csv_text
    _, markdown, _ = run("owners", "--format", "markdown", "--today", TODAY)
    assert "(in the directory)" in markdown


# -- scale --------------------------------------------------------------------------------------------------------


def _generate(out: Path, links: int, people: int, owned: int) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "svcchain_bench_generate", HERE.parent.parent / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(str(out), links, directory_file=people, directory_owned_links=owned)
    (out / "svcchain.toml").write_text('directory = ["directory.csv"]\n', encoding="utf-8")


def test_20000_directory_people_keep_the_check_within_1_3_times(tmp_path: Path) -> None:
    """The whole run with a directory of 20,000 people (reading it included) against the same run
    without it: best of five each, alternating, so load on the machine hits both alike."""
    repo = tmp_path / "repo"
    _generate(repo, 2000, 20_000, 600)
    settings = replace(resolve(str(repo / "svcchain.toml"), cwd=str(repo)).settings, today=datetime.date(2026, 6, 1))
    files = discover([str(repo)]).files
    without_settings = replace(settings, directory=None)
    with_times, without_times = [], []
    for _ in range(5):
        start = time.perf_counter()
        directory = load([("directory.csv", str(repo / "directory.csv"))])
        with_report = check(files, replace(settings, directory=directory))
        with_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        without_report = check(files, without_settings)
        without_times.append(time.perf_counter() - start)
    assert len(directory.people) == 20_000
    # with the directory the 600 links its people own are single-owner (info); without, unknown owners
    assert Counter(f.rule for f in with_report.findings) == {"SC105": 600}
    assert Counter(f.rule for f in without_report.findings) == {"SC102": 600}
    ratio = min(with_times) / min(without_times)
    assert ratio <= 1.3, f"with the directory {min(with_times):.2f} s, without {min(without_times):.2f} s"


# -- a real process -----------------------------------------------------------------------------------------------


def test_the_directory_in_a_real_process(company: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, "-m", "svcchain", "check", "--today", TODAY, "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=company, timeout=120)
    assert done.returncode == 1, done.stderr
    assert [f["rule"] for f in json.loads(done.stdout)["findings"]] == ["SC105", "SC109", "SC108", "SC102"]
    shutil.copy(MALFORMED / "ragged.csv", company / "people.csv")
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=company, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "svcchain: configuration error in people.csv:3:1: the row has 1 field, the header 2"


def test_a_config_error_names_the_directory_file() -> None:
    with pytest.raises(ConfigError, match=r"missing\.csv:1:1: no such directory file"):
        resolve(isolated=False, cli={"directory": ["missing.csv"]}, cwd=str(MALFORMED))
