"""The files ``svcchain export backstage`` writes: their names, their first line, and their YAML.

Layout, in the output folder: ``catalog-info.yaml`` (a Location naming the
other files: register it in Backstage, or give it to ``svcchain import
backstage``), ``org.yaml`` (groups, then users), ``domains.yaml`` and
``systems/SERVICE.yaml`` (the system, then its components, APIs and
resources).  Every file starts with ``HEADER``: a later export replaces only
files that start with it.  Strings are written so that they read back as
strings, as the import writes them.
"""

from __future__ import annotations

from typing import Any

import yaml

from svcchain.exporting.backstage import Catalog, location
from svcchain.importing.emit import _Dumper

HEADER = "# Written by `svcchain export backstage` from the chain files. Re-run the export instead of editing: it replaces this file.\n"
_MARK = HEADER.encode("utf-8")[:40]


def is_generated(text: str | bytes) -> bool:
    head = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    return head.startswith(_MARK)


def render(entities: list[dict[str, Any]]) -> str:
    body = yaml.dump_all(
        entities, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000
    )
    return HEADER + body


def layout(catalog: Catalog) -> dict[str, str]:
    """Path inside the output folder (``/``-separated) → the text of that file; empty when there is nothing."""
    if not catalog.files:
        return {}
    order: list[str] = [name for name in ("org.yaml", "domains.yaml") if name in catalog.files]
    order += sorted(name for name in catalog.files if name.startswith("systems/"))
    files = {"catalog-info.yaml": render([location(order)])}
    for name in order:
        files[name] = render(catalog.files[name])
    return files
