"""Which findings a change introduces and which it fixes: two checks matched as a baseline is.

A finding is matched by the same keys as ``svcchain.baseline``: rule, file,
subject (the entity it is about), service and link, counting repeats, so
moved lines and unrelated edits change nothing.  Two additions for a
change between two versions of a repository:

- *renames*: a file that moved without a change to its content
  (``chains/a.yaml`` → ``chains/b.yaml``) keeps its findings: the file of
  a base finding is read through the renames found by content.
- *moves*: a finding about an entity (it has a subject: ``link:svc/x``,
  ``owner:ann``) that is left over after the first pass is matched by its
  entity alone, whatever file it sits in: a link moved to another file keeps
  its known gaps.  A finding without a subject (a file that cannot be read,
  a schema error, an unused suppression, a repeated key) stays tied to its file.

A file that cannot be read (SC001) on the head side hides what the base
side found in it: those findings are neither fixed nor new, but *hidden*.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from svcchain.baseline import entity_key_of
from svcchain.findings import Finding

#: The rule of a file that cannot be read or parsed: what it held is unknown on that side.
UNREADABLE = "SC001"
#: Subjects that name something of one file, not an entity: an inline suppression, a repeated YAML key.
FILE_LOCAL = frozenset({"suppression", "key"})


def renames(base: Mapping[str, str | None], head: Mapping[str, str | None]) -> dict[str, str]:
    """Files renamed without a change to their content: base path → head path.

    ``base`` and ``head`` map each file's path to a digest of its content
    (None when it could not be read).  Only files that are gone from one
    side and new on the other are paired, first come first served.
    """
    arrived: dict[str, list[str]] = {}
    for path, digest in head.items():
        if path not in base and digest is not None:
            arrived.setdefault(digest, []).append(path)
    found: dict[str, str] = {}
    for path, digest in base.items():
        if path in head or digest is None:
            continue
        candidates = arrived.get(digest)
        if candidates:
            found[path] = candidates.pop(0)
    return found


def unreadable_files(findings: Iterable[Finding]) -> dict[str, Finding]:
    """Each file with an SC001 finding (it could not be read or parsed), with its first such finding."""
    found: dict[str, Finding] = {}
    for finding in findings:
        if finding.rule == UNREADABLE:
            found.setdefault(finding.file, finding)
    return found


@dataclass
class Matched:
    """The findings of the head side that are new, of the base side that are fixed or hidden."""

    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    #: base findings in a file the head side cannot read: not compared
    hidden: list[Finding] = field(default_factory=list)
    #: head findings matched by a base finding: known before the change
    known: int = 0


def _pair(
    base: list[Finding], head: list[Finding], key: Callable[[Finding, bool], Hashable | None]
) -> tuple[list[Finding], list[Finding], int]:
    """(unmatched base findings, unmatched head findings, matched count), in their order."""
    waiting: dict[Hashable, list[int]] = {}
    for index, finding in enumerate(base):
        found = key(finding, True)
        if found is not None:
            waiting.setdefault(found, []).append(index)
    used: set[int] = set()
    left: list[Finding] = []
    for finding in head:
        found = key(finding, False)
        slots = waiting.get(found) if found is not None else None
        if slots:
            used.add(slots.pop(0))
        else:
            left.append(finding)
    return [finding for index, finding in enumerate(base) if index not in used], left, len(used)


def match(base: list[Finding], head: list[Finding], renamed: Mapping[str, str] | None = None) -> Matched:
    """Pair the two sides' findings (see the module's doc); the rest is new, fixed or hidden."""
    renamed = renamed or {}

    def by_file(finding: Finding, is_base: bool) -> Hashable:
        rule, file, subject, service, link = entity_key_of(finding)
        return (rule, renamed.get(file, file) if is_base else file, subject, service, link)

    def by_entity(finding: Finding, is_base: bool) -> Hashable | None:
        if not finding.subject or finding.subject.partition(":")[0] in FILE_LOCAL:
            return None
        return (finding.rule, finding.subject, finding.service, finding.link)

    rest_base, rest_head, known = _pair(base, head, by_file)
    rest_base, rest_head, moved = _pair(rest_base, rest_head, by_entity)
    unreadable = set(unreadable_files(head))
    matched = Matched(new=rest_head, known=known + moved)
    for finding in rest_base:
        # a file the head side cannot read hides what it held (a new read error there is reported as new)
        hidden = renamed.get(finding.file, finding.file) in unreadable
        (matched.hidden if hidden else matched.fixed).append(finding)
    return matched
