"""``svcchain export backstage``: chain files → a Backstage catalog (docs/export.md).

The chains are read and checked as ``svcchain check`` reads them (same
config, paths and owner directory; the findings are not the export's
business), mapped by ``exporting.backstage`` and written atomically into
DIR.  Like the import, the export replaces only files an earlier export
wrote (they start with ``exporting.layout.HEADER``) unless ``--force`` is
given, and removes the ones it no longer writes.  Exit 0 when something was
written, 2 when there was nothing to export.
"""

from __future__ import annotations

from typing import Annotated

import typer

from svcchain.cli.options import CONFIG_OPTION, DEBUG_OPTION, ISOLATED_OPTION, PATHS_ARGUMENT
from svcchain.cli.output import write
from svcchain.cli.root import app, fail, guarded

export_app = typer.Typer(
    name="export",
    help="Write another tool's data from the chain files (a Backstage catalog, a CODEOWNERS file).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")

KIND_ORDER = ("Group", "User", "Domain", "System", "Component", "API", "Resource")


@export_app.command("backstage")
@guarded
def backstage_command(
    folder: Annotated[str, typer.Argument(metavar="DIR", help="Folder to write the catalog files to.")],
    paths: Annotated[list[str] | None, PATHS_ARGUMENT] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Also replace files in DIR that were not written by an export.")
    ] = False,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Export the chains as a Backstage catalog: users, groups, systems, components, APIs, resources."""
    from svcchain import engine
    from svcchain.cli.imports import _write
    from svcchain.cli.options import chain_files, resolve_settings
    from svcchain.exporting.backstage import export
    from svcchain.exporting.kept import read_kept
    from svcchain.exporting.layout import is_generated, layout
    from svcchain.findings import printable

    settings, _ = resolve_settings(paths, config, isolated)
    files, extra = chain_files(settings)
    report = engine.check(files, settings, extra)
    assert report.model is not None
    kept, unread = read_kept(report.model, files, settings.limits)
    catalog = export(report.model, kept)
    written = layout(catalog)
    if not written:
        raise fail(f"nothing exported: no person, team or service in {', '.join(settings.paths)}")
    done = _write(folder, written, force, is_generated, ("", "systems"), "the catalog files", "export")
    counts = ", ".join(f"{catalog.counts[kind]} {kind}" for kind in KIND_ORDER if catalog.counts.get(kind))
    lines = [f"exported {counts} into {len(written)} files"]
    lines += [f"{verb} {path}" for verb, path in done if verb != "unchanged"]
    unchanged = sum(1 for verb, _ in done if verb == "unchanged")
    if unchanged:
        lines.append(f"{unchanged} file{'s' if unchanged != 1 else ''} unchanged")
    if unread:
        lines.append(f"x-backstage not read back (the file has a loading finding) from: {', '.join(unread)}")
    if catalog.notes:
        lines.append(f"not exported ({len(catalog.notes)}):")
        lines += [f"  {note}" for note in catalog.notes]
    write("".join(printable(line) + "\n" for line in lines))
