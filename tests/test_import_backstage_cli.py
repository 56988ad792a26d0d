"""``svcchain import backstage``: files written, the summary, overwriting, re-runs, and the real acme catalog."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svcchain.cli import app

CATALOGS = Path(__file__).parent / "imports" / "backstage"
ACME = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "backstage-acme"

runner = CliRunner()


def imported(*args: str):
    return runner.invoke(app, ["import", "backstage", *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def check(folder: Path, *args: str) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "check", str(folder), "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, json.loads(done.stdout or "null")


@pytest.fixture
def handoffs(tmp_path: Path) -> Path:
    shutil.copytree(CATALOGS / "handoffs", tmp_path / "catalog")
    return tmp_path / "catalog"


def test_the_import_writes_chain_files_and_says_what_it_did(handoffs, tmp_path):
    out = tmp_path / "chains"
    result = imported(str(handoffs), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(out)) == [
        "services/no-system--team-a.yaml",
        "services/payments.yaml",
        "services/shop.yaml",
        "teams.yaml",
    ]
    lines = result.stdout.splitlines()
    assert lines[0] == "read 1 file: 1 Group, 2 System, 4 Component, 2 API, 1 Resource"
    assert lines[1] == "imported 0 people, 1 team, 3 services with 7 links, 0 domains"
    assert lines[2] == "links that name no system are in: no-system--team-a"
    assert f"wrote {out}/teams.yaml" in lines
    assert "references that did not resolve (2):" in lines
    code, report = check(out, "--select", "SC001,SC002,SC201")
    assert code == 0, report


def test_a_second_import_changes_no_byte(handoffs, tmp_path):
    out = tmp_path / "chains"
    assert imported(str(handoffs), "-o", str(out)).exit_code == 0
    first = snapshot(out)
    again = imported(str(handoffs), "-o", str(out))
    assert again.exit_code == 0
    assert snapshot(out) == first
    assert "4 files unchanged" in again.stdout and "wrote" not in again.stdout


def test_files_an_import_did_not_write_are_replaced_only_with_force(handoffs, tmp_path):
    out = tmp_path / "chains"
    out.mkdir()
    (out / "teams.yaml").write_text("svcchain: 1\nteams: [{id: mine}]\n", encoding="utf-8")
    refused = imported(str(handoffs), "-o", str(out))
    assert refused.exit_code == 2
    assert "would be replaced, and no import wrote it" in refused.stderr
    assert snapshot(out) == {"teams.yaml": b"svcchain: 1\nteams: [{id: mine}]\n"}  # nothing written
    forced = imported(str(handoffs), "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert "mine" not in (out / "teams.yaml").read_text(encoding="utf-8")


def test_files_of_an_earlier_import_that_this_one_does_not_write_are_removed(handoffs, tmp_path):
    out = tmp_path / "chains"
    (tmp_path / "chains" / "services").mkdir(parents=True)
    (out / "services" / "handwritten.yaml").write_text("svcchain: 1\n", encoding="utf-8")
    assert imported(str(handoffs), "-o", str(out)).exit_code == 0
    text = (handoffs / "catalog.yaml").read_text(encoding="utf-8").replace("payments", "billing")  # a system renamed
    (handoffs / "catalog.yaml").write_text(text, encoding="utf-8")
    result = imported(str(handoffs), "-o", str(out))
    assert result.exit_code == 0
    assert f"removed {out}/services/payments.yaml" in result.stdout
    assert f"wrote {out}/services/billing.yaml" in result.stdout
    assert not (out / "services" / "payments.yaml").exists()
    assert (out / "services" / "handwritten.yaml").exists()  # not the import's: left alone


def test_nothing_to_import_is_exit_2_and_writes_nothing(tmp_path):
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.0\n", encoding="utf-8")
    result = imported(str(tmp_path / "openapi.yaml"), "-o", str(tmp_path / "chains"))
    assert result.exit_code == 2
    assert "read 1 file: no Backstage entity" in result.stdout
    assert "nothing imported" in result.stderr
    assert not (tmp_path / "chains").exists()
    missing = imported(str(tmp_path / "nowhere.yaml"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_hostile_text_never_reaches_the_terminal_raw(tmp_path):
    (tmp_path / "evil.yaml").write_text(
        'kind: Component\nmetadata: {name: "x\\e]0;pwned\\a"}\nspec: {owner: "team\\e[2J"}\n', encoding="utf-8"
    )
    result = imported(str(tmp_path / "evil.yaml"), "-o", str(tmp_path / "chains"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\a" not in result.stdout
    assert "\\x1b" in result.stdout


def test_the_command_runs_as_a_real_process(handoffs, tmp_path):
    out = tmp_path / "chains"
    done = subprocess.run(
        [sys.executable, "-m", "svcchain", "import", "backstage", str(handoffs), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("read 1 file:") and done.stderr == ""
    assert (out / "services" / "shop.yaml").read_text(encoding="utf-8").startswith("# Written by `svcchain import")


@pytest.mark.skipif(
    not ACME.is_dir(), reason="the Backstage example catalog (shared/corpus/backstage-acme) is not here"
)
def test_the_backstage_example_catalog_imports_into_chains_the_check_reads(tmp_path):
    out = tmp_path / "chains"
    result = imported(str(ACME / "all.yaml"), str(ACME / "acme-corp.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "read 44 files: 8 Location, 17 User, 8 Group, 3 Domain, 3 System, 13 Component, 9 API, 1 Resource"
    )
    assert lines[1] == "imported 17 people, 8 teams, 8 services with 23 links, 3 domains"
    assert "references that did not resolve" not in result.stdout
    code, report = check(out, "--select", "SC001,SC002")
    assert code == 0, report["findings"][:5]
    assert report["summary"]["services"] == 8 and report["summary"]["links"] == 23
    # no handoff to nowhere, no unknown owner: every reference of the catalog resolved
    code, report = check(out, "--select", "SC102,SC201,SC202,SC204")
    assert code == 0, report["findings"][:5]
    # the folder, walked, gives the same files (the OpenAPI documents in it are skipped)
    again = imported(str(ACME), "-o", str(tmp_path / "again"))
    assert again.exit_code == 0
    assert snapshot(tmp_path / "again") == snapshot(out)
    assert "petstore.oas.yaml:1:1: the document has no 'kind'" in again.stdout
