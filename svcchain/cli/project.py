"""``svcchain schema`` and ``svcchain init``: what a new chain repository starts with."""

from __future__ import annotations

from typing import Annotated

import typer

from svcchain.cli.output import emit, write
from svcchain.cli.root import EXIT_USAGE, app, err, fail, guarded


@app.command("schema")
@guarded
def schema_command(
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema to this file instead of stdout."),
    ] = None,
) -> None:
    """Print the JSON Schema of chain files, for editors (yaml-language-server)."""
    from svcchain.schema import render_schema

    emit(render_schema(), output)


@app.command("init")
@guarded
def init_command(
    directory: Annotated[str, typer.Argument(metavar="FOLDER", help="Folder of the new chain repository.")] = ".",
    service: Annotated[
        str, typer.Option("--service", metavar="ID", help="Id of the example service (and the name of its file).")
    ] = "customer-portal",
) -> None:
    """Start a chain repository: an organisation, one service, svcchain.toml and the schema."""
    from svcchain.scaffold import ScaffoldError, scaffold

    try:
        result = scaffold(directory, service)
    except ScaffoldError as exc:
        raise fail(str(exc)) from None
    if result.existing:
        _say_it_exists(directory, result.existing)
        return
    for path in result.created:
        write(f"created     {path}\n")
    for path in result.kept:
        write(f"left alone  {path} (it exists)\n")
    for path, why in result.failed:
        err(f"cannot write '{path}': {why}")
    if result.failed:
        raise typer.Exit(EXIT_USAGE)
    if result.created:
        write(f"Next: {_cd(directory)}svcchain check\n")


def _cd(directory: str) -> str:
    """``cd FOLDER && `` before a command to run in ``directory`` (nothing for the current one)."""
    import shlex

    return "" if directory in ("", ".") else f"cd {shlex.quote(directory)} && "


def _say_it_exists(directory: str, existing: list[str]) -> None:
    """One line: the folder has chain files already, nothing was created, and how to check them."""
    from svcchain.findings import printable

    shown = ", ".join(printable(path) for path in existing[:3])
    if len(existing) > 3:
        shown += f" and {len(existing) - 3} more"
    folder = "this folder" if directory in ("", ".") else f"'{printable(directory)}'"
    write(
        f"nothing created: {folder} holds chain files already ({shown}); check them with: {_cd(directory)}svcchain check\n"
    )
