"""svcchain schema: the JSON Schema for editors, generated from the models and committed in sync."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.schema import COMMITTED_PATH, json_schema, render_schema

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / COMMITTED_PATH
REGENERATE = f".venv/bin/svcchain schema --output {COMMITTED_PATH}"
CLEAN = sorted((ROOT / "chains").glob("*.yaml")) + sorted((ROOT / "examples" / "it-provider").glob("*.yaml"))
assert CLEAN, "no clean chain files found"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2 core): an unquoted date is a string."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def documents(path: Path) -> list:
    return [doc for doc in yaml.load_all(path.read_text(encoding="utf-8"), Loader=_EditorLoader) if doc is not None]


def test_the_committed_schema_is_in_sync_with_the_models():
    assert COMMITTED.exists(), f"{COMMITTED_PATH} is missing; generate it with: {REGENERATE}"
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), (
        f"{COMMITTED_PATH} is out of date with svcchain/model.py; regenerate it with: {REGENERATE}"
    )


def test_the_command_prints_the_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == render_schema()


def test_the_command_writes_the_schema_to_a_file(tmp_path):
    target = tmp_path / "svcchain.schema.json"
    result = CliRunner().invoke(app, ["schema", "--output", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == render_schema()


def test_the_command_reports_a_file_it_cannot_write(tmp_path):
    result = CliRunner().invoke(app, ["schema", "--output", str(tmp_path / "missing" / "schema.json")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_it_is_a_draft_2020_12_schema_with_identity_and_documentation():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("https://") and schema["$id"].endswith(".json")
    assert schema["title"] and schema["description"]
    assert schema["properties"]["svcchain"]["const"] == 1
    assert schema["required"] == ["svcchain"]


def test_every_field_and_definition_has_a_description():
    schema = json_schema()
    objects = {"(document)": schema, **schema["$defs"]}
    missing = [
        f"{name}.{field}"
        for name, definition in objects.items()
        for field, spec in definition["properties"].items()
        if not spec.get("description")
    ]
    missing += [name for name, definition in schema["$defs"].items() if not definition.get("description")]
    assert not missing, f"add a description in svcchain/model.py to: {', '.join(missing)}"


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(ROOT)))
def test_clean_chain_files_validate(validator, path):
    for document in documents(path):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, errors


CHAIN_FILES = [
    path
    for path in sorted((ROOT / "chains").glob("*.yaml")) + sorted((ROOT / "examples").glob("*/*.yaml"))
    if not path.name.startswith(".")
]  # hidden files are CI set-ups (examples/ci), not chains


@pytest.mark.parametrize("path", CHAIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_chain_file_points_its_editor_at_the_committed_schema(path):
    modeline = MODELINE.search(path.read_text(encoding="utf-8"))
    assert modeline, f"{path} has no '# yaml-language-server: $schema=' modeline"
    assert (path.parent / modeline.group(1)).resolve() == COMMITTED.resolve()


def test_extension_keys_are_allowed_everywhere_and_typos_are_not(validator):
    good = {
        "svcchain": 1,
        "x-owner-team": "platform",
        "people": [{"id": "ann", "x-badge": 7}],
        "services": [
            {
                "id": "mail",
                "x-tier": 1,
                "links": [
                    {
                        "id": "deliver",
                        "owner": "ann",
                        "x-notes": {"any": ["thing"]},
                        "measures": [{"name": "latency", "x-unit": "s"}],
                    },
                ],
            }
        ],
    }
    assert not list(validator.iter_errors(good))
    typo = {"svcchain": 1, "services": [{"id": "mail", "links": [{"id": "deliver", "reslt": "x"}]}]}
    (error,) = validator.iter_errors(typo)
    assert "reslt" in error.message


@pytest.mark.parametrize(
    "document, why",
    [
        ({"people": []}, "'svcchain' is a required property"),
        ({"svcchain": 2}, "1 was expected"),
        ({"svcchain": "1"}, "1 was expected"),
        ({"svcchain": 1, "people": [{"name": "no id"}]}, "'id' is a required property"),
        ({"svcchain": 1, "people": [{"id": "-bad"}]}, "does not match"),
        ({"svcchain": 1, "services": [{"id": "s", "links": [{"id": "l", "owner": ["a", "b"]}]}]}, "is not valid"),
        (
            {
                "svcchain": 1,
                "services": [{"id": "s", "links": [{"id": "l", "requirements": [{"text": "t", "kind": "x"}]}]}],
            },
            "is not valid",
        ),
    ],
)
def test_what_the_checker_calls_a_schema_finding_the_editor_flags_too(validator, document, why):
    def messages_of(errors) -> list[str]:  # with the reasons inside anyOf (optional fields are "X or null")
        return [m for error in errors for m in (error.message, *messages_of(error.context or ()))]

    messages = messages_of(validator.iter_errors(document))
    assert messages and any(why in message for message in messages), messages


def test_the_broken_example_fails_where_the_checker_reports_sc002(validator):
    documents_ = documents(ROOT / "examples" / "broken" / "schema.yaml")
    assert all(list(validator.iter_errors(document)) for document in documents_)


def test_the_commands_are_imported_lazily():
    code = (
        "import sys; from svcchain.cli import app; "
        "print(sorted(m for m in ('svcchain.schema', 'svcchain.scaffold', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_installed_command_prints_the_committed_schema():
    done = subprocess.run([sys.executable, "-m", "svcchain", "schema"], capture_output=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == COMMITTED.read_bytes()
