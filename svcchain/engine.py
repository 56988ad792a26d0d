"""The check: files → documents → model → graph → rules → sorted findings."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from svcchain.baseline import split as split_baseline
from svcchain.findings import Anchor, Finding, Problem, printable
from svcchain.loadall import load_all
from svcchain.modelbuild import ModelBuilder
from svcchain.report import Report
from svcchain.selectors import UNSILENCEABLE, Severity, matches
from svcchain.settings import Settings
from svcchain.suppress import Directive, apply_directives
from svcchain.today import system_today

if TYPE_CHECKING:
    from svcchain.baseline import Known
    from svcchain.discover import FileRef
    from svcchain.rules import Rule

#: Rules every run checks, whatever select/ignore say: a file that cannot be read.
ALWAYS_ENABLED = UNSILENCEABLE


class RuleCodeError(Exception):
    """A problem carries a code no rule declares: a bug in svcchain, never the user's."""


def enabled_rules(settings: Settings) -> dict[str, Rule]:
    """The registry's rules this run checks (select, then ignore; SC001 always)."""
    from svcchain.rules import load_rules

    enabled = {}
    for code, declared in load_rules().items():
        if code not in ALWAYS_ENABLED:
            if settings.select and not matches(code, declared.name, settings.select):
                continue
            if settings.ignore and matches(code, declared.name, settings.ignore):
                continue
            if code in settings.disabled:  # the profile turns it off
                continue
        enabled[code] = declared
    return enabled


def _resolve(problem: Problem) -> tuple[str, int, int]:
    where = problem.where
    if isinstance(where, Anchor):
        source = where.origin.source
        span = source.locate_key(where.path) if where.key else source.locate(where.path)
        return where.origin.file, span.line, span.column
    return where


def check(
    files: list[FileRef],
    settings: Settings = Settings(),
    extra: Iterable[Problem] = (),
    baseline: Known | None = None,
) -> Report:
    """Check the given files as one repository.

    The cyclic garbage collector is paused meanwhile: a check allocates
    millions of small objects that form no cycles (data, positions, the
    model), and the collector's passes over them cost a tenth of the run.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check(files, settings, extra, baseline)
    finally:
        if paused:
            gc.enable()


def _check(files: list[FileRef], settings: Settings, extra: Iterable[Problem], baseline: Known | None) -> Report:
    from svcchain.graph import build_graph
    from svcchain.rules import load_rules
    from svcchain.rules.context import Context, RuleSettings

    loading: list[Problem] = list(extra)  # problems with their code: loader, schema, model
    directives: dict[str, list[Directive]] = {}
    builder = ModelBuilder()
    today = settings.today or system_today()
    for loaded in load_all(files, settings, today):  # read and validated: from the cache, by workers, or here
        loading.extend(loaded.problems)
        if loaded.directives:
            directives[loaded.file] = loaded.directives
        for origin, data in loaded.documents:
            builder.add(origin, data)
    loading.extend(builder.problems)
    model = builder.model
    if settings.directory is not None:  # known but not modelled: what the chain files declare wins
        in_files = model.people.keys() | model.teams.keys()
        model.directory_people = {k: v for k, v in settings.directory.people.items() if k not in in_files}
        model.directory_teams = {k: v for k, v in settings.directory.teams.items() if k not in in_files}

    known = load_rules()
    rules = enabled_rules(settings)
    graph = build_graph(model)
    context = Context(
        model,
        graph,
        RuleSettings(
            settings.max_links_per_owner,
            today,
            settings.leaving_warning_days,
            settings.review_every,
            settings.codeowners,
        ),
    )
    found: list[tuple[Rule, Problem]] = []
    for problem in loading:
        declared = known.get(problem.code)
        if declared is None or declared.check is not None:
            raise RuleCodeError(f"a loading problem carries the code {problem.code!r}, which is not a loading rule")
        if problem.code in rules:
            found.append((declared, problem))
    for declared in rules.values():
        if declared.check is not None:
            for problem in declared.check(context):
                if problem.code and problem.code != declared.code:
                    raise RuleCodeError(f"rule {declared.code} yielded a problem coded {problem.code!r}")
                found.append((declared, problem))

    findings: dict[tuple[str, str, int, int, str], Finding] = {}
    for declared, problem in found:
        file, line, column = _resolve(problem)
        # messages quote the user's YAML: no control character reaches any output
        finding = Finding(
            declared.code,
            declared.name,
            _severity(settings, declared),
            printable(problem.message),
            file,
            line,
            column,
            problem.service,
            problem.link,
            problem.subject,
            printable(problem.fix),
            printable(problem.asset) if problem.asset is not None else None,  # free-text ids from the files
            printable(problem.requirement) if problem.requirement is not None else None,
        )
        findings.setdefault((finding.rule, file, line, column, finding.text), finding)
    kept = _without_per_file_ignores(list(findings.values()), files, settings)
    unused = rules.get("SC005")

    def unused_finding(file: str, directive: Directive, selector: str, message: str, fix: str) -> Finding:
        assert unused is not None
        return Finding(
            "SC005",
            unused.name,
            _severity(settings, unused),
            printable(message),
            file,
            directive.line,
            directive.column,
            subject=f"suppression:{selector}",
            fix=fix,
        )

    kept, suppressed = apply_directives(
        kept, directives, _names(rules), _names(known), unused_finding if unused is not None else None
    )
    kept.sort(key=Finding.sort_key)
    matched = 0
    if baseline is not None:
        kept, matched = split_baseline(kept, baseline)
    return Report(
        kept,
        len(files),
        len(model.services),
        model.link_count,
        model,
        graph,
        enabled=tuple(rules),
        suppressed=suppressed,
        baselined=matched,
        fail_on=settings.fail_on,
        today=today,
    )


def _names(rules: Mapping[str, Rule]) -> dict[str, str]:
    return {code: declared.name for code, declared in rules.items()}


def _severity(settings: Settings, declared: Rule) -> Severity:
    if declared.code in UNSILENCEABLE:
        return declared.severity
    return Severity(settings.severity.get(declared.code, declared.severity))


def _without_per_file_ignores(findings: list[Finding], files: list[FileRef], settings: Settings) -> list[Finding]:
    if not settings.per_file_ignores:
        return findings
    from svcchain.globs import matches_glob, relative_path

    ignored_in: dict[str, tuple[str, ...]] = {}
    for ref in files:
        rel = relative_path(ref.display, ref.fs_path, settings.config_dir)
        selectors: list[str] = []
        for glob, codes in settings.per_file_ignores:
            if matches_glob(rel, glob):
                selectors.extend(codes)
        if selectors:
            ignored_in[ref.display] = tuple(selectors)
    return [
        f
        for f in findings
        if f.rule in UNSILENCEABLE or not (f.file in ignored_in and matches(f.rule, f.name, ignored_in[f.file]))
    ]
