"""``svcchain rules`` and ``svcchain rule``: the rule reference, from the registry."""

from __future__ import annotations

from typing import Annotated

import typer

from svcchain.cli.options import PROFILE_OPTION, choice
from svcchain.cli.output import print_rich, write
from svcchain.cli.root import app, fail, guarded

RULES_FORMATS = ("table", "json", "markdown")


@app.command("rules")
@guarded
def rules_command(
    output_format: Annotated[
        str, typer.Option("--format", "-f", **choice(RULES_FORMATS), help="Output format.")
    ] = "table",
    profile: Annotated[str | None, PROFILE_OPTION] = None,
) -> None:
    """List every rule with its code, name, severity and what it finds (--profile: as that profile checks them)."""
    from svcchain import ruledocs
    from svcchain.profiles import PROFILES
    from svcchain.rules import load_rules

    rules = list(load_rules().values())
    chosen = PROFILES[profile] if profile is not None else None
    if output_format == "json":
        write(ruledocs.render_json(rules, chosen))
    elif output_format == "markdown":
        if chosen is not None:
            raise fail("--profile lists the rules as a table or json; the markdown is the rule reference")
        write(ruledocs.render_markdown(rules))
    else:
        print_rich(ruledocs.render_table(rules, chosen))


@app.command("rule")
@guarded
def rule_command(
    rule: Annotated[str, typer.Argument(metavar="RULE", help="A rule code (SC203) or name (dead-end).")],
) -> None:
    """Explain one rule: why it matters, with a bad and a good example."""
    from svcchain import ruledocs
    from svcchain.rules import find_rule, rule_names
    from svcchain.selectors import suggest_selector

    found = find_rule(rule)
    if found is None:
        hint = suggest_selector(rule, rule_names(), one=True)
        raise fail(f"no rule '{rule}'{f' ({hint})' if hint else ''}; 'svcchain rules' lists them all")
    print_rich(ruledocs.render_rule(found))
