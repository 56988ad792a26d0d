"""*Today*: the one date every rule about time is measured against.

``--today YYYY-MM-DD`` when given, else the UTC date of ``SOURCE_DATE_EPOCH``
(reproducible builds), else the UTC date of the system clock.  Nothing else
in a run reads the clock, so a run with the same files and the same *today*
says the same thing.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping

from svcchain.findings import printable

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

#: the last second of 9999-12-31 UTC: a later SOURCE_DATE_EPOCH has no date
_LAST_SECOND = 253402300799


class TodayError(ValueError):
    """A ``--today`` or ``SOURCE_DATE_EPOCH`` that names no date (exit 2)."""


def parse_date(text: str) -> datetime.date | None:
    """``YYYY-MM-DD`` as a date, or None when the text is not exactly such a date."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def resolve_today(flag: str | None = None, environ: Mapping[str, str] | None = None) -> datetime.date:
    """Today as the contract defines it; ``TodayError`` with one line to show when a value is bad."""
    if flag is not None:
        day = parse_date(flag.strip())
        if day is None:
            raise TodayError(
                f"--today '{printable(flag)}' is not a date: write it as YYYY-MM-DD, e.g. --today 2026-03-31"
            )
        return day
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is not None:
        text = raw.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) > _LAST_SECOND:
            raise TodayError(
                f"SOURCE_DATE_EPOCH='{printable(raw)}' is not a moment svcchain can use: give whole seconds since "
                "1970-01-01 UTC, before the year 10000 (e.g. 1767225600), or unset it"
            )
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (epoch + datetime.timedelta(seconds=int(text))).date()
    return system_today()


def system_today() -> datetime.date:
    """The UTC date of the system clock."""
    return datetime.datetime.now(datetime.timezone.utc).date()
