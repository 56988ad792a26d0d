"""SC0xx — loading: the file must be readable YAML that matches the format.

These rules are found while loading (``loader``), validating (``validate``)
and merging documents (``chainmodel``); they are declared here so that they
are documented, listed and configured like every other rule.
"""

from __future__ import annotations

from svcchain.findings import Severity
from svcchain.rules import declare
from svcchain.rules.examples import MAIL, variant

declare(
    "SC001",
    "yaml-syntax",
    Severity.ERROR,
    "the file is not valid YAML",
    """
    A chain file that cannot be read is a chain nobody can check: every link,
    owner and need in it is invisible to the checker and to your colleagues'
    tools.  svcchain reports unreadable files, encodings other than UTF-8,
    YAML syntax errors, tags outside the YAML core schema (nothing is ever
    executed), nesting deeper than 100 levels and alias expansion beyond
    100,000 nodes, at the place where reading stopped.  Documents before the
    error are still checked.
    """,
    bad="""
    svcchain: 1
    people:
      - id: ann
        name: "Ann
    """,
    good="""
    svcchain: 1
    people:
      - id: ann
        name: "Ann"
    """,
)

declare(
    "SC002",
    "schema",
    Severity.ERROR,
    "a document does not match the format (missing marker, unknown key, wrong type, missing required field)",
    """
    The format is the contract between everyone who writes chains and every
    tool that reads them.  A typo must never make a field silently ignored:
    an unknown key is reported (with the key it most likely meant), a value of
    the wrong type points at the value, a missing required field at the
    mapping that lacks it.  Unquoted `no`, `on` or `2024` are not strings in
    YAML 1.1: quote them.  Keys starting with `x-` are yours for metadata.
    A link has exactly one result owner, so a list as `owner` is reported too.
    """,
    bad="""
    svcchain: 1
    people:
      - id: ann
        nmae: Ann de Wit
    """,
    good="""
    svcchain: 1
    people:
      - id: ann
        name: Ann de Wit
    """,
)

declare(
    "SC003",
    "duplicate-id",
    Severity.ERROR,
    "an id is declared twice in its namespace",
    """
    An id names exactly one thing: one person or team (they share a
    namespace, because both can own a link), one service, one link or need
    within its service.  When an id is declared twice, references to it are
    ambiguous and accountability blurs.  The first declaration is the one
    checked; the repeat is reported with the place of the first.
    """,
    bad="""
    svcchain: 1
    people:
      - id: ann
      - id: ann
    """,
    good="""
    svcchain: 1
    people:
      - id: ann
      - id: anna
    """,
)

declare(
    "SC004",
    "duplicate-key",
    Severity.ERROR,
    "a YAML mapping repeats a key",
    """
    Most YAML parsers silently keep the last of two equal keys, so one of the
    two values - often an owner or a result - is lost without a trace.
    svcchain keeps the first and reports the repeat with both places, so you
    decide which one is meant.
    """,
    bad="""
    svcchain: 1
    people:
      - id: ann
        name: Ann
        name: Anne
    """,
    good="""
    svcchain: 1
    people:
      - id: ann
        name: Anne
    """,
)

declare(
    "SC005",
    "unused-suppression",
    Severity.WARNING,
    "an inline suppression silences no finding",
    """
    `# svcchain: ignore[SC105] reason` accepts one known exception where it
    sits: on its own line it covers the next line, after YAML the same line;
    `# svcchain: ignore-file[SC105]` covers the whole file.  When the
    exception is gone - the link got a second owner, the line moved - the
    comment silently stays and may one day hide a new problem.  Suppressions
    that silence nothing, or name no known rule, are reported so they do not
    rot.  (An addition to the rule catalogue of the format reference.)
    """,
    bad=variant(
        MAIL, ("        owner: ops\n", "        owner: ops  # svcchain: ignore[SC105] ops used to be one person\n")
    ),
    good=variant(
        MAIL,
        ("        owner: ops\n", "        owner: bob  # svcchain: ignore[SC105] bob covers nights alone until March\n"),
    ),
)
