"""The chain file format (FORMAT.md, version 1) as pydantic models.

These models are the single statement of the format: the checker validates
every document against them (each error becomes an SC002 finding) and
``svcchain schema`` derives the JSON Schema for editors from them.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

#: ``x-`` keys are the user's own metadata, allowed on every mapping.
_EXTENSIONS = {"patternProperties": {"^x-": {}}}


class _Strict(BaseModel):
    # strict: a value is taken as it is written (no !!binary bytes read as text)
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, json_schema_extra=_EXTENSIONS)


class Person(_Strict):
    """A person who can own links and services, be a team member or a facilitator."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Unique id of the person (shared namespace with teams).")
    name: Optional[str] = Field(None, description="Full name.")
    email: Optional[str] = Field(None, description="E-mail address.")
    role: Optional[str] = Field(None, description="Role in the organisation, e.g. 'Service owner, network service'.")


class Team(_Strict):
    """A team that can own links and services; its facilitator is its safety net."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Unique id of the team (shared namespace with people).")
    name: Optional[str] = Field(None, description="Display name of the team.")
    members: Optional[list[str]] = Field(None, description="Ids of the people in the team.")
    facilitator: Optional[str] = Field(
        None, description="Id of the person (usually a manager) who supports the team: its safety net."
    )


class Need(_Strict):
    """Something the customer really wants from the service."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the need, unique within its service.")
    text: Optional[str] = Field(None, description="The need in the customer's words.")


class Customer(_Strict):
    """Who the service is for, and what they need: where the chain ends."""

    name: Optional[str] = Field(None, description="Who the customer is.")
    needs: Optional[list[Need]] = Field(None, description="The customer's needs; each must be delivered by a link.")


class Measure(_Strict):
    """How a link accounts for its result."""

    name: str = Field(min_length=1, description="What is measured, e.g. 'availability'.")
    target: Optional[str] = Field(None, description="The target, e.g. '>= 99.9% per month' (quote it).")


class Requirement(_Strict):
    """A requirement the link's result must meet."""

    text: str = Field(min_length=1, description="The requirement.")
    kind: Literal["explicit", "implicit"] = Field(
        "explicit", description="'explicit' (capacity, agreed levels) or 'implicit' (law, norms)."
    )


class Link(_Strict):
    """One link of the chain: a person or team result-responsible for its part."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Id of the link, unique within its service.")
    name: Optional[str] = Field(None, description="Display name of the link.")
    description: Optional[str] = Field(None, description="What this link does.")
    owner: Optional[str] = Field(
        None, description="Exactly one result owner: a person or team id (not a list)."
    )
    result: Optional[str] = Field(None, description="The result this link owes, in one sentence.")
    measures: Optional[list[Measure]] = Field(None, description="How the result is measured.")
    after: Optional[list[str]] = Field(
        None,
        description="Links whose result this link builds on: 'link-id' in this service, "
        "'service-id/link-id' across services.",
    )
    delivers: Optional[list[str]] = Field(None, description="Ids of this service's customer needs this link serves.")
    assets: Optional[list[str]] = Field(None, description="What the owner must know it has (free-text ids).")
    requirements: Optional[list[Requirement]] = Field(None, description="Requirements the result must meet.")


class Service(_Strict):
    """A service: a chain of links that ends at the customer's needs."""

    id: str = Field(pattern=ID_PATTERN, min_length=1, description="Unique id of the service.")
    name: Optional[str] = Field(None, description="Display name of the service.")
    description: Optional[str] = Field(None, description="What the service is.")
    owner: Optional[str] = Field(None, description="The person or team accountable for the chain as a whole.")
    customer: Optional[Customer] = Field(None, description="The customer and their needs.")
    depends_on: Optional[list[str]] = Field(None, description="Ids of other services this service relies on.")
    links: Optional[list[Link]] = Field(None, description="The links of the chain.")


class Document(_Strict):
    """One YAML document of a chain file."""

    svcchain: Literal[1] = Field(description="Format marker: always the integer 1.")
    people: Optional[list[Person]] = Field(None, description="People who own, belong to teams or facilitate.")
    teams: Optional[list[Team]] = Field(None, description="Teams of people, each with a facilitator.")
    services: Optional[list[Service]] = Field(None, description="Services and their chains of links.")


#: The top-level sections and the model of their items.
SECTIONS: dict[str, type[_Strict]] = {"people": Person, "teams": Team, "services": Service}


# --------------------------------------------------------------------------- fast validation
#
# ``svcchain check`` validates with pydantic-core directly: the models above,
# turned into core schemas of plain dicts (typed-dict instead of model), are
# written to ``svcchain/_validation.py``.  Checking then needs neither
# pydantic's model machinery nor building these classes at start-up, which is
# most of a small check's time.  A test keeps the generated file in sync:
#
#     python -m svcchain.model > svcchain/_validation.py


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


def render_validation_module() -> str:
    import pprint

    return (
        '"""Generated from svcchain/model.py by `python -m svcchain.model > svcchain/_validation.py`.\n\n'
        "Do not edit: a test fails when this is out of sync with the models.\n"
        '"""\n\n'
        f"SCHEMAS = {pprint.pformat(validation_schemas(), width=110, sort_dicts=True)}\n\n"
        "#: the keys of each kind of mapping, in the order of the format (for 'did you mean')\n"
        f"FIELDS = {pprint.pformat(mapping_fields(), width=110, sort_dicts=False)}\n"
    )


def mapping_fields() -> dict[str, list[str]]:
    kinds = {
        "document": Document, "person": Person, "team": Team, "service": Service, "customer": Customer,
        "need": Need, "link": Link, "measure": Measure, "requirement": Requirement,
    }
    return {kind: list(model.model_fields) for kind, model in kinds.items()}


if __name__ == "__main__":
    import sys

    sys.stdout.write(render_validation_module())
