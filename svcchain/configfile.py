"""The keys of a config file, as a pydantic model (imported only when a config file exists)."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from svcchain.profiles import profile_names
from svcchain.rules import check_rule_id, check_selector, rule_names
from svcchain.selectors import FAIL_LEVELS, SEVERITIES, UNSILENCEABLE, rule_code


def _one_of(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError("Input should be " + ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}")
        return value

    return AfterValidator(check)


#: The largest file svcchain will read, whatever the config says (4 GiB): beyond it a read cannot be bounded.
MAX_FILE_BYTES = 4 * 1024**3

SeverityName = Annotated[str, _one_of(SEVERITIES)]
FailLevel = Annotated[str, _one_of(FAIL_LEVELS)]
ProfileName = Annotated[str, _one_of(profile_names())]


class ReportConfig(BaseModel):
    """``[tool.svcchain.report]``: the front matter of ``svcchain report`` (flags win)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, strict=True)

    title: str | None = Field(None, description="The report's title.")
    client: str | None = Field(None, description="Who the report is for.")
    author: str | None = Field(None, description="Who wrote it.")
    date: str | datetime.date | None = Field(None, description="The report's date (default: today).")
    paper: Annotated[str, _one_of(("a4", "letter"))] | None = Field(None, description="a4 or letter.")
    show_paths: bool | None = Field(None, alias="show-paths", description="Show local paths in the report.")


class FileConfig(BaseModel):
    """The keys of a config file (kebab-case, as in the TOML)."""

    # strict: TOML has types, so `max-links-per-owner = true` or `max-file-bytes = "10"` is a mistake to report
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, strict=True)

    paths: list[str] | None = Field(None, description="Files and folders to check when none are given.")
    exclude: list[str] | None = Field(None, description="Globs of files and folders not to check.")
    select: list[str] | None = Field(None, description="Rules to check: codes, names or prefixes; 'ALL'.")
    ignore: list[str] | None = Field(None, description="Rules not to check: codes, names or prefixes.")
    severity: dict[str, SeverityName] | None = Field(None, description="Severity per rule (code or name).")
    per_file_ignores: dict[str, list[str]] | None = Field(
        None, alias="per-file-ignores", description="Glob → rules not reported in matching files."
    )
    fail_on: FailLevel | None = Field(None, alias="fail-on", description="Lowest severity that fails the check.")
    max_links_per_owner: int | None = Field(None, alias="max-links-per-owner", ge=1, le=1_000_000_000)
    max_file_bytes: int | None = Field(None, alias="max-file-bytes", ge=1, le=MAX_FILE_BYTES)
    max_nesting_depth: int | None = Field(None, alias="max-nesting-depth", ge=1, le=10_000)
    max_alias_nodes: int | None = Field(None, alias="max-alias-nodes", ge=0, le=100_000_000)
    leaving_warning_days: int | None = Field(
        None, alias="leaving-warning-days", ge=0, le=3_650_000, description="Days before 'active_until' of SC109."
    )
    report: ReportConfig | None = Field(None, description="Front matter of svcchain report.")
    review_every: int | None = Field(
        None, alias="review-every", ge=1, le=3_650_000, description="Days a review stays fresh (SC403)."
    )
    profile: ProfileName | None = Field(
        None, description="The rule defaults of where the data comes from: 'default' or 'catalog'."
    )
    directory: list[Annotated[str, Field(min_length=1)]] | None = Field(
        None, description="Owner directory files (CSV, JSON, YAML): people and teams known but not modelled."
    )
    codeowners: str | None = Field(
        None, description="The CODEOWNERS file SC601 compares with ('': none; default: found at the usual places)."
    )
    cache_dir: Annotated[str, Field(min_length=1)] | None = Field(
        None, alias="cache-dir", description="The cache folder (default: .svcchain_cache beside the config file)."
    )

    @field_validator("select", "ignore")
    @classmethod
    def _known_selectors(cls, values: list[str] | None) -> list[str] | None:
        for value in values or ():
            check_selector(value)
        return values

    @field_validator("severity")
    @classmethod
    def _known_rules(cls, values: dict[str, str] | None) -> dict[str, str] | None:
        for key, level in (values or {}).items():
            check_rule_id(key)
            if rule_code(key, rule_names()) in UNSILENCEABLE and level != "error":
                raise ValueError(
                    f"'{key}' cannot be given another severity: a file that cannot be read was not checked, "
                    "so it is always an error"
                )
        return values

    @field_validator("per_file_ignores")
    @classmethod
    def _known_ignores(cls, values: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        for selectors in (values or {}).values():
            for value in selectors:
                check_selector(value)
        return values
