"""Importing a Backstage catalog: references, ids, Locations, handoffs and what is kept (tests/imports/backstage/)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from svcchain.importing.backstage import Imported, import_entities
from svcchain.importing.catalog import Catalog, read_catalog
from svcchain.importing.emit import HEADER, layout, render
from svcchain.importing.refs import Ref, RefError, assign_ids, parse_ref, safe_id
from svcchain.loader import parse

CATALOGS = Path(__file__).parent / "imports" / "backstage"


def catalog(tmp_path: Path, scenario: str) -> Path:
    """A copy of the scenario's folder, so that its repository is the copy (no .git above tmp_path)."""
    target = tmp_path / scenario
    shutil.copytree(CATALOGS / scenario, target)
    return target


def run(*paths: Path, follow: bool = False) -> tuple[Catalog, Imported]:
    found = read_catalog([str(path) for path in paths], follow=follow)
    return found, import_entities(found.entities)


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def links(imported: Imported) -> dict[str, dict[str, Any]]:
    """'service/link' → the link."""
    return {f"{service['id']}/{link['id']}": link for service in imported.services for link in service.get("links", ())}


# -- references ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "default_kind", "expected"),
    [
        ("team-a", "Group", Ref("Group", "default", "team-a")),
        ("user:guest", "Group", Ref("User", "default", "guest")),
        ("group:ops/team-a", "Group", Ref("Group", "ops", "team-a")),
        ("ops/team-a", "User", Ref("User", "ops", "team-a")),
        ("COMPONENT:Default/Web", None, Ref("Component", "Default", "Web")),
        ("api:petstore", "API", Ref("API", "default", "petstore")),
        # a '/' before the ':' makes the rest the name (Backstage's parseRefString)
        ("ops/team:a", "Group", Ref("Group", "ops", "team:a")),
        ("component:ns/name:with:colons", None, Ref("Component", "ns", "name:with:colons")),
    ],
)
def test_references_are_parsed_as_backstage_parses_them(text, default_kind, expected):
    assert parse_ref(text, default_kind, "default") == expected


def test_a_reference_without_a_namespace_means_the_namespace_of_the_entity_holding_it():
    assert parse_ref("team-a", "Group", "ops") == Ref("Group", "ops", "team-a")
    assert parse_ref({"name": "team-a"}, "Group", "ops") == Ref("Group", "ops", "team-a")
    assert parse_ref({"kind": "User", "namespace": "default", "name": "x"}, "Group", "ops") == Ref(
        "User", "default", "x"
    )


def test_references_compare_case_insensitively_and_print_as_backstage_prints_them():
    one, other = parse_ref("Group:Default/Team-A", None, "default"), parse_ref("team-a", "group", "default")
    assert one.key == other.key
    assert str(one) == "group:default/team-a"


@pytest.mark.parametrize(
    ("value", "default_kind"),
    [
        ("", "Group"),
        (":x", "Group"),
        ("a:/x", "Group"),
        ("a:b/", "Group"),
        ("orders-db", None),
        (42, "Group"),
        (None, "Group"),
    ],
)
def test_references_backstage_rejects_are_errors(value, default_kind):
    with pytest.raises(RefError):
        parse_ref(value, default_kind, "default")


def test_names_that_are_no_ids_become_ids_deterministically():
    assert safe_id("team-a") == "team-a"
    made = safe_id("bad name\x1b[31m")
    assert made == safe_id("bad name\x1b[31m") and made.startswith("bad-name-31m--")
    assert safe_id("bad name") != safe_id("bad_name") != safe_id("bad-name")
    assert len(safe_id("x" * 300)) < 80


def test_ids_only_take_a_kind_prefix_where_kinds_meet():
    ids = assign_ids(
        [(1, "user:jdoe", "User", "jdoe"), (2, "group:jdoe", "Group", "jdoe"), (3, "user:ann", "User", "ann")]
    )
    assert ids == {1: "user--jdoe", 2: "group--jdoe", 3: "ann"}
    # the order items come in does not matter
    assert assign_ids(reversed([(1, "b", "User", "x"), (2, "a", "User", "X")])) == {2: "X", 1: "x--2"}


# -- people and teams ---------------------------------------------------------------------------------------------


def test_a_user_and_a_group_with_the_same_name_do_not_collide(tmp_path):
    _, imported = run(catalog(tmp_path, "same-name"))
    people, teams = by_id(imported.people), by_id(imported.teams)
    assert set(people) == {"user--jdoe", "ops--jdoe"}
    assert set(teams) == {"group--jdoe", "platform"}
    assert people["user--jdoe"]["name"] == "Jane Doe" and people["user--jdoe"]["email"] == "jane@example.com"
    # memberOf 'JDoe' (case-insensitive, default kind Group) and spec.members name the users
    assert teams["group--jdoe"]["members"] == ["user--jdoe"]
    assert teams["platform"]["members"] == ["ops--jdoe", "user--jdoe"]
    # the owners: 'user:jdoe' is the user, a bare 'jdoe' is the group (owner's default kind)
    services = by_id(imported.services)
    assert services["portal"]["owner"] == "user--jdoe"
    assert links(imported)["portal/web"]["owner"] == "group--jdoe"
    # in namespace ops, 'user:jdoe' is ops/jdoe; its link keeps both links apart in the one service
    assert links(imported)["portal/ops--web"]["owner"] == "ops--jdoe"
    assert imported.unresolved == []
    # the id is not the name: the name is kept
    assert people["user--jdoe"]["x-backstage"]["metadata"] == {"name": "jdoe"}


# -- Locations ----------------------------------------------------------------------------------------------------


def test_locations_are_followed_relative_to_their_file_once_each(tmp_path):
    root = catalog(tmp_path, "locations")
    (tmp_path / "outside.yaml").write_text("kind: User\nmetadata: {name: intruder}\n", encoding="utf-8")
    found, imported = run(root / "catalog-info.yaml")
    assert found.read == {"Location": 3, "Group": 1, "User": 1, "Component": 1}  # the loop read once
    assert set(by_id(imported.people)) == {"alice"}
    assert by_id(imported.teams)["team-a"]["members"] == ["alice"]
    problems = "\n".join(str(note) for note in found.problems)
    assert "'./missing.yaml' does not exist" in problems
    assert "'https://example.com/catalog-info.yaml' is not read" in problems
    assert "'../../../../../outside.yaml' is not read: it leads out of the repository" in problems
    assert "not-there-yet" not in problems  # presence: optional
    assert len(found.problems) == 3
    assert f"{root / 'catalog-info.yaml'}:9:7:" in problems  # at the target


def test_a_target_out_of_the_repository_is_read_only_with_follow(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "all.yaml").write_text(
        "kind: Location\nmetadata: {name: all}\nspec: {targets: [../people.yaml]}\n", encoding="utf-8"
    )
    (tmp_path / "people.yaml").write_text("kind: User\nmetadata: {name: ann}\n", encoding="utf-8")
    found, imported = run(repo / "all.yaml")
    assert imported.people == [] and "leads out of the repository" in str(found.problems[0])
    found, imported = run(repo / "all.yaml", follow=True)
    assert [person["id"] for person in imported.people] == ["ann"] and found.problems == []


def test_a_folder_and_its_locations_give_the_same_files(tmp_path):
    root = catalog(tmp_path, "locations")
    _, from_file = run(root / "catalog-info.yaml")
    _, from_folder = run(root)
    assert layout(from_file) == layout(from_folder)


# -- handoffs -----------------------------------------------------------------------------------------------------


def test_relations_become_handoffs_in_the_right_direction(tmp_path):
    _, imported = run(catalog(tmp_path, "handoffs"))
    found = links(imported)
    # checkout dependsOn orders-db, consumesApis payment-api (another system), and fraud-check is a dependencyOf it
    assert found["shop/checkout"]["after"] == ["orders-db", "payments/fraud-check", "payments/payment-api"]
    # providesApis: the API builds on the component that provides it
    assert found["shop/checkout-api"]["after"] == ["checkout"]
    assert found["payments/payment-api"]["after"] == ["payment-gateway"]
    # subcomponentOf: the part hands its result to the whole
    assert found["payments/payment-gateway"]["after"] == ["fraud-check"]
    assert "after" not in found["shop/orders-db"]
    # dependsOn a system: the services depend on each other
    assert by_id(imported.services)["shop"]["depends_on"] == ["payments"]
    # the mapped relations are not kept twice
    assert found["shop/checkout"]["x-backstage"]["spec"] == {"type": "service", "lifecycle": "production"}


def test_references_that_do_not_resolve_are_reported_and_kept(tmp_path):
    _, imported = run(catalog(tmp_path, "handoffs"))
    reports = links(imported)["no-system--team-a/reports"]
    assert "after" not in reports  # 'orders-db' names no kind; 'resource:nowhere' does not exist
    assert reports["x-backstage"]["spec"]["dependsOn"] == ["orders-db", "resource:nowhere"]
    texts = [note.text for note in imported.unresolved]
    assert any("'orders-db'" in text and "names no kind" in text for text in texts)
    assert any("no resource:default/nowhere in the catalog" in text for text in texts)
    assert len(texts) == 2


def test_links_without_a_system_go_to_a_holding_service_of_their_owner(tmp_path):
    _, imported = run(catalog(tmp_path, "handoffs"))
    holding = by_id(imported.services)["no-system--team-a"]
    assert holding["owner"] == "team-a" and [link["id"] for link in holding["links"]] == ["reports"]
    assert imported.holding == ["no-system--team-a"]


# -- what is kept, and how it is written --------------------------------------------------------------------------


def test_what_svcchain_has_no_field_for_is_kept_under_x_backstage(tmp_path):
    found, imported = run(catalog(tmp_path, "preserve"))
    team = by_id(imported.teams)["ops"]
    assert team["name"] == "no"
    assert team["x-backstage"]["metadata"]["description"] == "Keeps the lights on.\nTwo lines.\n"
    assert team["x-backstage"]["spec"]["profile"] == {
        "email": "ops@example.com",
        "picture": "https://example.com/ops.png",
    }
    link = links(imported)["no-system--ops/billing"]
    assert (link["name"], link["description"], link["owner"]) == ("on", "2024", "ops")
    kept = link["x-backstage"]
    assert kept["kind"] == "Component" and kept["apiVersion"] == "backstage.io/v1alpha1"
    assert "name" not in kept["metadata"] and "title" not in kept["metadata"]
    assert kept["spec"] == {
        "type": "service",
        "lifecycle": "experimental",
        "extra": {"nested": {"deeper": [1, 2.5, True, None]}},
    }
    assert kept["relations"] == [{"type": "ownedBy", "targetRef": "group:default/ops"}]
    assert imported.unsupported == {"Template": 1}
    skipped = "\n".join(note.text for note in found.skipped)
    assert "not a mapping" in skipped and "no metadata.name" in skipped and "no 'kind'" in skipped


def test_written_files_read_back_as_written_every_string_a_string(tmp_path):
    _, imported = run(catalog(tmp_path, "preserve"))
    for name, text in layout(imported).items():
        assert text.startswith(HEADER)
        document = yaml.safe_load(text)
        assert document["svcchain"] == 1
        loaded = parse(name, text.encode("utf-8"))
        assert loaded.problems == []
    service = yaml.safe_load(layout(imported)["services/no-system--ops.yaml"])["services"][0]
    link = service["links"][0]
    assert link["name"] == "on" and link["description"] == "2024"
    meta = link["x-backstage"]["metadata"]
    assert meta["tags"] == ["java", "yes", "null", "~", "1.0", "0x1F"]
    assert meta["annotations"]["example.com/weird"] == "bell \a and escape \x1b[31m"
    assert meta["annotations"]["example.com/unicode"] == "Zoë ✓"
    assert str(meta["annotations"]["example.com/released"]) == "2024-05-01"


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    [
        "no",
        "on",
        "2024",
        "1.0",
        "~",
        "null",
        "<<",
        "=",
        "- a",
        "#x",
        "a: b",
        "x\n",
        "a\r\nb",
        "\x85",
        "\u2028",
        "\ufeff",
    ]
)
SCALARS = TEXT | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none() | st.dates()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3))


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, DATA)
def test_every_text_reads_back_as_the_same_text(name, description, kept):
    document = {"svcchain": 1, "services": [{"id": "s", "name": name, "description": description, "x-backstage": kept}]}
    text = render(document)
    loaded = parse("s.yaml", text.encode("utf-8"))  # svcchain's loader, as the check reads the file
    assert loaded.problems == []
    assert loaded.documents[0].data["services"][0] == {"id": "s", "name": name, "description": description}
    assert yaml.safe_load(text) == document  # x- keys are left out by svcchain's loader, not by YAML


def test_the_files_do_not_depend_on_the_order_the_catalog_is_read_in(tmp_path):
    root = catalog(tmp_path, "handoffs")
    found = read_catalog([str(root)])
    forward = layout(import_entities(found.entities))
    backward = layout(import_entities(list(reversed(found.entities))))
    assert forward == backward


def test_entities_too_large_to_write_out_keep_only_their_kind_and_name(tmp_path):
    long = "x" * 1000
    aliases = ", ".join(["*a"] * 5000)  # 5 MB written out, a few kilobytes read
    (tmp_path / "bomb.yaml").write_text(
        f"kind: User\nmetadata: {{name: bomb, x: &a {long}}}\nspec: {{profile: {{email: b@x}}, many: [{aliases}]}}\n",
        encoding="utf-8",
    )
    _, imported = run(tmp_path / "bomb.yaml")
    person = imported.people[0]
    assert person["email"] == "b@x"
    assert set(person["x-backstage"]) == {"kind", "metadata", "omitted"}
    assert "characters written out" in imported.cut[0].text
    assert len(render({"svcchain": 1, "people": imported.people})) < 2000


def test_bad_input_is_a_note_never_a_crash(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"kind: User\nmetadata: {name: ok}\n---\nkey: [unclosed\n")
    (tmp_path / "b.yaml").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "c.yaml").write_text("a: &a [*a]\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text(
        "kind: User\nmetadata: {name: tagged}\nspec: !!python/object:os.system {}\n", encoding="utf-8"
    )
    (tmp_path / "e.yaml").write_text("kind: User\nmetadata: {name: ext, x-team: 1}\n", encoding="utf-8")
    found, imported = run(tmp_path)
    assert [person["id"] for person in imported.people] == ["ext", "ok"]
    problems = "\n".join(str(note) for note in found.problems)
    assert "a.yaml:5:1: invalid YAML" in problems
    assert "b.yaml" in problems and "c.yaml" in problems and "d.yaml" in problems
    assert "e.yaml:2:23: key 'x-team' is not imported" in problems
