"""``svcchain export backstage`` (issue 14, parts 4 and 6): the mapping, references as Backstage's own
tests parse them, and hostile catalogs through import → export → import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from svcchain.cli import app
from svcchain.importing.refs import Ref, RefError, parse_ref

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="svcchain")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


# -- references, as Backstage's own tests have them --------------------------------------------------------------
# packages/catalog-model/src/entity/ref.test.ts ("parseEntityRef"), read against the parseRefString of the
# same package today: a '/' before the ':' makes the rest the name, and a name may hold ':' and '/' (older
# versions rejected 'a:b:c', 'a/b/c', 'a/b:c', 'a:b/c/d' and 'a:b/c:d'; today's parser takes them).


@pytest.mark.parametrize(
    ("value", "default_kind", "default_namespace", "expected"),
    [
        # "handles some omissions" and "adds defaults where necessary to strings"
        ("a:b/c", "x", "y", ("a", "b", "c")),
        ("b/c", "x", "y", ("x", "b", "c")),
        ("a:c", "x", "y", ("a", "y", "c")),
        ("c", "x", "y", ("x", "y", "c")),
        ("a:c", "x", "default", ("a", "default", "c")),
        # "adds defaults where necessary to compounds"
        ({"kind": "a", "namespace": "b", "name": "c"}, "x", "y", ("a", "b", "c")),
        ({"namespace": "b", "name": "c"}, "x", "y", ("x", "b", "c")),
        ({"kind": "a", "name": "c"}, "x", "y", ("a", "y", "c")),
        ({"name": "c"}, "x", "y", ("x", "y", "c")),
        # today's parseRefString: the first ':' and '/' split, the rest is the name
        ("a:b:c", None, "default", ("a", "default", "b:c")),
        ("a/b/c", "x", "default", ("x", "a", "b/c")),
        ("a/b:c", "x", "default", ("x", "a", "b:c")),
        ("a:b/c/d", None, "default", ("a", "b", "c/d")),
        ("a:b/c:d", None, "default", ("a", "b", "c:d")),
    ],
)
def test_references_parse_as_backstage_parses_them(
    value: Any, default_kind: str | None, default_namespace: str, expected
):
    ref = parse_ref(value, default_kind, default_namespace)
    assert (ref.kind.lower(), ref.namespace, ref.name) == expected


@pytest.mark.parametrize(
    "value",
    [
        # "rejects bad inputs"
        None,
        7,
        # "rejects empty parts in strings": one, two or three empty, one left out and one empty, nothing at all
        ":b/c",
        "a:/c",
        "a:b/",
        "a:/",
        ":b/",
        ":/c",
        ":/",
        "/c",
        "b/",
        ":c",
        "a:",
        "",
        # "rejects empty parts in compounds"
        {"kind": "", "namespace": "b", "name": "c"},
        {"kind": "a", "namespace": "", "name": "c"},
        {"kind": "a", "namespace": "b", "name": ""},
        {"kind": "", "namespace": "", "name": "c"},
        {"kind": "", "namespace": "b", "name": ""},
        {"kind": "a", "namespace": "", "name": ""},
        {"kind": "", "namespace": "", "name": ""},
        {"namespace": "", "name": "c"},
        {"namespace": "b", "name": ""},
        {"kind": "", "name": "c"},
        {"kind": "a", "name": ""},
        {},
    ],
)
def test_references_backstage_rejects_are_rejected(value: Any) -> None:
    with pytest.raises(RefError):
        parse_ref(value, "x" if isinstance(value, dict) and "kind" not in value else None, "default")


def test_a_reference_without_a_kind_in_a_field_without_a_default_kind_is_rejected() -> None:
    with pytest.raises(RefError, match="names no kind"):
        parse_ref("c", None, "default")  # parseEntityRef('c') has no kind: dependsOn must name one
    assert parse_ref("Component:Default/Web", None, "default").key == Ref("component", "default", "web").key


# -- chains written by hand --------------------------------------------------------------------------------------

HAND_WRITTEN = """\
# chains with no x-backstage: the export gives each entity what Backstage requires
svcchain: 1
people:
  - {id: meg, name: Meg Manager, email: meg@example.com}
  - {id: ann}
  - {id: loner}
teams:
  - {id: ops, name: Operations, members: [ann, meg, ghost], facilitator: meg}
services:
  - id: mail
    name: Mail
    owner: meg
    depends_on: [network]
    links:
      - {id: deliver, owner: ops, after: [filter, network/core]}
      - {id: filter, owner: ann}
  - id: network
    owner: ops
    links:
      - {id: core, owner: ops}
"""


def test_hand_written_chains_become_valid_entities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "mail.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    result = invoke("export", "backstage", "catalog")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "exported 1 Group, 3 User, 2 System, 3 Component into 4 files"
    entities = {
        (entity["kind"], entity["metadata"]["name"]): entity
        for path in sorted((tmp_path / "catalog").rglob("*.yaml"))
        for entity in yaml.safe_load_all(path.read_text(encoding="utf-8"))
    }
    assert entities["Group", "ops"]["spec"] == {
        "type": "team",
        "children": [],
        "profile": {"displayName": "Operations"},
        "members": ["user:ghost"],  # a member who is no person of the chains
    }
    assert entities["User", "meg"]["spec"] == {
        "memberOf": ["group:ops"],
        "profile": {"displayName": "Meg Manager", "email": "meg@example.com"},
    }
    assert entities["User", "loner"]["spec"] == {"memberOf": []}  # Backstage requires memberOf
    assert entities["System", "mail"] == {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "System",
        "metadata": {"name": "mail", "title": "Mail"},
        "spec": {"owner": "user:meg"},
    }
    deliver = entities["Component", "deliver"]["spec"]
    assert deliver == {
        "type": "service",
        "lifecycle": "production",
        "owner": "group:ops",
        "system": "system:mail",
        "dependsOn": ["component:filter", "component:core", "system:network"],
    }
    assert (
        (tmp_path / "catalog" / "catalog-info.yaml")
        .read_text(encoding="utf-8")
        .startswith("# Written by `svcchain export backstage`")
    )
    # the catalog imports back into the same owners and handoffs
    assert invoke("import", "backstage", "catalog", "-o", "again").exit_code == 0
    text = (tmp_path / "again" / "services" / "mail.yaml").read_text(encoding="utf-8")
    mail = yaml.safe_load(text.split("\n", 1)[1])["services"][0]
    assert mail["owner"] == "meg" and mail["depends_on"] == ["network"]
    assert {link["id"]: link.get("after") for link in mail["links"]} == {
        "deliver": ["filter", "network/core"],
        "filter": None,
    }


# -- hostile catalogs --------------------------------------------------------------------------------------------

HOSTILE = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: "no"
  title: "\\e[31mred\\e[0m team"
  description: "line one\\u2028line two"
spec: {type: team, children: [], profile: {displayName: "Tab\\there"}}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: "2024", namespace: "weird-ns"}
spec: {memberOf: ["group:default/no"], profile: {displayName: "O'Brien \\"Bob\\" #1", email: "x@y"}}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: "~", description: "|- looks like a block: {not: a mapping}"}
spec: {owner: "group:no"}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "a name with spaces and ünïcödé"
  annotations: {"github.com/project-slug": "x/y", "x-not-svcchain": "kept?"}
  tags: [yes, "on", "null", "- dash"]
spec: {type: service, lifecycle: production, owner: "user:weird-ns/2024", system: "~", dependsOn: ["resource:db"]}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: db}
spec: {type: database, owner: "no", dependencyOf: ["component:a name with spaces and ünïcödé"]}
"""


def _deep(levels: int) -> str:
    return "{a: " * levels + "1" + "}" * levels


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    catalog = tmp_path / "in"
    catalog.mkdir()
    (catalog / "names.yaml").write_text(HOSTILE, encoding="utf-8")
    many = ", ".join(f"k{n}: v{n}" for n in range(120_000))  # huge: over the 100,000 values kept
    (catalog / "huge.yaml").write_text(
        f"kind: Component\nmetadata: {{name: huge}}\nspec: {{type: service, owner: 'no', x: {{{many}}}}}\n",
        encoding="utf-8",
    )
    (catalog / "deep.yaml").write_text(
        f"kind: Component\nmetadata: {{name: deep}}\nspec: {{owner: 'no', kept: {_deep(55)}}}\n"
        f"---\nkind: Component\nmetadata: {{name: deeper}}\nspec: {{owner: 'no', cut: {_deep(80)}}}\n",
        encoding="utf-8",
    )
    (catalog / "tags.yaml").write_text(
        "kind: User\nmetadata: {name: tagged}\nspec: !!python/object:os.system {}\n---\n"
        "kind: User\nmetadata: {name: custom}\nspec: !custom {a: 1}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_hostile_catalogs_import_export_and_import_again_unchanged(hostile: Path) -> None:
    first = invoke("import", "backstage", "in", "-o", "chains")
    assert first.exit_code == 0, first.output
    assert "\x1b" not in first.stdout
    assert "cut short (2)" in first.stdout  # the huge one and the one nested too deep
    assert "tags.yaml" in first.stdout  # the tags are not read: a line in the summary
    checked = invoke("check", "chains", "--select", "SC001,SC002")
    assert checked.exit_code == 0, checked.stdout
    exported = invoke("export", "backstage", "out", "chains")
    assert exported.exit_code == 0, exported.output
    assert "\x1b" not in exported.stdout
    for path in (hostile / "out").rglob("*.yaml"):  # every string reads back as a string
        for entity in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if entity.get("kind") == "Group":
                assert entity["metadata"]["name"] == "no"
                assert entity["metadata"]["title"] == "\x1b[31mred\x1b[0m team"
    again = invoke("import", "backstage", "out", "-o", "again")
    assert again.exit_code == 0, again.output
    first_files, again_files = snapshot(hostile / "chains"), snapshot(hostile / "again")
    assert first_files.keys() == again_files.keys()
    # an entity cut short keeps its name under x-backstage; exported and imported again, its name is
    # its id and is not kept twice: only the files of cut entities differ, and only the second time
    differ = sorted(name for name in first_files if first_files[name] != again_files[name])
    assert differ == ["services/no-system--no.yaml"]
    assert b"omitted: the rest of the entity is" in first_files[differ[0]]
    invoke("export", "backstage", "out2", "again")
    invoke("import", "backstage", "out2", "-o", "third")
    assert snapshot(hostile / "third") == again_files


def test_nothing_to_export_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chains").mkdir()
    (tmp_path / "chains" / "empty.yaml").write_text("svcchain: 1\n", encoding="utf-8")
    result = invoke("export", "backstage", "out")
    assert result.exit_code == 2 and "nothing exported" in result.stderr
    assert not (tmp_path / "out").exists()
