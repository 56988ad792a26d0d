"""The check: files → documents → model → graph → rules → sorted findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from svcchain import __version__
from svcchain.chainmodel import ChainModel, ModelBuilder
from svcchain.discover import FileRef
from svcchain.findings import Anchor, Finding, Problem, Severity, printable
from svcchain.loader import load_file
from svcchain.baseline import split as split_baseline
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
    #: codes of the rules this run checked (the others were disabled by select/ignore)
    enabled: tuple[str, ...] = ()
    #: findings silenced by an inline directive, with the directive
    suppressed: list[tuple[Finding, Any]] = field(default_factory=list, repr=False)
    #: findings matched by the baseline (not reported)
    baselined: int = 0

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
        if code == "SC001":  # a file that cannot be read is always reported
            enabled[code] = declared
            continue
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


def check(files: list[FileRef], settings: Settings = Settings(), extra: Iterable[Problem] = (),
          baseline: Optional[Counter] = None) -> Report:
    """Check the given files as one repository."""
    from svcchain.graph import build_graph
    from svcchain.rules.context import Context, RuleSettings

    problems: list[Problem] = list(extra)
    directives: dict[str, list] = {}
    builder = ModelBuilder()
    for ref in files:
        loaded = load_file(ref.display, ref.fs_path, settings.limits)
        problems.extend(loaded.problems)
        if loaded.directives:
            directives[ref.display] = loaded.directives
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
        file, line, column = _resolve(problem)
        # messages quote the user's YAML: no control character reaches any output
        finding = Finding(problem.code, declared.name, _severity(settings, declared), printable(problem.message),
                          file, line, column, problem.service, problem.link, problem.subject)
        findings.setdefault((finding.rule, file, line, column, finding.message), finding)
    kept = _without_per_file_ignores(list(findings.values()), files, settings)
    kept, suppressed = _apply_directives(kept, directives, rules, settings)
    kept.sort(key=Finding.sort_key)
    matched = 0
    if baseline is not None:
        kept, matched = split_baseline(kept, baseline)
    return Report(kept, len(files), len(model.services), model.link_count, model, graph,
                  enabled=tuple(rules), suppressed=suppressed, baselined=matched)


def _severity(settings: Settings, declared: Any) -> Severity:
    return Severity(settings.severity.get(declared.code, declared.severity))


def _without_per_file_ignores(findings: list[Finding], files: list[FileRef], settings: Settings) -> list[Finding]:
    if not settings.per_file_ignores:
        return findings
    from svcchain.config import matches_glob, relative_path

    fs_paths = {ref.display: ref.fs_path for ref in files}
    ignored_in: dict[str, tuple[str, ...]] = {}
    for display, fs_path in fs_paths.items():
        rel = relative_path(display, fs_path, settings.config_dir)
        selectors: list[str] = []
        for glob, codes in settings.per_file_ignores:
            if matches_glob(rel, glob):
                selectors.extend(codes)
        if selectors:
            ignored_in[display] = tuple(selectors)
    return [f for f in findings if not (f.file in ignored_in and _matches(f.rule, f.name, ignored_in[f.file]))]


def _apply_directives(findings: list[Finding], directives: dict[str, list], rules: dict,
                      settings: Settings) -> tuple[list[Finding], list[tuple[Finding, Any]]]:
    """Silence findings covered by inline directives; report directives that silence nothing (SC005)."""
    if not directives:
        return findings, []
    kept: list[Finding] = []
    suppressed: list[tuple[Finding, Any]] = []
    used: set[tuple[str, int, str]] = set()
    for finding in findings:
        silenced_by = None
        if finding.rule not in ("SC001", "SC005"):
            for directive in directives.get(finding.file, ()):
                if directive.file_level or directive.target_line == finding.line:
                    selector = directive.covers(finding.rule, finding.name)
                    if selector is not None:
                        silenced_by = directive
                        used.add((finding.file, directive.line, selector))
                        break
        if silenced_by is None:
            kept.append(finding)
        else:
            suppressed.append((finding, silenced_by))
    unused = rules.get("SC005")
    if unused is None:
        return kept, suppressed
    from svcchain.rules import load_rules

    known = load_rules()
    for file, found in directives.items():
        for directive in found:
            selectors = directive.selectors or ("*",)
            for selector in selectors:
                if (file, directive.line, selector) in used:
                    continue
                if selector != "*" and not _selects_any(selector, known):
                    message = (f"'{selector}' in this suppression is not a rule code, prefix or name; "
                               "fix it (see 'svcchain rules') or remove it")
                elif selector != "*" and not _selects_any(selector, rules):
                    continue  # the rule is switched off in this run: nothing to silence
                else:
                    what = "every rule" if selector == "*" else f"'{selector}'"
                    message = (f"this suppression of {what} silences no finding on "
                               f"{'this file' if directive.file_level else f'line {directive.target_line}'}; "
                               "remove it (or move it next to the finding it is meant for)")
                kept.append(Finding("SC005", unused.name, _severity(settings, unused), printable(message), file,
                                    directive.line, directive.column, subject=f"suppression:{selector}"))
    return kept, suppressed


def _selects_any(selector: str, rules: dict) -> bool:
    return any(_matches(code, declared.name, (selector,)) for code, declared in rules.items())
