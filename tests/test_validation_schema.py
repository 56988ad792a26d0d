"""The check validates with pydantic-core on schemas generated from the pydantic models.

svcchain/_validation.py is generated from svcchain/model.py; it must never drift.
"""

from __future__ import annotations

from pydantic import TypeAdapter
from pydantic_core import SchemaValidator, ValidationError

from svcchain import _validation, model

REGENERATE = "python -m svcchain.model > svcchain/_validation.py"


def test_generated_validation_module_is_in_sync_with_the_models():
    assert model.render_validation_module() == open(_validation.__file__, encoding="utf-8").read(), (
        f"svcchain/_validation.py is stale; regenerate it with: {REGENERATE}"
    )


SAMPLES = {
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
    ],
    "teams": [
        [{"id": "ops", "members": ["ann", 3], "facilitator": ["meg"]}],
        [{"id": "ops", "members": "ann"}],
    ],
    "services": [
        [{"id": "s", "owner": ["a", "b"], "customer": {"needs": "x"}, "links": [
            {"id": "l", "reslt": "r", "measures": [{"target": "x"}], "after": ["a", 1],
             "requirements": [{"text": "t", "kind": "foo"}]},
            "just a string",
        ]}],
        [{"id": "s", "customer": {"needs": [{"id": "n", "text": 1.5}], "nme": "x"}, "depends_on": [None]}],
    ],
}


def _errors(validate, value):
    try:
        validate(value)
    except ValidationError as exc:
        return sorted((tuple(e["loc"]), e["type"]) for e in exc.errors(include_url=False))
    return []


def test_core_validation_reports_what_the_models_report():
    """Same locations and kinds of error as validating with the model classes themselves."""
    renamed = {"model_type": "dict_type"}  # a plain dict schema names a non-mapping so
    for section, samples in SAMPLES.items():
        fast = SchemaValidator(_validation.SCHEMAS[section]).validate_python
        slow = TypeAdapter(list[model.SECTIONS[section]]).validate_python
        for sample in samples:
            expected = [(loc, renamed.get(kind, kind)) for loc, kind in _errors(slow, sample)]
            assert _errors(fast, sample) == sorted(expected), sample
