"""Profiles (issue 14, part 3): ``profile = "catalog"`` / ``--profile catalog`` for repositories imported
from a software catalog.  The rules that need data a catalog does not hold are off (SC106, SC303, SC401,
SC402), SC110 drops to info, SC107's limit is 20; explicit configuration wins over the profile.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.config import resolve
from svcchain.engine import enabled_rules
from svcchain.profiles import PROFILES

runner = CliRunner()

#: a team-owned service, a link with no result and no measures, a team without facilitator,
#: no customer needs, and one owner of nine links: what an imported catalog looks like
CATALOG_LIKE = """\
svcchain: 1
people: [{id: ann}, {id: bob}]
teams:
  - {id: team-a, members: [ann, bob]}
services:
  - id: portal
    owner: team-a
    links:
""" + "".join(f"      - {{id: part-{n}, owner: team-a}}\n" for n in range(9))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "portal.yaml").write_text(CATALOG_LIKE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_of(*args: str) -> dict[str, int]:
    result = runner.invoke(app, ["check", "--format", "json", "--today", "2026-06-01", *args])
    assert result.exit_code in (0, 1), result.output
    counts: dict[str, int] = {}
    for finding in json.loads(result.stdout)["findings"]:
        counts[f"{finding['rule']} {finding['severity']}"] = (
            counts.get(f"{finding['rule']} {finding['severity']}", 0) + 1
        )
    return counts


def test_the_default_profile_reports_every_gap(repo: Path) -> None:
    assert rules_of() == {
        "SC106 warning": 1,
        "SC107 warning": 1,
        "SC110 warning": 1,
        "SC303 warning": 1,
        "SC401 error": 9,
        "SC402 warning": 9,
    }


def test_the_catalog_profile_from_the_command_line_and_from_the_config(repo: Path) -> None:
    assert rules_of("--profile", "catalog") == {"SC110 info": 1}
    (repo / "svcchain.toml").write_text('profile = "catalog"\n', encoding="utf-8")
    assert rules_of() == {"SC110 info": 1}
    assert rules_of("--profile", "default")["SC401 error"] == 9  # the command line wins over the config


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('severity = {SC110 = "error"}', {"SC110 error": 1}),
        ("max-links-per-owner = 5", {"SC110 info": 1, "SC107 warning": 1}),
        ('select = ["SC401", "SC110"]', {"SC110 info": 1, "SC401 error": 9}),
        ('select = ["SC4"]', {"SC401 error": 9, "SC402 warning": 9}),  # a prefix names the rules too
        ('select = ["ALL"]', {"SC110 info": 1}),  # ALL names no rule: the profile stays
        ('ignore = ["SC110"]', {}),
    ],
)
def test_explicit_configuration_wins_over_the_profile(repo: Path, config: str, expected: dict[str, int]) -> None:
    (repo / "svcchain.toml").write_text(f'profile = "catalog"\n{config}\n', encoding="utf-8")
    assert rules_of() == expected


def test_sc107_limit_is_a_per_profile_default(repo: Path) -> None:
    assert resolve().settings.max_links_per_owner == 7
    settings = resolve(cli={"profile": "catalog"}).settings
    assert settings.max_links_per_owner == 20 and settings.disabled == ("SC106", "SC303", "SC401", "SC402")
    assert resolve(cli={"profile": "catalog", "max_links_per_owner": 3}).settings.max_links_per_owner == 3
    assert "SC401" not in enabled_rules(settings) and "SC105" in enabled_rules(settings)


def test_show_config_names_the_profile_and_what_it_changes(repo: Path) -> None:
    text = runner.invoke(app, ["check", "--show-config", "--profile", "catalog"]).stdout
    lines = {line.split(" = ")[0]: line for line in text.splitlines() if " = " in line}
    assert lines["profile"].startswith('profile = "catalog"') and lines["profile"].endswith("# command line")
    assert lines["max-links-per-owner"].endswith("# profile catalog")
    assert lines["severity"].startswith('severity = { "SC110" = "info" }')
    assert "# profile catalog turns off: SC106, SC303, SC401, SC402" in text
    data = json.loads(runner.invoke(app, ["check", "--show-config", "--profile", "catalog", "-f", "json"]).stdout)
    assert data["settings"]["profile"] == {
        "value": "catalog",
        "source": "command line",
        "off": ["SC106", "SC303", "SC401", "SC402"],
    }


def test_rules_profile_shows_the_effective_set() -> None:
    listed = json.loads(runner.invoke(app, ["rules", "--profile", "catalog", "--format", "json"]).stdout)
    effective = {rule["code"]: rule["in_profile"]["severity"] for rule in listed}
    assert [code for code, level in effective.items() if level == "off"] == ["SC106", "SC303", "SC401", "SC402"]
    assert effective["SC110"] == "info" and effective["SC102"] == "error"
    assert all(rule["in_profile"]["why"] for rule in listed if rule["code"] in ("SC106", "SC107", "SC110"))
    table = runner.invoke(app, ["rules", "--profile", "catalog"], env={"COLUMNS": "200"}).stdout
    assert "svcchain rules (profile catalog)" in table and "SC401" in table and " off " in table
    assert runner.invoke(app, ["rules", "--profile", "nope"]).exit_code == 2


def test_a_bad_profile_in_the_config_is_exit_2(repo: Path) -> None:
    (repo / "svcchain.toml").write_text('profile = "catalogue"\n', encoding="utf-8")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "profile: Input should be 'default' or 'catalog'" in result.stderr


def test_every_profile_names_rules_that_exist() -> None:
    from svcchain.rules import load_rules

    rules = load_rules()
    for profile in PROFILES.values():
        assert set(profile.off) <= set(rules) and set(profile.severity) <= set(rules), profile.name
        assert all(why for why in profile.off.values())


def test_the_views_take_the_profile(repo: Path) -> None:
    result = runner.invoke(app, ["show", "portal", "--profile", "catalog", "--today", "2026-06-01"])
    assert result.exit_code == 0 and "SC401" not in result.stdout
    result = runner.invoke(app, ["show", "portal", "--today", "2026-06-01"])
    assert "SC401" in result.stdout
