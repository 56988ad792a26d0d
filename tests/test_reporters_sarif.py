"""--format sarif: valid SARIF 2.1.0 that GitHub code scanning accepts, stable across line moves."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from broken_support import BROKEN_DATE
from reporters_support import unsanitised

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.findings import Finding, Severity
from svcchain.reporters import sarif
from svcchain.rules import load_rules
from svcchain.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"  # OASIS, see tests/data/README.md
HOSTILE = Path(__file__).parent / "reporters" / "hostile"


def report_of(*paths: str, cwd: Path = ROOT, **settings):
    """The check of ``paths``, on the fixed day of examples/broken (tests/broken_support.py) unless told otherwise."""
    before = os.getcwd()
    os.chdir(cwd)
    try:
        return check(discover(list(paths)).files, Settings(**{"today": BROKEN_DATE, **settings}))
    finally:
        os.chdir(before)


#: RFC 3986 URI-reference characters (jsonschema checks the "uri-reference" format only with extra packages)
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*")


def validate(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_REFERENCE.fullmatch(uri), uri
        assert not re.match(r"[^/?#]*:", uri) or uri.startswith("file:"), f"{uri} would read as a scheme"


@pytest.fixture(scope="module")
def broken():
    return json.loads(sarif.render(report_of("examples/broken")))


def test_output_validates_against_the_sarif_schema(broken):
    validate(broken)


def test_a_clean_repository_gives_a_valid_log_with_no_results():
    log = json.loads(sarif.render(report_of("chains")))
    validate(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(load_rules())


def test_what_github_code_scanning_requires(broken):
    assert broken["version"] == "2.1.0"
    assert broken["$schema"]
    (run,) = broken["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "svcchain"
    assert driver["version"] and driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert "security-severity" not in rule.get("properties", {})
    for result in run["results"]:
        assert result["message"]["text"]
        assert result["partialFingerprints"]
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_rules_come_from_the_registry_sorted_by_code_with_their_documentation(broken):
    rules = broken["runs"][0]["tool"]["driver"]["rules"]
    registry = load_rules()
    assert [rule["id"] for rule in rules] == sorted(registry)
    for descriptor in rules:
        declared = registry[descriptor["id"]]
        assert descriptor["name"] == declared.name
        level = {"error": "error", "warning": "warning", "info": "note"}[declared.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level
        markdown = descriptor["help"]["markdown"]
        assert declared.bad.strip() in markdown and declared.good.strip() in markdown
        assert "```yaml" in markdown
        assert " ".join(declared.why.split())[1:40] in descriptor["fullDescription"]["text"]


def test_results_point_at_their_rule_and_place(broken):
    run = broken["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 34
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["ruleId"] == "SC401" and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "examples/broken/accountability.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 15, "startColumn": 9}
    levels = {result["ruleId"]: result["level"] for result in results}
    assert levels["SC105"] == "note" and levels["SC402"] == "warning"
    assert "%SRCROOT%" in run["originalUriBaseIds"]


def test_severity_overrides_set_the_result_level_not_the_rule_default():
    log = json.loads(sarif.render(report_of("examples/broken", severity={"SC105": "error"})))
    run = log["runs"][0]
    (single,) = [r for r in run["results"] if r["ruleId"] == "SC105"]
    assert single["level"] == "error"
    assert run["tool"]["driver"]["rules"][single["ruleIndex"]]["defaultConfiguration"]["level"] == "note"


def test_output_is_deterministic(broken):
    again = sarif.render(report_of("examples/broken"))
    assert json.loads(again) == broken
    assert again == sarif.render(report_of("examples/broken"))
    assert "TimeUtc" not in again and "invocations" not in json.loads(again)["runs"][0]


def test_fingerprints_are_unique_and_survive_moved_lines(tmp_path):
    chain = (HOSTILE.parent / "moved" / "chain.yaml").read_text(encoding="utf-8")
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    (tmp_path / "before" / "chain.yaml").write_text(chain, encoding="utf-8")
    # the same chain with unrelated lines added above every finding
    moved = chain.replace("services:\n", "# a comment that moves every line below it\n\nservices:\n")
    (tmp_path / "after" / "chain.yaml").write_text(moved, encoding="utf-8")

    def prints(folder: str) -> dict:
        log = json.loads(sarif.render(report_of("chain.yaml", cwd=tmp_path / folder)))
        results = log["runs"][0]["results"]
        return {
            (r["ruleId"], r["message"]["text"]): (
                r["partialFingerprints"]["svcchain/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        }

    before, after = prints("before"), prints("after")
    assert before.keys() == after.keys() and len(before) >= 3
    for key in before:
        assert before[key][0] == after[key][0], key
        assert before[key][1] != after[key][1], key
    assert len({value[0] for value in before.values()}) == len(before)


def test_duplicate_findings_of_one_subject_get_distinct_fingerprints():
    from svcchain.report import Report

    twice = [Finding("SC002", "schema", Severity.ERROR, "unknown key 'x'", "a.yaml", line, 1) for line in (3, 9)]
    log = json.loads(sarif.render(Report(twice, 1, 0, 0)))
    prints = [r["partialFingerprints"]["svcchain/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == 2


@pytest.mark.parametrize(
    "name, uri",
    [
        ("plain.yaml", "plain.yaml"),
        ("odd name, 100%: yes.yaml", "odd%20name%2C%20100%25%3A%20yes.yaml"),
        ("straße #1?.yaml", "stra%C3%9Fe%20%231%3F.yaml"),
    ],
)
def test_uris_are_relative_posix_and_percent_encoded(tmp_path, name, uri):
    folder = tmp_path / "chains"
    folder.mkdir()
    (folder / name).write_text(
        "svcchain: 1\npeople: [{id: ann}]\nteams: [{id: t, members: [ann]}]\nservices: [{id: s, owner: nobody}]\n",
        encoding="utf-8",
    )
    log = json.loads(sarif.render(report_of("./chains", cwd=tmp_path)))
    validate(log)
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert locations and all(loc == {"uri": f"chains/{uri}", "uriBaseId": "%SRCROOT%"} for loc in locations)
    assert unquote(locations[0]["uri"]) == f"chains/{name}"


def test_absolute_paths_become_file_uris(tmp_path):
    (tmp_path / "a b.yaml").write_text("svcchain: 1\nservices: [{id: s}]\n", encoding="utf-8")
    log = json.loads(sarif.render(report_of(str(tmp_path / "a b.yaml"))))
    validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"].startswith("file:///") and location["uri"].endswith("/a%20b.yaml")
    assert "uriBaseId" not in location


def test_hostile_text_stays_text(tmp_path):
    log_text = sarif.render(report_of(str(HOSTILE.relative_to(ROOT))))
    log = json.loads(log_text)
    validate(log)
    report = report_of(str(HOSTILE.relative_to(ROOT)))
    assert [r["message"]["text"] for r in log["runs"][0]["results"]] == [f.text for f in report.findings]
    assert any("x]]><script>alert(1)</script>&amp;" in f.text for f in report.findings)


def test_undecodable_file_names_and_lone_surrogates_are_written_safely(tmp_path):
    from svcchain.report import Report

    odd = unsanitised("owned by '\ud800'\n", "chains/bad\udcff.yaml", 2, 3)
    text = sarif.render(Report([odd], 1, 0, 0))
    text.encode("utf-8")  # no lone surrogate left
    log = json.loads(text)
    validate(log)
    result = log["runs"][0]["results"][0]
    assert result["message"]["text"] == "owned by '\ufffd'\n"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "chains/bad%EF%BF%BD.yaml"
