"""Inline suppressions: silence exactly their finding; unused ones are reported (SC005)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.suppress import find_directives

HERE = Path(__file__).parent / "suppress"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", "--isolated", str(HERE / "chains"), *args])


def test_suppressions_silence_exactly_their_findings():
    result = run("--format", "json", "--fail-on", "never")
    found = sorted((f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"])
    assert found == [
        ("SC005", 28, 21),  # ignore[SC105] on 'spam': ops has two members, nothing to silence
        ("SC005", 34, 21),  # ignore[SC999]: not a rule
        ("SC105", 34, 16),  # so the finding it meant is still there
    ]


def test_show_suppressed_lists_what_was_silenced_with_the_reason():
    result = run("--show-suppressed", "--fail-on", "never")
    assert "2 finding(s) silenced" in result.stderr
    assert "bob covers nights alone until March" in result.stderr
    assert ":20:16: SC105" in result.stderr  # the same-line directive
    assert ":26:30: SC105" in result.stderr  # the directive on the line above


def test_a_hash_inside_a_quoted_string_is_no_directive():
    directives = find_directives((HERE / "chains" / "mail.yaml").read_bytes())
    assert [d.line for d in directives] == [20, 25, 28, 34]


def test_directive_grammar():
    text = b"""svcchain: 1  # svcchain: ignore[SC101, dead-end] two reasons
# svcchain: ignore
#svcchain:ignore[SC1]
# svcchain: ignore-file[SC105]
a: b#svcchain: ignore[SC101]
# svcchain: ignored[SC101]
"""
    found = find_directives(text)
    assert [(d.line, d.selectors, d.own_line, d.file_level) for d in found] == [
        (1, ("SC101", "dead-end"), False, False),
        (2, (), True, False),
        (3, ("SC1",), True, False),
        (4, ("SC105",), True, True),
    ]
    assert found[0].reason == "two reasons"
    assert found[0].target_line == 1 and found[1].target_line == 3


def test_file_level_directive_and_unused_when_the_rule_is_switched_off(tmp_path):
    chain = (HERE / "chains" / "mail.yaml").read_text()
    (tmp_path / "mail.yaml").write_text("# svcchain: ignore-file[SC105]\n" + chain)
    result = runner.invoke(app, ["check", "--isolated", str(tmp_path), "--format", "json"])
    rules = [f["rule"] for f in json.loads(result.stdout)["findings"]]
    assert "SC105" not in rules
    # with SC105 switched off, its directives have nothing to do but are not stale either
    result = runner.invoke(app, ["check", "--isolated", str(HERE / "chains"), "--format", "json", "--ignore", "SC105"])
    found = [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("SC005", 34)]  # only the directive naming no rule


def test_syntax_errors_cannot_be_suppressed(tmp_path):
    (tmp_path / "bad.yaml").write_text("svcchain: 1\n# svcchain: ignore[SC001]\npeople: [\n")
    result = runner.invoke(app, ["check", "--isolated", str(tmp_path), "--format", "json"])
    rules = sorted(f["rule"] for f in json.loads(result.stdout)["findings"])
    assert "SC001" in rules
    assert result.exit_code == 1
