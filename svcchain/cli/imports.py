"""``svcchain import backstage``: a Backstage software catalog → chain files (docs/import.md).

The command reads the catalog (``importing.catalog``), maps it
(``importing.backstage``), writes the files atomically into the output
folder and prints the summary on stdout.  It replaces only files an earlier
import wrote (they start with ``emit.HEADER``) unless ``--force`` is given,
and removes the files an earlier import wrote that this one no longer
writes, so the folder always mirrors the catalog.  Exit 0 when something
was imported, 2 when nothing could be (nothing is written then).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from svcchain.cli.output import write
from svcchain.cli.root import app, fail, guarded

if TYPE_CHECKING:
    from svcchain.importing.backstage import Imported
    from svcchain.importing.catalog import Catalog
    from svcchain.importing.entities import Note

import_app = typer.Typer(
    name="import",
    help="Read another tool's data: a Backstage catalog into chain files, a CODEOWNERS file against the chains.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")

#: The order kinds are counted in: the ones the import maps, then any other alphabetically.
KIND_ORDER = ("Location", "User", "Group", "Domain", "System", "Component", "API", "Resource")


@import_app.command("backstage")
@guarded
def backstage_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Catalog files or folders (folders are walked for *.yaml, *.yml); Location entities are followed.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="DIR", help="Folder to write the chain files to.")
    ] = "chains",
    force: Annotated[
        bool, typer.Option("--force", help="Also replace files in DIR that were not written by an import.")
    ] = False,
    follow: Annotated[
        bool,
        typer.Option("--follow", help="Read Location targets that lead out of the repository of the paths given."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Import a Backstage catalog: users, groups, systems, components, APIs, resources, domains."""
    from svcchain.discover import UsageError
    from svcchain.importing.backstage import import_entities
    from svcchain.importing.catalog import read_catalog
    from svcchain.importing.emit import layout

    try:
        catalog = read_catalog(paths, follow=follow)
    except UsageError as exc:
        raise fail(f"{exc}; name existing catalog files or folders") from None
    imported = import_entities(catalog.entities)
    files = layout(imported)
    if not files:
        _summary(catalog, None, [])
        raise fail(f"nothing imported: no user, group, system, component, API, resource or domain in {_list(paths)}")
    done = _write(output, files, force)
    _summary(catalog, imported, done)


def _list(paths: Iterable[str]) -> str:
    from svcchain.findings import printable

    return ", ".join(printable(path) for path in paths)


def _existing(path: str) -> str | None:
    """The text of the file at ``path``; None when there is none; ``""`` when it cannot be read as text."""
    from svcchain.files import UnreadableFile, read_limited

    if not os.path.lexists(path):
        return None
    try:
        return read_limited(path)
    except UnreadableFile:
        return ""


def _write(
    folder: str,
    files: dict[str, str],
    force: bool,
    is_generated: Callable[[str], bool] | None = None,
    subfolders: tuple[str, ...] = ("", "services"),
    what: str = "the chain files with -o",
    writer: str = "import",
) -> list[tuple[str, str]]:
    """Write ``files`` into ``folder``; what was done to each file (wrote, unchanged, removed).

    A file in the way is replaced only when ``is_generated`` says the command wrote it (or ``force``);
    the files it wrote in ``subfolders`` that it does not write now are removed.  The import's rule by
    default; ``svcchain export backstage`` passes its own.
    """
    from svcchain.files import write_atomic

    if is_generated is None:
        from svcchain.importing.emit import is_generated as written_by_import

        is_generated = written_by_import

    if os.path.exists(folder) and not os.path.isdir(folder):
        raise fail(f"'{_list([folder])}' is not a folder; name a folder for {what}")
    targets = {rel: os.path.join(folder, *rel.split("/")) for rel in files}
    before = {rel: _existing(path) for rel, path in targets.items()}
    foreign = [targets[rel] for rel, text in before.items() if text is not None and not is_generated(text)]
    if foreign and not force:
        shown = _list(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise fail(
            f"nothing written: {shown} would be replaced, and no {writer} wrote "
            f"{'it' if len(foreign) == 1 else 'them'}; move them away, choose another folder, "
            "or run with --force to replace them"
        )
    done: list[tuple[str, str]] = []
    try:
        for rel, text in files.items():
            if before[rel] == text:
                done.append(("unchanged", targets[rel]))
                continue
            os.makedirs(os.path.dirname(targets[rel]) or ".", exist_ok=True)
            write_atomic(targets[rel], text)
            done.append(("wrote", targets[rel]))
        for sub in subfolders:
            done.extend(
                ("removed", path) for path in _remove_stale(os.path.join(folder, sub), sub, files, is_generated)
            )
    except OSError as exc:
        raise fail(f"cannot write '{_list([exc.filename or folder])}': {exc.strerror or exc}") from None
    return done


def _remove_stale(where: str, sub: str, files: dict[str, str], is_generated: Callable[[str], bool]) -> list[str]:
    """Remove the files an earlier run wrote in ``where`` (``is_generated``) that this run did not write."""
    if not os.path.isdir(where):
        return []
    removed = []
    for name in sorted(os.listdir(where)):
        rel = f"{sub}/{name}" if sub else name
        path = os.path.join(where, name)
        if rel in files or name.startswith(".") or not name.endswith(".yaml") or os.path.islink(path):
            continue
        if os.path.isfile(path) and is_generated(_existing(path) or ""):
            os.unlink(path)
            removed.append(path)
    return removed


def _counts(counter: Counter[str]) -> str:
    kinds = [kind for kind in KIND_ORDER if counter[kind]] + sorted(k for k in counter if k not in KIND_ORDER)
    return ", ".join(f"{counter[kind]} {kind}" for kind in kinds)


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _summary(catalog: Catalog, imported: Imported | None, done: list[tuple[str, str]]) -> None:
    """The summary, on stdout; every text that comes from a file made safe to print."""
    from svcchain.findings import printable

    lines = [f"read {_plural(len(catalog.files), 'file')}: {_counts(catalog.read) or 'no Backstage entity'}"]
    if imported is not None:
        lines.append(
            f"imported {_plural(len(imported.people), 'person', 'people')}, {_plural(len(imported.teams), 'team')}, "
            f"{_plural(len(imported.services), 'service')} with {_plural(imported.links, 'link')}, "
            f"{_plural(len(imported.domains), 'domain')}"
        )
        if imported.holding:
            lines.append(f"links that name no system are in: {', '.join(imported.holding)}")
    verbs = Counter(verb for verb, _ in done)
    lines.extend(f"{verb} {path}" for verb, path in done if verb != "unchanged")
    if verbs["unchanged"]:
        lines.append(f"{_plural(verbs['unchanged'], 'file')} unchanged")
    skipped: list[Note] = [*catalog.skipped, *(imported.skipped if imported else [])]
    sections: list[tuple[str, list[Note]]] = [
        ("skipped", skipped),
        ("references that did not resolve", imported.unresolved if imported else []),
        ("not read", catalog.problems),
        ("cut short", imported.cut if imported else []),
    ]
    if imported is not None and imported.unsupported:
        lines.append(f"skipped {_counts(imported.unsupported)}: svcchain has nothing to map these kinds to")
    for title, notes in sections:
        if notes:
            lines.append(f"{title} ({len(notes)}):")
            lines.extend(f"  {note}" for note in sorted(notes, key=lambda n: (n.file, n.line, n.column, n.text)))
    write("".join(printable(line) + "\n" for line in lines))
