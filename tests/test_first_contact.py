"""First contact: what a new user meets in the first minutes, and what it tells them.

Each test is one tracker item (13, 14, 15, 17, 18, 19).  The fixtures under
tests/first_contact/ are small repositories that read like documentation,
each with a one-line README.md saying what it shows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.discover import FileRef, discover
from svcchain.engine import check
from svcchain.loader import parse
from svcchain.rules import rule_names

HERE = Path(__file__).parent / "first_contact"
runner = CliRunner()


def copy(name: str, tmp_path: Path) -> Path:
    """A fixture repository copied to a folder of its own (no config above it but --isolated's)."""
    target = tmp_path / name
    shutil.copytree(HERE / name, target)
    (target / "README.md").unlink()
    return target


def texts(paths: list[str]) -> dict[tuple[str, int, int, str], str]:
    """(file, line, column, code) → the sentences a user reads there (one a line), for the files in ``paths``."""
    found: dict[tuple[str, int, int, str], str] = {}
    for f in check(discover(paths).files).findings:
        where = (f.file, f.line, f.column, f.rule)
        found[where] = f"{found[where]}\n{f.text}" if where in found else f.text
    return found


def svcchain(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m svcchain ARGS``: a real process, stdout and stderr pipes, no terminal anywhere."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [sys.executable, "-m", "svcchain", *args],
        cwd=cwd,
        env={**environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


# --------------------------------------------------------------------------- 13: unquoted targets, tabs


def sc001(text: str) -> tuple[int, int, str]:
    (problem,) = parse("f.yaml", text.encode("utf-8")).problems
    assert problem.code == "SC001"
    _, line, column = problem.where
    return line, column, f"{problem.message}; {problem.fix}"


def test_an_unquoted_target_is_sc001_that_says_to_quote_it_on_the_users_own_line() -> None:
    folder = HERE / "unquoted-target"
    found = texts([str(folder)])
    ((where, text),) = found.items()
    assert where == (f"{folder}/chain.yaml", 18, 21, "SC001")  # at the '>' of 'target: >= 95%'
    assert "'>'" in text and "block" in text
    assert 'target: ">= 95%"' in text
    assert "the rest of this file is not checked" in text


@pytest.mark.parametrize(
    "line, column, quoted",
    [
        ("  target: >= 95%", 11, 'target: ">= 95%"'),
        ("  target: | 99.9%", 11, 'target: "| 99.9%"'),
        ("  target: >95%", 11, 'target: ">95%"'),
        ("  target: >- 95%", 11, 'target: ">- 95%"'),
        ("  - target: >= 95%  # per month", 13, '- target: ">= 95%"  # per month'),
        ('  target: > "fast" \\ slow', 11, 'target: "> \\"fast\\" \\\\ slow"'),
        ('  "target": >= 95%', 13, '"target": ">= 95%"'),
        ("  target: >= 95%\r", 11, 'target: ">= 95%"'),
    ],
)
def test_the_block_indicator_shapes_show_the_quoted_line(line: str, column: int, quoted: str) -> None:
    assert sc001(f"measure:\n{line}\n")[:2] == (2, column)
    assert f"quote the value: {quoted}" in sc001(f"measure:\n{line}\n")[2]


def test_less_than_is_plain_yaml_and_reads_as_text() -> None:
    loaded = parse("f.yaml", b"measure:\n  target: < 60 s\n")
    assert loaded.problems == []
    assert loaded.documents[0].data == {"measure": {"target": "< 60 s"}}


def test_a_real_block_scalar_error_elsewhere_keeps_the_general_advice() -> None:
    _, _, text = sc001("a: [1, 2\n")
    assert "quote the value" not in text and "tab" not in text
    assert "fix the syntax" in text


def test_a_tab_in_the_indentation_is_sc001_with_the_hint_to_use_spaces() -> None:
    folder = HERE / "tab-indent"
    ((where, text),) = texts([str(folder)]).items()
    assert where == (f"{folder}/chain.yaml", 5, 1, "SC001")
    assert "YAML indents with spaces" in text and "replace the tab" in text


@pytest.mark.parametrize(
    "text, line",
    [
        ("a:\n\tb: 1\n", 2),  # found character that cannot start any token
        ("a:\n  b: 1\n\tc: 2\n", 3),  # a tab character that violates indentation
        ("a:\n    b: 1\n  \t  c: 2\n", 3),
    ],
)
def test_every_tab_error_gets_the_hint(text: str, line: int) -> None:
    found_line, _, message = sc001(text)
    assert found_line == line
    assert "YAML indents with spaces" in message


# --------------------------------------------------------------------------- 14: files that are no chain files


def test_a_walked_file_without_a_marker_is_reported_as_probably_not_a_chain_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(copy("existing-repository", tmp_path))
    found = texts(["."])
    compose = found[("docker-compose.yml", 1, 1, "SC002")]
    assert "'docker-compose.yml'" in compose and "does not look like a chain file" in compose
    assert "[tool.svcchain]" in compose and 'exclude = ["docker-compose.yml"]' in compose and "paths = " in compose
    assert "svcchain: 1" in compose  # it may still be a chain file that lacks its marker
    mkdocs = found[("docs/mkdocs.yml", 1, 1, "SC002")]
    assert "does not look like a chain file" in mkdocs and 'exclude = ["docs/mkdocs.yml"]' in mkdocs
    assert not [where for where in found if where[0] == "mail.yaml"]  # the chain file is clean


def test_a_file_named_on_the_command_line_keeps_the_plain_marker_finding() -> None:
    path = str(HERE / "existing-repository" / "docker-compose.yml")
    text = texts([path])[(path, 1, 1, "SC002")]
    assert "does not look like a chain file" not in text
    assert text.startswith("the document has no format marker")


def test_a_walked_file_with_a_marker_in_one_document_is_a_chain_file(tmp_path: Path) -> None:
    (tmp_path / "two.yaml").write_text("svcchain: 1\npeople: [{id: ann}]\n---\npeople: [{id: bob}]\n")
    found = texts([str(tmp_path)])
    (text,) = [text for (_, line, _, code), text in found.items() if code == "SC002" and line == 4]
    assert text.startswith("the document has no format marker")


def test_discovery_says_which_files_it_found_by_walking(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("svcchain: 1\n")
    walked = discover([str(tmp_path)]).files
    named = discover([str(tmp_path / "a.yaml")]).files
    assert [ref.walked for ref in walked] == [True]
    assert [ref.walked for ref in named] == [False]
    assert FileRef("a.yaml", "a.yaml").walked is False


# --------------------------------------------------------------------------- 15: piped rich output


def longest(text: str) -> int:
    return max(len(line.rstrip()) for line in text.splitlines())


def test_piped_views_use_the_width_of_their_content() -> None:
    folder = str(HERE / "wide-output")
    result = "Every message accepted from the internet is delivered to the recipient's inbox within one minute"
    done = svcchain("show", "mail", "--isolated", folder)
    assert done.returncode == 0, done.stderr
    assert result in done.stdout  # on one line: no wrapping at 80
    narrow = svcchain("show", "mail", "--isolated", folder, env={"COLUMNS": "100"})
    assert result not in narrow.stdout and longest(narrow.stdout) <= 100


def test_piped_rule_tables_use_the_width_of_their_content() -> None:
    summary = "a document does not match the format (missing marker, unknown key, wrong type, missing required field)"
    done = svcchain("rules")
    assert done.returncode == 0, done.stderr
    assert summary in done.stdout
    narrow = svcchain("rules", env={"COLUMNS": "100"})
    assert summary not in narrow.stdout and longest(narrow.stdout) == 100
    explained = svcchain("rule", "SC101")  # prose flows into the width its examples need
    assert longest(explained.stdout) == 80


def test_piped_check_text_never_wraps() -> None:
    """A guard: piped, check prints plain lines (rich only on a terminal)."""
    folder = str(HERE / "measure-as-string")
    done = svcchain("check", "--isolated", folder)
    assert done.returncode == 1
    assert any(len(line) > 200 for line in done.stdout.splitlines())


# --------------------------------------------------------------------------- 17: did you mean, everywhere


@pytest.mark.parametrize(
    "value, hint",
    [
        ("dead_end", "did you mean 'dead-end'?"),
        ("Dead_End", "did you mean 'dead-end'?"),
        ("deadend", "did you mean 'dead-end'?"),
        ("SC2O3", "did you mean 'SC203'?"),
        ("sc2o3", "did you mean 'SC203'?"),
        ("SCO5", "did you mean 'SC005'?"),
        ("SC1O", "did you mean 'SC10'?"),
        ("unowned_link", "did you mean 'unowned-link'?"),
        ("qqqqqq", ""),
    ],
)
def test_suggest_selector(value: str, hint: str) -> None:
    from svcchain.selectors import suggest_selector

    assert suggest_selector(value, rule_names()) == hint


def test_a_prefix_of_several_rules_lists_them_when_one_rule_is_wanted() -> None:
    from svcchain.selectors import suggest_selector

    rules = rule_names()
    assert suggest_selector("SC1", rules, one=True) == "SC1 is a prefix of SC101–SC110; name one rule"
    assert suggest_selector("sc1o", rules, one=True) == "SC10 is a prefix of SC101–SC109; name one rule"
    assert suggest_selector("SC", rules, one=True).startswith("SC is a prefix of SC001–SC")
    assert suggest_selector("ALL", rules, one=True) == "ALL selects every rule; name one rule"
    assert (
        suggest_selector("SC20", {"SC201": "a", "SC203": "b"}, one=True)
        == "SC20 is a prefix of SC201, SC203; name one rule"
    )


@pytest.mark.parametrize(
    "args, hint",
    [
        (["rule", "dead_end"], "did you mean 'dead-end'?"),
        (["rule", "SC2O3"], "did you mean 'SC203'?"),
        (["rule", "SC1"], "SC1 is a prefix of SC101–SC110; name one rule"),
        (["check", "--isolated", "--ignore", "dead_end"], "did you mean 'dead-end'?"),
        (["check", "--isolated", "--select", "SC2O3"], "did you mean 'SC203'?"),
        (["check", "--isolated", "--select", "SC1,unowned_link"], "did you mean 'unowned-link'?"),
    ],
)
def test_the_command_line_suggests_rules(args: list[str], hint: str) -> None:
    result = runner.invoke(app, [*args, str(HERE / "suppression-by-name")] if args[0] == "check" else args)
    assert result.exit_code == 2
    assert hint in result.stderr


@pytest.mark.parametrize(
    "config, hint",
    [
        ('select = ["dead_end"]\n', "did you mean 'dead-end'?"),
        ('[severity]\ndead_end = "error"\n', "did you mean 'dead-end'?"),
        ('[severity]\nSC1 = "error"\n', "SC1 is a prefix of SC101–SC110; name one rule"),
    ],
)
def test_the_config_suggests_rules(tmp_path: Path, config: str, hint: str) -> None:
    (tmp_path / "svcchain.toml").write_text(config, encoding="utf-8")
    shutil.copy(HERE / "suppression-by-name" / "chain.yaml", tmp_path / "chain.yaml")
    result = runner.invoke(app, ["check", "--config", str(tmp_path / "svcchain.toml"), str(tmp_path)])
    assert result.exit_code == 2
    assert hint in result.stderr


def test_an_inline_suppression_with_a_misspelt_name_suggests_the_rule() -> None:
    folder = HERE / "suppression-by-name"
    found = texts([str(folder)])
    text = found[(f"{folder}/chain.yaml", 17, 22, "SC005")]
    assert "'dead_end' in this suppression is not a rule code, prefix or name (did you mean 'dead-end'?)" in text


# --------------------------------------------------------------------------- 18: init in an existing repository


def check_exit(folder: Path) -> tuple[int, list[dict]]:
    done = svcchain("check", "--format", "json", cwd=folder)
    return done.returncode, json.loads(done.stdout or "null")["findings"]


def test_init_in_a_repository_with_chains_creates_nothing_and_says_so(tmp_path: Path) -> None:
    repo = copy("customised-repository", tmp_path)
    before = sorted(str(path.relative_to(repo)) for path in repo.rglob("*"))
    result = runner.invoke(app, ["init", str(repo)])
    assert result.exit_code == 0, result.output
    assert sorted(str(path.relative_to(repo)) for path in repo.rglob("*")) == before
    (line,) = result.stdout.splitlines()
    assert "chains/mail.yaml" in line and "chains/org.yaml" in line
    assert "nothing created" in line and "svcchain check" in line
    assert check_exit(repo) == (0, [])


def test_init_counts_chain_files_wherever_they_are(tmp_path: Path) -> None:
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "team.yml").write_text("# ours\nsvcchain: 1\npeople: [{id: ann}]\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Handbook\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert "ops/team.yml" in result.stdout and "nothing created" in result.stdout
    assert not (tmp_path / "chains").exists() and not (tmp_path / "svcchain.toml").exists()


def test_init_in_a_folder_without_chains_works_as_before(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Handbook\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "chains" / "customer-portal.yaml").is_file()
    assert check_exit(tmp_path) == (0, [])


# --------------------------------------------------------------------------- 19: the key each list item needs


def test_a_list_item_that_is_no_mapping_shows_its_own_required_key() -> None:
    folder = HERE / "measure-as-string"
    found = texts([str(folder)])
    measure = found[(f"{folder}/chain.yaml", 15, 20, "SC002")]
    requirement = found[(f"{folder}/chain.yaml", 17, 13, "SC002")]
    assert "'- name: availability'" in measure and "- id:" not in measure
    assert "'- text: GDPR'" in requirement and "- id:" not in requirement
    for text in (measure, requirement):
        assert "in link 'deliver' of service 'mail'" in text


def test_following_the_hint_leaves_no_sc002(tmp_path: Path) -> None:
    text = (HERE / "measure-as-string" / "chain.yaml").read_text(encoding="utf-8")
    text = text.replace("measures: [availability]", "measures:\n          - name: availability")
    text = text.replace("          - GDPR", "          - text: GDPR")
    (tmp_path / "chain.yaml").write_text(text, encoding="utf-8")
    assert [code for (*_, code) in texts([str(tmp_path)])] == []


@pytest.mark.parametrize(
    "section, item, key",
    [
        ("people: [ann]\n", "person", "'- id: ann'"),
        ("teams: [ops]\n", "team", "'- id: ops'"),
        ("services:\n  - id: mail\n    customer: {needs: [inbox]}\n", "need", "'- id: inbox'"),
        ("services:\n  - id: mail\n    links: [deliver]\n", "link", "'- id: deliver'"),
        ("people: [no]\n", "person", "'- id: …'"),  # false is no id: no example of it
        ("people: ['no']\n", "person", "'- id: \"no\"'"),
    ],
)
def test_every_list_names_its_own_key(tmp_path: Path, section: str, item: str, key: str) -> None:
    (tmp_path / "chain.yaml").write_text("svcchain: 1\n" + section, encoding="utf-8")
    (text,) = [text for (*_, code), text in texts([str(tmp_path)]).items() if code == "SC002"]
    assert f"describing a {item} (e.g. {key})" in text


def test_the_key_each_hint_shows_is_required_by_the_model() -> None:
    from svcchain.model import Link, Measure, Need, Person, Requirement, Service, Team
    from svcchain.schemawords import item_key

    models = {
        "person": Person,
        "team": Team,
        "service": Service,
        "link": Link,
        "need": Need,
        "measure": Measure,
        "requirement": Requirement,
    }
    for noun, model in models.items():
        assert model.model_fields[item_key(noun)].is_required(), noun
