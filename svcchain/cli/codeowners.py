"""``svcchain import codeowners FILE`` and ``svcchain export codeowners``: the chains and a CODEOWNERS file.

``import codeowners`` reads a CODEOWNERS file (GitHub or GitLab syntax) and
says what it means for the chains: which of its owners are no declared
person or team (chain files or the owner directory), which lines are no
rule, and, for links that declare ``paths``, where the file gives a path to
someone else than the link's owner (SC601, whatever the config selects).
It writes nothing.  ``export codeowners`` writes the links' ``paths`` as a
CODEOWNERS file (``exporting.codeowners``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from svcchain.cli.exports import export_app
from svcchain.cli.imports import import_app
from svcchain.cli.options import CONFIG_OPTION, DEBUG_OPTION, ISOLATED_OPTION, PATHS_ARGUMENT, TODAY_OPTION
from svcchain.cli.output import write, write_file
from svcchain.cli.root import err, fail, guarded


@import_app.command("codeowners")
@guarded
def import_codeowners_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The CODEOWNERS file (GitHub or GitLab syntax).")],
    paths: Annotated[list[str] | None, PATHS_ARGUMENT] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Compare a CODEOWNERS file with the chains: undeclared owners, and paths owned by someone else."""
    from svcchain.cli.options import load_repository, resolve_settings
    from svcchain.codeowners import MAX_BYTES, parse
    from svcchain.files import UnreadableFile, read_limited
    from svcchain.findings import printable
    from svcchain.rules.codeowners import undeclared

    try:
        text = read_limited(file, MAX_BYTES)
    except UnreadableFile as exc:
        raise fail(f"cannot read the CODEOWNERS file '{printable(file)}': {exc}") from None
    codeowners = parse(text, file)
    settings, _ = resolve_settings(paths, config, isolated, today)
    settings = replace(settings, select=("SC601",), ignore=(), disabled=(), codeowners=codeowners)
    report = load_repository(settings)
    assert report.model is not None
    model = report.model
    sections = [name for name in codeowners.sections if name]
    owners = {owner.text.lower() for rule in codeowners.rules for owner in rule.owners}
    lines = [
        f"read {file}: {len(codeowners.rules)} rule{'s' if len(codeowners.rules) != 1 else ''}"
        + (f" in {len(sections)} section{'s' if len(sections) != 1 else ''}" if sections else "")
        + f", {len(owners)} owner{'s' if len(owners) != 1 else ''}"
    ]
    missing = undeclared(codeowners, model)
    if missing:
        lines.append(f"owners that are no declared person or team ({len(missing)}):")
        lines += [f"  {file}:{line}: {resolved}" for line, resolved in missing]
    else:
        lines.append("every owner is a declared person or team")
    if codeowners.problems:
        lines.append(f"lines that are no rule ({len(codeowners.problems)}):")
        lines += [f"  {file}:{problem.line}:{problem.column}: {problem.text}" for problem in codeowners.problems]
    with_paths = sum(1 for link in model.links() if link.paths)
    if not with_paths:
        lines.append("no link declares 'paths:', so no path was compared (add them to compare ownership)")
    else:
        compared = sum(len(link.paths) for link in model.links())
        lines.append(
            f"compared {compared} path{'s' if compared != 1 else ''} of {with_paths} link{'s' if with_paths != 1 else ''}"
        )
        drift = [finding for finding in report.findings if finding.rule == "SC601"]
        if drift:
            lines.append(f"paths CODEOWNERS gives to someone else (SC601) ({len(drift)}):")
            lines += [f"  {finding.file}:{finding.line}:{finding.column}: {finding.text}" for finding in drift]
        else:
            lines.append("every path has the link's owner in CODEOWNERS")
    write("".join(printable(line) + "\n" for line in lines))


@export_app.command("codeowners")
@guarded
def export_codeowners_command(
    paths: Annotated[list[str] | None, PATHS_ARGUMENT] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="FILE", help="Write the CODEOWNERS file here (atomically).")
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", metavar="ORG", help="Write a team without a 'github:' handle as @ORG/TEAM-ID."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an -o file that was not written by an export.")
    ] = False,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Write a CODEOWNERS file from the links' 'paths:' (owners by their 'github:' handle)."""
    import os
    import re

    from svcchain.cli.options import load_repository, resolve_settings
    from svcchain.exporting.codeowners import export, is_generated
    from svcchain.files import UnreadableFile, read_limited
    from svcchain.findings import printable

    if org is not None and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", org):
        raise fail(f"--org '{printable(org)}' is not an organisation name (letters, digits, '.', '_', '-')")
    settings, _ = resolve_settings(paths, config, isolated)
    report = load_repository(settings)
    assert report.model is not None
    exported = export(report.model, org)
    if output is None:
        write(exported.text)
    else:
        if os.path.lexists(output) and not force:
            try:
                mine = is_generated(read_limited(output))
            except UnreadableFile:
                mine = False
            if not mine:
                raise fail(
                    f"nothing written: '{printable(output)}' would be replaced, and no export wrote it; "
                    "move it away, or run with --force to replace it"
                )
        write_file(output, exported.text)
    err(
        f"wrote {exported.lines} CODEOWNERS line{'s' if exported.lines != 1 else ''}"
        + (f" to {output}" if output else "")
    )
    for note in exported.skipped:
        err(f"not written: {note}")
