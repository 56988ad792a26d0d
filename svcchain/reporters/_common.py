"""What the CI formats share: safe text, repository paths and stable fingerprints.

Not a format itself (it is not in ``REPORTERS``); ``sarif``, ``junit``,
``github``, ``gitlab`` and ``markdown`` build on it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.findings import Finding
    from svcchain.report import Report

#: lone surrogates: undecodable bytes of a file name, or a "\ud800" escape in YAML
_SURROGATES = re.compile("[\ud800-\udfff]")

#: positions inside a message ("line 25, column 9", "file.yaml:5:9"): not part of its identity
_POSITIONS = re.compile(r"\bline \d+(?:, column \d+)?|:\d+:\d+")


def clean(text: str) -> str:
    """``text`` with every lone surrogate as U+FFFD, so it can be written as UTF-8."""
    return _SURROGATES.sub("\ufffd", text)


def repo_path(file: str) -> str:
    """The finding's file as a normalised POSIX path (``./a//b.yaml`` → ``a/b.yaml``).

    Paths are shown as the user named them; run svcchain from the repository
    root (as the GitHub Action and the CI examples do) and they are relative
    to it, which is what code scanning, annotations and GitLab expect.
    """
    path = clean(file)
    if not path:
        return path
    normal = posixpath.normpath(path)
    if normal.startswith("//"):  # POSIX keeps a leading "//"; it is just "/"
        normal = "/" + normal.lstrip("/")
    return normal


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def counts(report: Report) -> str:
    """``2 errors, 1 warning, 0 infos``."""
    return ", ".join((plural(report.errors, "error"), plural(report.warnings, "warning"), plural(report.infos, "info")))


def scope(report: Report) -> str:
    """``8 files, 10 services, 28 links``."""
    return f"{plural(report.files, 'file')}, {plural(report.services, 'service')}, {plural(report.links, 'link')}"


def identity(finding: Finding) -> str:
    """What a finding is about, without line numbers: its subject, else its message."""
    return finding.subject or _POSITIONS.sub("", finding.text)


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """One stable fingerprint per finding, in the same order.

    A hash of rule, path and subject: it survives unrelated edits that move
    lines.  Findings that share all three are told apart by an occurrence
    counter (in report order), so every fingerprint of a report is unique.
    """
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        key = "\0".join((finding.rule, repo_path(finding.file), identity(finding)))
        seen[key] += 1
        data = f"{key}\0{seen[key]}".encode("utf-8", "surrogatepass")
        out.append(hashlib.sha256(data).hexdigest()[:32])
    return out
