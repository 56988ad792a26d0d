"""``svcchain diff BASE [HEAD]``: what a change does to who owns what, and whether it breaks a chain.

BASE and HEAD are git revisions, read with git (no checkout, the working
tree untouched; HEAD defaults to the working tree), or two folders.  Both
sides are checked with the working tree's configuration, compared
(``svcchain.changes``) and rendered (``svcchain.reporters.diff_*``).  The
exit status is the gate: 1 when the change introduces a finding at or above
``--fail-on`` (default ``new-error``), whatever findings were there before.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from typing import Annotated

import typer

from svcchain.cli.options import CONFIG_OPTION, DEBUG_OPTION, ISOLATED_OPTION, TODAY_OPTION, choice, resolve_settings
from svcchain.cli.output import exit_status_if_the_reader_goes, pick_format, write, write_file
from svcchain.cli.root import EXIT_FINDINGS, EXIT_OK, app, fail, guarded
from svcchain.reporters.diff_common import DIFF_FORMATS, DiffContext, suffixes
from svcchain.selectors import DIFF_FAIL_LEVELS

#: What ``--link-base`` accepts: an http(s) address with nothing Markdown or a shell would read.
_LINK_BASE = re.compile(r"https?://[^\s()<>\[\]`'\"\\]+")


def _link_base(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _LINK_BASE.fullmatch(value):
        raise fail(
            f"--link-base '{value}' is not an http(s) address; give the address files are shown at, "
            "e.g. https://github.com/OWNER/REPO/blob/SHA/"
        )
    return value if value.endswith("/") else value + "/"


@app.command()
@guarded
def diff(
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE", help="The revision (or folder) before the change, e.g. origin/main.", show_default=False
        ),
    ],
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD", help="The revision (or folder) after it (default: the working tree).", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            **choice(list(DIFF_FORMATS), "FORMAT"),
            help=f"{', '.join(DIFF_FORMATS)} (default: from the -o suffix, else text; github inside GitHub Actions).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout (atomically)."),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            **choice(DIFF_FAIL_LEVELS),
            help="Lowest severity of a finding the change introduces that fails with exit 1.",
        ),
    ] = "new-error",
    link_base: Annotated[
        str | None,
        typer.Option(
            "--link-base",
            metavar="URL",
            help="Markdown links file:line to this address + path (e.g. https://github.com/OWNER/REPO/blob/SHA/).",
        ),
    ] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Compare two revisions (or folders): ownership, links, needs, new and fixed findings."""
    from svcchain.changes import compare
    from svcchain.cli.diffload import load_sides
    from svcchain.matching import renames
    from svcchain.reporters.diff_common import Side, get_renderer

    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    fmt = pick_format("diff", suffixes(), output_format, output, default)
    links = _link_base(link_base)
    settings, _ = resolve_settings(None, config, isolated, today=today)  # both sides: one config, one day
    with tempfile.TemporaryDirectory(prefix="svcchain-diff-") as temp:
        before, after = load_sides(base, head, settings, temp)
    changes = compare(
        before.report,
        after.report,
        renames(before.digests, after.digests),
        settings.max_links_per_owner,
    )
    context = DiffContext(
        Side(before.name, before.kind, before.commit, before.missing),
        Side(after.name, after.kind, after.commit, after.missing),
        fail_on,
        links,
    )
    status = EXIT_FINDINGS if changes.fails(fail_on) else EXIT_OK
    with exit_status_if_the_reader_goes(status):
        if output is not None:
            write_file(output, get_renderer(fmt)(changes, context))
        elif fmt == "text" and sys.stdout.isatty():
            from rich.console import Console

            from svcchain.reporters.diff_text import render_rich

            Console(highlight=False, soft_wrap=True).print(render_rich(changes, context))
        else:
            write(get_renderer(fmt)(changes, context))
    raise typer.Exit(status)
