"""``svcchain diff``: scenario repositories built with git, compared revision to revision or to the working tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from diff_support import GIT_ENV, NETWORK, ORG, Repo, diff, diff_json, make_repo, rules, service

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    made = make_repo(tmp_path / "repo")
    monkeypatch.chdir(made.path)
    return made


def test_the_base_is_clean_and_no_change_passes(repo: Repo) -> None:
    status, data = diff_json("main")
    assert status == 0
    assert data["base"]["summary"]["errors"] == 0 and data["head"]["summary"]["errors"] == 0
    assert data["services"] == [] and data["new_findings"] == [] and data["fixed_findings"] == []
    assert data["passed"] is True


def test_an_owner_change_is_reported_from_and_to(repo: Repo) -> None:
    repo.edit("chains/network.yaml", "owner: dana", "owner: gert")
    repo.edit(
        "chains/network.yaml",
        "      - id: billing\n        owner: network-ops",
        "      - id: billing\n        owner: erik",
    )
    status, data = diff_json("main")
    moves = service(data, "network-service")["ownership"]
    assert {"link": None, "role": "service owner", "before": "dana", "after": "gert"} in moves
    assert {"link": "billing", "role": "owner", "before": "network-ops", "after": "erik"} in moves
    # erik now carries invoicing alone: the need rests on one person (impact), an info finding is new
    (need,) = service(data, "network-service")["needs"]
    assert (need["need"], need["before"], need["after"], need["people_after"]) == (
        "correct-invoice",
        "met",
        "at-risk",
        ["erik"],
    )
    assert need["worse"] is True
    assert rules(data["new_findings"]) == [("SC105", "billing")]
    assert status == 0  # an info is no new error
    assert diff("main", "--fail-on", "new-info").exit_code == 1
    owners = {entry["id"]: entry for entry in data["owners"]}
    assert owners["erik"]["before"] == 0 and owners["erik"]["after"] == 1
    assert owners["erik"]["gained"] == ["network-service/billing"]
    assert owners["network-ops"]["lost"] == ["network-service/billing"]


def test_a_deputy_and_a_facilitator_change_are_ownership_changes(repo: Repo) -> None:
    from svcchain.chainmodel import Link

    if not hasattr(Link, "deputy"):
        pytest.skip("this model has no deputies (format 1.1)")
    repo.edit(
        "chains/network.yaml",
        "        delivers: [connectivity]\n",
        "        delivers: [connectivity]\n        deputy: dana\n",
    )
    repo.edit("chains/org.yaml", "facilitator: gert", "facilitator: dana")
    _, data = diff_json("main")
    assert {"link": "network", "role": "deputy", "before": None, "after": "dana"} in service(data, "network-service")[
        "ownership"
    ]
    (team,) = data["teams"]
    assert team["id"] == "network-ops" and team["facilitator"] == {"before": "gert", "after": "dana"}
    assert data["summary"]["ownership_changes"] == 2


def test_removing_a_link_that_leaves_a_need_unmet_fails_the_gate(repo: Repo) -> None:
    repo.edit("chains/network.yaml", NETWORK[NETWORK.index("      - id: billing") :], "")
    result = diff("main")
    assert result.exit_code == 1
    assert "- link billing (owner network-ops)" in result.stdout
    assert "! need correct-invoice: met → unmet" in result.stdout
    _, data = diff_json("main")
    entry = service(data, "network-service")
    assert entry["links_removed"] == [{"link": "billing", "owner": "network-ops", "deputy": None}]
    assert entry["needs"][0]["after"] == "unmet"
    assert rules(data["new_findings"]) == [("SC301", None)]
    assert data["summary"]["needs_worse"] == 1


def test_a_new_unowned_link_is_a_new_error_and_cuts_off_what_builds_on_it(repo: Repo) -> None:
    repo.edit(
        "chains/network.yaml",
        "        after: [network]\n",
        "        after: [network, dunning]\n",
    )
    repo.write(
        "chains/network.yaml",
        (repo.path / "chains/network.yaml").read_text()
        + "      - id: dunning\n        result: Reminders sent\n        measures: [{name: reminders}]\n"
        "        delivers: [correct-invoice]\n",
    )
    status, data = diff_json("main")
    assert status == 1
    entry = service(data, "network-service")
    assert entry["links_added"] == [{"link": "dunning", "owner": None, "deputy": None}]
    assert rules(data["new_findings"]) == [("SC101", "dunning")]
    (need,) = entry["needs"]
    assert (need["need"], need["before"], need["after"]) == ("correct-invoice", "met", "cut-off")


def test_a_renamed_file_with_the_same_content_changes_nothing(repo: Repo) -> None:
    repo.write("chains/network.yaml", NETWORK.replace("owner: dana", "owner: ghost"))  # a known error in the base
    repo.commit("a known gap")
    repo.git("mv", "chains/network.yaml", "chains/network-service.yaml")
    status, data = diff_json("HEAD")
    assert status == 0
    assert data["renamed"] == [{"from": "chains/network.yaml", "to": "chains/network-service.yaml"}]
    assert data["new_findings"] == [] and data["fixed_findings"] == [] and data["services"] == []
    assert data["head"]["summary"]["errors"] == 1  # still there, and still known


def test_a_link_moved_to_another_file_keeps_its_known_findings(repo: Repo) -> None:
    repo.write("chains/network.yaml", NETWORK.replace("owner: dana", "owner: ghost"))
    repo.commit("a known gap")
    moved = NETWORK.replace("owner: dana", "owner: ghost").replace("    owner: ghost\n", "    owner: ghost  # moved\n")
    (repo.path / "chains/network.yaml").unlink()
    repo.write("chains/services/network.yaml", "# the service moved here\n" + moved)
    status, data = diff_json("HEAD")
    assert data["renamed"] == []  # the content changed: no rename, yet the finding about the service is matched
    assert data["new_findings"] == [] and data["fixed_findings"] == []
    assert status == 0


def test_a_syntax_error_is_reported_as_such_not_as_everything_removed(repo: Repo) -> None:
    repo.write("chains/network.yaml", NETWORK.replace("    owner: dana\n", "    owner: dana\n   oops: [\n"))
    status, data = diff_json("main")
    assert status == 1
    assert data["services"] == [] and data["owners"] == []  # nothing "removed"
    assert data["summary"]["links_removed"] == 0
    (unreadable,) = data["unreadable"]
    assert (unreadable["side"], unreadable["file"], unreadable["rule"]) == ("head", "chains/network.yaml", "SC001")
    assert rules(data["new_findings"]) == [("SC001", None)]
    text = diff("main").stdout
    assert "not readable in working tree, so its changes are not shown" in text


def test_a_fix_is_reported_as_fixed_and_passes(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.write(
        "chains/network.yaml",
        NETWORK.replace("      - id: billing\n        owner: network-ops\n", "      - id: billing\n"),
    )
    repo.commit("billing loses its owner")
    base_status, base = diff_json(first, "HEAD")  # the commit against the first: the gap is new
    assert base_status == 1 and rules(base["new_findings"]) == [("SC101", "billing")]
    repo.write("chains/network.yaml", NETWORK)  # the fix, in the working tree
    status, data = diff_json("HEAD")
    assert status == 0
    assert rules(data["fixed_findings"]) == [("SC101", "billing")]
    assert data["new_findings"] == []
    (need,) = service(data, "network-service")["needs"]
    assert (need["before"], need["after"], need["worse"]) == ("cut-off", "met", False)


def test_a_syntax_error_fixed_is_a_fix(repo: Repo) -> None:
    repo.write("chains/network.yaml", "svcchain: 1\nservices: [\n")
    repo.commit("broken")
    repo.write("chains/network.yaml", NETWORK)
    status, data = diff_json("HEAD")
    assert status == 0
    assert rules(data["fixed_findings"]) == [("SC001", None)]
    assert [entry["side"] for entry in data["unreadable"]] == ["base"]
    assert data["services"] == []  # what the base could not read is not "added"


def test_an_old_gap_does_not_fail_the_gate_but_a_new_one_does(repo: Repo) -> None:
    repo.write("chains/network.yaml", NETWORK.replace("owner: dana", "owner: ghost"))
    repo.commit("an old gap, known for years")
    repo.edit("chains/network.yaml", "Network available", "Network up")  # an unrelated edit
    assert diff("HEAD").exit_code == 0
    repo.edit("chains/network.yaml", '        measures: [{name: accuracy, target: ">= 99.5%"}]\n', "")
    assert diff("HEAD").exit_code == 0  # a new warning (SC402) passes new-error
    assert diff("HEAD", "--fail-on", "new-warning").exit_code == 1
    assert diff("HEAD", "--fail-on", "never").exit_code == 0


def test_an_owner_crossing_max_links_per_owner(repo: Repo) -> None:
    repo.write("svcchain.toml", "max-links-per-owner = 2\n")
    repo.commit("a limit")
    links = "".join(
        f"      - id: extra{n}\n        owner: network-ops\n        result: r\n        measures: [{{name: m}}]\n"
        f"        delivers: [connectivity]\n"
        for n in range(2)
    )
    repo.write("chains/network.yaml", NETWORK + links)
    _, data = diff_json("HEAD")
    (load,) = data["owners"]
    assert (load["id"], load["before"], load["after"], load["limit"]) == ("network-ops", 2, 4, 2)
    assert (load["overloaded_before"], load["overloaded_after"]) == (False, True)
    assert ("SC107", None) in rules(data["new_findings"])
    assert "now over the limit of 2" in diff("HEAD").stdout


def test_two_revisions_leave_the_working_tree_alone(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit("chains/network.yaml", "owner: dana", "owner: gert")
    second = repo.commit("gert owns the service")
    repo.write("chains/network.yaml", "not even yaml: [")  # the working tree differs and is not read
    before = {path: path.stat().st_mtime_ns for path in repo.path.rglob("*") if ".git" not in path.parts}
    status_before = repo.git("status", "--porcelain")
    _, data = diff_json(first, second)
    assert data["head"]["commit"] == second and data["head"]["kind"] == "revision"
    assert service(data, "network-service")["ownership"][0]["after"] == "gert"
    assert data["unreadable"] == []
    assert repo.git("status", "--porcelain") == status_before
    assert {path: path.stat().st_mtime_ns for path in repo.path.rglob("*") if ".git" not in path.parts} == before


def test_paths_are_repository_paths_from_a_subfolder(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.edit("chains/network.yaml", "owner: dana", "owner: ghost")
    monkeypatch.chdir(repo.path / "chains")
    status, data = diff_json("main")
    assert status == 1
    assert {finding["file"] for finding in data["new_findings"]} == {"chains/network.yaml"}


def test_two_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, network in (("old", NETWORK), ("new", NETWORK.replace("owner: dana", "owner: erik"))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "org.yaml").write_text(ORG)
        (tmp_path / name / "network.yaml").write_text(network)
    monkeypatch.chdir(tmp_path)
    status, data = diff_json("old", "new", "--isolated")
    assert status == 0
    assert (data["base"]["kind"], data["head"]["kind"]) == ("folder", "folder")
    assert service(data, "network-service")["ownership"] == [
        {"link": None, "role": "service owner", "before": "dana", "after": "erik"}
    ]


def test_a_committed_link_out_of_the_repository_is_not_followed(repo: Repo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    (repo.path / "chains" / "passwd.yaml").symlink_to("/etc/passwd")
    repo.commit("a link out")
    status, data = diff_json(first, "HEAD")
    assert status == 1
    (finding,) = data["new_findings"]
    assert (finding["rule"], finding["file"]) == ("SC001", "chains/passwd.yaml")
    assert "symbolic link" in finding["message"] and "root:" not in json.dumps(data)
    assert diff_json("HEAD")[1]["new_findings"] == []  # the working tree says the same


def test_a_file_over_the_size_limit_reads_as_in_the_working_tree(repo: Repo) -> None:
    repo.write("svcchain.toml", "max-file-bytes = 2000\n")
    repo.write("chains/big.yaml", "svcchain: 1\n" + "# padding\n" * 300)
    repo.commit("a big file")
    status, data = diff_json("HEAD")
    assert status == 0 and data["new_findings"] == [] and data["fixed_findings"] == []
    (unreadable,) = data["unreadable"]
    assert (unreadable["side"], unreadable["file"]) == ("head", "chains/big.yaml")
    assert "the file is 3,012 bytes, over the limit of 2,000" in unreadable["message"]


def test_a_folder_the_change_adds_is_a_side_without_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo", {"README.md": "chains to come\n"})
    monkeypatch.chdir(repo.path)
    repo.write("chains/org.yaml", ORG)
    repo.write("chains/network.yaml", NETWORK)
    status, data = diff_json("main")
    assert status == 0
    assert data["base"]["missing_paths"] == ["chains"] and data["base"]["summary"]["files"] == 0
    assert [(entry["id"], entry["status"]) for entry in data["services"]] == [("network-service", "added")]
    assert {team["id"]: team["status"] for team in data["teams"]} == {"network-ops": "added"}
    assert "chains is not in main: no files there on that side" in diff("main").stdout


def test_help_reads_like_a_command() -> None:
    result = diff("--help")
    assert result.exit_code == 0
    for python in ("<list[str]>", "<bool>", "<str>", "<int"):
        assert python not in result.stdout


# --------------------------------------------------------------------------- bad input


def test_an_unknown_revision_says_to_fetch_it(repo: Repo) -> None:
    result = diff("origin/nope")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "svcchain: unknown revision 'origin/nope': fetch it (git fetch origin origin/nope) or check the name\n"
    )
    repo.git("remote", "add", "origin", "https://example.invalid/repo.git")
    assert "(git fetch origin nope)" in diff("origin/nope").stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_shallow_clone_without_the_base_says_fetch_depth(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.edit("chains/network.yaml", "owner: dana", "owner: gert")
    repo.commit("second")
    clone = tmp_path / "clone"
    done = subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.path.as_uri(), str(clone)], env=GIT_ENV, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    monkeypatch.chdir(clone)
    result = diff("HEAD~1")
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plain").mkdir()
    monkeypatch.chdir(tmp_path / "plain")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = diff("main")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr and "two folders" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_revision_that_looks_like_an_option_is_refused(repo: Repo) -> None:
    result = diff("--", "--output=/tmp/x")
    assert result.exit_code == 2 and "is not a revision" in result.stderr


def test_a_folder_and_a_revision_are_not_compared(repo: Repo) -> None:
    result = diff("chains", "main")
    assert result.exit_code == 2 and "is a folder but 'main' is not" in result.stderr


# --------------------------------------------------------------------------- a real process


def test_a_real_process_runs_the_diff(repo: Repo) -> None:
    repo.edit("chains/network.yaml", "      - id: billing\n        owner: network-ops\n", "      - id: billing\n")
    env = {**GIT_ENV, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "diff", "main"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert "new   chains/network.yaml:" in done.stdout and "SC101 [error]" in done.stdout
    assert done.stdout.rstrip().endswith("(--fail-on new-error).")
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "diff", "no-such-branch"],
        cwd=repo.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("svcchain: unknown revision 'no-such-branch'") and "Traceback" not in done.stderr
    assert sorted(set(os.listdir(repo.path)) - {".svcchain_cache"}) == [".git", "chains"]  # nothing but the cache
