"""The loader: bytes → documents + source map, and every way a file can be bad.

docs/format.md fixes what a bad file becomes: SC001 for anything that is not
readable UTF-8 YAML within the limits (at the parser's mark, the first bad
byte, the offending node, or 1:1), SC004 for a repeated key (at the repeat,
naming the first).  Nothing in a file is ever executed and no input makes the
loader hang or overflow the stack.  These tests assert (code, line, column);
message wording only where it is the feature.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from svcchain.discover import FileRef, discover
from svcchain.engine import check
from svcchain.loader import Limits, load_file, parse
from svcchain.source import Span

CLEAN_ORG = """\
svcchain: 1
people:
  - id: ann
  - id: bob
  - id: meg
teams:
  - id: ops
    members: [ann, bob]
    facilitator: meg
"""


# --------------------------------------------------------------------------- helpers


def where(problem: Any) -> tuple[str, int, int]:
    """A loader problem's (code, line, column); loader problems carry (file, line, column)."""
    _, line, column = problem.where
    return problem.code, line, column


def codes_at(loaded: Any) -> list[tuple[str, int, int]]:
    return [where(problem) for problem in loaded.problems]


def findings(paths: list[str]) -> list[tuple[str, int, int, str]]:
    """Check files and folders as the CLI would; (file, line, column, code) in report order."""
    report = check(discover(paths).files)
    return [(f.file, f.line, f.column, f.rule) for f in report.findings]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a daemon thread; fail (instead of hanging the suite) if it never returns.

    Not a performance assertion: the bound is far above any sane run time and
    only turns a hang (an unbounded alias expansion, a blocking FIFO) into a
    failure.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s (hang?)"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --------------------------------------------------------------------------- syntax errors

BROKEN_YAML = {
    "unclosed flow sequence": "svcchain: 1\npeople: [\n",
    "unclosed quote": 'svcchain: 1\npeople:\n  - id: ann\n    name: "Ann\n',
    "bad indentation": "svcchain: 1\npeople:\n  - id: ann\n    name: Ann\n     role: Engineer\n",
    "tab indentation": "svcchain: 1\npeople:\n\t- id: ann\n",
    "key without value in flow": "svcchain: 1\npeople: [{id: ann, }}]\n",
    "undefined anchor syntax": "svcchain: 1\npeople: [&]\n",
}


def _parser_mark(text: str) -> tuple[int, int]:
    """Where PyYAML's own parser (libyaml when available) reports the error, 1-based."""
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with pytest.raises(yaml.MarkedYAMLError) as error:
        list(yaml.load_all(text, Loader=loader_class))
    mark = error.value.problem_mark or error.value.context_mark
    return mark.line + 1, mark.column + 1


@pytest.mark.parametrize("text", BROKEN_YAML.values(), ids=BROKEN_YAML.keys())
def test_syntax_error_is_sc001_at_the_parsers_mark(text: str) -> None:
    loaded = parse("f.yaml", text.encode())
    assert codes_at(loaded) == [("SC001", *_parser_mark(text))]
    assert loaded.documents == []


def test_syntax_error_positions_by_hand() -> None:
    # the parser reaches the end of the stream looking for the closing ']'
    assert codes_at(parse("f.yaml", b"svcchain: 1\npeople: [\n")) == [("SC001", 3, 1)]
    # 'role' is indented one further than 'name': the ':' after it is where it fails
    text = b"svcchain: 1\npeople:\n  - id: ann\n    name: Ann\n     role: Engineer\n"
    assert codes_at(parse("f.yaml", text)) == [("SC001", 5, 10)]


def test_documents_before_a_syntax_error_are_still_checked(tmp_path: Path) -> None:
    text = CLEAN_ORG + "---\nsvcchain: 2\n---\nsvcchain: 1\npeople: [\n"
    loaded = parse("f.yaml", text.encode())
    assert len(loaded.documents) == 2
    assert codes_at(loaded) == [("SC001", 15, 1)]
    # and through the engine: the second document's bad marker is still reported
    path = write(tmp_path / "chain.yaml", text)
    assert findings([str(path)]) == [(str(path), 11, 11, "SC002"), (str(path), 15, 1, "SC001")]


def test_the_check_goes_on_with_the_other_files(tmp_path: Path) -> None:
    write(tmp_path / "a-broken.yaml", "svcchain: 1\npeople: [\n")
    write(tmp_path / "b-org.yaml", CLEAN_ORG + "  - id: empty\n")
    found = findings([str(tmp_path)])
    assert (str(tmp_path / "a-broken.yaml"), 3, 1, "SC001") in found
    assert {code for *_, code in found} == {"SC001"}  # b-org.yaml is clean and was read
    report = check(discover([str(tmp_path)]).files)
    assert report.files == 2
    assert set(report.model.teams) == {"ops", "empty"}


# --------------------------------------------------------------------------- encodings


def test_latin1_byte_is_sc001_at_the_first_bad_byte() -> None:
    data = b"svcchain: 1\npeople:\n  - id: jose\n    name: Jos\xe9\n"
    loaded = load_file_from_bytes(data)
    assert codes_at(loaded) == [("SC001", 4, 14)]


def test_bad_byte_column_counts_characters_not_bytes() -> None:
    # 'Zoë ' holds a two-byte character: the bad byte is the 11th character of its line
    data = "svcchain: 1\nx-name: Zoë ".encode() + b"\xff\n"
    assert codes_at(load_file_from_bytes(data)) == [("SC001", 2, 13)]


def test_bad_byte_on_the_first_line_and_a_truncated_sequence_at_the_end() -> None:
    assert codes_at(load_file_from_bytes(b"\x80svcchain: 1\n")) == [("SC001", 1, 1)]
    assert codes_at(load_file_from_bytes(b"svcchain: 1\nx-a: b\xe2\x82")) == [("SC001", 2, 7)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_sc001(encoding: str) -> None:
    data = CLEAN_ORG.encode(encoding)
    loaded = load_file_from_bytes(data)
    assert [code for code, *_ in codes_at(loaded)] == ["SC001"]
    assert loaded.documents == []


def test_utf16_with_byte_order_mark_points_at_1_1_and_names_the_encoding() -> None:
    loaded = load_file_from_bytes(CLEAN_ORG.encode("utf-16"))
    assert codes_at(loaded) == [("SC001", 1, 1)]
    assert "UTF-16" in loaded.problems[0].message


def test_utf8_byte_order_mark_is_accepted_and_shifts_no_column() -> None:
    loaded = load_file_from_bytes(b"\xef\xbb\xbf" + CLEAN_ORG.encode())
    assert loaded.problems == []
    assert len(loaded.documents) == 1
    source = loaded.documents[0].origin.source
    assert source.locate(("svcchain",)) == Span(1, 11)
    assert source.locate_key(("svcchain",)) == Span(1, 1)


def test_utf8_byte_order_mark_through_the_engine(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.yaml", b"\xef\xbb\xbfsvcchain: 2\n")
    assert findings([str(path)]) == [(str(path), 1, 11, "SC002")]


def load_file_from_bytes(data: bytes, limits: Limits = Limits()) -> Any:
    """load_file on a real temporary file (read, decode, parse)."""
    import tempfile

    handle, name = tempfile.mkstemp(suffix=".yaml")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        return load_file("f.yaml", name, limits)
    finally:
        os.unlink(name)


# --------------------------------------------------------------------------- duplicate keys


def test_repeated_key_is_sc004_at_the_repeat_naming_the_first() -> None:
    text = "svcchain: 1\npeople:\n  - id: ann\n    name: Ann\n    role: x\n    name: Anne\n"
    loaded = parse("f.yaml", text.encode())
    assert codes_at(loaded) == [("SC004", 6, 5)]
    message = loaded.problems[0].message
    assert "'name'" in message
    assert "line 4" in message and "column 5" in message  # the first occurrence
    # the first value is the one kept
    assert loaded.documents[0].data["people"][0]["name"] == "Ann"


def test_repeated_key_three_times_is_two_findings_each_naming_the_first() -> None:
    text = "svcchain: 1\nx-a: {k: 1, k: 2, k: 3}\n"
    loaded = parse("f.yaml", text.encode())
    assert codes_at(loaded) == [("SC004", 2, 13), ("SC004", 2, 19)]
    assert all("line 2, column 7" in problem.message for problem in loaded.problems)


def test_repeated_key_in_flow_mapping_and_quoted_spelling() -> None:
    text = 'svcchain: 1\n"svcchain": 2\n'
    loaded = parse("f.yaml", text.encode())
    assert codes_at(loaded) == [("SC004", 2, 1)]
    assert loaded.documents[0].data["svcchain"] == 1


# --------------------------------------------------------------------------- tags: never executed


@pytest.fixture
def no_side_effects(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Make every way out of the process record itself; yields the marker path a payload would create."""
    calls: list[Any] = []
    import subprocess

    monkeypatch.setattr(os, "system", lambda *a, **k: calls.append(("os.system", a)) or 0)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(("Popen", a)))
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(("run", a)))
    marker = tmp_path / "pwned"
    yield marker
    assert calls == [], f"a tag in a chain file ran code: {calls}"
    assert not marker.exists(), "a tag in a chain file created a file"


def _payloads(marker: Path) -> dict[str, str]:
    target = str(marker)
    return {
        "python/object/apply os.system": f"x-a: !!python/object/apply:os.system ['touch {target}']\n",
        "python/object/apply subprocess": f"x-a: !!python/object/apply:subprocess.check_output [['touch', '{target}']]\n",
        "python/object/new open": f"x-a: !!python/object/new:builtins.open ['{target}', 'w']\n",
        "python/name": "x-a: !!python/name:os.system\n",
        "python/object": "x-a: !!python/object:svcchain.settings.Settings {}\n",
        "python/module": "x-a: !!python/module:os\n",
        "in a list": f"people:\n  - !!python/object/apply:os.system ['touch {target}']\n",
        "as a key": f"x-a:\n  ? !!python/object/apply:os.system ['touch {target}']\n  : 1\n",
    }


def test_python_tags_are_sc001_and_never_executed(no_side_effects: Path) -> None:
    for name, body in _payloads(no_side_effects).items():
        loaded = parse("f.yaml", ("svcchain: 1\n" + body).encode())
        assert [code for code, *_ in codes_at(loaded)] == ["SC001"], name
        assert loaded.documents == [], name


def test_python_tag_through_the_engine_and_cli_loader(no_side_effects: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "evil.yaml", "svcchain: 1\n" + _payloads(no_side_effects)["python/object/apply os.system"])
    assert findings([str(path)]) == [(str(path), 2, 6, "SC001")]


@pytest.mark.parametrize(
    "body, line, column",
    [
        ("x-a: !secret value\n", 2, 6),
        ("x-a: !include other.yaml\n", 2, 6),
        ("people: !people\n  - id: ann\n", 2, 9),
        ("people:\n  - !person {id: ann}\n", 3, 5),
        ("x-deep:\n  a:\n    b: [1, !env HOME]\n", 4, 12),
    ],
)
def test_custom_tags_are_sc001_at_the_tagged_node(body: str, line: int, column: int) -> None:
    loaded = parse("f.yaml", ("svcchain: 1\n" + body).encode())
    assert codes_at(loaded) == [("SC001", line, column)]


def test_custom_tag_with_a_registered_constructor_is_not_called(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[Any] = []

    def constructor(loader: Any, node: Any) -> Any:
        called.append(node)
        return "constructed"

    for loader_name in ("SafeLoader", "CSafeLoader", "Loader", "FullLoader", "UnsafeLoader"):
        loader_class = getattr(yaml, loader_name, None)
        if loader_class is not None:
            monkeypatch.setattr(loader_class, "yaml_constructors", dict(loader_class.yaml_constructors))
            loader_class.add_constructor("!run", constructor)
    loaded = parse("f.yaml", b"svcchain: 1\nx-a: !run now\n")
    assert codes_at(loaded) == [("SC001", 2, 6)]
    assert called == []


def test_core_tags_are_fine() -> None:
    text = (
        "svcchain: !!int 1\n"
        "people: !!seq\n"
        "  - !!map {id: !!str 2024, name: !!str yes}\n"
        "x-a: [!!bool true, !!float 1.5, !!null '', !!timestamp 2024-01-01, !!binary aGk=]\n"
        "x-b: ! plain\n"
    )
    loaded = parse("f.yaml", text.encode())
    assert loaded.problems == []
    assert loaded.documents[0].data["svcchain"] == 1
    assert loaded.documents[0].data["people"] == [{"id": "2024", "name": "yes"}]


# --------------------------------------------------------------------------- limits


BILLION_LAUGHS = (
    "svcchain: 1\n"
    'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "x-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "x-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "x-h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "x-i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "people: *i\n"
)


def test_alias_bomb_is_sc001_at_the_alias_that_crosses_the_limit() -> None:
    loaded = within(60, lambda: parse("f.yaml", BILLION_LAUGHS.encode()))
    # a=10 nodes, b=91, c=820, d=7,381, e=66,430: the aliases up to x-e expand
    # 74,718 nodes; the first *e in x-f crosses 100,000
    assert codes_at(loaded) == [("SC001", 7, 10)]
    assert loaded.documents == []


def test_alias_expansion_is_counted_per_document() -> None:
    # 9 * 10,001 = 90,009 expanded nodes per document: under the limit, twice
    big = "[" + ",".join(["0"] * 10_000) + "]"
    document = f"svcchain: 1\nx-a: &a {big}\nx-b: [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    loaded = parse("f.yaml", (document + "---\n" + document).encode())
    assert loaded.problems == []
    assert len(loaded.documents) == 2


def test_alias_limit_is_configurable() -> None:
    text = "svcchain: 1\nx-a: &a [1, 2, 3]\nx-b: [*a, *a]\n"
    assert codes_at(parse("f.yaml", text.encode(), Limits(max_alias_nodes=7))) == [("SC001", 3, 11)]
    assert parse("f.yaml", text.encode(), Limits(max_alias_nodes=8)).problems == []


def test_recursive_alias_is_sc001() -> None:
    loaded = parse("f.yaml", b"svcchain: 1\nx-a: &a [1, *a]\n")
    assert codes_at(loaded) == [("SC001", 2, 13)]


def _block_nesting(levels: int) -> str:
    """A document whose innermost mapping is at nesting level ``levels`` (the root is level 1)."""
    lines = ["svcchain: 1"]
    for depth in range(levels):  # the value of key n (0-based) is the mapping at level n + 2
        lines.append("  " * depth + f"x-k{depth}:")
    lines[-1] += " leaf"
    return "\n".join(lines) + "\n"


def test_block_nesting_of_100_levels_is_fine() -> None:
    loaded = parse("f.yaml", _block_nesting(100).encode())
    assert loaded.problems == []


def test_block_nesting_deeper_than_100_levels_is_sc001_at_the_node() -> None:
    loaded = parse("f.yaml", _block_nesting(101).encode())
    # level 101 is the mapping that starts at 'x-k100', line 102, column 201
    assert codes_at(loaded) == [("SC001", 102, 201)]
    assert loaded.documents == []


def test_flow_nesting_limit_counts_the_document_mapping_as_level_one() -> None:
    fine = b"svcchain: 1\nx-a: " + b"[" * 99 + b"]" * 99 + b"\n"
    assert parse("f.yaml", fine).problems == []
    too_deep = b"svcchain: 1\nx-a: " + b"[" * 100 + b"]" * 100 + b"\n"
    assert codes_at(parse("f.yaml", too_deep)) == [("SC001", 2, 105)]


@pytest.mark.parametrize("closed", [False, True], ids=["unclosed", "closed"])
def test_100000_open_brackets_are_sc001_without_recursion_error(closed: bool) -> None:
    data = b"[" * 100_000 + (b"]" * 100_000 if closed else b"")
    loaded = within(60, lambda: parse("f.yaml", data))
    assert codes_at(loaded) == [("SC001", 1, 101)]


def test_deep_nesting_through_the_engine(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.yaml", b"svcchain: 1\nx-a: " + b"{a: " * 5000 + b"1" + b"}" * 5000 + b"\n")
    # level 101 is the 100th '{' (the document's mapping is level 1): column 6 + 99 * 4
    assert within(60, lambda: findings([str(path)])) == [(str(path), 2, 402, "SC001")]


def test_depth_limit_is_configurable() -> None:
    text = b"svcchain: 1\npeople: [{id: ann}]\n"
    assert codes_at(parse("f.yaml", text, Limits(max_depth=2))) == [("SC001", 2, 10)]
    assert parse("f.yaml", text, Limits(max_depth=3)).problems == []


def test_file_over_the_size_limit_is_sc001_at_1_1(tmp_path: Path) -> None:
    limits = Limits(max_file_bytes=100)
    exactly = write(tmp_path / "exact.yaml", "svcchain: 1\n" + "#" * 87 + "\n")
    assert exactly.stat().st_size == 100
    assert load_file("exact.yaml", str(exactly), limits).problems == []
    over = write(tmp_path / "over.yaml", "svcchain: 1\n" + "#" * 88 + "\n")
    loaded = load_file("over.yaml", str(over), limits)
    assert codes_at(loaded) == [("SC001", 1, 1)]
    assert loaded.documents == []


# --------------------------------------------------------------------------- what a path can be


def test_a_directory_named_like_a_chain_file_is_walked_as_a_folder(tmp_path: Path) -> None:
    write(tmp_path / "x.yaml" / "inner.yaml", CLEAN_ORG)
    found = discover([str(tmp_path)])
    assert [ref.display for ref in found.files] == [f"{tmp_path}/x.yaml/inner.yaml"]
    assert findings([str(tmp_path)]) == []
    assert findings([str(tmp_path / "x.yaml")]) == []


def test_a_broken_symlink_is_sc001_and_the_check_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "b-org.yaml", CLEAN_ORG)
    try:
        os.symlink(tmp_path / "missing.yaml", tmp_path / "a-link.yaml")
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    report = check(discover([str(tmp_path)]).files)
    assert [(f.file, f.line, f.column, f.rule) for f in report.findings] == [(f"{tmp_path}/a-link.yaml", 1, 1, "SC001")]
    assert report.files == 2
    assert "ops" in report.model.teams


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_like_a_chain_file_is_sc001_and_does_not_hang(tmp_path: Path) -> None:
    try:
        os.mkfifo(tmp_path / "x.yaml")
    except OSError as exc:
        pytest.skip(f"cannot create a FIFO here: {exc}")
    write(tmp_path / "y.yaml", CLEAN_ORG)
    found = within(30, lambda: findings([str(tmp_path)]))
    assert found == [(f"{tmp_path}/x.yaml", 1, 1, "SC001")]
    # also when named explicitly
    assert within(30, lambda: findings([str(tmp_path / "x.yaml")])) == [(f"{tmp_path}/x.yaml", 1, 1, "SC001")]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_sc001(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.yaml", CLEAN_ORG)
    path.chmod(0)
    try:
        assert findings([str(path)]) == [(str(path), 1, 1, "SC001")]
    finally:
        path.chmod(0o644)


# --------------------------------------------------------------------------- documents


def test_multi_document_file_keeps_positions_per_document() -> None:
    text = "svcchain: 1\npeople:\n  - id: ann\n---\nsvcchain: 1\npeople:\n  - id: bob\n    name: Bob\n"
    loaded = parse("f.yaml", text.encode())
    assert loaded.problems == []
    assert [doc.origin.index for doc in loaded.documents] == [0, 1]
    first, second = (doc.origin.source for doc in loaded.documents)
    assert first.locate(("people", 0, "id")) == Span(3, 9)
    assert second.locate(("people", 0, "id")) == Span(7, 9)
    assert second.locate(("people", 0, "name")) == Span(8, 11)


def test_multi_document_files_merge_into_one_model(tmp_path: Path) -> None:
    path = write(tmp_path / "org.yaml", "svcchain: 1\npeople: [{id: ann}]\n---\nsvcchain: 1\npeople: [{id: bob}]\n")
    report = check([FileRef(str(path), str(path))])
    assert set(report.model.people) == {"ann", "bob"}
    assert report.findings == []


def test_empty_documents_are_not_kept_and_a_file_without_documents_says_so() -> None:
    loaded = parse("f.yaml", b"---\n---\nsvcchain: 1\n---\n")
    assert len(loaded.documents) == 1
    assert not loaded.no_document
    only_comments = parse("f.yaml", b"# nothing here\n")
    assert only_comments.documents == [] and only_comments.no_document
    empty = parse("f.yaml", b"")
    assert empty.documents == [] and empty.no_document


def test_x_keys_are_parsed_but_not_kept_in_the_data() -> None:
    loaded = parse("f.yaml", b"svcchain: 1\nx-note: {a: [1, 2]}\npeople: [{id: ann, x-phone: '1'}]\n")
    assert loaded.documents[0].data == {"svcchain": 1, "people": [{"id": "ann"}]}


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    text = (
        "svcchain: 1\n"
        "x-base: &base {owner: ops, result: Base result}\n"
        "x-more: &more {result: More result, measures: [{name: m}]}\n"
        "services:\n"
        "  - id: s\n"
        "    links:\n"
        "      - <<: [*base, *more]\n"
        "        id: l\n"
        "        owner: team\n"
    )
    loaded = parse("f.yaml", text.encode())
    assert loaded.problems == []
    link = loaded.documents[0].data["services"][0]["links"][0]
    assert link == {"id": "l", "owner": "team", "result": "Base result", "measures": [{"name": "m"}]}


def test_merge_of_a_scalar_is_sc001() -> None:
    loaded = parse("f.yaml", b"svcchain: 1\nx-a: &a text\npeople:\n  - <<: *a\n    id: ann\n")
    # docs/format.md does not say whether at the '<<' key (4:5) or its value (4:7)
    assert [(code, line) for code, line, _ in codes_at(loaded)] == [("SC001", 4)]
    assert codes_at(loaded)[0][2] in (5, 7)


# --------------------------------------------------------------------------- the source map

SOURCE = """\
svcchain: 1
people:
  - id: ann
    name: Ann
services:
  - id: mail
    owner: ann
    links:
      - id: deliver
        after: [accept, dns/resolve]
        delivers:
          - inbox
          - archive
      - {id: accept, owner: ann}
"""


@pytest.fixture(scope="module")
def source() -> Any:
    loaded = parse("f.yaml", SOURCE.encode())
    assert loaded.problems == []
    return loaded.documents[0].origin.source


@pytest.mark.parametrize(
    "path, span",
    [
        ((), Span(1, 1)),  # the document's mapping
        (("svcchain",), Span(1, 11)),
        (("people",), Span(3, 3)),  # a block sequence starts at its first '-'
        (("people", 0), Span(3, 5)),  # a list item: the mapping after '- '
        (("people", 0, "id"), Span(3, 9)),
        (("people", 0, "name"), Span(4, 11)),
        (("services", 0, "owner"), Span(7, 12)),
        (("services", 0, "links", 0, "after"), Span(10, 16)),  # a flow sequence at its '['
        (("services", 0, "links", 0, "after", 0), Span(10, 17)),
        (("services", 0, "links", 0, "after", 1), Span(10, 25)),
        (("services", 0, "links", 0, "delivers", 0), Span(12, 13)),
        (("services", 0, "links", 0, "delivers", 1), Span(13, 13)),
        (("services", 0, "links", 1), Span(14, 9)),  # a flow mapping at its '{'
        (("services", 0, "links", 1, "owner"), Span(14, 29)),
    ],
)
def test_locate_values(source: Any, path: tuple, span: Span) -> None:
    assert source.locate(path) == span


@pytest.mark.parametrize(
    "path, span",
    [
        (("svcchain",), Span(1, 1)),
        (("people",), Span(2, 1)),
        (("people", 0, "name"), Span(4, 5)),
        (("services", 0, "links", 0, "delivers"), Span(11, 9)),
        (("services", 0, "links", 1, "owner"), Span(14, 22)),
    ],
)
def test_locate_keys(source: Any, path: tuple, span: Span) -> None:
    assert source.locate_key(path) == span


@pytest.mark.parametrize(
    "path, span",
    [
        (("people", 0, "role"), Span(3, 5)),  # a missing field: the mapping that lacks it
        (("services", 0, "customer"), Span(6, 5)),
        (("services", 0, "customer", "needs", 0, "id"), Span(6, 5)),  # the deepest node that exists
        (("services", 0, "links", 1, "result"), Span(14, 9)),
        (("services", 0, "links", 0, "delivers", 5), Span(12, 11)),  # past the end of a list: the list
        (("services", 0, "owner", "id"), Span(7, 12)),  # below a scalar: the scalar
        (("teams", 0), Span(1, 1)),  # a missing section: the document
    ],
)
def test_locate_missing_nodes(source: Any, path: tuple, span: Span) -> None:
    assert source.locate(path) == span


def test_locate_key_of_a_list_item_or_missing_key_falls_back_to_the_node(source: Any) -> None:
    assert source.locate_key(("people", 0)) == Span(3, 5)
    assert source.locate_key(("people", 0, "role")) == Span(3, 5)


def test_positions_count_characters_not_bytes() -> None:
    loaded = parse("f.yaml", "svcchain: 1\npeople: [{name: Zoë Ünal, id: ann}, {name: 😀, id: bob}]\n".encode())
    source = loaded.documents[0].origin.source
    assert source.locate(("people", 0, "id")) == Span(2, 31)
    assert source.locate(("people", 1, "id")) == Span(2, 51)  # one column for the emoji


def test_alias_of_a_scalar_points_at_the_alias() -> None:
    loaded = parse("f.yaml", b"svcchain: 1\nx-a: &who ann\nservices:\n  - id: s\n    owner: *who\n")
    source = loaded.documents[0].origin.source
    assert loaded.documents[0].data["services"][0]["owner"] == "ann"
    assert source.locate(("services", 0, "owner")) == Span(5, 12)
