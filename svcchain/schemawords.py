"""Words for schema findings: what a mapping at a model path is called, and what a value is.

SC002 messages name the exact thing ("link 'billing' of service 'web'") and the
value found ("a boolean (false)"), and suggest the keys a mapping may hold.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from svcchain.source import Path
from svcchain.yamlscalars import UnbuiltScalar

# The singular noun of the items of each list field, for messages.
ITEM_NOUN = {
    "people": "person",
    "teams": "team",
    "services": "service",
    "links": "link",
    "needs": "need",
    "measures": "measure",
    "requirements": "requirement",
    "assets": "asset",
}


def fields_of(path: Path) -> list[str]:
    """The valid keys of the mapping at ``path`` (for 'did you mean')."""
    from svcchain._validation import FIELDS

    return FIELDS.get(kind_of(path), [])


def item_key(noun: str) -> str:
    """The key an item of a list needs: 'id', a measure's 'name', a requirement's 'text'.

    The first field of each kind is its required one (tests/test_first_contact.py holds the models to it).
    """
    from svcchain._validation import FIELDS

    return FIELDS[noun][0]


def example(value: Any) -> str:
    """A string item as the value of its key, written so YAML reads it back as that string; else '…'."""
    if not isinstance(value, str) or not value.strip() or len(value) > 60 or not value.isprintable():
        return "…"
    import yaml

    try:
        plain = yaml.safe_load(value) == value
    except yaml.YAMLError:
        plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def kind_of(path: Path) -> str:
    """What the mapping at ``path`` is: 'link', 'service', 'customer', ..."""
    if not path:
        return "document"
    last = path[-1]
    if isinstance(last, int) and len(path) >= 2:
        if path[-2] == "requirements" and len(path) >= 4 and path[-4] == "needs":
            return "need-requirement"
        if path[-2] == "assets" and len(path) > 2:
            return "asset-entry"  # a link's 'assets' entry: an id, not a mapping
        return ITEM_NOUN.get(str(path[-2]), "item")
    if last == "customer":
        return "customer"
    return str(last)


def describe(data: Any, path: Path) -> str:
    """Name the mapping at ``path`` for a message: "link 'billing' of service 'web'"."""
    parts: list[str] = []
    node = data
    for index, step in enumerate(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and index > 0:
            noun = ITEM_NOUN.get(str(path[index - 1]), "item")
            ident = node.get("id") if isinstance(node, dict) else None
            if noun == "measure" or (noun == "requirement" and not (isinstance(ident, str) and ident)):
                parts.append(f"{noun} #{step + 1}")
            elif isinstance(ident, str) and ident:
                parts.append(f"{noun} '{ident}'")
            else:
                parts.append(f"{noun} #{step + 1}")
        elif step == "customer":
            parts.append("customer")
    if not parts:
        return "the document"
    return " of ".join(reversed(parts))


def context(data: Any, path: Path) -> tuple[str | None, str | None]:
    """The ids of the service and link a path lies in, where they are valid ids."""
    service = link = None
    if len(path) >= 2 and path[0] == "services" and isinstance(path[1], int):
        try:
            entity = data["services"][path[1]]
            service = entity.get("id") if isinstance(entity, dict) else None
            if len(path) >= 4 and path[2] == "links" and isinstance(path[3], int):
                item = entity["links"][path[3]]
                link = item.get("id") if isinstance(item, dict) else None
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    service = service if isinstance(service, str) and service else None
    link = link if isinstance(link, str) and link else None
    return service, (link if service else None)


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, UnbuiltScalar):
        return f"{value.what} ({value!r})"
    if isinstance(value, datetime.datetime):
        return f"a date and time ({value.isoformat(sep=' ')})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bytes):
        return "binary data"
    return type(value).__name__


def quote_hint(value: Any) -> str:
    """The advice to quote a value YAML did not read as a string, or nothing."""
    if isinstance(value, bool):
        return "YAML 1.1 reads unquoted yes/no/on/off/true/false as booleans: quote the value (e.g. 'no')"
    if isinstance(value, (int, float, datetime.date)):
        return "YAML reads it unquoted as a number or date: quote the value"
    if isinstance(value, UnbuiltScalar):
        return f"YAML reads it unquoted as {value.what}: fix it, or quote it if it is text"
    return ""
