"""The chain file format (docs/format.md, version 1) as pydantic models.

These models are the single statement of the format: the checker validates
every document against them (each error becomes an SC002 finding) and
``svcchain schema`` derives the JSON Schema for editors from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from pydantic.config import JsonDict

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

#: ``x-`` keys are the user's own metadata, allowed on every mapping.
_EXTENSIONS: JsonDict = {"patternProperties": {"^x-": {}}}


class _Strict(BaseModel):
    # strict: a value is taken as it is written (no !!binary bytes read as text)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, json_schema_extra=_EXTENSIONS)


class Person(_Strict):
    """A person who can own links and services, be a team member or a facilitator."""

    id: str = Field(
        pattern=ID_PATTERN, min_length=1, description="Unique id of the person (shared namespace with teams)."
    )
    name: str | None = Field(None, description="Full name.")
    email: str | None = Field(None, description="E-mail address.")
    role: str | None = Field(None, description="Role in the organisation, e.g. 'Service owner, network service'.")


class Team(_Strict):
    """A team that can own links and services; its facilitator is its safety net."""

    id: str = Field(
        pattern=ID_PATTERN, min_length=1, description="Unique id of the team (shared namespace with people)."
    )
    name: str | None = Field(None, description="Display name of the team.")
    members: list[str] | None = Field(None, description="Ids of the people in the team.")
    facilitator: str | None = Field(
        None, description="Id of the person (usually a manager) who supports the team: its safety net."
    )


class Need(_Strict):
    """Something the customer really wants from the service."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the need, unique within its service.")
    text: str | None = Field(None, description="The need in the customer's words.")


class Customer(_Strict):
    """Who the service is for, and what they need: where the chain ends."""

    name: str | None = Field(None, description="Who the customer is.")
    needs: list[Need] | None = Field(None, description="The customer's needs; each must be delivered by a link.")


class Measure(_Strict):
    """How a link accounts for its result."""

    name: str = Field(min_length=1, description="What is measured, e.g. 'availability'.")
    target: str | None = Field(None, description="The target, e.g. '>= 99.9% per month' (quote it).")


class Requirement(_Strict):
    """A requirement the link's result must meet."""

    text: str = Field(min_length=1, description="The requirement.")
    kind: Literal["explicit", "implicit"] = Field(
        "explicit", description="'explicit' (capacity, agreed levels) or 'implicit' (law, norms)."
    )


class Link(_Strict):
    """One link of the chain: a person or team result-responsible for its part."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the link, unique within its service.")
    name: str | None = Field(None, description="Display name of the link.")
    description: str | None = Field(None, description="What this link does.")
    owner: str | None = Field(None, description="Exactly one result owner: a person or team id (not a list).")
    result: str | None = Field(None, description="The result this link owes, in one sentence.")
    measures: list[Measure] | None = Field(None, description="How the result is measured.")
    after: list[str] | None = Field(
        None,
        description="Links whose result this link builds on: 'link-id' in this service, "
        "'service-id/link-id' across services.",
    )
    delivers: list[str] | None = Field(None, description="Ids of this service's customer needs this link serves.")
    assets: list[str] | None = Field(None, description="What the owner must know it has (free-text ids).")
    requirements: list[Requirement] | None = Field(None, description="Requirements the result must meet.")


class Service(_Strict):
    """A service: a chain of links that ends at the customer's needs."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Unique id of the service.")
    name: str | None = Field(None, description="Display name of the service.")
    description: str | None = Field(None, description="What the service is.")
    owner: str | None = Field(None, description="The person or team accountable for the chain as a whole.")
    customer: Customer | None = Field(None, description="The customer and their needs.")
    depends_on: list[str] | None = Field(None, description="Ids of other services this service relies on.")
    links: list[Link] | None = Field(None, description="The links of the chain.")


class Document(_Strict):
    """One YAML document of a chain file."""

    svcchain: Literal[1] = Field(description="Format marker: always the integer 1.")
    people: list[Person] | None = Field(None, description="People who own, belong to teams or facilitate.")
    teams: list[Team] | None = Field(None, description="Teams of people, each with a facilitator.")
    services: list[Service] | None = Field(None, description="Services and their chains of links.")


#: The top-level sections and the model of their items.
SECTIONS: dict[str, type[_Strict]] = {"people": Person, "teams": Team, "services": Service}


# --------------------------------------------------------------------------- fast validation
#
# ``svcchain check`` validates with pydantic-core directly: the models above,
# turned into core schemas of plain dicts (typed-dict instead of model), are
# written to ``svcchain/_validation.py``.  Checking then needs neither
# pydantic's model machinery nor building these classes at start-up, which is
# most of a small check's time.  Regenerate the file after any change to the
# models (tests/test_validation_schema.py fails until you do):
#
#     python -m svcchain.model --write
#     python -m svcchain.model > svcchain/_validation.py     (the same, to stdout)
#
# The file is Python literals, one key per line, in the layout ``ruff format``
# keeps, so a change to the models reads as a small diff.  The core schema
# pydantic builds depends on its version (2.5 adds ``"strict": False`` in
# places, for one), so the file records the versions it was generated with
# (``GENERATED_WITH``); the test compares it byte for byte only under that
# pydantic, and at every version checks that it and the models report the
# same errors on sample documents.

REGENERATE = "python -m svcchain.model --write"


def _as_typed_dicts(schema: object) -> object:
    """A model core schema as the same schema over plain dicts (JSON-like, no classes)."""
    if isinstance(schema, list):
        return [_as_typed_dicts(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "model":
        fields_schema = schema["schema"]
        config = {key: value for key, value in schema.get("config", {}).items() if key != "title"}
        fields = {}
        for name, field in fields_schema["fields"].items():
            inner = field["schema"]
            fields[name] = {
                "type": "typed-dict-field",
                "schema": _as_typed_dicts(inner),
                "required": inner.get("type") != "default",
            }
        return {"type": "typed-dict", "fields": fields, "config": config}
    return {key: _as_typed_dicts(value) for key, value in schema.items() if key not in ("metadata", "ref", "cls")}


def validation_schemas() -> dict[str, object]:
    """The core schema of each top-level section: a list of its items."""
    return {
        section: {"type": "list", "items_schema": _as_typed_dicts(model.__pydantic_core_schema__)}
        for section, model in SECTIONS.items()
    }


def mapping_fields() -> dict[str, list[str]]:
    """The keys of each kind of mapping, in the order of the format."""
    kinds: dict[str, type[BaseModel]] = {
        "document": Document,
        "person": Person,
        "team": Team,
        "service": Service,
        "customer": Customer,
        "need": Need,
        "link": Link,
        "measure": Measure,
        "requirement": Requirement,
    }
    return {kind: list(model.model_fields) for kind, model in kinds.items()}


def generated_with() -> dict[str, str]:
    """The versions the core schemas depend on."""
    import pydantic
    import pydantic_core

    return {"pydantic": pydantic.VERSION, "pydantic_core": pydantic_core.__version__}


def _literal(value: object, indent: str = "", sort_keys: bool = False) -> str:
    """A JSON-like value as Python source in the layout ``ruff format`` leaves unchanged.

    One key or item per line, four-space indents, a trailing comma after each
    (so the formatter keeps the layout), double-quoted strings.
    """
    if isinstance(value, str):
        text = repr(value)
        if text[0] == "'" and '"' not in value and "'" not in value:
            text = f'"{text[1:-1]}"'  # the formatter's preferred quotes; nothing inside to escape
        return text
    if (
        value is None
        or isinstance(value, (bool, int))
        or (isinstance(value, float) and repr(value) not in ("inf", "-inf", "nan"))
    ):
        return repr(value)
    deeper = indent + "    "
    if isinstance(value, dict):
        pairs = sorted(value.items()) if sort_keys else value.items()
        items = [f"{_literal(key)}: {_literal(item, deeper, sort_keys)}" for key, item in pairs]
        brackets = "{}"
    elif isinstance(value, list):
        items = [_literal(item, deeper, sort_keys) for item in value]
        brackets = "[]"
    else:
        raise TypeError(f"not a JSON-like value, cannot write it to svcchain/_validation.py: {value!r}")
    if not items:
        return brackets
    return brackets[0] + "\n" + "".join(f"{deeper}{item},\n" for item in items) + indent + brackets[1]


def render_validation_module() -> str:
    """The text of svcchain/_validation.py."""
    versions = generated_with()
    return (
        '"""Generated from svcchain/model.py: do not edit.\n'
        "\n"
        "Regenerate after any change to the models (tests/test_validation_schema.py\n"
        "fails until you do):\n"
        "\n"
        f"    {REGENERATE}\n"
        "\n"
        "or, the same to stdout, ``python -m svcchain.model > svcchain/_validation.py``.\n"
        "\n"
        f"Generated with pydantic {versions['pydantic']} (pydantic-core {versions['pydantic_core']}).\n"
        "The core schemas depend on the pydantic version: the test compares this file\n"
        "with a fresh generation only under that version, and at every version checks\n"
        "that these schemas and the models report the same errors.\n"
        '"""\n'
        "\n"
        "#: the versions this file was generated with (the core schemas depend on them)\n"
        f"GENERATED_WITH = {_literal(versions)}\n"
        "\n"
        "#: the pydantic-core schema of each top-level section (keys sorted)\n"
        f"SCHEMAS = {_literal(validation_schemas(), sort_keys=True)}\n"
        "\n"
        "#: the keys of each kind of mapping, in the order of the format (for 'did you mean')\n"
        f"FIELDS = {_literal(mapping_fields())}\n"
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m svcchain.model [--write]``: print svcchain/_validation.py, or rewrite it."""
    import argparse
    import sys
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m svcchain.model", description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="rewrite svcchain/_validation.py instead of printing")
    args = parser.parse_args(argv)
    text = render_validation_module()
    if args.write:
        target = Path(__file__).with_name("_validation.py")
        target.write_bytes(text.encode("utf-8"))
        print(f"wrote {target}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
