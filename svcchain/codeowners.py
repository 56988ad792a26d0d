"""CODEOWNERS files as GitHub and GitLab read them: rules, sections, owners, and the owners of a path.

Pure text in, rules out (no file IO), so the drift rule (SC601) and the
``import codeowners`` command read a CODEOWNERS file the same way.

Syntax (docs/codeowners.md):

- ``#`` starts a comment: a whole line, or a word starting with ``#`` after the pattern;
  ``\\#`` at the start of a pattern is a ``#``, ``\\ `` a space in a pattern;
- ``PATTERN OWNER...``: owners are ``@user``, ``@org/team`` (GitLab: ``@group/sub/group``),
  ``user@example.com``, and GitLab's roles ``@@maintainer``; a pattern without owners has none
  (it takes a section's default owners in GitLab);
- GitLab sections: ``[Name]``, ``^[Optional]``, ``[Name][2]``, each optionally followed by default
  owners; names compare case-insensitively and repeated sections are one;
- GitLab exclusions: ``!PATTERN`` leaves matching files without owners in its section;
- the last matching rule wins, per section: rules before the first section are a section of
  their own, and a path's owners are those of every section's last matching rule.

Patterns are gitignore-like, as GitHub matches them: a leading ``/`` anchors a
pattern at the root, a pattern of one name (``*.js``, ``docs/``) matches at
any depth, a trailing ``/`` matches a folder's contents, ``*`` and ``?`` stay
within a name, ``**`` crosses folders, ``docs/*`` matches the files directly in
docs/ only, and a pattern that names a folder covers everything in it.  ``[``
is an ordinary character (GitHub has no character ranges).  Matching is name
by name without backtracking: a CODEOWNERS file can come with a pull request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: GitHub does not read a CODEOWNERS file over 3 MB; neither does svcchain.
MAX_BYTES = 3 * 1024 * 1024

#: where GitHub and GitLab look for the file, in the order svcchain tries them
USUAL_PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")

_SECTION = re.compile(r"^(\^)?\[([^\]]*)\](?:\[(\d+)\])?(?:\s+(.*))?$")
_HANDLE = re.compile(r"^@[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")
_ROLE = re.compile(r"^@@[A-Za-z_]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Owner:
    """One owner as written, and what kind of owner it is."""

    text: str
    kind: str  # "user" (@login), "team" (@org/team), "email", "role" (GitLab @@role)

    @property
    def handle(self) -> str:
        """``@Acme/Team-A`` → ``acme/team-a``: what a ``github:`` handle is compared with (case-insensitively)."""
        return self.text.lstrip("@").lower()


def owner(text: str) -> Owner | None:
    """The owner a word names, or None when it is none (GitHub reports such a line as an error)."""
    if _ROLE.match(text):
        return Owner(text, "role")
    if _HANDLE.match(text):
        return Owner(text, "team" if "/" in text else "user")
    if _EMAIL.match(text):
        return Owner(text, "email")
    return None


@dataclass(frozen=True)
class Rule:
    pattern: str  # as written, escapes kept
    owners: tuple[Owner, ...]
    line: int
    section: str = ""  # the section's name as first written; "" before any section
    negated: bool = False
    segments: tuple[str, ...] = field(default=(), repr=False)
    last: str = field(default="name", repr=False)  # "name" (descendants too), "one" (exactly one name), "rest"

    def matches(self, path: str) -> bool:
        return _match(self.segments, self.last, [name for name in path.strip("/").split("/") if name])


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    text: str


@dataclass
class CodeOwners:
    """A parsed CODEOWNERS file."""

    file: str
    rules: list[Rule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: section key (lower-case name) → its rules, in file order; "" holds the rules before any section
    sections: dict[str, list[Rule]] = field(default_factory=dict)

    def owners_of(self, path: str) -> list[Rule]:
        """The rule that decides ``path`` in each section (the last that matches), in section order.

        A negated rule (GitLab's ``!PATTERN``) that decides leaves the path
        without owners in its section: it is not listed.  A path ending in
        ``/`` is a folder: ``web/`` is looked up as ``web/**``.
        """
        if path.endswith("/"):  # a folder: what is in it
            path += "**"
        decided = []
        for rules in self.sections.values():
            for rule in reversed(rules):
                if rule.matches(path):
                    if not rule.negated:
                        decided.append(rule)
                    break
        return decided


def _words(text: str) -> list[tuple[int, str]]:
    """Whitespace-separated words with their 0-based column; ``\\ `` keeps a space inside a word."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            if not current:
                start = i
            current.append(text[i : i + 2])
            i += 2
            continue
        if char in " \t":
            if current:
                out.append((start, "".join(current)))
                current = []
        else:
            if not current:
                start = i
            current.append(char)
        i += 1
    if current:
        out.append((start, "".join(current)))
    return out


def _segments(pattern: str) -> tuple[tuple[str, ...], str]:
    """A pattern as names to match and what its end matches (see ``Rule.last``)."""
    anchored = pattern.startswith("/")
    parts = pattern.lstrip("/").split("/")
    folder = len(parts) > 1 and parts[-1] == ""
    parts = [part for part in parts if part]
    if not anchored and len(parts) == 1 and parts[0] != "**":
        parts.insert(0, "**")  # one name: at any depth
    if folder:
        parts.append("**")
    if not parts:
        return ("**",), "rest"
    tail = parts[-1]
    last = "rest" if tail == "**" else "one" if tail == "*" else "name"
    return tuple(parts), last


def _name_matches(pattern: str, name: str) -> bool:
    """``*`` (any run), ``?`` (one character) and ``\\x`` (x) within one name, without backtracking blow-up."""
    tokens: list[str | None] = []  # None: '*'; '\0?': '?'; else a literal character
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            tokens.append(pattern[i + 1])
            i += 2
            continue
        tokens.append(None if char == "*" else "\0?" if char == "?" else char)
        i += 1
    # reach[j]: the tokens so far match name[:j]
    reach = [True] + [False] * len(name)
    for token in tokens:
        if token is None:
            for j in range(1, len(name) + 1):
                reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j] and (token == "\0?" or token == name[j]) for j in range(len(name))]
    return reach[len(name)]


def _match(segments: tuple[str, ...], last: str, names: list[str]) -> bool:
    if not names:
        return False
    count = len(names)
    reach = [True] + [False] * count  # reach[j]: the segments so far match names[:j]
    for index, segment in enumerate(segments):
        if segment == "**":
            if index == len(segments) - 1:  # at the end: one or more names
                seen = False
                new = [False] * (count + 1)
                for j in range(1, count + 1):
                    seen = seen or reach[j - 1]
                    new[j] = seen
                reach = new
            else:  # zero or more names
                for j in range(1, count + 1):
                    reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j] and _name_matches(segment, names[j]) for j in range(count)]
    if last == "name":
        return any(reach[1:])  # what matched may be a folder: its contents too
    return reach[count]


def parse(text: str, file: str = "CODEOWNERS") -> CodeOwners:
    """Read a CODEOWNERS file's text: its rules, sections and the lines that are no rule."""
    found = CodeOwners(file)
    section, section_key = "", ""
    defaults: tuple[Owner, ...] = ()
    names: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip())
        header = _SECTION.match(line)
        if header is not None:
            name = header.group(2).strip()
            if not name:
                found.problems.append(Problem(number, indent + 1, "a section needs a name: [Name]"))
                continue
            section_key = name.lower()
            section = names.setdefault(section_key, name)
            defaults = _owners(header.group(4) or "", number, indent + 1 + header.start(4), found)
            found.sections.setdefault(section_key, [])
            continue
        words = _words(line)
        pattern = words[0][1]
        rest = []
        for column, word in words[1:]:
            if word.startswith("#"):
                break  # a comment to the end of the line
            rest.append((column, word))
        negated = pattern.startswith("!")
        if negated:
            pattern = pattern[1:]
        if not pattern:
            found.problems.append(Problem(number, indent + 1, "'!' with no pattern after it"))
            continue
        before = len(found.problems)
        listed = tuple(_checked(rest, number, indent, found))
        if len(found.problems) > before:
            continue  # a line with a word that is no owner is skipped, as GitHub skips it
        segments, last = _segments(_unescape_slashes(pattern))
        rule = Rule(
            pattern,
            listed or (() if negated else defaults),
            number,
            section,
            negated,
            segments,
            last,
        )
        found.rules.append(rule)
        found.sections.setdefault(section_key, []).append(rule)
    return found


def _unescape_slashes(pattern: str) -> str:
    """The pattern with ``\\#`` read as ``#`` at its start (the other escapes are read per name)."""
    return pattern[1:] if pattern.startswith("\\#") else pattern


def _owners(text: str, line: int, column: int, found: CodeOwners) -> tuple[Owner, ...]:
    words = []
    for offset, word in _words(text):
        if word.startswith("#"):
            break
        words.append((offset, word))
    return tuple(_checked(words, line, column - 1, found))


def _checked(words: list[tuple[int, str]], line: int, indent: int, found: CodeOwners) -> list[Owner]:
    owners = []
    for column, word in words:
        named = owner(word)
        if named is None:
            found.problems.append(
                Problem(
                    line,
                    indent + column + 1,
                    f"'{word}' is no owner (@user, @org/team or an e-mail address); the line is skipped",
                )
            )
        else:
            owners.append(named)
    return owners


def escape_pattern(path: str) -> str:
    """A path as a CODEOWNERS pattern that reads back as that path: backslashes and spaces escaped, and a
    leading ``#`` (a comment) or ``!`` (GitLab's exclusion)."""
    text = path.replace("\\", "\\\\").replace(" ", "\\ ").replace("\t", "\\\t")
    return "\\" + text if text.startswith(("#", "!")) else text
