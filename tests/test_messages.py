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
    """The findings of one file: the full text a user reads (what is wrong; what to do)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check([FileRef(name, str(path))])
    return {(f.rule, f.line, f.column): f.text for f in report.findings}


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
    text = (
        ORG
        + SERVICE
        + """\
      - id: dns
        owner: network-ops
        result: Names resolve
        measures: [{name: resolution time}]
        after: [uplnk]
        delivers: [connectivity]
"""
    )
    assert "did you mean 'uplink'?" in only(messages(tmp_path, text), "SC201")


def test_broken_cross_service_handoff_suggests_the_service(tmp_path: Path) -> None:
    text = (
        ORG
        + SERVICE
        + """\
      - id: dns
        owner: network-ops
        result: Names resolve
        measures: [{name: resolution time}]
        after: [netwrk/uplink]
        delivers: [connectivity]
"""
    )
    assert "did you mean 'network'?" in only(messages(tmp_path, text), "SC201")


def test_unknown_service_suggests_the_service(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace("    owner: meg\n", "    owner: meg\n    depends_on: [netwerk]\n")
    # a service that depends on itself would be SC205; 'netwerk' is just a typo of it
    assert "did you mean 'network'?" in only(messages(tmp_path, text), "SC204")


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace("        owner: network-ops\n", "        owner: zebra\n")
    assert "did you mean" not in only(messages(tmp_path, text), "SC102")


def test_repeated_key_names_both_places(tmp_path: Path) -> None:
    text = ORG + SERVICE.replace(
        "        result: Uplink available\n", "        result: Uplink available\n        owner: meg\n"
    )
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


@pytest.mark.parametrize("value, hint", [("no", "quote"), ("on", "quote"), ("2024", "quote"), ("2024-01-01", "quote")])
def test_values_yaml_does_not_read_as_strings_get_a_hint_to_quote_them(tmp_path: Path, value: str, hint: str) -> None:
    text = ORG.replace("  - id: meg\n", f"  - id: meg\n  - id: {value}\n")
    message = only(messages(tmp_path, text), "SC002")
    assert hint in message and value in message


def assert_says_what_to_do(message: str, fix: str, text: str) -> None:
    """``message`` states what is wrong, ``fix`` what to do; shown together as '<message>; <fix>'."""
    # the fix starts with real advice, not only with what happens next ("; the rest of this file ...")
    assert len(fix.split(";")[0].strip()) > 5, f"no fix: {text!r}"
    # the advice lives in 'fix': a message that still holds '; <advice>' was not converted
    assert "; " not in message, f"advice left in the message: {message!r}"
    assert message.strip() == message and message, repr(message)
    assert text == f"{message}; {fix}", text


def _checked_folders() -> list[Path]:
    """examples/broken and every scenario folder (found as tests/test_scenarios.py finds them)."""
    root = Path(__file__).resolve().parents[1]
    scenarios = root / "tests" / "scenarios"
    return [root / "examples" / "broken", *sorted(path for path in scenarios.iterdir() if path.is_dir())]


@pytest.mark.parametrize("folder", _checked_folders(), ids=lambda folder: folder.name)
def test_every_message_says_what_to_do(folder: Path) -> None:
    """Every finding tells the user what is wrong and, apart, what to do about it (the guide's quality bar)."""
    from svcchain.discover import discover

    found = discover([str(folder)])
    report = check(found.files, extra=found.problems())
    for finding in report.findings:
        assert_says_what_to_do(finding.message, finding.fix, finding.text)


def test_the_examples_and_scenarios_show_every_loading_code() -> None:
    """The test above sees loader, schema, duplicate-id and duplicate-key findings, not just rule ones."""
    from svcchain.discover import discover

    codes: set[str] = set()
    for folder in _checked_folders():
        codes |= {finding.rule for finding in check(discover([str(folder)]).files).findings}
    assert {"SC001", "SC002", "SC003", "SC004"} <= codes


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"a: *nowhere\n", id="alias-without-anchor"),
        pytest.param(b"a: &x [1, *x]\n", id="recursive-alias"),
        pytest.param(b"a: !custom 1\n", id="tag-on-a-scalar"),
        pytest.param(b"a: !custom [1]\n", id="tag-on-a-collection"),
        pytest.param(b"a: !!int abc\n", id="invalid-tagged-value"),
        pytest.param(b"a: 2024-13-45\n", id="invalid-date"),
        pytest.param(b"a: " + b"[" * 150 + b"]" * 150 + b"\n", id="deep-flow"),
        pytest.param(b"a: " + b"[" * 1100 + b"]" * 1100 + b"\n", id="deep-flow-read-ahead"),
        pytest.param(b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 120)), id="deep-block"),
        pytest.param(BILLION_LAUGHS.encode(), id="alias-bomb"),
        pytest.param(b"a: b: c\n", id="syntax-error"),
        pytest.param(b"a: \x01\n", id="control-character"),
        pytest.param(b"a: \xff\n", id="not-utf-8"),
        pytest.param("a: 1\n".encode("utf-16"), id="utf-16"),
        pytest.param(b"<<: 1\n", id="merge-of-a-scalar"),
        pytest.param(b"? [a]\n: 1\n", id="key-that-is-a-list"),
        pytest.param(b"- 1\n", id="document-not-a-mapping"),
        pytest.param(b"svcchain: 1\npeople: {ann: 1}\n", id="section-not-a-list"),
        pytest.param(b"svcchain: 1\npeople: [ann]\n", id="item-not-a-mapping"),
        pytest.param(b"svcchain: 1\nteams: [{id: ops, members: [{a: 1}]}]\n", id="item-not-a-string"),
        pytest.param(b"svcchain: 1\nteams: [{id: ops, members: ann}]\n", id="field-not-a-list"),
        pytest.param(b"svcchain: 1\nteams: [{id: ops, facilitator: {a: 1}}]\n", id="field-not-a-string"),
        pytest.param(b"svcchain: 1\nservices: [{id: s, owner: ann, customer: [a]}]\n", id="field-not-a-mapping"),
    ],
)
def test_loading_problems_say_what_to_do(tmp_path: Path, data: bytes) -> None:
    """Hostile and malformed files (most not in any scenario) get a fix too."""
    path = tmp_path / "chain.yaml"
    path.write_bytes(data)
    report = check([FileRef("chain.yaml", str(path))])
    loading = [finding for finding in report.findings if finding.rule in ("SC001", "SC002", "SC003", "SC004")]
    assert loading, [finding.text for finding in report.findings]
    for finding in loading:
        assert_says_what_to_do(finding.message, finding.fix, finding.text)


def test_files_that_cannot_be_read_say_what_to_do(tmp_path: Path) -> None:
    from svcchain.loader import Limits, load_file

    big = tmp_path / "big.yaml"
    big.write_text("svcchain: 1\n", encoding="utf-8")
    broken_link = tmp_path / "link.yaml"
    broken_link.symlink_to(tmp_path / "gone.yaml")
    cases = [
        load_file("missing.yaml", str(tmp_path / "missing.yaml")),
        load_file("link.yaml", str(broken_link)),
        load_file("folder.yaml", str(tmp_path)),
        load_file("big.yaml", str(big), Limits(max_file_bytes=4)),
    ]
    problems = []
    for loaded in cases:
        (problem,) = loaded.problems
        problems.append(problem)
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "out.yaml").symlink_to(big)
    from svcchain.discover import discover

    problems += discover([str(checked)]).problems()
    assert len(problems) == 5
    for problem in problems:
        assert problem.code == "SC001"
        assert_says_what_to_do(problem.message, problem.fix, f"{problem.message}; {problem.fix}")
