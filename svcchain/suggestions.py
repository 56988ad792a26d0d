"""'Did you mean ...?': the candidate a typo most likely meant, at a cost that stays small at any size.

Used by schema messages, rules, config errors and the views, so it sits in
the ground layer and imports nothing of svcchain.

A plain ``difflib`` scan compares a word with every candidate: with 20,000
declared people and 3,000 unknown owners that is 60 million comparisons
(minutes).  A ``Suggester`` is made once per set of candidates and answers
each word in two steps:

1. an index of the candidates' one-character deletions ("symmetric delete",
   as SymSpell does) finds every candidate one edit away (a wrong, missing,
   extra or swapped character) in a few dictionary look-ups;
2. only while the comparisons spent stay under a budget, a ``difflib`` scan
   looks further (two or more edits apart, ``get_close_matches``' cut-off).

So small repositories get difflib's suggestions as before, and a large one
pays at most the budget plus a few look-ups per word.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: ``difflib.get_close_matches``' cut-off: below it, no suggestion.
CUTOFF = 0.6
#: Candidate comparisons one Suggester may spend on difflib scans over its life (about
#: 0.1 s here): two scans of a 10,000-person directory, hundreds of a service's links.
SCAN_BUDGET = 20_000


class Budget:
    """Comparisons left for difflib scans: one per Suggester, or one shared by a rule's many
    small sets (a service's links, its needs), so the cost stays bounded however many services."""

    __slots__ = ("left",)

    def __init__(self, comparisons: int = SCAN_BUDGET) -> None:
        self.left = comparisons


class Suggester:
    """Suggestions from one set of candidates (ids, keys, rule names)."""

    def __init__(self, candidates: Iterable[str], budget: Budget | None = None) -> None:
        self.candidates: list[str] = list(dict.fromkeys(str(c) for c in candidates))
        self._known = frozenset(self.candidates)
        # built on the first question: variant → the first candidate it comes from, and the
        # further candidates of the few variants that come from more than one (file order)
        self._deletes: dict[str, str] | None = None
        self._more: dict[str, list[str]] = {}
        self._lower: dict[str, str] | None = None
        self._position: dict[str, int] = {}  # candidate → its place in file order
        self._budget = budget if budget is not None else Budget()

    def _index(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._deletes is None or self._lower is None:
            deletes: dict[str, str] = {}
            more = self._more
            first = deletes.setdefault  # one plain string per variant: no list for each
            lower: dict[str, str] = {}
            for candidate in self.candidates:
                lower.setdefault(candidate.lower(), candidate)
                for i in range(len(candidate) + 1):  # i == len: the candidate itself
                    variant = candidate[:i] + candidate[i + 1 :]
                    if first(variant, candidate) is not candidate:
                        more.setdefault(variant, []).append(candidate)
            self._position = {candidate: place for place, candidate in enumerate(self.candidates)}
            self._deletes, self._lower = deletes, lower
        return self._deletes, self._lower

    def closest(self, word: str) -> str | None:
        """The candidate ``word`` most likely meant, or None when none is close enough."""
        if not self.candidates or word in self._known:
            return None
        deletes, lower = self._index()
        same = lower.get(word.lower())
        if same is not None:
            return same  # only the case differs
        near: dict[str, None] = {}
        for variant in _variants(word):
            found = deletes.get(variant)
            if found is not None:
                near.setdefault(found)
                for candidate in self._more.get(variant, ()):
                    near.setdefault(candidate)
        best, best_ratio = "", 0.0
        for candidate in sorted(near, key=self._position.__getitem__):  # the first in file order on a tie
            ratio = _ratio(word, candidate)
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        if best_ratio >= CUTOFF:
            return best
        if len(self.candidates) > self._budget.left:
            return None  # a large set, or many: one edit away or no suggestion
        self._budget.left -= len(self.candidates)
        matches = difflib.get_close_matches(word, self.candidates, n=1, cutoff=CUTOFF)
        return matches[0] if matches else None

    def did_you_mean(self, word: str) -> str:
        """`` (did you mean 'x'?)`` for the closest candidate, or nothing."""
        match = self.closest(word)
        return f" (did you mean '{match}'?)" if match else ""


def _variants(word: str) -> list[str]:
    """The word and every string one deletion away from it (left to right; a repeat is harmless)."""
    return [word, *(word[:i] + word[i + 1 :] for i in range(len(word)))]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, if any is close enough (one question, one set).

    A plain difflib scan: fine for one question or a small set.  For many
    questions against one large set, make one ``Suggester``.
    """
    matches = difflib.get_close_matches(word, [str(c) for c in candidates], n=1, cutoff=CUTOFF)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or nothing (see ``closest``)."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""
