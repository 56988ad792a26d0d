"""The keys of a config file, as a pydantic model (imported only when a config file exists)."""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from svcchain.rules import check_rule_id, check_selector
from svcchain.selectors import FAIL_LEVELS, SEVERITIES


def _one_of(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError("Input should be " + ", ".join(repr(a) for a in allowed[:-1]) + f" or {allowed[-1]!r}")
        return value

    return AfterValidator(check)


SeverityName = Annotated[str, _one_of(SEVERITIES)]
FailLevel = Annotated[str, _one_of(FAIL_LEVELS)]


class FileConfig(BaseModel):
    """The keys of a config file (kebab-case, as in the TOML)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    paths: Optional[list[str]] = Field(None, description="Files and folders to check when none are given.")
    exclude: Optional[list[str]] = Field(None, description="Globs of files and folders not to check.")
    select: Optional[list[str]] = Field(None, description="Rules to check: codes, names or prefixes; 'ALL'.")
    ignore: Optional[list[str]] = Field(None, description="Rules not to check: codes, names or prefixes.")
    severity: Optional[dict[str, SeverityName]] = Field(
        None, description="Severity per rule (code or name)."
    )
    per_file_ignores: Optional[dict[str, list[str]]] = Field(
        None, alias="per-file-ignores", description="Glob → rules not reported in matching files."
    )
    fail_on: Optional[FailLevel] = Field(
        None, alias="fail-on", description="Lowest severity that fails the check."
    )
    max_links_per_owner: Optional[int] = Field(None, alias="max-links-per-owner", ge=1)
    max_file_bytes: Optional[int] = Field(None, alias="max-file-bytes", ge=1)
    max_nesting_depth: Optional[int] = Field(None, alias="max-nesting-depth", ge=1, le=10_000)
    max_alias_nodes: Optional[int] = Field(None, alias="max-alias-nodes", ge=0)

    @field_validator("select", "ignore")
    @classmethod
    def _known_selectors(cls, values: Optional[list[str]]) -> Optional[list[str]]:
        for value in values or ():
            check_selector(value)
        return values

    @field_validator("severity")
    @classmethod
    def _known_rules(cls, values: Optional[dict[str, str]]) -> Optional[dict[str, str]]:
        for key, level in (values or {}).items():
            check_rule_id(key)
        return values


    @field_validator("per_file_ignores")
    @classmethod
    def _known_ignores(cls, values: Optional[dict[str, list[str]]]) -> Optional[dict[str, list[str]]]:
        for selectors in (values or {}).values():
            for value in selectors:
                check_selector(value)
        return values

