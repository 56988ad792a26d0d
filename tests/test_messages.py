"""Where the wording of a finding is the feature.

Most tests assert (code, line, column) only.  These check the words a user
acts on: the "did you mean" suggestion for a typo, both places of a repeated
key or id, "exactly one result owner" for a list of owners, and the hint to
quote a value YAML 1.1 does not read as a string.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from svcchain.discover import FileRef
from svcchain.engine import check

ORG = """\
svcchain: 1
people:
  - id: ann
  - id: bob
  - id: meg
teams:
  - id: network-ops
    members: [ann, bob]
    facilitator: meg
"""

SERVICE = """\
services:
  - id: network
    owner: meg
    customer:
      needs:
        - id: connectivity
          text: The office is online
    links:
      - id: uplink
        owner: network-ops
        result: Uplink available
        measures: [{name: availability}]
        delivers: [connectivity]
"""


def messages(tmp_path: Path, text: str, name: str = "chain.yaml") -> dict[tuple[str, int, int], str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check([FileRef(name, str(path))])
    return {(f.rule, f.line, f.column): f.message for f in report.findings}


def only(found: dict, code: str) -> str:
    matching = [message for (rule, *_), message in found.items() if rule == code]
    assert len(matching) == 1, found
    return matching[0]


@pytest.mark.parametrize(
    "old, new, code, suggestion",
    [
        ("        result: Uplink available\n", "        reslt: Uplink available\n", "SC002", "'result'"),
        ("        owner: network-ops\n", "        owner: netwrok-ops\n", "SC102", "'network-ops'"),
        ("        delivers: [connectivity]\n", "        delivers: [conectivity]\n", "SC302", "'connectivity'"),
        ("    owner: meg\n", "    ownr: meg\n", "SC002", "'owner'"),
        ("services:\n", "servces:\n", "SC002", "'services'"),
    ],
)
def test_typos_get_a_did_you_mean(tmp_path: Path, old: str, new: str, code: str, suggestion: str) -> None:
    assert (ORG + SERVICE).count(old) == 1
    text = (ORG + SERVICE).replace(old, new)
    message = only(messages(tmp_path, text), code)
    assert f"did you mean {suggestion}?" in message


def test_broken_handoff_suggests_the_link(tmp_path: Path) -> None:
    text = ORG + SERVICE + """\
      - id: dns
        owner: network-ops
        result: Names resolve
        measures: [{name: resolution time}]
        after: [uplnk]
        delivers: [connectivity]
"""
    assert "did you mean 'uplink'?" in only(messages(tmp_path, text), "SC201")


def test_broken_cross_service_handoff_suggests_the_service(tmp_path: Path) -> None:
    text = ORG + SERVICE + """\
      - id: dns
        owner: network-ops
        result: Names resolve
        measures: [{name: resolution time}]
        after: [netwrk/uplink]
        delivers: [connectivity]
"""
    assert "did you mean 'network'?" in only(messages(tmp_path, text), "SC201")


def test_unknown_service_suggests_the_service(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace("    owner: meg\n", "    owner: meg\n    depends_on: [netwerk]\n")
    # a service that depends on itself would be SC205; 'netwerk' is just a typo of it
    assert "did you mean 'network'?" in only(messages(tmp_path, text), "SC204")


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace("        owner: network-ops\n", "        owner: zebra\n")
    assert "did you mean" not in only(messages(tmp_path, text), "SC102")


def test_repeated_key_names_both_places(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace("        result: Uplink available\n",
                                 "        result: Uplink available\n        owner: meg\n")
    found = messages(tmp_path, text)
    # the repeat is at line 21; the first 'owner' of the link is at line 19, column 9
    assert list(found) == [("SC004", 21, 9)]
    message = found[("SC004", 21, 9)]
    assert "'owner'" in message
    assert "line 19" in message and "column 9" in message


def test_repeated_id_names_the_first_declaration(tmp_path: Path) -> None:
    found = messages(tmp_path, ORG + "  - id: ann\n", name="org.yaml")
    assert list(found) == [("SC003", 10, 9)]
    assert "org.yaml:3:9" in found[("SC003", 10, 9)]


def test_repeated_id_in_another_file_names_that_file(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(ORG, encoding="utf-8")
    second = tmp_path / "b.yaml"
    second.write_text("svcchain: 1\nteams:\n  - id: ann\n", encoding="utf-8")
    report = check([FileRef("a.yaml", str(first)), FileRef("b.yaml", str(second))])
    (finding,) = report.findings
    assert (finding.file, finding.line, finding.column, finding.rule) == ("b.yaml", 3, 9, "SC003")
    assert "a.yaml:3:9" in finding.message


def test_list_of_owners_says_exactly_one_result_owner(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace("        owner: network-ops\n", "        owner: [ann, bob]\n")
    message = only(messages(tmp_path, text), "SC002")
    assert "exactly one result owner" in message


@pytest.mark.parametrize("value, hint", [("no", "quote"), ("on", "quote"), ("2024", "quote"),
                                         ("2024-01-01", "quote")])
def test_values_yaml_does_not_read_as_strings_get_a_hint_to_quote_them(tmp_path: Path, value: str,
                                                                      hint: str) -> None:
    text = ORG.replace("  - id: meg\n", f"  - id: meg\n  - id: {value}\n")
    message = only(messages(tmp_path, text), "SC002")
    assert hint in message and value in message


def test_every_message_says_what_to_do(tmp_path: Path) -> None:
    """Every finding tells the user what is wrong and what to do about it (the guide's quality bar)."""
    root = Path(__file__).resolve().parents[1]
    from svcchain.discover import discover

    report = check(discover([str(root / "examples" / "broken")]).files)
    for finding in report.findings:
        assert ";" in finding.message, finding.message  # '<what is wrong>; <what to do>'
        assert len(finding.message.split(";")[-1].strip()) > 5, finding.message
