"""Backstage entity references, as Backstage parses them, and the svcchain ids entities get.

A reference is ``[kind:][namespace/]name`` (or a mapping with ``kind``,
``namespace`` and ``name``); the kind a field assumes when none is written is
the field's own (``spec.owner``: Group, ``spec.members``: User, ...), the
namespace is that of the entity holding the reference, and all parts compare
case-insensitively (``parseEntityRef`` and ``stringifyEntityRef`` of
``@backstage/catalog-model``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

DEFAULT_NAMESPACE = "default"

#: The kinds Backstage builds in, spelled as Backstage spells them.
KINDS = ("API", "Component", "Domain", "Group", "Location", "Resource", "System", "Template", "User")
_CANONICAL = {kind.lower(): kind for kind in KINDS}

#: What a svcchain id must look like (the format's ``ID_PATTERN``).
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: The longest id made from a name as it is; longer names are shortened (and a hash added).
MAX_ID = 100


def canonical_kind(kind: str) -> str:
    """``component`` → ``Component``: a built-in kind as Backstage spells it; other kinds as written."""
    return _CANONICAL.get(kind.lower(), kind)


@dataclass(frozen=True)
class Ref:
    """A parsed reference: kind, namespace and name as written (or defaulted)."""

    kind: str
    namespace: str
    name: str

    @property
    def key(self) -> tuple[str, str, str]:
        """What Backstage compares: the three parts, case-insensitively."""
        return (self.kind.lower(), self.namespace.lower(), self.name.lower())

    def __str__(self) -> str:
        """The canonical string form (``stringifyEntityRef``): ``component:default/artist-lookup``."""
        return f"{self.kind.lower()}:{self.namespace.lower()}/{self.name.lower()}"


class RefError(ValueError):
    """A reference Backstage would reject; the message says why."""


def _split(ref: str) -> tuple[str | None, str | None, str]:
    """``[kind:][namespace/]name`` → its parts, exactly as Backstage's ``parseRefString`` splits them."""
    colon = ref.find(":")
    slash = ref.find("/")
    if slash != -1 and slash < colon:  # a '/' before the ':' makes the rest the name
        colon = -1
    kind = None if colon == -1 else ref[:colon]
    namespace = None if slash == -1 else ref[colon + 1 : slash]
    name = ref[max(colon + 1, slash + 1) :]
    if kind == "" or namespace == "" or name == "":
        raise RefError("is not of the form [kind:][namespace/]name")
    return kind, namespace, name


def parse_ref(value: object, default_kind: str | None, default_namespace: str) -> Ref:
    """A reference as Backstage's ``parseEntityRef`` reads it in a field whose default kind is ``default_kind``.

    Raises ``RefError`` where Backstage throws: an empty reference, an empty
    part, and a missing kind in a field with no default kind (``dependsOn``).
    """
    if isinstance(value, str):
        if not value:
            raise RefError("is empty")
        kind, namespace, name = _split(value)
    elif isinstance(value, dict):
        parts = [value.get("kind"), value.get("namespace"), value.get("name")]
        if any(part is not None and not isinstance(part, str) for part in parts):
            raise RefError("has a kind, namespace or name that is not text")
        kind, namespace, name = parts[0], parts[1], parts[2] or ""
    else:
        raise RefError("is not text")
    kind = kind if kind is not None else default_kind
    namespace = namespace if namespace is not None else (default_namespace or DEFAULT_NAMESPACE)
    if not kind:
        raise RefError("names no kind (this field has no default kind: write e.g. 'component:NAME')")
    if not namespace or not name:
        raise RefError("has an empty namespace or name")
    return Ref(canonical_kind(kind), namespace, name)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def safe_id(text: str) -> str:
    """``text`` when it is a valid svcchain id of at most ``MAX_ID`` characters; else a valid id made from it.

    The made id keeps the valid characters (runs of others become ``-``) and
    ends in ``--`` and a hash of the original, so two names never meet on
    the same id and a valid Backstage name (which never holds ``--``) is never
    taken.
    """
    if len(text) <= MAX_ID and ID.fullmatch(text):
        return text
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned)[:60].rstrip("-")
    return f"{cleaned or 'x'}--{_hash(text)}"


def base_id(namespace: str, name: str) -> str:
    """The id an entity gets when nothing else claims it: ``name``, or ``namespace--name`` outside ``default``."""
    if namespace.lower() == DEFAULT_NAMESPACE:
        return safe_id(name)
    return f"{safe_id(namespace.lower())}--{safe_id(name)}"


def assign_ids(items: Iterable[tuple[Hashable, str, str, str]]) -> dict[Hashable, str]:
    """Unique ids (case-insensitively) for ``(key, sort text, kind, base id)`` items.

    Entities of different kinds that want the same id all get their kind as a
    prefix (``user--jdoe``, ``group--jdoe``): neither takes the plain id.
    Any clash left (rare: only names made valid, or a namespace that looks
    like a kind) is settled by ``--2``, ``--3``, ... in the order of the sort
    text, so the ids never depend on the order the files were read in.
    """
    ordered = sorted(items, key=lambda item: (item[1], item[2], item[3]))
    kinds: dict[str, set[str]] = defaultdict(set)
    for _, _, kind, base in ordered:
        kinds[base.lower()].add(kind.lower())
    taken: set[str] = set()
    out: dict[Hashable, str] = {}
    for key, _, kind, base in ordered:
        wanted = f"{kind.lower()}--{base}" if len(kinds[base.lower()]) > 1 else base
        chosen, number = wanted, 1
        while chosen.lower() in taken:
            number += 1
            chosen = f"{wanted}--{number}"
        taken.add(chosen.lower())
        out[key] = chosen
    return out
