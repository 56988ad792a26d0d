"""The hostile-input suite: one test per attack, each with the bound it proves.

svcchain runs in CI on pull requests, so it reads files written by anyone who
can open one.  Every test here writes one hostile input next to the good
bystander file (``support.GOOD``) and asserts three things:

- the hostile input becomes a finding (or a clear message) at the right place;
- the check stays within a wall-time and a memory bound, measured in a fresh
  process (``support.probe``: ``time.perf_counter`` around the check,
  the growth of the peak resident memory over a warmed-up interpreter);
- the rest of the repository is still checked (the bystander's one finding
  is there and its service is in the model).

The bounds are robustness bounds - "no hang, no blow-up" - set generously
above what we measure (see SECURITY.md), not performance benchmarks.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.loader import Limits, parse
from svcchain.settings import Settings

from .support import (
    assert_good_checked,
    assert_no_crash,
    check_folder,
    deadline,
    findings_in,
    probe,
    run_cli,
    write_good,
)

#: Default robustness bounds: seconds of wall time and MB of peak memory growth.
SECONDS = 5
MEGABYTES = 64


def chains(tmp_path: Path) -> Path:
    folder = tmp_path / "chains"
    write_good(folder)
    return folder


# --------------------------------------------------------------------------- alias bombs


def _laughs(levels: int = 9, width: int = 10, key: str = "x-lol") -> str:
    """The billion laughs: each level aliases the previous one ``width`` times."""
    lines = [f"{key}0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        items = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"{key}{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def _first_alias_over_limit(text: str, limit: int = 100_000) -> tuple[int, int]:
    """Where expansion first passes ``limit`` nodes: an independent count over the text."""
    sizes: dict[str, int] = {}
    expanded = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if "&a" not in line:
            continue
        name = line.split("&", 1)[1].split()[0]
        size = 1
        column = line.index("[") + 2
        for item in line[line.index("[") + 1 : line.rindex("]")].split(", "):
            if item.startswith("*"):
                expanded += sizes[item[1:]]
                if expanded > limit:
                    return number, column
                size += sizes[item[1:]]
            else:
                size += 1
            column += len(item) + 2
        sizes[name] = size
    raise AssertionError("no alias passes the limit")


@pytest.mark.parametrize("where", ["x-key", "chain-data"])
def test_billion_laughs_stops_at_the_alias_limit(tmp_path, where):
    """10^9 nodes by aliases: SC001 at the alias that passes 100,000 expanded nodes."""
    folder = chains(tmp_path)
    bomb = _laughs(key="x-lol")
    if where == "x-key":  # inside metadata svcchain otherwise ignores
        text = "svcchain: 1\n" + bomb
        offset = 1
    else:  # inside the data the checker models
        text = "svcchain: 1\npeople:\n  - id: lol\n    name: lol\n    x-all:\n" + "".join(
            "      " + line + "\n" for line in bomb.splitlines()
        )
        offset = 5
    (folder / "bomb.yaml").write_text(text, encoding="utf-8")
    line, column = _first_alias_over_limit(bomb)
    result = probe(folder)
    where_found = result.at("bomb.yaml")
    assert where_found == [("SC001", line + offset, column + (6 if offset == 5 else 0))], where_found
    assert "alias" in result.messages("bomb.yaml")[0]
    result.assert_within(SECONDS, MEGABYTES)
    result.assert_good_checked()


def test_alias_bomb_through_merge_keys(tmp_path):
    """``<<: [*a, *a, ...]`` multiplies like a list of aliases and is bounded the same way."""
    folder = chains(tmp_path)
    lines = ["svcchain: 1", "x-m0: &m0 {" + ", ".join(f"k{i}: v" for i in range(10)) + "}"]
    for level in range(1, 9):
        refs = ", ".join([f"*m{level - 1}"] * 10)
        lines.append(f"x-m{level}: &m{level}")
        lines.append(f"  <<: [{refs}]")
        lines.append(f"  own{level}: 1")
    (folder / "merge.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = probe(folder)
    found = result.at("merge.yaml")
    assert [rule for rule, _, _ in found] == ["SC001"] and "alias" in result.messages("merge.yaml")[0]
    result.assert_within(SECONDS, MEGABYTES)
    result.assert_good_checked()


def test_aliases_under_the_limit_are_fine(tmp_path):
    """The limit is a bound, not a ban: anchors and aliases in normal use load."""
    folder = chains(tmp_path)
    text = (
        "svcchain: 1\nx-base: &base {kind: explicit}\nx-list: &list ["
        + ", ".join(["a"] * 1000)
        + "]\n"
        + "".join(f"x-use{i}: *list\n" for i in range(90))
    )  # 90,000 + nodes, under 100,000
    (folder / "aliases.yaml").write_text(text, encoding="utf-8")
    report = check_folder(folder)
    assert findings_in(report, "aliases.yaml") == []
    assert_good_checked(report)


# --------------------------------------------------------------------------- size


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    """Over the 10 MB default: SC001 at 1:1 from the file's size alone (memory stays flat)."""
    folder = chains(tmp_path)
    chunk = b"x-filler: " + b"a" * 1013 + b"\n"  # 1 KiB lines of valid YAML
    with open(folder / "huge.yaml", "wb") as out:
        out.write(b"svcchain: 1\n")
        for _ in range(50 * 1024):
            out.write(chunk)
    result = probe(folder)
    assert result.at("huge.yaml") == [("SC001", 1, 1)]
    assert "over the limit of 10,485,760" in result.messages("huge.yaml")[0]
    result.assert_within(2, 16)  # 16 MB: far less than the file, so it was not read
    result.assert_good_checked()


def test_the_size_limit_is_configurable_through_limits(tmp_path):
    folder = chains(tmp_path)
    (folder / "small.yaml").write_text("svcchain: 1\n" + "".join(f"x-{i}: 1\n" for i in range(200)), encoding="utf-8")
    assert findings_in(check_folder(folder), "small.yaml") == []
    report = check_folder(folder, limits=Limits(max_file_bytes=1000))
    assert findings_in(report, "small.yaml") == [("SC001", 1, 1)]
    assert_good_checked(report)


# --------------------------------------------------------------------------- nesting

_N = 100_000
NESTING = {
    # name: (text, (line, column) of the first node deeper than 100 levels)
    "block-sequences": ("svcchain: 1\nx-deep:\n  " + "- " * _N + "end\n", (3, 3 + 2 * 99)),
    "block-mappings": (
        "svcchain: 1\nx-deep:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(2000)),
        (3 + 99, 2 + 99),
    ),
    "flow-sequences": ("svcchain: 1\nx-deep: " + "[" * _N + "]" * _N + "\n", (2, 9 + 99)),
    "flow-mappings": ("svcchain: 1\nx-deep: " + "{a: " * _N + "b" + "}" * _N + "\n", (2, 9 + 4 * 99)),
    "in-chain-data": (
        "svcchain: 1\nservices:\n  - id: s\n    links:\n      - id: l\n        x-deep: " + "[" * _N + "]" * _N + "\n",
        (6, 17 + 95),
    ),
}


@pytest.mark.parametrize("kind", sorted(NESTING))
def test_100000_levels_of_nesting(tmp_path, kind):
    """Deeper than 100 levels: SC001 at the first node that is too deep, in bounded time."""
    text, where = NESTING[kind]
    folder = chains(tmp_path)
    (folder / "deep.yaml").write_text(text, encoding="utf-8")
    result = probe(folder)
    assert result.at("deep.yaml") == [("SC001", *where)], result.findings
    assert "nesting is deeper than 100 levels" in result.messages("deep.yaml")[0]
    result.assert_within(SECONDS, MEGABYTES)
    result.assert_good_checked()


def test_deep_flow_after_a_large_prefix_is_located_without_reparsing(tmp_path):
    """libyaml gives up on 1,000 levels of flow read ahead; locating the node must not re-read the file.

    (It once re-parsed everything before it with the pure-Python parser: minutes for a 10 MB file.)
    The position is compared with PyYAML's own streaming parser on the part that matters.
    """
    folder = chains(tmp_path)
    prefix = "svcchain: 1\n" + "".join(f"x-{i}: [a, 'b[', \"c{{\", {{d: e}}]  # [[\n" for i in range(150_000))
    tail = "x-z: [a, ['q[', {'a{': " + "[" * 2000 + "]" * 2000 + "}]]\n"
    (folder / "deep.yaml").write_text(prefix + tail, encoding="utf-8")
    result = probe(folder, timeout=300)
    # the reference: the pure-Python parser, which streams, on the tail alone
    reference = parse("tail.yaml", ("svcchain: 1\n" + tail).encode("utf-8"))
    ((line, column),) = [p.where[1:] for p in reference.problems]
    assert result.at("deep.yaml") == [("SC001", 150_000 + line, column)], result.findings
    result.assert_within(30, 256)
    result.assert_good_checked()


# --------------------------------------------------------------------------- many keys, long lines


def test_a_million_keys_in_one_mapping(tmp_path):
    """1,000,000 keys (12.9 MB, so the size limit is raised): linear, and the one repeat is found."""
    folder = chains(tmp_path)
    with open(folder / "keys.yaml", "wb") as out:
        out.write(b"svcchain: 1\nx-big:\n")
        out.write(b"".join(b"  k%d: 1\n" % i for i in range(1_000_000)))
        out.write(b"  k0: 2\n")  # the only repeated key
    result = probe(folder, limits={"max_file_bytes": 64 * 1024 * 1024}, timeout=600)
    assert result.at("keys.yaml") == [("SC004", 1_000_003, 3)]
    assert "repeats the key at line 3, column 3" in result.messages("keys.yaml")[0]
    result.assert_within(90, 768)  # measured ~7-17 s, ~120 MB: see SECURITY.md
    result.assert_good_checked()


_TEN_MB = 10 * 1024 * 1024 - 64
LONG_LINES = {
    # name: (the line, its finding, seconds, MB)
    "plain-text": (b"x-long: " + b"a" * _TEN_MB + b"\n", None, 20, 256),
    "quoted-text": (b"x-long: '" + b"a" * _TEN_MB + b"'\n", None, 20, 256),
    # too long to read as a number: kept as written (free text takes it; in an x- key it is ignored)
    "digits": (b"x-long: " + b"1" * _TEN_MB + b"\n", None, 20, 256),
    "sexagesimal": (b"x-long: 1" + b":59" * (_TEN_MB // 3) + b"\n", None, 20, 256),  # was quadratic
    "spaces-then-date": (b"x-long: 2001-01-01" + b" " * _TEN_MB + b"x\n", None, 20, 256),
    # 3.5 million items on one line: the heaviest 10 MB we know (measured ~12 s, ~180 MB)
    "flow-list": (b"x-long: [" + b"a, " * (_TEN_MB // 3) + b"]\n", None, 90, 768),
}


@pytest.mark.parametrize("kind", sorted(LONG_LINES))
def test_a_line_of_10_mb(tmp_path, kind):
    """One line just under the 10 MB limit: no regex or number conversion blows up."""
    line, expected, seconds, megabytes = LONG_LINES[kind]
    folder = chains(tmp_path)
    (folder / "long.yaml").write_bytes(b"svcchain: 1\n" + line)
    result = probe(folder, timeout=300)
    assert result.at("long.yaml") == ([expected] if expected else [])
    result.assert_within(seconds, megabytes)
    result.assert_good_checked()


def test_many_documents_in_one_file(tmp_path):
    """100,000 ``---`` documents: linear (each is a document of its own)."""
    folder = chains(tmp_path)
    (folder / "docs.yaml").write_bytes(b"svcchain: 1\n---\n" * 100_000 + b"services: [{id: 7}]\n")
    result = probe(folder, timeout=300)
    assert result.at("docs.yaml") == [("SC002", 200_001, 1), ("SC002", 200_001, 17)]
    result.assert_within(30, 512)
    result.assert_good_checked()


def test_many_suppression_comments_stay_linear(tmp_path):
    """Inline suppressions are found with one pass (they were once quadratic: 84 s for 0.6 MB)."""
    folder = chains(tmp_path)
    # each directive silences nothing (SC005); a decoy inside a quoted value before each is no comment
    body = b"".join(
        b"x-%d: 'v # svcchain: ignore'\nx-%db: v # svcchain: ignore[SC002] reason\n" % (i, i) for i in range(50_000)
    )
    (folder / "comments.yaml").write_bytes(b"svcchain: 1\n" + body)
    result = probe(folder, timeout=300)
    found = result.at("comments.yaml")
    assert len(found) == 50_000 and {rule for rule, _, _ in found} == {"SC005"}
    assert found[0] == ("SC005", 3, 9) and found[-1] == ("SC005", 100_001, len("x-49999b: v ") + 1)
    result.assert_within(60, 512)
    result.assert_good_checked()


# --------------------------------------------------------------------------- bytes and encodings


def test_nul_bytes(tmp_path):
    folder = chains(tmp_path)
    (folder / "nul.yaml").write_bytes(b"svcchain: 1\npeople:\n  - id: a\x00b\n")
    (folder / "nul-quoted.yaml").write_bytes(b"svcchain: 1\nx-a: 'x\x00'\n")
    with deadline(SECONDS):
        report = check_folder(folder)
    assert findings_in(report, "nul.yaml") == [("SC001", 3, 10)]
    assert findings_in(report, "nul-quoted.yaml") == [("SC001", 2, 8)]
    assert "U+0000" in next(f.text for f in report.findings if f.file.endswith("nul.yaml"))
    assert_good_checked(report)


ENCODINGS = {
    "utf-16-with-bom": ("svcchain: 1\npeople:\n  - id: ann\n".encode("utf-16"), (1, 1), "UTF-16"),
    "utf-16-le-no-bom": ("svcchain: 1\n".encode("utf-16-le"), (1, 2), "U+0000"),
    "utf-32": ("svcchain: 1\n".encode("utf-32"), (1, 1), "UTF-32"),
    "latin-1": ("svcchain: 1\npeople:\n  - id: ann\n    name: José\n".encode("latin-1"), (4, 14), "0xE9"),
    "cp1252-quotes": ("svcchain: 1\nx-a: \u201cquoted\u201d\n".encode("cp1252"), (2, 6), "0x93"),
    "overlong-utf8": (b"svcchain: 1\nx-a: \xc0\xaf\n", (2, 6), "0xC0"),
    "lone-surrogate-utf8": (b"svcchain: 1\nx-a: \xed\xa0\x80\n", (2, 6), "0xED"),
}


@pytest.mark.parametrize("kind", sorted(ENCODINGS))
def test_files_that_are_not_utf8(tmp_path, kind):
    """Any encoding but UTF-8 is SC001, at the first bad byte where it can be located."""
    data, where, word = ENCODINGS[kind]
    folder = chains(tmp_path)
    (folder / "encoded.yaml").write_bytes(data)
    with deadline(SECONDS):
        report = check_folder(folder)
    assert findings_in(report, "encoded.yaml") == [("SC001", *where)]
    assert word in next(f.text for f in report.findings if f.file.endswith("encoded.yaml"))
    assert_good_checked(report)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\x85", "\u2028"], ids=["LF", "CRLF", "CR", "NEL", "LS"])
def test_positions_count_every_yaml_line_break(tmp_path, newline):
    """CR, NEL and LS end lines for YAML (and libyaml's marks): byte-level positions must agree."""
    folder = chains(tmp_path)
    head = newline.encode("utf-8").join([b"svcchain: 1", b'x-a: "two', b' lines"', b"x-b: "])
    (folder / "latin.yaml").write_bytes(head + b"caf\xe9")  # Latin-1: not UTF-8
    (folder / "control.yaml").write_bytes(head + b"bell\x07")
    (folder / "syntax.yaml").write_bytes(head + b"@reserved")
    report = check_folder(folder)
    assert findings_in(report, "latin.yaml") == [("SC001", 4, 9)]
    assert findings_in(report, "control.yaml") == [("SC001", 4, 10)]
    assert findings_in(report, "syntax.yaml") == [("SC001", 4, 6)]
    assert_good_checked(report)


def test_a_raised_depth_limit_is_still_bounded_by_libyaml(tmp_path):
    """max-nesting-depth may be raised up to 10,000, but libyaml stops flow nesting at 1,000: SC001, no crash."""
    folder = chains(tmp_path)
    (folder / "deep.yaml").write_text("svcchain: 1\nx-deep: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with deadline(SECONDS):
        report = check_folder(folder, limits=Limits(max_depth=10_000))
    found = findings_in(report, "deep.yaml")
    assert [rule for rule, _, _ in found] == ["SC001"] and found[0][1] == 2
    assert "nesting depth" in next(f.text for f in report.findings if f.file.endswith("deep.yaml"))
    assert_good_checked(report)


def test_a_utf8_bom_is_fine_and_moves_no_position(tmp_path):
    folder = chains(tmp_path)
    text = "svcchain: 1\npeople:\n  - id: ID1\nservices:\n  - id: ID2\n    owner: nobody\n"
    (folder / "plain.yaml").write_text(text.replace("ID", "a"), encoding="utf-8")
    (folder / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("ID", "b").encode("utf-8"))
    report = check_folder(folder)
    assert findings_in(report, "/bom.yaml") == findings_in(report, "/plain.yaml")
    assert ("SC102", 6, 12) in findings_in(report, "/bom.yaml")
    assert_good_checked(report)


def test_tabs(tmp_path):
    """A tab as indentation is SC001 at the tab; a tab inside a value is just text."""
    folder = chains(tmp_path)
    (folder / "tab-indent.yaml").write_text("svcchain: 1\npeople:\n\t- id: ann\n", encoding="utf-8")
    (folder / "tab-value.yaml").write_text('svcchain: 1\npeople:\n  - id: bob\n    name: "Bob\tB."\n', encoding="utf-8")
    report = check_folder(folder)
    assert findings_in(report, "tab-indent.yaml") == [("SC001", 3, 1)]
    assert findings_in(report, "tab-value.yaml") == []
    assert_good_checked(report)


# --------------------------------------------------------------------------- nothing executes


def _payloads(marker: Path) -> dict[str, str]:
    command = f"touch {marker}"
    return {
        "apply-os-system": f"x-a: !!python/object/apply:os.system [{command!r}]\n",
        "apply-subprocess": f"x-a: !!python/object/apply:subprocess.check_call [[touch, {str(marker)!r}]]\n",
        "new-object": f"x-a: !!python/object/new:subprocess.Popen [[touch, {str(marker)!r}]]\n",
        "object-state": "x-a: !!python/object:os.PathLike {a: 1}\n",
        "name": "x-a: !!python/name:os.system\n",
        "module": "x-a: !!python/module:os\n",
        "verbatim": f"x-a: !<tag:yaml.org,2002:python/object/apply:os.system> [{command!r}]\n",
        "tag-directive": f"%TAG !! tag:yaml.org,2002:python/object/apply:\n---\nx-a: !!os.system [{command!r}]\n",
        "local-tag": "x-a: !shell 'rm -rf /'\n",
        "on-a-key": f"? !!python/object/apply:os.system [{command!r}]\n: value\n",
        "on-the-root": f"--- !!python/object/apply:os.system [{command!r}]\n",
        "in-an-owner": f"services:\n  - id: s\n    owner: !!python/object/apply:os.system [{command!r}]\n",
    }


def _tag_line(text: str) -> tuple[int, int]:
    """Line and column of the first tag ('!') in ``text`` (outside the %TAG directive)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("%"):
            continue
        if "!" in line:
            return number, line.index("!") + 1
    raise AssertionError(text)


@pytest.mark.parametrize("kind", sorted(_payloads(Path("m"))))
def test_tags_never_execute(tmp_path, kind):
    """Tags outside the core schema are SC001 at the tag; no payload runs (a marker would appear)."""
    marker = tmp_path / "EXECUTED"
    text = _payloads(marker)[kind]
    body = text if text.startswith(("%", "---")) else "svcchain: 1\n" + text
    folder = chains(tmp_path)
    (folder / "payload.yaml").write_text(body, encoding="utf-8")
    with deadline(SECONDS):
        report = check_folder(folder)
    found = findings_in(report, "payload.yaml")
    assert found == [("SC001", *_tag_line(body))], found
    assert "not allowed" in next(f.text for f in report.findings if f.file.endswith("payload.yaml"))
    assert not marker.exists(), "a YAML tag executed code"
    assert_good_checked(report)


def test_tag_payloads_through_the_real_command_line(tmp_path):
    """All the payloads at once, through ``python -m svcchain check`` in every output format."""
    marker = tmp_path / "EXECUTED"
    folder = chains(tmp_path)
    for index, (kind, text) in enumerate(sorted(_payloads(marker).items())):
        body = text if text.startswith(("%", "---")) else "svcchain: 1\n" + text
        (folder / f"payload-{index:02d}-{kind}.yaml").write_text(body, encoding="utf-8")
    done = run_cli("check", "chains", "--format", "json", cwd=tmp_path)
    assert_no_crash(done)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["file"], []).append(finding["rule"])
    assert all(
        by_file.get(f"chains/payload-{i:02d}-{k}.yaml") == ["SC001"] for i, k in enumerate(sorted(_payloads(marker)))
    )
    assert not marker.exists(), "a YAML tag executed code"


def test_binary_values_are_not_taken_for_text(tmp_path):
    """``!!binary`` is a core tag, but bytes are no id: SC002, not a service silently dropped."""
    folder = chains(tmp_path)
    (folder / "binary.yaml").write_text(
        "svcchain: 1\nservices:\n  - id: !!binary c2VydmljZQ==\n    owner: gina\n", encoding="utf-8"
    )
    report = check_folder(folder)
    assert findings_in(report, "binary.yaml") == [("SC002", 3, 9)]
    assert "binary data" in next(f.text for f in report.findings if f.file.endswith("binary.yaml"))
    assert_good_checked(report)


BAD_SCALARS = {
    "invalid-date": ("x-a: 2024-13-45\n", None, ""),  # a day that does not exist is a value (SC002 where it matters)
    "year-zero": ("x-a: 0000-01-01\n", None, ""),
    "huge-integer-key": ("? " + "9" * 5000 + "\n: v\n", None, ""),
    "huge-integer-in-data": ("people:\n  - id: " + "1" * 5000 + "\n", None, ""),
    "long-sexagesimal": ("x-a: 1" + ":59" * 5000 + "\n", None, ""),
    "long-float": ("x-a: 1." + "5" * 5000 + "\n", None, ""),
    "short-sexagesimal": ("x-a: 1:20:30\nx-b: 190:20:30.15\n", None, ""),
    "long-text-is-text": ("people:\n  - id: a" + "1" * 5000 + "\n", None, ""),
    "tagged-empty-int": ("x-a: !!int\n", (2, 6), "invalid !!int"),
    "tagged-bad-float": ("x-a: !!float abc\n", (2, 6), "invalid !!float"),
    "tagged-bad-bool": ("x-a: !!bool maybe\n", (2, 6), "invalid !!bool"),
    "tagged-bad-binary": ("x-a: !!binary '%%%'\n", None, ""),
    "tagged-bad-timestamp": ("x-a: !!timestamp 2024-02-30\n", (2, 6), "invalid !!timestamp"),
    "huge-tagged-int": ("x-a: !!int " + "7" * 100_000 + "\n", (2, 6), "invalid !!int"),
    "huge-float": ("x-a: 1e99999\nx-b: -.inf\nx-c: .NaN\n", None, ""),
}


@pytest.mark.parametrize("kind", sorted(BAD_SCALARS))
def test_values_that_cannot_be_built(tmp_path, kind):
    """Tagged values that fail to convert: SC001 at the value, never a crash.  Plain scalars YAML reads as a
    date or number that cannot be built (a day that does not exist, a number of 5,000 digits) are values:
    SC002 where a string or a date is wanted, text as written in free text, nothing in ``x-`` keys."""
    text, where, word = BAD_SCALARS[kind]
    folder = chains(tmp_path)
    (folder / "scalar.yaml").write_text("svcchain: 1\n" + text, encoding="utf-8")
    with deadline(SECONDS):
        report = check_folder(folder)
    found = findings_in(report, "scalar.yaml")
    if where is None:
        assert all(rule != "SC001" or kind == "tagged-bad-binary" for rule, _, _ in found), found
    else:
        assert found == [("SC001", *where)], found
        assert word in next(f.text for f in report.findings if f.file.endswith("scalar.yaml"))
    assert_good_checked(report)


# --------------------------------------------------------------------------- the file system


def test_a_symlink_loop(tmp_path):
    folder = chains(tmp_path)
    os.symlink("loop.yaml", folder / "loop.yaml")
    os.symlink("b.yaml", folder / "a.yaml")
    os.symlink("a.yaml", folder / "b.yaml")
    os.symlink(".", folder / "again")  # a folder that contains itself
    result = probe(folder)
    assert result.at("/loop.yaml") == [("SC001", 1, 1)]
    assert result.at("/a.yaml") == [("SC001", 1, 1)] and result.at("/b.yaml") == [("SC001", 1, 1)]
    assert "symbolic links" in result.messages("/loop.yaml")[0]
    result.assert_within(SECONDS, MEGABYTES)
    result.assert_good_checked()


def test_symlinks_out_of_the_tree_are_not_followed(tmp_path):
    """A link in a pull request must not make the check read (and quote) files of the CI machine."""
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("svcchain: 1\nTOP-SECRET-TOKEN: 1\n", encoding="utf-8")
    folder = chains(tmp_path)
    os.symlink(secret, folder / "leak.yaml")
    os.symlink(secret.parent, folder / "leaks")
    os.symlink("/etc/passwd", folder / "passwd.yaml")
    os.symlink("good.yaml", folder / "inside.yaml")  # a link that stays inside: read (once)
    result = probe(folder)
    assert result.at("/leak.yaml") == [("SC001", 1, 1)]
    assert result.at("/leaks") == [("SC001", 1, 1)]
    assert result.at("/passwd.yaml") == [("SC001", 1, 1)]
    assert "leads out of the folder" in result.messages("/leak.yaml")[0]
    assert not any("TOP-SECRET" in finding[4] for finding in result.findings)
    assert result.files == 1  # good.yaml, read once although inside.yaml names it too
    result.assert_good_checked()
    # named on the command line, a link out of the repository still needs --follow (issue 12, item 9)
    named = check_folder(folder, folder / "leak.yaml")
    assert not any("TOP-SECRET-TOKEN" in f.text for f in named.findings)
    assert any(f.rule == "SC001" and "through a symbolic link" in f.text for f in named.findings)
    found = discover([str(folder), str(folder / "leak.yaml")], follow=True)
    followed = check(found.files, Settings(), found.problems())
    assert any("TOP-SECRET-TOKEN" in f.text for f in followed.findings)


def test_a_fifo_named_like_a_chain_file_does_not_block(tmp_path):
    folder = chains(tmp_path)
    os.mkfifo(folder / "x.yaml")
    for args in (["check", "chains"], ["check", "chains/x.yaml", "chains/good.yaml"]):
        done = run_cli(*args, cwd=tmp_path, timeout=30)  # a blocking open would hang here
        assert_no_crash(done)
        assert b"chains/x.yaml:1:1: SC001" in done.stdout and b"not a regular file" in done.stdout
        assert b"chains/good.yaml:14:16: SC105" in done.stdout
    result = probe(folder)
    assert result.at("/x.yaml") == [("SC001", 1, 1)]
    result.assert_within(SECONDS, MEGABYTES)


def _permissions_bite(path: Path) -> bool:
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return True


def test_an_unreadable_file(tmp_path):
    folder = chains(tmp_path)
    locked = folder / "locked.yaml"
    locked.write_text("svcchain: 1\n", encoding="utf-8")
    locked.chmod(0)
    try:
        if not _permissions_bite(locked):
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reading")
        report = check_folder(folder)
        assert findings_in(report, "locked.yaml") == [("SC001", 1, 1)]
        assert "Permission denied" in next(f.text for f in report.findings if f.file.endswith("locked.yaml"))
        assert_good_checked(report)
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_an_unreadable_folder(tmp_path):
    folder = chains(tmp_path)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.yaml").write_text("svcchain: 1\n", encoding="utf-8")
    locked.chmod(0)
    try:
        try:
            os.listdir(locked)
            pytest.skip("running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop reading")
        except PermissionError:
            pass
        report = check_folder(folder)
        assert findings_in(report, "/locked") == [("SC001", 1, 1)]
        assert_good_checked(report)
    finally:
        locked.chmod(stat.S_IRWXU)


AWKWARD_NAMES = [
    "with spaces.yaml",
    "ünïcödé-名前.yaml",
    "$(touch EXECUTED).yaml",
    "`touch EXECUTED`; rm -rf x.yaml",
    "'quote\"s & <pipes> | ;.yaml",
    "-rf.yaml",
    "new\nline.yaml",
    "esc\x1b[31mape.yaml",
    "right\u202eto-left.yaml",
]


@pytest.mark.parametrize("encoding", ["C.UTF-8", "C"])
def test_awkward_paths(tmp_path, encoding):
    """Spaces, unicode, shell metacharacters, control characters and undecodable bytes in names.

    Through the real command line (nothing is passed to a shell), in text and JSON: every
    file is checked, named with its unprintable characters escaped, and the output is
    valid UTF-8 whatever the locale (an undecodable file name once crashed the output).
    """
    folder = chains(tmp_path)
    names = [*AWKWARD_NAMES, os.fsdecode(b"bytes-\xff\xfe.yaml")]
    for name in names:
        with open(
            os.path.join(os.fsencode(folder), os.fsencode(name if name.endswith(".yaml") else name + ".yaml")),
            "w",
            encoding="utf-8",
        ) as out:
            out.write("svcchain: 1\nmystery: 1\n")
    env = {"LC_ALL": encoding, "PYTHONIOENCODING": "utf-8" if encoding == "C.UTF-8" else ""}
    text = run_cli("check", "chains", cwd=tmp_path, env=env)
    assert_no_crash(text)
    done = run_cli("check", "chains", "--format", "json", cwd=tmp_path, env=env)
    assert_no_crash(done)
    out = done.stdout.decode("utf-8")  # valid UTF-8, or this raises
    report = json.loads(out)
    unknown = [f["file"] for f in report["findings"] if f["rule"] == "SC002"]
    assert len(unknown) == len(names)
    for file in unknown:
        assert not any(
            ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u202e" or 0xD800 <= ord(c) < 0xE000 for c in file
        ), file
    assert "chains/bytes-\\xff\\xfe.yaml" in unknown and "chains/new\\nline.yaml" in unknown
    assert "chains/ünïcödé-名前.yaml" in unknown and "chains/$(touch EXECUTED).yaml" in unknown
    for stream in (text.stdout, done.stdout):
        assert b"\x1b" not in stream and "\u202e".encode() not in stream
        stream.decode("utf-8")
    assert not (tmp_path / "EXECUTED").exists() and not (tmp_path / "chains" / "EXECUTED").exists()
    assert b"chains/good.yaml:14:16: SC105" in text.stdout


def test_ten_thousand_files_in_one_folder(tmp_path):
    folder = chains(tmp_path)
    for index in range(10_000):
        (folder / f"person-{index:05d}.yaml").write_text(
            f"svcchain: 1\npeople:\n  - id: person-{index}\n", encoding="utf-8"
        )
    (folder / "person-09999.yaml").write_text("svcchain: 1\npeople:\n  - id: person-0\n", encoding="utf-8")
    result = probe(folder, timeout=300)
    assert result.files == 10_001
    assert result.at("person-09999.yaml") == [("SC003", 3, 9)]  # the one repeat, in the last file
    result.assert_within(60, 512)
    result.assert_good_checked()


# --------------------------------------------------------------------------- what reaches the output


def test_control_characters_never_reach_the_output(tmp_path):
    """Terminal escapes, CI workflow commands and bidi overrides from YAML are shown escaped."""
    folder = chains(tmp_path)
    (folder / "escapes.yaml").write_text(
        "svcchain: 1\n"
        '"\\e]0;pwned\\a\\e[2J": 1\n'
        '"x\\n::error file=good.yaml,line=1::forged": 1\n'
        "services:\n"
        "  - id: s\n"
        '    owner: "\\u202egnp.exe\\x9b31m\\0"\n',
        encoding="utf-8",
    )
    for fmt in ("text", "json"):
        done = run_cli("check", "chains", "--format", fmt, cwd=tmp_path)
        assert_no_crash(done)
        out = done.stdout.decode("utf-8")
        assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in out)
        assert not any(line.startswith("::") for line in out.splitlines())
        assert "\\x1b]0;pwned\\x07\\x1b[2J" in out.replace("\\\\", "\\")
        assert "chains/good.yaml" in out


def test_view_commands_stay_bounded_on_a_path_explosion(tmp_path):
    """A lattice of 40 links has 2^20 paths to the need: every view still answers quickly."""
    folder = chains(tmp_path)
    lines = [
        "svcchain: 1",
        "people:",
        "  - id: ann",
        "  - id: bob",
        "teams:",
        "  - id: ops",
        "    members: [ann, bob]",
        "    facilitator: ann",
        "services:",
        "  - id: lattice",
        "    owner: ann",
        "    customer:",
        "      needs:",
        "        - id: need",
        "    links:",
    ]
    for level in range(20):
        for side in "ab":
            after = [] if level == 0 else [f"l{level - 1}a", f"l{level - 1}b"]
            lines += [
                f"      - id: l{level}{side}",
                "        owner: ops",
                "        result: done",
                "        measures: [{name: m}]",
                f"        after: [{', '.join(after)}]",
            ]
            if level == 19:
                lines.append("        delivers: [need]")
    (folder / "lattice.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (
        ["trace", "lattice", "chains"],
        ["trace", "lattice", "chains", "--format", "json"],
        ["show", "lattice", "chains"],
        ["impact", "ops", "chains"],
        ["impact", "--all", "chains"],
        ["graph", "lattice", "chains"],
        ["owners", "chains"],
        ["report", "chains"],
    ):
        done = run_cli(*args, cwd=tmp_path, timeout=60)
        assert_no_crash(done)
        assert done.returncode == 0, (args, done.stderr[-500:])
