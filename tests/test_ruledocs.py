"""The rule reference comes from the registry: the committed docs must not be stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from svcchain import ruledocs
from svcchain.cli import app
from svcchain.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_committed_rule_docs_are_current():
    expected = ruledocs.render_markdown(load_rules().values())
    if os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1":  # the one command that regenerates everything derived
        (ROOT / "docs" / "rules.md").write_text(expected, encoding="utf-8")
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == expected, (
        "docs/rules.md is stale; regenerate it with: svcchain rules --format markdown > docs/rules.md"
    )


def test_the_readme_rule_table_is_the_registry():
    """The README's table is generated like docs/rules.md: a new rule needs no hand edit here."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    begin = text.index("-->\n", text.index("<!-- rules:")) + len("-->\n")
    end = text.index("<!-- /rules -->")
    expected = ruledocs.render_summary(load_rules().values())
    if os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1":
        readme.write_text(text[:begin] + expected + text[end:], encoding="utf-8")
        text = readme.read_text(encoding="utf-8")
        end = text.index("<!-- /rules -->")
    assert text[begin:end] == expected, (
        "README.md's rule table is stale; SVCCHAIN_UPDATE_GOLDEN=1 pytest tests/test_ruledocs.py"
    )


def test_rules_command_formats():
    table = runner.invoke(app, ["rules"])
    assert table.exit_code == 0
    for code in load_rules():
        assert code in table.stdout
    listed = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    assert [rule["code"] for rule in listed] == sorted(load_rules())
    assert all(rule["why"] and rule["bad"] and rule["good"] for rule in listed)
    markdown = runner.invoke(app, ["rules", "--format", "markdown"]).stdout
    assert markdown == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_rule_command_by_code_and_name():
    by_code = runner.invoke(app, ["rule", "SC203"])
    by_name = runner.invoke(app, ["rule", "dead-end"])
    assert by_code.exit_code == by_name.exit_code == 0
    assert "dead-end" in by_code.stdout and "Anti-pattern" in by_code.stdout and "Best practice" in by_code.stdout
    assert by_code.stdout == by_name.stdout
    assert runner.invoke(app, ["rule", "sc203"]).exit_code == 0


def test_unknown_rule_exits_2_with_a_hint():
    result = runner.invoke(app, ["rule", "SC2O3"])
    assert result.exit_code == 2
    assert "did you mean 'SC203'" in result.stderr
