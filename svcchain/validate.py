"""Schema validation (SC002): documents against the pydantic models.

Every pydantic error becomes its own finding at the exact node, in words a
chain author understands.  The offending value is then pruned from the data
(an unknown key is dropped, a wrong value removed) so the rest of the document
is still checked and a bad field raises no further finding.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from svcchain.findings import Anchor, Origin, Problem
from svcchain.loader import LoadedDocument
from svcchain.pruned import PRUNED
from svcchain.schemawords import (
    ITEM_NOUN,
    context,
    describe,
    example,
    fields_of,
    item_key,
    kind_of,
    quote_hint,
    type_name,
)
from svcchain.source import Path
from svcchain.suggestions import did_you_mean
from svcchain.today import system_today
from svcchain.values import future_reviews, normalize

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails, SchemaValidator

TOP_LEVEL_KEYS = ("svcchain", "people", "teams", "services", "assets")
SECTIONS = ("people", "teams", "services", "assets")

_ADAPTERS: dict[str, SchemaValidator] = {}


def _adapter(section: str) -> SchemaValidator:
    """The validator of a section: pydantic-core on the schema generated from the models.

    (svcchain/_validation.py, kept in sync with svcchain/model.py by a test:
    no pydantic model classes are built at start-up.)
    """
    adapter = _ADAPTERS.get(section)
    if adapter is None:
        from pydantic_core import SchemaValidator

        from svcchain._validation import SCHEMAS

        adapter = _ADAPTERS[section] = SchemaValidator(SCHEMAS[section])
    return adapter


def _advice(*parts: str) -> str:
    """The parts of a fix that apply, joined by '; '."""
    return "; ".join(part for part in parts if part)


def _is_missing(value: Any) -> bool:
    return value is None or value == "" or value == []


class _Pruner:
    def __init__(self, origin: Origin, data: dict[Any, Any]) -> None:
        self.origin = origin
        self.data = data
        self.problems: list[Problem] = []
        self.deletions: list[Path] = []  # unknown keys: the field they misspell stays missing
        self.invalid: list[Path] = []  # wrong values: marked, so they raise no further finding

    def report(self, path: Path, message: str, *, fix: str, key: bool = False) -> None:
        """SC002 at ``path``: ``message`` says what is wrong, ``fix`` what to do about it."""
        service, link = context(self.data, path)
        self.problems.append(
            Problem(message, Anchor(self.origin, path, key), fix=fix, service=service, link=link, code="SC002")
        )

    def on_error(self, base: Path, error: ErrorDetails) -> None:
        loc = base + tuple(error["loc"])
        kind = error["type"]
        value = error.get("input")
        field = loc[-1]
        parent = loc[:-1]
        what = describe(self.data, parent)
        if kind == "missing":
            self.report(loc, f"{what} has no '{field}'", fix=f"add '{field}:' (it is required)")
            return
        if kind == "invalid_key":  # a key YAML reads as a number, boolean, null or date: 'loc' holds its repr
            key_path = (*parent, value)
            self.report(
                key_path,
                f"unknown key in {what}: a key must be a string, not {type_name(value)}",
                key=True,
                fix=_advice(quote_hint(value), "fix or remove it"),
            )
            self.deletions.append(key_path)
            return
        if kind == "extra_forbidden":
            self.report(
                loc,
                f"unknown key '{field}' in {what}{did_you_mean(str(field), fields_of(parent))}",
                key=True,
                fix="fix or remove it (keys starting with 'x-' are free for your own data)",
            )
            self.deletions.append(loc)
            return
        self.invalid.append(loc)
        if field in ("id", "name", "text") and _is_missing(value):
            # null and empty count as missing: point at the mapping that lacks it
            self.report(parent, f"{what} has an empty '{field}'", fix="give it a value (it is required)")
            return
        if field == "owner" and isinstance(value, list):
            holder = (
                "a link has exactly one result owner"
                if kind_of(parent) == "link"
                else "a service has exactly one accountable owner"
            )
            self.report(
                loc,
                f"'owner' of {what} is a list, but {holder}",
                fix="name one person or team (put several people in a team and name the team)",
            )
            return
        if kind == "string_pattern_mismatch":
            self.report(
                loc,
                f"'{value}' is not a valid id for {what}",
                fix="use letters, digits, '.', '_' and '-', starting with a letter or digit",
            )
            return
        if kind == "date_type":
            shown = repr(value) if isinstance(value, str) else type_name(value)
            self.report(
                loc,
                f"'{field}' of {what} must be a date (YYYY-MM-DD), not {shown}",
                fix="write the day as YYYY-MM-DD, e.g. 2026-03-31 (no time of day)",
            )
            return
        if kind == "literal_error":
            expected = (error.get("ctx") or {}).get("expected", "")
            self.report(
                loc,
                f"'{field}' of {what} must be {expected}, not {value!r}",
                fix=f"write {expected}" if expected else "fix the value",
            )
            return
        if isinstance(field, int):
            container = str(loc[-2])
            noun = ITEM_NOUN.get(container)
            if noun and kind in ("model_type", "dict_type", "model_attributes_type"):
                holder = f" in {describe(self.data, loc[:-2])}" if len(loc) > 2 else ""
                needs = item_key("need-requirement" if kind_of(loc) == "need-requirement" else noun)
                self.report(
                    loc,
                    f"each item of '{container}'{holder} must be a mapping describing a {noun} "
                    f"(e.g. '- {needs}: {example(value)}'), not {type_name(value)}",
                    fix=f"write the {noun} as 'key: value' pairs after the '- ' (a {noun} needs "
                    f"'{needs}'), or remove the item",
                )
            else:
                self.report(
                    loc,
                    f"each item of '{container}' in {describe(self.data, loc[:-2])} must be "
                    f"a string, not {type_name(value)}",
                    fix=quote_hint(value) or "write the item as a single id (one item per '- ')",
                )
            return
        expected, advice = _expected(kind)
        self.report(
            loc, f"'{field}' of {what} must be {expected}, not {type_name(value)}", fix=quote_hint(value) or advice
        )

    def prune(self) -> None:
        for paths, delete in ((self.invalid, False), (self.deletions, True)):
            for path in paths:
                node: Any = self.data
                try:
                    for step in path[:-1]:
                        node = node[step]
                    last = path[-1]
                    if delete and isinstance(node, dict):
                        node.pop(last, None)
                    elif last in node if isinstance(node, dict) else isinstance(node, list):
                        node[last] = PRUNED
                except (KeyError, IndexError, TypeError):
                    continue


def _expected(kind: str) -> tuple[str, str]:
    """What a value of this error kind must be, and the advice that makes it so."""
    if kind in ("list_type", "tuple_type"):
        return (
            "a list (items starting with '- ')",
            "put each item on its own line starting with '- ', or write them in brackets: [a, b]",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "a mapping (key: value pairs)", "write its 'key: value' pairs indented below it"
    if kind.startswith("string"):
        return "a string", "write it as a single value (quote it if it is text)"
    return "of another type", "give it a value of the type docs/format.md lists for this field"


def has_marker(documents: Iterable[LoadedDocument]) -> bool:
    """Whether any document of a file has the ``svcchain`` key: a chain file, even with a wrong marker."""
    return any(isinstance(document.data, dict) and "svcchain" in document.data for document in documents)


def _not_a_chain_file(file: str) -> tuple[str, str]:
    """The words for a file found by walking a folder that has no marker anywhere: likely some other YAML."""
    glob = file if not (file.startswith(("/", "../")) or ":" in file[:3]) else file.rsplit("/", 1)[-1]
    return (
        f"'{file}' has no 'svcchain: 1' in any document: it does not look like a chain file",
        f"if it is not one, leave it out: under [tool.svcchain] in pyproject.toml, set exclude = [{json.dumps(glob)}], "
        'or paths = ["chains"] to check only the folder of your chain files; '
        "if it is one, add 'svcchain: 1' as its first line",
    )


def validate_document(
    document: LoadedDocument, stray: bool = False, today: datetime.date | None = None
) -> tuple[list[Problem], dict[str, Any] | None]:
    """SC002 problems of one document, and its data with the bad parts pruned.

    Returns ``None`` as data when the document is not a mapping at all.
    ``stray``: the file was found by walking a folder and no document of it
    has a marker (``has_marker``), so it may be some other YAML file
    (docker-compose.yml, mkdocs.yml): the marker finding says how to leave it out.
    """
    origin, data = document.origin, document.data
    if not isinstance(data, dict):
        return [
            Problem(
                f"a chain document must be a mapping that starts with 'svcchain: 1', not {type_name(data)}",
                Anchor(origin, ()),
                fix="write it as 'key: value' pairs starting with 'svcchain: 1', or remove it; the document is skipped",
                code="SC002",
            )
        ], None
    pruner = _Pruner(origin, data)
    if "svcchain" not in data and stray:
        message, fix = _not_a_chain_file(origin.file)
        pruner.report((), message, fix=fix)
    elif "svcchain" not in data:
        pruner.report(
            (),
            "the document has no format marker",
            fix="add 'svcchain: 1' as its first line (it is still checked as version 1)",
        )
    else:
        marker = data["svcchain"]
        if type(marker) is not int or marker != 1:
            shown = repr(marker) if isinstance(marker, str) else type_name(marker)
            pruner.report(
                ("svcchain",),
                f"the format marker must be the integer 1, not {shown}",
                fix="write 'svcchain: 1' (the document is still checked as version 1)",
            )
    for key in list(data):
        if key not in TOP_LEVEL_KEYS:
            pruner.report(
                (key,),
                f"unknown top-level key '{key}'{did_you_mean(str(key), TOP_LEVEL_KEYS)}",
                key=True,
                fix="a document holds 'svcchain', 'people', 'teams', 'services' and 'assets': fix or remove it",
            )
            pruner.deletions.append((key,))
    normalize(data, origin.source.root, origin.source.written)
    for section in SECTIONS:
        value = data.get(section)
        if value is None or value == []:
            continue
        if not isinstance(value, list):
            pruner.report(
                (section,),
                f"'{section}' must be a list (items starting with '- '), not {type_name(value)}",
                fix=f"start each {ITEM_NOUN[section]} with '- ' on a line of its own (e.g. '- id: …')",
            )
            pruner.invalid.append((section,))
            continue
        try:
            _adapter(section).validate_python(value)
        except Exception as exc:  # pydantic.ValidationError, imported lazily
            errors = getattr(exc, "errors", None)
            if errors is None:
                raise
            for error in errors(include_url=False):
                pruner.on_error((section,), error)
    for path, day in future_reviews(data, today or system_today()):
        pruner.report(
            path,
            f"'reviewed_on' of {describe(data, path[:-1])} is {day.isoformat()}, a date in the future "
            f"(today is {(today or system_today()).isoformat()})",
            fix="write the day of the last review (a review cannot have happened yet; --today sets today)",
        )
        pruner.invalid.append(path)
    pruner.prune()
    return pruner.problems, data
