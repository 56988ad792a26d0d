"""The owner directory: people and teams from an identity directory, read as known but not modelled.

``directory = ["people.csv", "github-teams.json"]`` in the config names the
files (docs/configuration.md, "The owner directory"):

- CSV with a header row: ``id`` (required), ``name``, ``email``, ``manager``,
  ``active_until`` (YYYY-MM-DD), ``github``; other columns are ignored;
- JSON or YAML: a list of people in the same shape, or a mapping with
  ``people`` and ``teams`` lists (a team: ``id``, ``name``, ``members``,
  ``github``), or a GitHub organisation export
  ``{org: ..., teams: [{slug, members: [login, or {login: ...}]}]}``.

Team members that no entry declares are people of the directory too (a
GitHub export lists logins only).  The first entry of an id wins, across
files; an id that is a person in one place and a team in another is an
error.  A file that is missing, unreadable or malformed is a
``DirectoryError`` naming file, line and column (exit 2): a directory that is
silently half read would hide owners.  Files are read as chain files are:
within a size limit, UTF-8, YAML with svcchain's own loader.
"""

from __future__ import annotations

import csv
import datetime
import gc
import io
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

from svcchain.roster import Directory, DirectoryPerson, DirectoryTeam
from svcchain.source import SourceMap
from svcchain.today import parse_date

#: The largest directory file svcchain reads: an HR export of a large company still fits.
MAX_BYTES = 64 * 1024 * 1024
#: What an id must look like (the format's ids): a directory entry is named by owners in chain files.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_HANDLE = re.compile(r"@?[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*\Z")
PERSON_FIELDS = ("id", "name", "email", "manager", "active_until", "github")


#: where a node of a structured file is: its model path → (line, column)
At = Callable[..., tuple[int, int]]


class DirectoryError(Exception):
    """A directory file that cannot be used: ``file:line:column: what is wrong``."""


class _Reader:
    def __init__(self, display: str) -> None:
        self.display = display
        self.people: list[DirectoryPerson] = []
        self.teams: list[DirectoryTeam] = []

    def fail(self, line: int, column: int, message: str) -> DirectoryError:
        return DirectoryError(f"{self.display}:{line}:{column}: {message}")

    def ident(self, value: Any, what: str, line: int, column: int) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            shown = repr(value) if not isinstance(value, str) else f"'{value}'"
            raise self.fail(
                line,
                column,
                f"{what} {shown} is not an id (letters, digits, '.', '_', '-'; starting with one of the first two)",
            )
        return value

    def text(self, value: Any, what: str, line: int, column: int) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(line, column, f"{what} must be text")
        return str(value)

    def day(self, value: Any, line: int, column: int) -> datetime.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        day = parse_date(value.strip()) if isinstance(value, str) else None
        if day is None:
            raise self.fail(line, column, f"active_until {value!r} is not a date (YYYY-MM-DD)")
        return day

    def handle(self, value: Any, line: int, column: int) -> str | None:
        text = self.text(value, "github", line, column)
        if text is None:
            return None
        if not _HANDLE.match(text):
            raise self.fail(line, column, f"github '{text}' is not a handle (a login, or org/team)")
        return text.lstrip("@")

    def person(self, get: Any, where: Any, line: int, login: bool = False) -> DirectoryPerson:
        """One person from ``get(field)``; ``where(field)`` is the (line, column) of a field."""
        key = "login" if login and get("id") is None else "id"
        ident = self.ident(get(key), key, *where(key))
        handle = self.handle(get("github"), *where("github"))
        return DirectoryPerson(
            ident,
            self.display,
            line,
            name=self.text(get("name"), "name", *where("name")),
            email=self.text(get("email"), "email", *where("email")),
            manager=self.ident(get("manager"), "manager", *where("manager"))
            if get("manager") not in (None, "")
            else None,
            active_until=self.day(get("active_until"), *where("active_until")),
            github=handle if handle is not None else (ident if login else None),
        )


def _read_csv(reader: _Reader, text: str) -> None:
    """People from CSV rows, in one tight loop (an HR export of 20,000 people must not slow the check)."""
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None:
            return
        names = [name.strip().lower() for name in header]
        if "id" not in names:
            raise reader.fail(1, 1, "the header row names no 'id' column (id,name,email,manager,active_until)")
        columns = {name: index for index, name in reversed(list(enumerate(names))) if name in PERSON_FIELDS}
        at_id, at_name, at_email, at_manager, at_day, at_github = (columns.get(name) for name in PERSON_FIELDS)
        width, display, people, ident_ok = len(names), reader.display, reader.people, _ID.match
        for row in rows:
            line = rows.line_num
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                raise reader.fail(
                    line, 1, f"the row has {len(row)} field{'s' if len(row) != 1 else ''}, the header {width}"
                )
            ident = row[at_id].strip()  # type: ignore[index]
            if not ident_ok(ident):
                if not any(cell.strip() for cell in row):
                    continue
                reader.ident(ident, "id", line, at_id + 1)  # type: ignore[operator]
            manager = row[at_manager].strip() if at_manager is not None else ""
            if manager and not ident_ok(manager):
                reader.ident(manager, "manager", line, at_manager + 1)  # type: ignore[operator]
            text_day = row[at_day].strip() if at_day is not None else ""
            day = reader.day(text_day, line, at_day + 1) if text_day else None  # type: ignore[operator]
            github = row[at_github].strip() if at_github is not None else ""
            people.append(
                DirectoryPerson(
                    ident,
                    display,
                    line,
                    (row[at_name].strip() or None) if at_name is not None else None,
                    (row[at_email].strip() or None) if at_email is not None else None,
                    manager or None,
                    day,
                    reader.handle(github, line, at_github + 1) if github else None,  # type: ignore[operator]
                )
            )
    except csv.Error as exc:
        raise reader.fail(rows.line_num or 1, 1, f"not CSV: {exc}") from None


def _read_structured(reader: _Reader, display: str, fs_path: str) -> None:
    from svcchain.loader import Limits, load_file

    loaded = load_file(display, fs_path, Limits(max_file_bytes=MAX_BYTES))
    if loaded.problems:
        problem = loaded.problems[0]
        where = problem.where
        line, column = (where[1], where[2]) if isinstance(where, tuple) else (1, 1)
        raise reader.fail(line, column, problem.message)
    for document in loaded.documents:
        source = document.origin.source

        def at(*path: Any, source: SourceMap = source) -> tuple[int, int]:
            span = source.locate(path)
            return span.line, span.column

        data = document.data
        if isinstance(data, list):
            _people(reader, data, at, ())
        elif isinstance(data, dict):
            if "people" not in data and "teams" not in data:
                raise reader.fail(*at(), "holds neither 'people' nor 'teams' (nor is it a list of people)")
            org = data.get("org", data.get("organization"))
            if org is not None and not isinstance(org, str):
                raise reader.fail(*at("org" if "org" in data else "organization"), "org must be text")
            if "people" in data:
                _people(reader, data["people"], at, ("people",))
            if "teams" in data:
                _teams(reader, data["teams"], at, org)
        elif data is not None:
            raise reader.fail(*at(), "a directory file holds a list of people, or 'people' and 'teams'")


def _people(reader: _Reader, items: Any, at: At, path: tuple[Any, ...]) -> None:
    if not isinstance(items, list):
        raise reader.fail(*at(*path), "must be a list of people")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise reader.fail(*at(*path, index), "a person is a mapping with at least an 'id'")
        line = at(*path, index)[0]
        reader.people.append(
            reader.person(item.get, lambda name, index=index: at(*path, index, name), line, login="login" in item)
        )


def _teams(reader: _Reader, items: Any, at: At, org: str | None) -> None:
    if not isinstance(items, list):
        raise reader.fail(*at("teams"), "must be a list of teams")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise reader.fail(*at("teams", index), "a team is a mapping with an 'id' (or a GitHub 'slug')")
        key = "slug" if "slug" in item else "id"
        ident = reader.ident(item.get(key), key, *at("teams", index, key))
        members = item.get("members")
        if members is None:
            members = []
        if not isinstance(members, list):
            raise reader.fail(*at("teams", index, "members"), "members must be a list")
        names = []
        for position, member in enumerate(members):
            where = at("teams", index, "members", position)
            value = member.get("login", member.get("id")) if isinstance(member, dict) else member
            names.append(reader.ident(value, "member", *where))
            login = isinstance(member, dict) or key == "slug"  # a GitHub export: members are logins
            reader.people.append(
                DirectoryPerson(names[-1], reader.display, where[0], github=names[-1] if login else None)
            )
        handle = reader.handle(item.get("github"), *at("teams", index, "github"))
        if handle is None and key == "slug" and org:
            handle = f"{org}/{ident}"
        reader.teams.append(
            DirectoryTeam(
                ident,
                reader.display,
                at("teams", index)[0],
                name=reader.text(item.get("name"), "name", *at("teams", index, "name")),
                members=tuple(dict.fromkeys(names)),
                github=handle,
            )
        )


def read_file(display: str, fs_path: str) -> tuple[list[DirectoryPerson], list[DirectoryTeam]]:
    """One directory file's people and teams, in file order."""
    reader = _Reader(display)
    if not os.path.exists(fs_path):
        raise reader.fail(1, 1, "no such directory file")
    if fs_path.lower().endswith(".csv"):
        from svcchain.files import UnreadableFile, read_limited

        try:
            text = read_limited(fs_path, MAX_BYTES)
        except UnreadableFile as exc:
            raise reader.fail(1, 1, f"cannot read the directory file: {exc}") from None
        _read_csv(reader, text)
    elif fs_path.lower().endswith((".json", ".yaml", ".yml")):
        _read_structured(reader, display, fs_path)
    else:
        raise reader.fail(1, 1, "a directory file is .csv, .json, .yaml or .yml")
    return reader.people, reader.teams


def load(files: Sequence[tuple[str, str]]) -> Directory:
    """Every file's people and teams (``files``: the path to show, the path to read).

    The cyclic garbage collector is paused meanwhile, as the check pauses it: tens of
    thousands of entries form no cycles, and its passes over everything else alive would
    cost more than reading them.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(files)
    finally:
        if paused:
            gc.enable()


def _load(files: Sequence[tuple[str, str]]) -> Directory:
    directory = Directory(files=tuple(display for display, _ in files))
    for display, fs_path in files:
        people, teams = read_file(display, fs_path)
        for team in teams:
            _add(directory, team, directory.teams, directory.people, "a person")
        for person in people:
            _add(directory, person, directory.people, directory.teams, "a team")
    return directory


def _add(
    directory: Directory,
    entry: DirectoryPerson | DirectoryTeam,
    same: dict[str, Any],
    other: dict[str, Any],
    other_kind: str,
) -> None:
    first = other.get(entry.id)
    if first is not None:
        raise DirectoryError(
            f"{entry.file}:{entry.line}:1: '{entry.id}' is {other_kind} at {first.file}:{first.line}; "
            "people and teams share one namespace"
        )
    same.setdefault(entry.id, entry)
