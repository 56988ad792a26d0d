"""CODEOWNERS (issue 14, parts 4 and 5): reading GitHub's and GitLab's syntax, the drift rule SC601,
``svcchain import codeowners`` and ``svcchain export codeowners`` (fixtures in tests/codeowners/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.codeowners import escape_pattern, owner, parse

HERE = Path(__file__).parent / "codeowners"
GITHUB = parse((HERE / "github-CODEOWNERS").read_text(encoding="utf-8"), "CODEOWNERS")
GITLAB = parse((HERE / "gitlab-CODEOWNERS").read_text(encoding="utf-8"), "CODEOWNERS")
runner = CliRunner()


def owners(codeowners, path: str) -> list[list[str]]:
    """The owners each deciding rule gives ``path``, one list per section."""
    return [[item.text for item in rule.owners] for rule in codeowners.owners_of(path)]


# -- GitHub: the last matching line wins -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("README.md", ["@example/everyone", "@lead"]),  # '*': the default owners
        ("src/app.js", ["@js-owner"]),  # '*.js' at any depth; the comment after it is no owner
        ("cmd/main.go", ["go-reviewers@example.com"]),  # an e-mail address is an owner
        ("build/logs/today.log", ["@log-watcher"]),  # '/build/logs/' matches, but '**/logs' comes later
        ("deeply/nested/logs/x.log", ["@log-watcher"]),  # '**/logs': a logs folder anywhere
        ("docs/getting-started.md", ["docs@example.com"]),  # 'docs/*': the files directly in docs/
        ("docs/build-app/troubleshooting.md", ["@example/everyone", "@lead"]),  # ... not deeper
        ("web/apps/app.py", ["@apps-owner"]),  # 'apps/': an apps folder anywhere
        ("scripts/deploy.sh", ["@script-owner", "@example/release"]),
        ("vendor/lib/x.c", ["@example/platform"]),
        ("vendor/generated/a.c", []),  # a pattern without owners leaves its files without any
        ("path with spaces/file.txt", ["@space-owner"]),  # '\ ' is a space in a pattern
        ("#notes.md", ["@note-taker"]),  # '\#' is a '#', not a comment
        ("src/#notes.md", ["@note-taker"]),
    ],
)
def test_github_the_last_matching_line_wins(path: str, expected: list[str]) -> None:
    assert owners(GITHUB, path) == [expected]


def test_github_file_has_no_problems_and_no_sections() -> None:
    assert GITHUB.problems == []
    assert list(GITHUB.sections) == [""]
    assert len(GITHUB.rules) == 12


# -- GitLab: sections, default owners, roles, exclusions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # rules before the first section are a section of their own: '*' always applies
        ("docs/index.md", [["@default-owner"], ["@docs"]]),
        # [Documentation] and [DOCUMENTATION] are one section (names compare case-insensitively)
        ("README.md", [["@default-owner"], ["@tech-writer"]]),
        ("ee/docs/x.md", [["@default-owner"], ["@docs"]]),
        # a pattern without owners takes its section's default owners; every section's last match counts
        ("model/db/schema.rb", [["@default-owner"], ["@database-team"], ["@example/group/with-nested/subgroup"]]),
        ("config/db/database-setup.md", [["@default-owner"], ["@docs-team"], ["@@maintainer"]]),
        # an exclusion that decides leaves the path without owners in its section
        ("config/local.yml", [["@default-owner"]]),
        ("config/app.yml", [["@default-owner"], ["@@maintainer"]]),
    ],
)
def test_gitlab_sections_each_have_their_last_match(path: str, expected: list[list[str]]) -> None:
    assert owners(GITLAB, path) == expected


def test_gitlab_sections_are_read_with_their_names() -> None:
    assert GITLAB.problems == []
    assert list(GITLAB.sections) == ["", "documentation", "database", "optional review", "config"]
    assert {rule.section for rule in GITLAB.sections["documentation"]} == {"Documentation"}
    assert [rule.negated for rule in GITLAB.sections["config"]] == [False, True]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("@octocat", "user"),
        ("@Example/Team-A", "team"),
        ("@group/sub/group", "team"),
        ("jane@example.com", "email"),
        ("@@maintainer", "role"),
        ("octocat", None),
        ("@", None),
        ("@team/", None),
        ("a@b", None),
    ],
)
def test_owners_are_users_teams_emails_or_roles(text: str, kind: str | None) -> None:
    found = owner(text)
    assert (found.kind if found else None) == kind
    if found is not None and kind in ("user", "team"):
        assert found.handle == text.lstrip("@").lower()


def test_lines_that_are_no_rule_are_reported_and_skipped() -> None:
    found = parse("[ ]\n*.py @ok not-an-owner\n!\n/src/ @src  # a comment @not-an-owner\n", "CODEOWNERS")
    assert [(problem.line, problem.column) for problem in found.problems] == [(1, 1), (2, 10), (3, 1)]
    assert "the line is skipped" in found.problems[1].text
    assert [rule.pattern for rule in found.rules] == ["/src/"]  # the *.py line is skipped, as GitHub skips it
    assert [item.text for item in found.rules[0].owners] == ["@src"]


def test_a_folder_path_is_what_is_in_it() -> None:
    found = parse("/web/ @web\n", "CODEOWNERS")
    assert owners(found, "web/") == [["@web"]] and owners(found, "web/**") == [["@web"]]
    assert owners(found, "web") == []  # a file named web is not in the folder


def test_matching_does_not_backtrack_on_hostile_patterns() -> None:
    import time

    pattern = "/" + "/".join(["**"] * 50 + ["*a*a*a*a*a*a*a*a*a*a*b"])
    found = parse(f"{pattern} @x\n", "CODEOWNERS")
    start = time.perf_counter()
    assert owners(found, "/".join(["a" * 40] * 60)) == []
    assert time.perf_counter() - start < 2


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/"), min_size=1, max_size=20
    ).filter(lambda name: name.strip() == name and name not in (".", ".."))
)
def test_an_exported_pattern_reads_back_as_the_path_it_came_from(name: str) -> None:
    """A path with spaces, '#', '!', '*' or backslashes, written by export codeowners, matches itself."""
    line = f"{escape_pattern('src/' + name)} @owner\n"
    found = parse(line, "CODEOWNERS")
    assert found.problems == [], line
    assert owners(found, "src/" + name) == [["@owner"]], line


# -- the drift rule and the commands -----------------------------------------------------------------------------

SHOP = """\
# the shop's chains: links that name the repository paths their owners are responsible for
svcchain: 1
people:
  - {id: meg, github: megan}
  - {id: ann, email: ann@example.com}
  - {id: bob}
teams:
  - {id: payments, members: [ann, bob], facilitator: meg, github: acme/payments-team}
  - {id: web, members: [ann, bob], facilitator: meg}
services:
  - id: shop
    owner: meg
    customer:
      needs: [{id: order, text: The order arrives}]
    links:
      - id: checkout
        owner: payments
        result: Payment taken
        measures: [{name: success, target: ">= 99%"}]
        delivers: [order]
        paths: [src/payments/, "docs/payment guide.md"]
      - id: site
        owner: web
        result: Site up
        measures: [{name: uptime, target: ">= 99.9%"}]
        delivers: [order]
        paths: [web/**]
      - id: mails
        owner: ann
        deputy: bob
        result: Mails sent
        measures: [{name: sent, target: ">= 99%"}]
        delivers: [order]
        paths: ["*.eml"]
"""


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "shop.yaml").write_text(SHOP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="svcchain")


def test_without_a_codeowners_file_the_rule_is_silent(shop: Path) -> None:
    result = invoke("check", "--today", "2026-06-01")
    assert result.exit_code == 0 and "SC601" not in result.stdout


def test_export_then_import_codeowners_agree(shop: Path) -> None:
    exported = invoke("export", "codeowners", "--org", "acme")
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.splitlines()[2:] == [
        "",
        "# shop/checkout",
        "src/payments/ @acme/payments-team",  # the team's github handle
        "docs/payment\\ guide.md @acme/payments-team",  # a space escaped
        "",
        "# shop/site",
        "web/** @acme/web",  # no handle: --org and the id
        "",
        "# shop/mails",
        "*.eml ann@example.com",  # a person without a handle: the e-mail address
    ]
    assert "wrote 4 CODEOWNERS lines" in exported.stderr
    (shop / ".github").mkdir()
    (shop / ".github" / "CODEOWNERS").write_text(exported.stdout, encoding="utf-8")
    checked = invoke("check", "--today", "2026-06-01")  # found at .github/CODEOWNERS
    assert checked.exit_code == 0 and "SC601" not in checked.stdout, checked.stdout
    imported = invoke("import", "codeowners", ".github/CODEOWNERS", "--today", "2026-06-01")
    assert imported.exit_code == 0
    assert imported.stdout.splitlines() == [
        "read .github/CODEOWNERS: 4 rules, 3 owners",
        "every owner is a declared person or team",
        "compared 4 paths of 3 links",
        "every path has the link's owner in CODEOWNERS",
    ]


def test_drift_undeclared_owners_and_lines_that_are_no_rule(shop: Path) -> None:
    (shop / "CODEOWNERS").write_text(
        "*                @acme/platform\n"
        "/src/payments/   @acme/payments-team\n"
        "/web/            @megan\n"
        "*.eml            @ann\n"
        "docs/            @acme/docs not-an-owner\n",
        encoding="utf-8",
    )
    result = invoke("import", "codeowners", "CODEOWNERS", "--today", "2026-06-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "read CODEOWNERS: 4 rules, 4 owners"
    assert lines[1:3] == [
        "owners that are no declared person or team (1):",
        "  CODEOWNERS:1: @acme/platform (no declared person or team)",
    ]
    assert lines[3:5] == [
        "lines that are no rule (1):",
        "  CODEOWNERS:5:29: 'not-an-owner' is no owner (@user, @org/team or an e-mail address); the line is skipped",
    ]
    drift = [line for line in lines if line.startswith("  chains/")]
    # the payment guide falls to '*' (the docs/ line is skipped); web/** to @megan, who is meg
    assert drift == [
        "  chains/shop.yaml:21:32: link 'checkout' of service 'shop' is owned by 'payments', but CODEOWNERS:1 "
        "gives 'docs/payment guide.md' to @acme/platform (no declared person or team); make them agree: change "
        "the CODEOWNERS line or the link's owner (when they are the same, give 'payments' the 'github:' handle "
        "CODEOWNERS uses)",
        "  chains/shop.yaml:27:17: link 'site' of service 'shop' is owned by 'web', but CODEOWNERS:3 gives "
        "'web/**' to @megan (person 'meg'); make them agree: change the CODEOWNERS line or the link's owner (when "
        "they are the same, give 'web' the 'github:' handle CODEOWNERS uses)",
    ]
    # @ann names the person ann by id: the mails path agrees
    checked = invoke("check", "--today", "2026-06-01", "--format", "json")
    assert checked.exit_code == 0  # SC601 is a warning
    assert checked.stdout.count('"rule": "SC601"') == 2


def test_a_path_no_rule_covers_and_a_rule_without_owners(shop: Path) -> None:
    (shop / "CODEOWNERS").write_text("/src/ @acme/payments-team\n/web/\n", encoding="utf-8")
    result = invoke("check", "--today", "2026-06-01", "--select", "SC601")
    messages = [line for line in result.stdout.splitlines() if "SC601" in line]
    assert len(messages) == 3
    assert "which CODEOWNERS:2 leaves without owners" in messages[1]
    assert "'*.eml', which no rule of CODEOWNERS covers" in messages[2]


def test_a_configured_codeowners_file_wins_and_can_be_turned_off(shop: Path) -> None:
    (shop / "CODEOWNERS").write_text("* @nobody\n", encoding="utf-8")
    (shop / "other").mkdir()
    (shop / "other" / "OWNERS").write_text("* @acme/payments-team\n", encoding="utf-8")
    (shop / "svcchain.toml").write_text('codeowners = "other/OWNERS"\n', encoding="utf-8")
    shown = invoke("check", "--show-config").stdout
    assert 'codeowners = "other/OWNERS"' in shown
    assert invoke("check", "--select", "SC601").stdout.count("SC601") == 2  # site and mails
    (shop / "svcchain.toml").write_text('codeowners = ""\n', encoding="utf-8")
    assert "SC601" not in invoke("check", "--select", "SC601").stdout
    (shop / "svcchain.toml").write_text('codeowners = "missing"\n', encoding="utf-8")
    missing = invoke("check")
    assert missing.exit_code == 2 and "codeowners: no such file 'missing'" in missing.stderr


def test_export_codeowners_never_replaces_a_file_it_did_not_write(shop: Path) -> None:
    (shop / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    refused = invoke("export", "codeowners", "-o", "CODEOWNERS")
    assert refused.exit_code == 2 and "no export wrote it" in refused.stderr
    assert (shop / "CODEOWNERS").read_text(encoding="utf-8") == "* @someone\n"
    assert invoke("export", "codeowners", "-o", "CODEOWNERS", "--force").exit_code == 0
    again = invoke("export", "codeowners", "-o", "CODEOWNERS")  # its own file: replaced
    assert again.exit_code == 0
    assert "not written: shop/site: its owner 'web' has no 'github:' handle (or give --org)" in again.stderr
    assert invoke("export", "codeowners", "--org", "bad org").exit_code == 2


def test_import_codeowners_of_a_file_that_cannot_be_read(shop: Path) -> None:
    result = invoke("import", "codeowners", "missing")
    assert result.exit_code == 2 and "cannot read the CODEOWNERS file 'missing'" in result.stderr


def test_codeowners_commands_in_a_real_process(shop: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "svcchain", *args], capture_output=True, text=True, env=environment, timeout=120
        )

    exported = run("export", "codeowners", "--org", "acme", "-o", "CODEOWNERS")
    assert exported.returncode == 0, exported.stderr
    imported = run("import", "codeowners", "CODEOWNERS", "--today", "2026-06-01")
    assert imported.returncode == 0 and "every path has the link's owner in CODEOWNERS" in imported.stdout
    shutil.copy(HERE / "gitlab-CODEOWNERS", shop / "CODEOWNERS")
    drift = run("check", "--today", "2026-06-01", "--select", "SC601")
    assert drift.returncode == 0 and drift.stdout.count("SC601") == 4, drift.stdout


def test_an_owner_that_would_break_a_line_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "x.yaml").write_text(
        "# an e-mail address that would add a line to CODEOWNERS\nsvcchain: 1\n"
        'people: [{id: ann, email: "ann@example.com\\n* @evil"}]\n'
        "services: [{id: s, owner: ann, links: [{id: l, owner: ann, paths: [src/]}]}]\n",
        encoding="utf-8",
    )
    result = invoke("export", "codeowners")
    assert result.exit_code == 0 and "@evil" not in result.stdout
    assert "not written: s/l: its owner 'ann' has no 'github:' handle and no e-mail address" in result.stderr
