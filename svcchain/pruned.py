"""The marker schema validation leaves where it removed a bad value.

It sits apart from ``validate`` so the chain model can recognise it without
importing the validator (and pydantic-core with it).
"""

from __future__ import annotations


class _Pruned:
    """Stands in for a value that failed validation.

    The value was reported once (SC002); keeping this marker in its place keeps
    list indices true and tells the rules the field was given (so a wrong
    ``owner`` does not also count as a missing one).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "PRUNED"


PRUNED = _Pruned()
