"""'Did you mean ...?': the candidate a typo most likely meant.

Used by schema messages, rules, config errors and the views, so it sits in
the ground layer and imports nothing of svcchain.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo most likely meant, if any is close enough."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or nothing."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""
