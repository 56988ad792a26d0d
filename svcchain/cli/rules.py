"""``svcchain rules`` and ``svcchain rule``: the rule reference, from the registry."""

from __future__ import annotations

from typing import Annotated

import typer

from svcchain.cli.options import choice
from svcchain.cli.output import write
from svcchain.cli.root import app, fail, guarded

RULES_FORMATS = ("table", "json", "markdown")


@app.command("rules")
@guarded
def rules_command(
    output_format: Annotated[
        str, typer.Option("--format", "-f", **choice(RULES_FORMATS), help="Output format.")
    ] = "table",
) -> None:
    """List every rule with its code, name, severity and what it finds."""
    from svcchain import ruledocs
    from svcchain.rules import load_rules

    rules = list(load_rules().values())
    if output_format == "json":
        write(ruledocs.render_json(rules))
    elif output_format == "markdown":
        write(ruledocs.render_markdown(rules))
    else:
        from rich.console import Console

        Console().print(ruledocs.render_table(rules))


@app.command("rule")
@guarded
def rule_command(
    rule: Annotated[str, typer.Argument(metavar="RULE", help="A rule code (SC203) or name (dead-end).")],
) -> None:
    """Explain one rule: why it matters, with a bad and a good example."""
    from svcchain import ruledocs
    from svcchain.rules import find_rule, load_rules
    from svcchain.suggestions import did_you_mean

    found = find_rule(rule)
    if found is None:
        rules = load_rules()
        hint = did_you_mean(rule.upper(), rules) or did_you_mean(rule.lower(), [r.name for r in rules.values()])
        raise fail(f"no rule '{rule}'{hint}; 'svcchain rules' lists them all")
    from rich.console import Console

    Console().print(ruledocs.render_rule(found))
