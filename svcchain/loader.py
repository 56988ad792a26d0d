"""YAML files → plain data plus a source map, and the loading problems.

The public entry points of loading: ``load_file`` reads, decodes and parses
one file, ``parse`` parses bytes already read.  The work is done by
``reading`` (bytes from the file system, the size limit, UTF-8) and
``yamlevents`` (one pass over libyaml's event stream builds the data and its
position tree together, and bounds nesting depth, alias expansion and tags;
``yamlscalars`` says what a scalar means).  Nothing is ever executed: only
the YAML core tags are constructed.

Problems found here travel the same road as rule findings:
SC001 (unreadable, not UTF-8, syntax, limits, tags) and SC004 (repeated key).
Keys starting with ``x-`` are user metadata: parsed (so limits apply) but not
put into the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml import SafeLoader
from yaml.error import Mark

from svcchain.findings import Problem
from svcchain.reading import decode_problem, line_col_of_byte, read_bytes
from svcchain.suppress import Directive, find_directives
from svcchain.yamlevents import DocumentBuilder, LoadedDocument, Stop

__all__ = ["WITH_LIBYAML", "Limits", "LoadedDocument", "LoadedFile", "load_file", "parse"]

try:  # libyaml's parser when PyYAML was built with it: several times faster
    from yaml import CSafeLoader

    _EventLoader: type[CSafeLoader | SafeLoader] = CSafeLoader
    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _EventLoader = SafeLoader
    WITH_LIBYAML = False


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from hanging or exhausting the checker."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_depth: int = 100
    max_alias_nodes: int = 100_000


@dataclass(slots=True)
class LoadedFile:
    path: str
    documents: list[LoadedDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: True when the file was read and parsed but holds no YAML document at all.
    no_document: bool = False
    #: Inline suppression comments (``# svcchain: ignore[...]``).
    directives: list[Directive] = field(default_factory=list)


#: Line breaks as YAML 1.1 (and libyaml's marks) count them: CR LF, CR, LF, NEL, LS, PS.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _deep_flow_problem(path: str, text: str, builder: DocumentBuilder, mark: Mark | None) -> Problem | None:
    """The node past the depth limit, in the flow text libyaml read ahead of its events.

    libyaml reads flow collections ahead while a simple key is still possible
    (at most about one line) and gives up at 1,000 levels before it hands us
    the nodes.  Counting brackets from the last event we saw finds the first
    node that is too deep; only that window is scanned, never the whole file.
    """
    limit = builder.max_depth
    last = builder.last_mark
    start = last.index if last is not None else 0
    end = mark.index if mark is not None else len(text)
    depth = builder.depth_at_error
    quote: str | None = None
    previous = " "
    index = start
    found = -1
    while index < end:
        char = text[index]
        if quote is not None:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                if quote == "'" and text.startswith("'", index + 1):
                    index += 2
                    continue
                quote = None
        elif char == "#" and previous in " \t\r\n":
            newline = _BREAKS.search(text, index, end)
            index = end if newline is None else newline.start()
            continue
        elif char in "'\"" and previous in " \t\r\n[{,:":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > limit:
                found = index
                break
        elif char in "]}":
            depth -= 1
        previous = char
        index += 1
    if found < 0:
        return None
    line = last.line if last is not None else 0
    column = last.column if last is not None else 0
    breaks = list(_BREAKS.finditer(text, start, found))
    if breaks:
        line += len(breaks)
        column = found - breaks[-1].end()
    else:
        column += found - start
    return Problem(
        f"nesting is deeper than {limit} levels",
        (path, line + 1, column + 1),
        fix="flatten the structure; the rest of this file is not checked",
        code="SC001",
    )


#: ``key: >= 95%``: a block scalar indicator after a key, with more text on its line.
_BLOCK_AFTER_KEY = re.compile(r"(?P<key>[^\s#].*?):[ \t]+(?P<value>[>|].*?)(?P<comment>[ \t]+#.*)?[ \t]*")


def _syntax_advice(data: bytes, line: int, message: str, fix: str, column: int) -> tuple[str, str, int]:
    """Words for the syntax errors first-time users make, from the line of the error.

    Only the error path reads the line again.  ``target: >= 95%``: YAML
    reads ``>`` or ``|`` after a key as the start of a block of text, so the
    value has to be quoted (shown on the user's own line).  A tab in the
    indentation: YAML indents with spaces only.
    """
    lines = _BREAKS.split(data.decode("utf-8", "replace"), maxsplit=line + 1)
    text = lines[line] if line < len(lines) else ""
    if "block scalar" in message and len(text) <= 1000:
        body = text.lstrip(" \t")
        indent = len(text) - len(body)
        dash = re.match(r"(?:-[ \t]+)*", body)
        lead = dash.group() if dash else ""
        shape = _BLOCK_AFTER_KEY.fullmatch(body, len(lead))
        if shape is not None and shape.group("value")[1:].strip():
            value = shape.group("value")
            quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            shown = f"{lead}{shape.group('key')}: {quoted}{shape.group('comment') or ''}"
            return (
                f"invalid YAML: '{value[0]}' after '{shape.group('key')}:' starts a block of text in YAML, "
                "so nothing else may follow it on the line",
                f"quote the value: {shown}",
                indent + shape.start("value") + 1,
            )
    if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
        return message, f"YAML indents with spaces: replace the tab at the start of line {line + 1} with spaces", column
    return message, fix, column


def parse(path: str, data: bytes, limits: Limits = Limits()) -> LoadedFile:
    """Parse UTF-8 bytes (already checked) into documents and problems."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    builder = DocumentBuilder(path, limits.max_depth, limits.max_alias_nodes)
    loader = _EventLoader(data if WITH_LIBYAML else data.decode("utf-8"))
    try:
        builder.run(loader)
    except Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        deep = None
        if "maximum nesting depth" in str(exc.problem) and WITH_LIBYAML:
            deep = _deep_flow_problem(path, data.decode("utf-8"), builder, exc.problem_mark)
        if deep is not None:
            builder.problems.append(deep)
        else:
            mark = exc.problem_mark or exc.context_mark
            parts = [p for p in (exc.context, exc.problem) if p]
            message = "invalid YAML: " + ", ".join(parts)
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            fix = "fix the syntax"
            if mark is not None:
                message, fix, column = _syntax_advice(data, mark.line, message, fix, column)
            builder.problems.append(
                Problem(
                    message, (path, line, column), fix=fix + " (the rest of this file is not checked)", code="SC001"
                )
            )
    except yaml.reader.ReaderError as exc:
        if WITH_LIBYAML:
            line, column = line_col_of_byte(data, exc.position)
        else:  # pragma: no cover - pure-Python PyYAML
            text = data.decode("utf-8")
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - text.rfind("\n", 0, exc.position)
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        builder.problems.append(
            Problem(
                f"the file contains a character YAML does not allow ({shown}, {exc.reason})",
                (path, line, column),
                fix="remove it",
                code="SC001",
            )
        )
    except yaml.YAMLError as exc:
        builder.problems.append(Problem(f"invalid YAML: {exc}", (path, 1, 1), fix="fix the syntax", code="SC001"))
    except RecursionError:  # pragma: no cover - the depth limit comes first
        builder.problems.append(
            Problem("the file nests too deeply to read", (path, 1, 1), fix="flatten it", code="SC001")
        )
    finally:
        loader.dispose()
    loaded = LoadedFile(path, builder.documents, builder.problems)
    loaded.no_document = not builder.saw_document and not builder.problems
    return loaded


def load_file(path: str, fs_path: str | None = None, limits: Limits = Limits()) -> LoadedFile:
    """Read, decode and parse one file; every failure becomes a problem."""
    data, problem = read_bytes(path, fs_path or path, limits.max_file_bytes)
    if problem is None and data is not None:
        problem = decode_problem(path, data)
    if problem is not None or data is None:
        return LoadedFile(path, problems=[problem] if problem else [])
    loaded = parse(path, data, limits)
    loaded.directives = find_directives(data)
    return loaded
