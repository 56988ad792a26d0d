"""The JSON Schema of a chain document, generated from the pydantic models.

Editors use it (through the ``# yaml-language-server: $schema=…`` modeline)
to complete keys and flag typos while you type.  It is derived from
``svcchain.model``, the same models the checker validates with, so editor
and checker agree on the structure.  The graph rules (owners that exist,
needs that are delivered, cycles) stay with ``svcchain check``.

The repository carries the output as ``schema/svcchain.schema.json``;
regenerate it with ``svcchain schema --output schema/svcchain.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "svcchain chain file"
DESCRIPTION = (
    "One YAML document of a svcchain chain file, format version 1. Every document starts with "
    "'svcchain: 1' and may hold the lists people, teams and services; a file may hold several "
    "documents (---), and all documents of a repository form one model. Keys starting with 'x-' "
    "are free for your own metadata."
)
#: where the repository keeps the generated schema (relative to its root)
COMMITTED_PATH = "schema/svcchain.schema.json"


def json_schema() -> dict[str, Any]:
    """The schema as a dict: the models' schema under ``$schema``, ``$id``, title and description."""
    from svcchain.model import Document
    from svcchain.project import SCHEMA_ID

    generated = Document.model_json_schema()
    generated.pop("title", None)
    generated.pop("description", None)
    return {"$schema": DIALECT, "$id": SCHEMA_ID, "title": TITLE, "description": DESCRIPTION, **generated}


def render_schema() -> str:
    """The schema as the committed file holds it: two-space JSON and a final newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
