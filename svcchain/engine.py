"""The check: files → documents → model → graph → rules → sorted findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from svcchain import __version__
from svcchain.chainmodel import ChainModel, ModelBuilder
from svcchain.discover import FileRef
from svcchain.findings import Anchor, Finding, Problem, Severity
from svcchain.loader import load_file
from svcchain.settings import Settings
from svcchain.validate import validate_document


@dataclass
class Report:
    findings: list[Finding]
    files: int
    services: int
    links: int
    model: Optional[ChainModel] = field(default=None, repr=False)
    graph: Optional[Any] = field(default=None, repr=False)  # graph.ChainGraph
    version: str = __version__

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    def summary(self) -> dict:
        return {
            "files": self.files,
            "services": self.services,
            "links": self.links,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
        }

    def fails(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(finding.severity.rank >= threshold for finding in self.findings)


def _matches(code: str, name: str, selectors: Iterable[str]) -> bool:
    for selector in selectors:
        wanted = selector.strip()
        if wanted.upper() == "ALL" or code.startswith(wanted.upper()) or name == wanted.lower():
            return True
    return False


def enabled_rules(settings: Settings) -> dict:
    """The registry's rules this run checks, with the severity each reports at."""
    from svcchain.rules import load_rules

    enabled = {}
    for code, declared in load_rules().items():
        if settings.select and not _matches(code, declared.name, settings.select):
            continue
        if settings.ignore and _matches(code, declared.name, settings.ignore):
            continue
        enabled[code] = declared
    return enabled


def _resolve(problem: Problem) -> tuple[str, int, int]:
    where = problem.where
    if isinstance(where, Anchor):
        source = where.origin.source
        span = source.locate_key(where.path) if where.key else source.locate(where.path)
        return where.origin.file, span.line, span.column
    file, line, column = where  # type: ignore[misc]
    return file, line, column


def check(files: list[FileRef], settings: Settings = Settings(), extra: Iterable[Problem] = ()) -> Report:
    """Check the given files as one repository."""
    from svcchain.graph import build_graph
    from svcchain.rules.context import Context, RuleSettings

    problems: list[Problem] = list(extra)
    builder = ModelBuilder()
    for ref in files:
        loaded = load_file(ref.display, ref.fs_path, settings.limits)
        problems.extend(loaded.problems)
        if loaded.no_document:
            problems.append(Problem(
                "SC002",
                "the file holds no YAML document; add 'svcchain: 1' and its people, teams or services, "
                "or remove the file",
                (ref.display, 1, 1),
            ))
        for document in loaded.documents:
            schema_problems, data = validate_document(document)
            problems.extend(schema_problems)
            if data is not None:
                builder.add(document.origin, data)
            document.data = None  # release the raw data as we go
    problems.extend(builder.problems)
    model = builder.model

    rules = enabled_rules(settings)
    graph = build_graph(model)
    context = Context(model, graph, RuleSettings(settings.max_links_per_owner))
    for declared in rules.values():
        if declared.check is not None:
            problems.extend(declared.check(context))

    findings: dict[tuple, Finding] = {}
    for problem in problems:
        declared = rules.get(problem.code)
        if declared is None:
            continue
        severity = Severity(settings.severity.get(problem.code, declared.severity))
        file, line, column = _resolve(problem)
        finding = Finding(problem.code, declared.name, severity, problem.message, file, line, column,
                          problem.service, problem.link, problem.subject)
        findings.setdefault((finding.rule, file, line, column, finding.message), finding)
    ordered = sorted(findings.values(), key=Finding.sort_key)
    return Report(ordered, len(files), len(model.services), model.link_count, model, graph)
