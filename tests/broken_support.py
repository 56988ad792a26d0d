"""The day examples/broken is checked on wherever its findings are compared or counted.

examples/broken/additions.yaml holds dates: who has left or is leaving (SC108,
SC109) and when a link was last reviewed (SC403) depend on *today*.  Every test
that compares the folder's output with a golden file, or counts its findings,
checks it on this day (``--today``, ``Settings(today=...)`` or, for a process
whose command line the test does not write, ``SOURCE_DATE_EPOCH``), so no test
depends on the clock.
"""

from __future__ import annotations

import datetime

BROKEN_TODAY = "2026-06-01"
BROKEN_DATE = datetime.date.fromisoformat(BROKEN_TODAY)
#: SOURCE_DATE_EPOCH of BROKEN_TODAY, 00:00 UTC
BROKEN_EPOCH = "1780272000"
