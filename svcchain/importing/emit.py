"""The chain files an import writes: their names, their first line, and YAML every string of which reads back as a string.

Layout, in the output folder: ``people.yaml``, ``teams.yaml``,
``domains.yaml`` (each only when it has entries) and ``services/ID.yaml``,
one per service.  Every file starts with ``HEADER``, which is how a later
import knows the file is its own to replace (and the catalog reader skips
it); every document starts with ``svcchain: 1``.  The text depends on
nothing but the documents: no dates, no paths, no versions.
"""

from __future__ import annotations

from typing import Any

import yaml

from svcchain.importing.backstage import Imported

HEADER = "# Written by `svcchain import backstage`. Re-run the import instead of editing: it replaces this file.\n"
_MARK = HEADER.encode("utf-8")[:40]


def is_generated(text: str | bytes) -> bool:
    """Does a file's content start with the line an import writes?"""
    head = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    return head.startswith(_MARK)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper without anchors (each value written out where it is) and with blocks for multi-line text.

    The safe dumper quotes every string that YAML 1.1 would read as something
    else (``no``, ``on``, ``2024``, ``1.0``, ``~``), as svcchain's loader
    resolves scalars the same way.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


#: Line breaks YAML reads besides LF: PyYAML writes them raw in plain and single-quoted text, where they read back as
#: a space, so text holding one is written double-quoted (escaped as \r, \N, \L, \P).
_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if not _OTHER_BREAKS.isdisjoint(data):
        style: str | None = '"'
    else:  # the emitter falls back to a quoted style where a block cannot hold the text exactly
        style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def render(document: dict[str, Any]) -> str:
    """One chain file: the header, then the document."""
    body = yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1_000_000
    )
    return HEADER + body


def layout(imported: Imported) -> dict[str, str]:
    """Path inside the output folder (``/``-separated) → the text of that file, in writing order."""
    files: dict[str, str] = {}
    if imported.people:
        files["people.yaml"] = render({"svcchain": 1, "people": imported.people})
    if imported.teams:
        files["teams.yaml"] = render({"svcchain": 1, "teams": imported.teams})
    if imported.domains:
        files["domains.yaml"] = render({"svcchain": 1, "x-backstage-domains": imported.domains})
    for service in imported.services:
        files[f"services/{service['id']}.yaml"] = render({"svcchain": 1, "services": [service]})
    return files
