"""A whole check remembered: a second ``svcchain check`` with nothing changed reads its findings back.

The entry is named by a hash of every input of the check: each file's
display name, path, how it was found and content hash (or why it could not
be read), the problems of discovering them, *today*, every setting (the
owner directory's and the CODEOWNERS file's content included, as read into
the settings) and svcchain's code (``cache.key``).  Any change is another
name; there is no invalidation to get wrong.  It holds the report without
its model and graph, which only the views need, so only ``svcchain check``
reads it (``check(..., model=False)``); the views always build the model,
from the per-file entries of ``loadall``.  The baseline is applied after
the entry is read, exactly as the engine applies it.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import gc
import hashlib
import marshal
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from svcchain import engine
from svcchain.cache import Cache, key
from svcchain.findings import Finding, Problem
from svcchain.loadall import open_cache
from svcchain.reading import read_bytes
from svcchain.report import Report
from svcchain.selectors import Severity
from svcchain.suppress import Directive
from svcchain.today import system_today

if TYPE_CHECKING:
    from svcchain.baseline import Known
    from svcchain.discover import FileRef
    from svcchain.settings import Settings

#: Settings that say how to run, not what is found (the paths are in the list of files).
RUN_ONLY = frozenset({"paths", "cache_dir", "no_cache", "jobs"})
_VERSION = 1


class Unkeyable(Exception):
    """An input with no stable fingerprint: the check runs without the whole-run entry."""


def _walk(value: Any, out: list[str]) -> None:
    """A stable text of a value, through dataclasses (every field), mappings, sequences and plain scalars."""
    if value is None or type(value) in (str, int, float, bool):
        out.append(f"{type(value).__name__}:{value!r}")
    elif isinstance(value, enum.Enum):
        out.append(f"enum:{type(value).__name__}.{value.name}")
    elif type(value) in (datetime.date, datetime.datetime):
        out.append(f"{type(value).__name__}:{value.isoformat()}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out.append(f"<{type(value).__qualname__}")
        for field in dataclasses.fields(value):
            out.append(field.name)
            _walk(getattr(value, field.name), out)
        out.append(">")
    elif isinstance(value, dict):
        out.append(f"{{{len(value)}")
        for item_key, item in value.items():
            _walk(item_key, out)
            _walk(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append(f"[{len(value)}")
        for item in value:
            _walk(item, out)
        out.append("]")
    elif isinstance(value, (set, frozenset)):
        texts = []
        for item in value:
            part: list[str] = []
            _walk(item, part)
            texts.append("\x1f".join(part))
        out.append(f"({len(value)}")
        out.extend(sorted(texts))
        out.append(")")
    else:
        raise Unkeyable(f"no stable fingerprint for {type(value).__name__}")


def fingerprint(value: Any) -> bytes:
    out: list[str] = []
    _walk(value, out)
    return hashlib.blake2b("\x1e".join(out).encode("utf-8", "surrogatepass")).digest()


def run_name(files: Sequence[FileRef], settings: Settings, extra: Sequence[Problem], today: datetime.date) -> str:
    """The whole-run entry of these inputs (raises ``Unkeyable``)."""
    chosen = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in RUN_ONLY}
    parts: list[bytes | str] = ["run", str(_VERSION), today.isoformat(), fingerprint(chosen), fingerprint(list(extra))]
    limit = settings.limits.max_file_bytes
    for ref in files:
        data, problem = read_bytes(ref.display, ref.fs_path, limit)
        content = hashlib.blake2b(data).digest() if data is not None else fingerprint(problem)
        parts += [ref.display, ref.fs_path, "walked" if ref.walked else "named", content]
    return key(*parts)


# --------------------------------------------------------------------------- the report as plain values


def _finding(f: Finding) -> tuple[Any, ...]:
    return (
        f.rule, f.name, f.severity.value, f.message, f.file, f.line, f.column,
        f.service, f.link, f.subject, f.fix, f.asset, f.requirement,
    )  # fmt: skip


def pack(report: Report) -> bytes:
    return marshal.dumps(
        (
            _VERSION,
            [_finding(f) for f in report.findings],
            (report.files, report.services, report.links),
            report.enabled,
            [(_finding(f), d.plain()) for f, d in report.suppressed],
            report.fail_on,
            report.today.toordinal() if report.today is not None else None,
        ),
        4,
    )


_TEXT = (str,)
_OPTIONAL = (str, type(None))
_SHAPE = (_TEXT, _TEXT, _TEXT, _TEXT, _TEXT, (int,), (int,), _OPTIONAL, _OPTIONAL, _TEXT, _TEXT, _OPTIONAL, _OPTIONAL)


def _as_finding(item: Any) -> Finding:
    if type(item) is not tuple or len(item) != len(_SHAPE):
        raise ValueError("not a finding")
    for value, allowed in zip(item, _SHAPE, strict=True):
        if type(value) not in allowed:
            raise ValueError("not a finding")
    rule, name, severity, *rest = item
    return Finding(rule, name, Severity(severity), *rest)


def unpack(payload: bytes) -> Report:
    """The report an entry holds (no model, no graph); raises on anything that is not one."""
    version, findings, counts, enabled, suppressed, fail_on, today = marshal.loads(payload)
    files, services, links = counts
    if version != _VERSION or not all(type(n) is int for n in counts) or type(fail_on) is not str:
        raise ValueError("not a run entry")
    if type(enabled) is not tuple or not all(type(code) is str for code in enabled):
        raise ValueError("not a run entry")
    return Report(
        [_as_finding(item) for item in findings],
        files,
        services,
        links,
        enabled=enabled,
        suppressed=[(_as_finding(f), Directive.from_plain(d)) for f, d in suppressed],
        fail_on=fail_on,
        today=datetime.date.fromordinal(today) if today is not None else None,
    )


def check(
    files: list[FileRef],
    settings: Settings,
    extra: Iterable[Problem] = (),
    baseline: Known | None = None,
    model: bool = True,
) -> Report:
    """``engine.check``, or with ``model=False`` the report of an identical earlier run when the cache holds it.

    The cyclic garbage collector stays paused until the entry is written, as in
    the engine: a pass over the model just built would cost more than the entry.
    """
    cache = None if model else open_cache(settings)
    if cache is None:
        return engine.check(files, settings, extra, baseline)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _check(files, settings, cache, list(extra), baseline)
    finally:
        if paused:
            gc.enable()


def _check(
    files: list[FileRef], settings: Settings, cache: Cache, extra: list[Problem], baseline: Known | None
) -> Report:
    today = settings.today or system_today()
    try:
        name: str | None = run_name(files, settings, extra, today)
    except Unkeyable:
        name = None
    report = None
    if name is not None:
        payload = cache.read(name)
        if payload is not None:
            try:
                report = unpack(payload)
            except Exception:  # an entry that does not unpack is a miss
                report = None
    if report is None:
        report = engine.check(files, dataclasses.replace(settings, today=today), extra)
        if name is not None:
            cache.write(name, pack(report))
    if baseline is not None:  # as the engine applies it: after sorting, on the findings kept
        from svcchain.baseline import split

        kept, matched = split(report.findings, baseline)
        report = dataclasses.replace(report, findings=kept, baselined=matched)
    return report
