"""The formats of ``svcchain diff``: the JSON contract (golden), the pull-request comment, annotations, text.

Regenerate the golden files after an intended change, then review the diff:

    SVCCHAIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_diff_output.py -n 0
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from diff_support import NETWORK, ORG, Repo, diff, make_repo

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SVCCHAIN_UPDATE_GOLDEN") == "1"
LINK_BASE = "https://github.com/acme/chains/blob/0123abc/"

#: The second revision of the golden scenario: an owner change, a removed link that leaves a need
#: unmet, a new link nobody owns, a new deputy (below), a new facilitator and a known gap fixed.
#: Two teams of two: which one owns a link changes nothing about who the chain rests on.
ORG2 = ORG.replace(
    "teams:\n", "  - {id: hanna}\n  - {id: ivo}\nteams:\n  - {id: finance, members: [hanna, ivo], facilitator: gert}\n"
)
CHANGED = (
    NETWORK.replace("    owner: dana\n", "    owner: gert\n")
    .replace("      - id: network\n        owner: network-ops\n", "      - id: network\n        owner: finance\n")
    .replace(NETWORK[NETWORK.index("      - id: billing") :], "")
    + "      - id: support\n        result: Questions answered within a day\n"
    '        measures: [{name: answered, target: ">= 95%"}]\n        delivers: [connectivity]\n'
)


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; see the module's doc to regenerate"


@pytest.fixture
def scenario(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Repo, str, str]:
    repo = make_repo(
        tmp_path / "repo", {"chains/org.yaml": ORG2, "chains/network.yaml": NETWORK.replace("dana", "ghost", 1)}
    )
    repo.git("tag", "v1")
    repo.write(
        "chains/network.yaml",
        CHANGED.replace("delivers: [connectivity]\n", "delivers: [connectivity]\n        deputy: fatima\n", 1),
    )
    repo.write("chains/org.yaml", ORG2.replace("facilitator: gert\n", "facilitator: dana\n", 1))
    repo.git("add", "-A")
    repo.commit("the change")
    repo.git("tag", "v2")
    monkeypatch.chdir(repo.path)
    return repo, repo.git("rev-parse", "v1").strip(), repo.git("rev-parse", "v2").strip()


def _normalised(text: str, *commits: str) -> str:
    for commit in commits:
        text = text.replace(commit, "<commit>").replace(commit[:12], "<commit>")
    return text


def test_json_golden(scenario: tuple[Repo, str, str]) -> None:
    _, first, second = scenario
    result = diff("v1", "v2", "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert (data["base"]["commit"], data["head"]["commit"]) == (first, second)
    _golden("diff.json", _normalised(result.stdout, first, second))


def test_markdown_golden_and_output_file(scenario: tuple[Repo, str, str], tmp_path: Path) -> None:
    _, first, second = scenario
    result = diff("v1", "v2", "--format", "markdown", "--link-base", LINK_BASE)
    assert result.exit_code == 1, result.stderr
    _golden("diff.md", _normalised(result.stdout, first, second))
    written = tmp_path / "comment.md"
    assert diff("v1", "v2", "-o", str(written), "--link-base", LINK_BASE).exit_code == 1  # the suffix picks markdown
    assert written.read_text(encoding="utf-8") == result.stdout


def test_text_output(scenario: tuple[Repo, str, str]) -> None:
    _, first, second = scenario
    result = diff("v1", "v2")
    assert result.exit_code == 1
    _golden("diff.txt", _normalised(result.stdout, first, second))


def test_github_annotations_are_for_new_findings_only(scenario: tuple[Repo, str, str]) -> None:
    result = diff("v1", "v2", "--format", "github")
    lines = result.stdout.splitlines()
    data = json.loads(diff("v1", "v2", "--format", "json").stdout)
    assert len(lines) == len(data["new_findings"]) + 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert all("(new in this change)" in line for line in lines[:-1])
    assert "SC102" not in result.stdout  # the fixed one ('ghost') is no annotation
    assert lines[-1].startswith("svcchain diff: ") and "1 fixed" in lines[-1]


def test_the_bad_link_base_is_a_usage_error(scenario: tuple[Repo, str, str]) -> None:
    result = diff("v1", "v2", "--format", "markdown", "--link-base", "javascript:alert(1)")
    assert result.exit_code == 2 and "--link-base" in result.stderr


# --------------------------------------------------------------------------- hostile names

HOSTILE_OWNER = "@dana <img src=x onerror=alert(1)> ![i](https://evil.example/p.png) #1 _x_ `c` \x1b[31m"
HOSTILE_LINK_OWNER = "x|y](https://evil.example) [z](javascript:alert(1)) @octo-org/team www.evil.example"
HOSTILE_FILE = "chains/<b>@dana</b> |[x](https:evil)|.yaml"


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = make_repo(tmp_path / "repo")
    repo.edit("chains/network.yaml", "    owner: dana\n", f"    owner: {json.dumps(HOSTILE_OWNER)}\n")
    repo.edit(
        "chains/network.yaml",
        "      - id: billing\n        owner: network-ops\n",
        f"      - id: billing\n        owner: {json.dumps(HOSTILE_LINK_OWNER)}\n",
    )
    repo.write(HOSTILE_FILE, "svcchain: 1\nservices: [\n")  # a new file that cannot be read
    monkeypatch.chdir(repo.path)
    return repo


ALLOWED_HTML = {
    "<!-- svcchain-diff -->",
    "<details>",
    "<summary>Details: links, owners, teams, fixed findings</summary>",
    "</details>",
    "<br>",
}


def _tokens(text: str):  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for token in parser.parse(text):
        yield token
        yield from token.children or ()


def test_the_comment_escapes_hostile_names(hostile: Repo) -> None:
    result = diff("main", "--format", "markdown", "--link-base", LINK_BASE)
    assert result.exit_code == 1, result.stderr
    text = result.stdout
    assert HOSTILE_OWNER.split()[0] not in text.replace("@&#8203;", "")  # '@dana' only with a zero-width space
    kinds = set()
    for token in _tokens(text):
        kinds.add(token.type)
        assert token.type != "image", token
        if token.type == "link_open":
            assert str(token.attrs["href"]).startswith(LINK_BASE), token.attrs
        if token.type in ("html_block", "html_inline"):
            assert {line.strip() for line in token.content.splitlines()} <= ALLOWED_HTML, token.content
        if token.type == "text":
            assert not re.search(r"@[A-Za-z0-9]", token.content), token.content  # no @mention
            assert not re.search(r"(?:https?|ftp|mailto):(?!\u200b)|www\.", token.content), token.content  # no autolink
            assert "\x1b" not in token.content
        if token.type in ("s_open", "em_open", "strong_open"):
            assert token.type == "strong_open"  # only svcchain's own bold (a need made worse)
    assert "link_open" in kinds  # the file:line links of the new findings
    _check_tables(text)


def _check_tables(text: str) -> None:
    """Every row of every table has as many cells as its header: no name breaks a table."""
    header, cells = 0, 0
    for token in _tokens(text):
        if token.type == "thead_open":
            header = 0
        elif token.type == "th_open":
            header += 1
        elif token.type == "tr_open":
            cells = 0
        elif token.type == "td_open":
            cells += 1
        elif token.type == "tr_close" and cells:
            assert cells == header


def test_the_text_and_annotations_stay_safe_with_hostile_names(hostile: Repo) -> None:
    text = diff("main").stdout
    assert "\x1b" not in text
    assert "<b>@dana</b>" in text  # a path is shown as it is, in plain text
    github = diff("main", "--format", "github").stdout
    for line in github.splitlines()[:-1]:
        command, _, message = line[2:].partition("::")
        assert "\n" not in message and "::" not in command
        properties = command.split(" ", 1)[1]
        for pair in properties.split(","):
            assert pair.count("=") >= 1 and ":" not in pair.partition("=")[2]


def test_a_huge_change_keeps_the_comment_under_githubs_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    links = "".join(f"      - id: link-{n}\n        result: r\n        delivers: [connectivity]\n" for n in range(1500))
    for name, text in (("old", NETWORK), ("new", NETWORK + links)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "org.yaml").write_text(ORG)
        (tmp_path / name / "network.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = diff("old", "new", "--isolated", "--format", "markdown")
    assert result.exit_code == 1
    assert len(result.stdout) < 65_536
    assert "more rows: run `svcchain diff` to see them all." in result.stdout
    assert result.stdout.rstrip().endswith("</details>")
    _check_tables(result.stdout)
