"""The chain file format (docs/format.md, version 1) as pydantic models.

These models are the single statement of the format: the checker validates
every document against them (each error becomes an SC002 finding) and
``svcchain schema`` derives the JSON Schema for editors from them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

if TYPE_CHECKING:
    from pydantic.config import JsonDict

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
#: A GitHub or GitLab handle: a login, or ``org/team`` (GitLab: ``group/sub/group``); a leading ``@`` is allowed.
HANDLE_PATTERN = r"^@?[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$"
#: A repository glob of ``paths``: no control characters (a line of CODEOWNERS holds it).
PATH_GLOB_PATTERN = r"^[^\x00-\x1f\x7f]+$"

#: ``x-`` keys are the user's own metadata, allowed on every mapping.
_EXTENSIONS: JsonDict = {"patternProperties": {"^x-": {}}}


#: Free text: any scalar, kept as written in the file (``target: 100`` is the text ``100``).
#: The check turns numbers, booleans and dates into their written text before it validates
#: (svcchain/validate.py), so the validator sees a string; editors accept any scalar.
Text = Annotated[str, WithJsonSchema({"type": ["string", "number", "boolean"]})]
RequiredText = Annotated[str, WithJsonSchema({"type": ["string", "number", "boolean"], "minLength": 1})]
#: A date: a YAML date (``2026-03-31``) or a string of that form.
Date = Annotated[
    datetime.date,
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]


class _Strict(BaseModel):
    # strict: a value is taken as it is written (no !!binary bytes read as text)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, json_schema_extra=_EXTENSIONS)


class Person(_Strict):
    """A person who can own links and services, be a team member or a facilitator."""

    id: str = Field(
        pattern=ID_PATTERN, min_length=1, description="Unique id of the person (shared namespace with teams)."
    )
    name: Text | None = Field(None, description="Full name.")
    email: str | None = Field(None, description="E-mail address.")
    role: Text | None = Field(None, description="Role in the organisation, e.g. 'Service owner, network service'.")
    manager: str | None = Field(None, description="Id of the person this person reports to.")
    active_until: Date | None = Field(
        None, description="The last day the person is available (YYYY-MM-DD); after it they have left."
    )
    github: str | None = Field(
        None,
        pattern=HANDLE_PATTERN,
        description="The person's GitHub (or GitLab) login, e.g. 'octocat': how CODEOWNERS names them (an extension).",
    )


class Team(_Strict):
    """A team that can own links and services; its facilitator is its safety net."""

    id: str = Field(
        pattern=ID_PATTERN, min_length=1, description="Unique id of the team (shared namespace with people)."
    )
    name: Text | None = Field(None, description="Display name of the team.")
    members: list[str] | None = Field(None, description="Ids of the people in the team.")
    facilitator: str | None = Field(
        None, description="Id of the person (usually a manager) who supports the team: its safety net."
    )
    github: str | None = Field(
        None,
        pattern=HANDLE_PATTERN,
        description="The team's GitHub team as 'org/team-slug' (GitLab: 'group/subgroup'): how CODEOWNERS "
        "names it (an extension).",
    )


class NeedRequirement(_Strict):
    """A requirement of a customer need: what the customer asks (explicit) or takes for granted (implicit)."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the requirement, unique within its service.")
    text: Text | None = Field(None, description="The requirement.")
    kind: Literal["explicit", "implicit"] = Field(
        "explicit",
        description="'explicit': what the customer asks; 'implicit': what the customer takes for granted "
        "(law, norms, common sense).",
    )
    source: Text | None = Field(None, description="The law, norm or agreement it comes from.")


class Need(_Strict):
    """Something the customer really wants from the service."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the need, unique within its service.")
    text: Text | None = Field(None, description="The need in the customer's words.")
    requirements: list[NeedRequirement] | None = Field(
        None, description="What the need requires; links name the ones they meet in 'meets'."
    )


class Customer(_Strict):
    """Who the service is for, and what they need: where the chain ends."""

    name: Text | None = Field(None, description="Who the customer is.")
    needs: list[Need] | None = Field(None, description="The customer's needs; each must be delivered by a link.")


class Measure(_Strict):
    """How a link accounts for its result."""

    name: RequiredText = Field(min_length=1, description="What is measured, e.g. 'availability'.")
    target: Text | None = Field(None, description="The target, e.g. '>= 99.9% per month' (quote it).")
    actual: Text | None = Field(None, description="The last measured value, e.g. '99.95%'.")
    measured_on: Date | None = Field(None, description="When 'actual' was measured (YYYY-MM-DD).")


class Requirement(_Strict):
    """A requirement the link's result must meet."""

    text: RequiredText = Field(min_length=1, description="The requirement.")
    kind: Literal["explicit", "implicit"] = Field(
        "explicit", description="'explicit' (capacity, agreed levels) or 'implicit' (law, norms)."
    )


class Asset(_Strict):
    """Something the links depend on: a system, contract or place. Know what you have."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Unique id of the asset.")
    name: Text | None = Field(None, description="Display name of the asset.")
    kind: Text | None = Field(None, description="What it is, e.g. 'system', 'contract', 'building'.")
    owner: str | None = Field(None, description="The person or team that owns the asset.")
    supplier: Text | None = Field(None, description="Who supplies it (free text).")


class Link(_Strict):
    """One link of the chain: a person or team result-responsible for its part."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the link, unique within its service.")
    name: Text | None = Field(None, description="Display name of the link.")
    description: Text | None = Field(None, description="What this link does.")
    owner: str | None = Field(None, description="Exactly one result owner: a person or team id (not a list).")
    deputy: str | None = Field(None, description="Id of the person who takes over when the owner is unavailable.")
    result: Text | None = Field(None, description="The result this link owes, in one sentence.")
    measures: list[Measure] | None = Field(None, description="How the result is measured.")
    after: list[str] | None = Field(
        None,
        description="Links whose result this link builds on: 'link-id' in this service, "
        "'service-id/link-id' across services.",
    )
    after_any: list[str] | None = Field(
        None, description="Like 'after', but the link needs only one of these inputs: alternatives."
    )
    delivers: list[str] | None = Field(None, description="Ids of this service's customer needs this link serves.")
    meets: list[str] | None = Field(
        None, description="Ids of requirements of this service's customer needs that this link meets."
    )
    assets: list[str] | None = Field(
        None, description="Ids of the assets the link depends on (declared under 'assets:' when any are)."
    )
    requirements: list[Requirement] | None = Field(None, description="Requirements the result must meet.")
    reviewed_on: Date | None = Field(
        None, description="When the owner last reviewed the link's result and measures (YYYY-MM-DD)."
    )
    paths: list[Annotated[str, Field(pattern=PATH_GLOB_PATTERN)]] | None = Field(
        None,
        description="Repository globs the link's owner is responsible for, as in CODEOWNERS (e.g. 'src/billing/**'): "
        "'svcchain export codeowners' writes them, SC601 compares them (an extension).",
    )


class Service(_Strict):
    """A service: a chain of links that ends at the customer's needs."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Unique id of the service.")
    name: Text | None = Field(None, description="Display name of the service.")
    description: Text | None = Field(None, description="What the service is.")
    owner: str | None = Field(None, description="The person or team accountable for the chain as a whole.")
    customer: Customer | None = Field(None, description="The customer and their needs.")
    depends_on: list[str] | None = Field(None, description="Ids of other services this service relies on.")
    links: list[Link] | None = Field(None, description="The links of the chain.")
    reviewed_on: Date | None = Field(None, description="When the service owner last reviewed the chain (YYYY-MM-DD).")


class Document(_Strict):
    """One YAML document of a chain file."""

    svcchain: Literal[1] = Field(description="Format marker: always the integer 1.")
    people: list[Person] | None = Field(None, description="People who own, belong to teams or facilitate.")
    teams: list[Team] | None = Field(None, description="Teams of people, each with a facilitator.")
    services: list[Service] | None = Field(None, description="Services and their chains of links.")
    assets: list[Asset] | None = Field(None, description="The systems, contracts and places the links depend on.")


#: The top-level sections and the model of their items.
SECTIONS: dict[str, type[_Strict]] = {"people": Person, "teams": Team, "services": Service, "assets": Asset}


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
        "need-requirement": NeedRequirement,
        "asset": Asset,
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
