"""Where a command's text goes: stdout, a rich console, or a file written atomically."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import typer

from svcchain.cli.root import fail


def write(text: str) -> None:
    """Text to stdout, flushed (a closed pipe surfaces here, inside the guard)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def write_file(path: str, text: str | bytes) -> None:
    """Write ``text`` to ``path`` atomically; on failure one line and exit 2."""
    from svcchain.files import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        raise fail(f"cannot write '{path}': {exc.strerror or exc}") from None


def emit(text: str, output: str | None) -> None:
    """A rendered text to ``output`` (atomically) or to stdout."""
    if output is None:
        write(text)
    else:
        write_file(output, text)


#: The widest a piped rich output grows to fit its content.
WIDEST = 10_000
#: The width a paragraph of prose asks for when piped: it wraps, it does not widen the output.
PROSE = 100


def print_rich(*renderables: Any) -> None:
    """rich renderables to stdout: colour and width as the terminal allows.

    Piped (stdout no terminal) and without ``COLUMNS``, the width is that of
    the content, so tables and long lines are not wrapped at rich's default
    of 80 columns; ``COLUMNS`` sets the width wherever it is set.
    """
    import os

    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        console.width = max([80, *(_content_width(console, renderable) for renderable in renderables)])
    for renderable in renderables:
        console.print(renderable)


def _content_width(console: Any, renderable: Any) -> int:
    """The columns ``renderable`` needs to print without wrapping (at most ``WIDEST``).

    A rule fills whatever width it gets and prose (markdown, a paragraph of
    text) flows into it, so neither asks for more than a reading width.
    """
    from rich.console import Group
    from rich.measure import Measurement
    from rich.text import Text

    if isinstance(renderable, Group):
        return max((_content_width(console, part) for part in renderable.renderables), default=0)
    if isinstance(renderable, Text) and "\n" not in renderable.plain and len(renderable.plain) > PROSE:
        return PROSE  # a paragraph: it wraps, as prose does
    if isinstance(renderable, str) or hasattr(renderable, "__rich_measure__"):
        return Measurement.get(console, console.options.update_width(WIDEST), renderable).maximum
    return 0


#: Suffixes people give output files that no svcchain format writes, and what they are.
FOREIGN_SUFFIXES = {
    ".pdf": "PDF",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".svg": "SVG",
    ".docx": "Word",
    ".doc": "Word",
    ".odt": "OpenDocument",
    ".xlsx": "Excel",
    ".xls": "Excel",
    ".pptx": "PowerPoint",
    ".yaml": "YAML",
    ".yml": "YAML",
    ".toml": "TOML",
    ".txt": "plain text",
    ".html": "HTML",
    ".htm": "HTML",
    ".md": "Markdown",
    ".json": "JSON",
    ".xml": "XML",
    ".csv": "CSV",
}


def suffix_of(path: str) -> str:
    """``.json`` for ``out/report.json``; ``""`` when the name has none."""
    import os

    name = os.path.basename(path)
    return os.path.splitext(name)[1].lower() if "." in name.lstrip(".") else ""


def pick_format(
    command: str, formats: dict[str, tuple[str, ...]], requested: str | None, output: str | None, default: str
) -> str:
    """The format to write: ``--format``, else the one the ``-o`` file's suffix names, else ``default``.

    ``formats`` maps each format of the command to the file suffixes it
    writes.  A suffix that another of the command's formats writes, given
    with a ``--format`` that does not write it, or a suffix no format of the
    command writes at all (``report -o report.pdf``) is a usage error: the
    file would not hold what its name says.
    """
    if output is None:
        return requested or default
    suffix = suffix_of(output)
    owners = [name for name, suffixes in formats.items() if suffix in suffixes]
    if requested is not None:
        if suffix and owners and requested not in owners:
            raise fail(
                f"'{output}' ends in {suffix}, which the {_names(owners)} format writes, not {requested}; "
                f"drop --format, or name the file with one of: {_suffixes(formats[requested])}"
            )
        if suffix in FOREIGN_SUFFIXES and not owners:
            raise _unwritable(command, output, suffix, formats)
        return requested
    if owners:
        return owners[0]
    if suffix in FOREIGN_SUFFIXES:
        raise _unwritable(command, output, suffix, formats)
    return default


def _unwritable(command: str, output: str, suffix: str, formats: dict[str, tuple[str, ...]]) -> typer.Exit:
    written = ", ".join(f"{name} ({_suffixes(suffixes)})" for name, suffixes in formats.items() if suffixes)
    exit_: typer.Exit = fail(
        f"'{output}' ends in {suffix}, but 'svcchain {command}' writes no {FOREIGN_SUFFIXES[suffix]} file; "
        f"choose one of: {written}"
    )
    return exit_


def _names(formats: list[str]) -> str:
    return " or ".join(formats)


def _suffixes(suffixes: tuple[str, ...]) -> str:
    return ", ".join(suffixes) if suffixes else "any name"


@contextlib.contextmanager
def exit_status_if_the_reader_goes(status: int) -> Iterator[None]:
    """A closed pipe (``svcchain check | head``) still exits with the status the findings call for.

    The reader went away: that is not our error, and not a reason to turn a
    failing check into a passing one.  Anything still buffered for stdout is
    dropped (stdout is pointed at the null device so the final flush is quiet).
    """
    try:
        yield
    except BrokenPipeError:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        except (OSError, ValueError):
            pass
        raise typer.Exit(status) from None
