"""Generated from svcchain/model.py: do not edit.

Regenerate after any change to the models (tests/test_validation_schema.py
fails until you do):

    python -m svcchain.model --write

or, the same to stdout, ``python -m svcchain.model > svcchain/_validation.py``.

Generated with pydantic 2.14.4 (pydantic-core 2.50.5).
The core schemas depend on the pydantic version: the test compares this file
with a fresh generation only under that version, and at every version checks
that these schemas and the models report the same errors.
"""

#: the versions this file was generated with (the core schemas depend on them)
GENERATED_WITH = {
    "pydantic": "2.14.4",
    "pydantic_core": "2.50.5",
}

#: the pydantic-core schema of each top-level section (keys sorted)
SCHEMAS = {
    "assets": {
        "items_schema": {
            "config": {
                "extra_fields_behavior": "forbid",
                "strict": True,
            },
            "fields": {
                "id": {
                    "required": True,
                    "schema": {
                        "min_length": 1,
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                        "type": "str",
                    },
                    "type": "typed-dict-field",
                },
                "kind": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "name": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "owner": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "supplier": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
            },
            "type": "typed-dict",
        },
        "type": "list",
    },
    "people": {
        "items_schema": {
            "config": {
                "extra_fields_behavior": "forbid",
                "strict": True,
            },
            "fields": {
                "active_until": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "date",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "email": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "github": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "pattern": "^@?[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$",
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "id": {
                    "required": True,
                    "schema": {
                        "min_length": 1,
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                        "type": "str",
                    },
                    "type": "typed-dict-field",
                },
                "manager": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "name": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "role": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
            },
            "type": "typed-dict",
        },
        "type": "list",
    },
    "services": {
        "items_schema": {
            "config": {
                "extra_fields_behavior": "forbid",
                "strict": True,
            },
            "fields": {
                "customer": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "config": {
                                    "extra_fields_behavior": "forbid",
                                    "strict": True,
                                },
                                "fields": {
                                    "name": {
                                        "required": False,
                                        "schema": {
                                            "default": None,
                                            "schema": {
                                                "schema": {
                                                    "type": "str",
                                                },
                                                "type": "nullable",
                                            },
                                            "type": "default",
                                        },
                                        "type": "typed-dict-field",
                                    },
                                    "needs": {
                                        "required": False,
                                        "schema": {
                                            "default": None,
                                            "schema": {
                                                "schema": {
                                                    "items_schema": {
                                                        "config": {
                                                            "extra_fields_behavior": "forbid",
                                                            "strict": True,
                                                        },
                                                        "fields": {
                                                            "id": {
                                                                "required": True,
                                                                "schema": {
                                                                    "min_length": 1,
                                                                    "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                                                                    "type": "str",
                                                                },
                                                                "type": "typed-dict-field",
                                                            },
                                                            "requirements": {
                                                                "required": False,
                                                                "schema": {
                                                                    "default": None,
                                                                    "schema": {
                                                                        "schema": {
                                                                            "items_schema": {
                                                                                "config": {
                                                                                    "extra_fields_behavior": "forbid",
                                                                                    "strict": True,
                                                                                },
                                                                                "fields": {
                                                                                    "id": {
                                                                                        "required": True,
                                                                                        "schema": {
                                                                                            "min_length": 1,
                                                                                            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                                                                                            "type": "str",
                                                                                        },
                                                                                        "type": "typed-dict-field",
                                                                                    },
                                                                                    "kind": {
                                                                                        "required": False,
                                                                                        "schema": {
                                                                                            "default": "explicit",
                                                                                            "schema": {
                                                                                                "expected": [
                                                                                                    "explicit",
                                                                                                    "implicit",
                                                                                                ],
                                                                                                "type": "literal",
                                                                                            },
                                                                                            "type": "default",
                                                                                        },
                                                                                        "type": "typed-dict-field",
                                                                                    },
                                                                                    "source": {
                                                                                        "required": False,
                                                                                        "schema": {
                                                                                            "default": None,
                                                                                            "schema": {
                                                                                                "schema": {
                                                                                                    "type": "str",
                                                                                                },
                                                                                                "type": "nullable",
                                                                                            },
                                                                                            "type": "default",
                                                                                        },
                                                                                        "type": "typed-dict-field",
                                                                                    },
                                                                                    "text": {
                                                                                        "required": False,
                                                                                        "schema": {
                                                                                            "default": None,
                                                                                            "schema": {
                                                                                                "schema": {
                                                                                                    "type": "str",
                                                                                                },
                                                                                                "type": "nullable",
                                                                                            },
                                                                                            "type": "default",
                                                                                        },
                                                                                        "type": "typed-dict-field",
                                                                                    },
                                                                                },
                                                                                "type": "typed-dict",
                                                                            },
                                                                            "type": "list",
                                                                        },
                                                                        "type": "nullable",
                                                                    },
                                                                    "type": "default",
                                                                },
                                                                "type": "typed-dict-field",
                                                            },
                                                            "text": {
                                                                "required": False,
                                                                "schema": {
                                                                    "default": None,
                                                                    "schema": {
                                                                        "schema": {
                                                                            "type": "str",
                                                                        },
                                                                        "type": "nullable",
                                                                    },
                                                                    "type": "default",
                                                                },
                                                                "type": "typed-dict-field",
                                                            },
                                                        },
                                                        "type": "typed-dict",
                                                    },
                                                    "type": "list",
                                                },
                                                "type": "nullable",
                                            },
                                            "type": "default",
                                        },
                                        "type": "typed-dict-field",
                                    },
                                },
                                "type": "typed-dict",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "depends_on": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "items_schema": {
                                    "type": "str",
                                },
                                "type": "list",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "description": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "id": {
                    "required": True,
                    "schema": {
                        "min_length": 1,
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                        "type": "str",
                    },
                    "type": "typed-dict-field",
                },
                "links": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "items_schema": {
                                    "config": {
                                        "extra_fields_behavior": "forbid",
                                        "strict": True,
                                    },
                                    "fields": {
                                        "after": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "type": "str",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "after_any": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "type": "str",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "assets": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "type": "str",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "delivers": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "type": "str",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "deputy": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "type": "str",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "description": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "type": "str",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "id": {
                                            "required": True,
                                            "schema": {
                                                "min_length": 1,
                                                "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                                                "type": "str",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "measures": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "config": {
                                                                "extra_fields_behavior": "forbid",
                                                                "strict": True,
                                                            },
                                                            "fields": {
                                                                "actual": {
                                                                    "required": False,
                                                                    "schema": {
                                                                        "default": None,
                                                                        "schema": {
                                                                            "schema": {
                                                                                "type": "str",
                                                                            },
                                                                            "type": "nullable",
                                                                        },
                                                                        "type": "default",
                                                                    },
                                                                    "type": "typed-dict-field",
                                                                },
                                                                "measured_on": {
                                                                    "required": False,
                                                                    "schema": {
                                                                        "default": None,
                                                                        "schema": {
                                                                            "schema": {
                                                                                "type": "date",
                                                                            },
                                                                            "type": "nullable",
                                                                        },
                                                                        "type": "default",
                                                                    },
                                                                    "type": "typed-dict-field",
                                                                },
                                                                "name": {
                                                                    "required": True,
                                                                    "schema": {
                                                                        "min_length": 1,
                                                                        "type": "str",
                                                                    },
                                                                    "type": "typed-dict-field",
                                                                },
                                                                "target": {
                                                                    "required": False,
                                                                    "schema": {
                                                                        "default": None,
                                                                        "schema": {
                                                                            "schema": {
                                                                                "type": "str",
                                                                            },
                                                                            "type": "nullable",
                                                                        },
                                                                        "type": "default",
                                                                    },
                                                                    "type": "typed-dict-field",
                                                                },
                                                            },
                                                            "type": "typed-dict",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "meets": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "type": "str",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "name": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "type": "str",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "owner": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "type": "str",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "paths": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "pattern": "^[^\\x00-\\x1f\\x7f]+$",
                                                            "type": "str",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "requirements": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "items_schema": {
                                                            "config": {
                                                                "extra_fields_behavior": "forbid",
                                                                "strict": True,
                                                            },
                                                            "fields": {
                                                                "kind": {
                                                                    "required": False,
                                                                    "schema": {
                                                                        "default": "explicit",
                                                                        "schema": {
                                                                            "expected": [
                                                                                "explicit",
                                                                                "implicit",
                                                                            ],
                                                                            "type": "literal",
                                                                        },
                                                                        "type": "default",
                                                                    },
                                                                    "type": "typed-dict-field",
                                                                },
                                                                "text": {
                                                                    "required": True,
                                                                    "schema": {
                                                                        "min_length": 1,
                                                                        "type": "str",
                                                                    },
                                                                    "type": "typed-dict-field",
                                                                },
                                                            },
                                                            "type": "typed-dict",
                                                        },
                                                        "type": "list",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "result": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "type": "str",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                        "reviewed_on": {
                                            "required": False,
                                            "schema": {
                                                "default": None,
                                                "schema": {
                                                    "schema": {
                                                        "type": "date",
                                                    },
                                                    "type": "nullable",
                                                },
                                                "type": "default",
                                            },
                                            "type": "typed-dict-field",
                                        },
                                    },
                                    "type": "typed-dict",
                                },
                                "type": "list",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "name": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "owner": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "reviewed_on": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "date",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
            },
            "type": "typed-dict",
        },
        "type": "list",
    },
    "teams": {
        "items_schema": {
            "config": {
                "extra_fields_behavior": "forbid",
                "strict": True,
            },
            "fields": {
                "facilitator": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "github": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "pattern": "^@?[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$",
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "id": {
                    "required": True,
                    "schema": {
                        "min_length": 1,
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                        "type": "str",
                    },
                    "type": "typed-dict-field",
                },
                "members": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "items_schema": {
                                    "type": "str",
                                },
                                "type": "list",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
                "name": {
                    "required": False,
                    "schema": {
                        "default": None,
                        "schema": {
                            "schema": {
                                "type": "str",
                            },
                            "type": "nullable",
                        },
                        "type": "default",
                    },
                    "type": "typed-dict-field",
                },
            },
            "type": "typed-dict",
        },
        "type": "list",
    },
}

#: the keys of each kind of mapping, in the order of the format (for 'did you mean')
FIELDS = {
    "document": [
        "svcchain",
        "people",
        "teams",
        "services",
        "assets",
    ],
    "person": [
        "id",
        "name",
        "email",
        "role",
        "manager",
        "active_until",
        "github",
    ],
    "team": [
        "id",
        "name",
        "members",
        "facilitator",
        "github",
    ],
    "service": [
        "id",
        "name",
        "description",
        "owner",
        "customer",
        "depends_on",
        "links",
        "reviewed_on",
    ],
    "customer": [
        "name",
        "needs",
    ],
    "need": [
        "id",
        "text",
        "requirements",
    ],
    "link": [
        "id",
        "name",
        "description",
        "owner",
        "deputy",
        "result",
        "measures",
        "after",
        "after_any",
        "delivers",
        "meets",
        "assets",
        "requirements",
        "reviewed_on",
        "paths",
    ],
    "measure": [
        "name",
        "target",
        "actual",
        "measured_on",
    ],
    "requirement": [
        "text",
        "kind",
    ],
    "need-requirement": [
        "id",
        "text",
        "kind",
        "source",
    ],
    "asset": [
        "id",
        "name",
        "kind",
        "owner",
        "supplier",
    ],
}
