"""The small organisation the rule examples start from.

Every rule's bad and good example is a whole, otherwise clean document, so
the bad one raises exactly its rule and the good one nothing (a test runs
them all).  Most are this mail service with one change.
"""

from __future__ import annotations

MAIL = """\
svcchain: 1
people: [{id: ann}, {id: bob}, {id: meg}]
teams:
  - {id: ops, members: [ann, bob], facilitator: meg}
services:
  - id: mail
    owner: meg
    customer:
      needs: [{id: inbox, text: Mail arrives within a minute}]
    links:
      - id: deliver
        owner: ops
        result: Mail delivered within a minute
        measures: [{name: delivery time, target: "< 60 s"}]
        delivers: [inbox]
"""


def variant(base: str, *changes: tuple[str, str]) -> str:
    """``base`` with each ``(old, new)`` replaced; ``old`` must occur exactly once."""
    for old, new in changes:
        if base.count(old) != 1:
            raise ValueError(f"example change {old!r} must match exactly once")
        base = base.replace(old, new)
    return base
