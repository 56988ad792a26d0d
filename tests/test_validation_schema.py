"""The check validates with pydantic-core on schemas generated from the pydantic models.

svcchain/_validation.py is generated from svcchain/model.py; it must never drift.
The core schema pydantic builds depends on its version, so the file is compared
byte for byte with a fresh generation only under the pydantic it records in
``GENERATED_WITH``.  At every version the committed schemas must report the
same errors as the model classes, and as a fresh generation, on sample
documents: hand-written ones, ones built from the models (every field valid,
every field wrong, nothing given) and the chain files of the repository.
"""

from __future__ import annotations

import ast
import datetime
import types
import typing
from pathlib import Path

import pydantic
import pytest
import yaml
from pydantic import BaseModel, TypeAdapter
from pydantic_core import SchemaValidator, ValidationError

from svcchain import _validation, model

ROOT = Path(__file__).resolve().parents[1]
PINNED = _validation.GENERATED_WITH["pydantic"]


def test_generated_validation_module_is_in_sync_with_the_models():
    if pydantic.VERSION != PINNED:
        pytest.skip(
            f"svcchain/_validation.py was generated with pydantic {PINNED} and pydantic {pydantic.VERSION} "
            "is installed: the core schema differs between pydantic versions, so the byte comparison runs "
            "only under the pinned one (the behavioural comparisons in this module still run)"
        )
    assert model.render_validation_module() == Path(_validation.__file__).read_text(encoding="utf-8"), (
        f"svcchain/_validation.py is stale; regenerate it with: {model.REGENERATE}"
    )


def test_generated_with_names_the_versions_it_was_generated_with():
    assert set(_validation.GENERATED_WITH) == {"pydantic", "pydantic_core"}
    assert f"pydantic {PINNED} (pydantic-core {_validation.GENERATED_WITH['pydantic_core']})" in (
        _validation.__doc__ or ""
    )


def test_the_generator_writes_exactly_what_it_generates():
    """The printed literals read back as the schemas and fields they print (at any pydantic)."""
    tree = ast.parse(model.render_validation_module())
    namespace = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)}
    assert set(namespace) == {"GENERATED_WITH", "SCHEMAS", "FIELDS"}
    assert namespace["SCHEMAS"] == model.validation_schemas()
    assert namespace["FIELDS"] == model.mapping_fields()
    assert namespace["GENERATED_WITH"] == model.generated_with()


def test_fields_are_the_models_fields_in_their_order():
    """The 'did you mean' keys do not depend on the pydantic version: compared exactly."""
    assert list(_validation.FIELDS.items()) == list(model.mapping_fields().items())
    assert set(_validation.SCHEMAS) == set(model.SECTIONS)


# ------------------------------------------------------------------------------ samples

HAND_WRITTEN = {
    "people": [
        [{"id": "ann", "name": "Ann"}],
        [{"id": "ann", "nmae": "Ann"}],
        [{"id": False}],
        [{"name": "nobody"}],
        ["ann"],
        [{"id": "a b"}],
        [{"id": ""}],
        [{"id": b"bytes"}],
        [{1: "x", "id": "ann"}],
        {"id": "ann"},
        None,
    ],
    "teams": [
        [{"id": "ops", "members": ["ann", 3], "facilitator": ["meg"]}],
        [{"id": "ops", "members": "ann"}],
    ],
    "services": [
        [
            {
                "id": "s",
                "owner": ["a", "b"],
                "customer": {"needs": "x"},
                "links": [
                    {
                        "id": "l",
                        "reslt": "r",
                        "measures": [{"target": "x"}],
                        "after": ["a", 1],
                        "requirements": [{"text": "t", "kind": "foo"}],
                    },
                    "just a string",
                ],
            }
        ],
        [{"id": "s", "customer": {"needs": [{"id": "n", "text": 1.5}], "nme": "x"}, "depends_on": [None]}],
        [{"id": "s", "links": [{"id": "l", "requirements": [{"text": "", "kind": "implicit"}]}]}],
        [
            {
                "id": "s",
                "reviewed_on": "2026-03-31",
                "customer": {"needs": [{"id": "n", "requirements": [{"id": "r", "kind": "tacit"}, {"text": "t"}]}]},
                "links": [{"id": "l", "deputy": ["a"], "after_any": "x", "meets": [1], "reviewed_on": 5}],
            }
        ],
    ],
    "assets": [
        [{"id": "router", "name": "Core router", "kind": "system", "owner": "ops", "supplier": "Acme"}],
        [{"id": "router", "owner": ["a", "b"], "suplier": "Acme"}],
        [{"name": "no id"}],
        ["router"],
    ],
}


def _parts(annotation: object) -> tuple[object, ...]:
    """The alternatives of an Optional/Union annotation, without None."""
    return tuple(arg for arg in typing.get_args(annotation) if arg is not type(None))


def _holds_a_model(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_a_model(arg) for arg in typing.get_args(annotation))


def _sample(annotation: object, style: str) -> object:
    """A value for ``annotation`` built from the models, so that a new or changed field is covered.

    ``valid``: every field set and valid.  ``sparse``: valid, only the required fields and those
    leading to nested models (so the defaults are filled in).  ``wrong``: every field of the wrong
    type and an unknown key in every mapping.  ``empty``: every string empty.
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:  # free text, dates: the type under the JSON Schema note
        return _sample(typing.get_args(annotation)[0], style)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        value = {
            name: _sample(field.annotation, style)
            for name, field in annotation.model_fields.items()
            if style != "sparse" or field.is_required() or _holds_a_model(field.annotation)
        }
        return {**value, "unknown-key": 1} if style == "wrong" else value
    if origin is list:
        item = typing.get_args(annotation)[0]
        extra = [_sample(item, "valid"), 12345] if style == "wrong" else []
        return [_sample(item, style), *extra]
    if origin is typing.Union or origin is types.UnionType:
        return _sample(_parts(annotation)[0], style)
    if style == "wrong":
        return 12345  # neither a string nor any literal of the format
    if style == "empty":
        return ""
    if annotation is str:
        return "x"
    if annotation is datetime.date:
        return datetime.date(2026, 3, 31)
    if origin is typing.Literal:
        return typing.get_args(annotation)[-1]
    raise AssertionError(f"no {style} sample for {annotation!r}: extend this test")


def _from_the_models(section: str) -> list[object]:
    item = model.SECTIONS[section]
    valid, sparse, wrong, empty = (_sample(item, style) for style in ("valid", "sparse", "wrong", "empty"))
    return [[valid], [sparse], [wrong], [empty], [{}], [valid, {}, wrong, sparse], []]


def _from_the_repository(section: str) -> list[object]:
    """The section of every document of the bundled chains and examples (some broken on purpose)."""
    samples = []
    for path in sorted([*ROOT.glob("chains/*.yaml"), *ROOT.glob("examples/**/*.yaml")]):
        try:
            documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # a syntax error is the loader's business, not the schemas'
        samples.extend(doc[section] for doc in documents if isinstance(doc, dict) and section in doc)
    return samples


def samples(section: str) -> list[object]:
    return [*HAND_WRITTEN[section], *_from_the_models(section), *_from_the_repository(section)]


def test_the_samples_exercise_every_field_and_both_outcomes():
    """Guards the guard: the samples reach every field of every model and include valid documents."""
    for section in model.SECTIONS:
        committed = SchemaValidator(_validation.SCHEMAS[section])
        outcomes = [_outcome(committed.validate_python, sample) for sample in samples(section)]
        assert any(errors == [] for errors, _ in outcomes), section
        assert any(errors for errors, _ in outcomes), section
        wrong = _errors(committed.validate_python, [_sample(model.SECTIONS[section], "wrong")])
        for name in model.SECTIONS[section].model_fields:
            assert any(loc[:2] == (0, name) for loc, _, _ in wrong), (section, name)


# ------------------------------------------------------------------------------ comparisons


def _errors(validate, value) -> list[tuple[tuple, str, str]]:
    try:
        validate(value)
    except ValidationError as exc:
        return sorted((tuple(e["loc"]), e["type"], e["msg"]) for e in exc.errors(include_url=False))
    return []


def _outcome(validate, value) -> tuple[list[tuple[tuple, str, str]], object]:
    """The errors, or the validated value when there are none."""
    try:
        return [], validate(value)
    except ValidationError:
        return _errors(validate, value), None


@pytest.mark.parametrize("section", list(model.SECTIONS))
def test_core_validation_reports_what_the_models_report(section):
    """Same locations and kinds of error as validating with the model classes themselves."""
    renamed = {"model_type": "dict_type"}  # a plain dict schema names a non-mapping so
    fast = SchemaValidator(_validation.SCHEMAS[section]).validate_python
    slow = TypeAdapter(list[model.SECTIONS[section]]).validate_python
    for sample in samples(section):
        expected_errors, expected = _outcome(slow, sample)
        errors, value = _outcome(fast, sample)
        assert sorted((loc, kind) for loc, kind, _ in errors) == sorted(
            (loc, renamed.get(kind, kind)) for loc, kind, _ in expected_errors
        ), sample
        if not errors:
            assert value == [item.model_dump() for item in expected], sample


@pytest.mark.parametrize("section", list(model.SECTIONS))
def test_committed_schemas_validate_like_a_fresh_generation(section):
    """At any pydantic version: the same errors (and messages) and values as the schemas generated now."""
    committed = SchemaValidator(_validation.SCHEMAS[section]).validate_python
    fresh = SchemaValidator(model.validation_schemas()[section]).validate_python
    for sample in samples(section):
        assert _outcome(committed, sample) == _outcome(fresh, sample), (
            f"svcchain/_validation.py validates {sample!r} differently from the models; "
            f"regenerate it with: {model.REGENERATE}"
        )
