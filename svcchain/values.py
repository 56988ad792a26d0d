"""Values of format 1.1 that YAML alone does not settle: free text and dates.

Free-text fields accept any scalar and keep it *as written*: ``target: 100``
is the text ``100``, ``target: 1.50`` the text ``1.50`` (not ``1.5``),
``target: 2024-12-31`` the text ``2024-12-31``.  The loader remembers the
written text of every scalar YAML did not read as a string
(``SourceMap.written``); here it replaces the value before validation.  Ids
and references are not touched: an unquoted ``no`` stays a boolean (SC002).

A date is a YAML date or a string of the form ``YYYY-MM-DD`` that names a
real day: such a string becomes a date here, anything else is left for the
validator to report (SC002).
"""

from __future__ import annotations

import datetime
from typing import Any

from svcchain.source import MapPos, PosNode, SeqPos
from svcchain.today import parse_date
from svcchain.yamlscalars import UnbuiltScalar


class Fields:
    """The free-text and date keys of one kind of mapping, and the mappings below it."""

    __slots__ = ("children", "dates", "lists", "texts")

    def __init__(
        self,
        texts: tuple[str, ...] = (),
        dates: tuple[str, ...] = (),
        lists: dict[str, Fields] | None = None,
        children: dict[str, Fields] | None = None,
    ) -> None:
        self.texts = texts
        self.dates = dates
        self.lists = lists or {}  # key → the fields of each item of its list
        self.children = children or {}  # key → the fields of the mapping it holds


_MEASURE = Fields(texts=("name", "target", "actual"), dates=("measured_on",))
_LINK = Fields(
    texts=("name", "description", "result"),
    dates=("reviewed_on",),
    lists={"measures": _MEASURE, "requirements": Fields(texts=("text",))},
)
_NEED = Fields(texts=("text",), lists={"requirements": Fields(texts=("text", "source"))})
_SERVICE = Fields(
    texts=("name", "description"),
    dates=("reviewed_on",),
    lists={"links": _LINK},
    children={"customer": Fields(texts=("name",), lists={"needs": _NEED})},
)

#: the top-level sections: the fields of each item of their list
SECTIONS: dict[str, Fields] = {
    "people": Fields(texts=("name", "role"), dates=("active_until",)),
    "teams": Fields(texts=("name",)),
    "assets": Fields(texts=("name", "kind", "supplier")),
    "services": _SERVICE,
}

_SCALARS = (int, float, bool, datetime.date, UnbuiltScalar)


def _fix_mapping(data: dict[Any, Any], pos: PosNode | None, fields: Fields, written: dict[int, str]) -> None:
    values = pos.values if isinstance(pos, MapPos) else {}
    for key in fields.texts:
        value = data.get(key)
        if value is not None and isinstance(value, _SCALARS):
            text = written.get(values.get(key))  # type: ignore[arg-type]
            data[key] = text if text is not None else str(value)
    for key in fields.dates:
        value = data.get(key)
        if isinstance(value, str):
            day = parse_date(value.strip())
            if day is not None:
                data[key] = day
    for key, child in fields.children.items():
        value = data.get(key)
        if isinstance(value, dict):
            _fix_mapping(value, values.get(key), child, written)
    for key, item_fields in fields.lists.items():
        _fix_list(data.get(key), values.get(key), item_fields, written)


def _fix_list(items: Any, pos: PosNode | None, fields: Fields, written: dict[int, str]) -> None:
    if not isinstance(items, list):
        return
    positions = pos.items if isinstance(pos, SeqPos) else []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            _fix_mapping(item, positions[index] if index < len(positions) else None, fields, written)


def normalize(data: dict[Any, Any], root: PosNode, written: dict[int, str]) -> None:
    """Free text as written and ``YYYY-MM-DD`` strings as dates, in place, in every section."""
    values = root.values if isinstance(root, MapPos) else {}
    for section, fields in SECTIONS.items():
        _fix_list(data.get(section), values.get(section), fields, written)


def future_reviews(data: dict[Any, Any], today: datetime.date) -> list[tuple[tuple[str | int, ...], datetime.date]]:
    """The ``reviewed_on`` dates after ``today`` (a review cannot have happened yet), by model path."""
    found: list[tuple[tuple[str | int, ...], datetime.date]] = []
    services = data.get("services")
    if not isinstance(services, list):
        return found

    def check(item: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(item, dict):
            day = item.get("reviewed_on")
            if isinstance(day, datetime.date) and not isinstance(day, datetime.datetime) and day > today:
                found.append(((*path, "reviewed_on"), day))

    for index, service in enumerate(services):
        check(service, ("services", index))
        links = service.get("links") if isinstance(service, dict) else None
        if isinstance(links, list):
            for position, link in enumerate(links):
                check(link, ("services", index, "links", position))
    return found
