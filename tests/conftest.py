"""Every test gets a cache folder of its own (``SVCCHAIN_CACHE_DIR``).

No test reads another's entries (a test that replaces a function of svcchain
must not be answered from an entry made without it), and no run leaves a
``.svcchain_cache`` in the checkout.  The tests of where the cache lives by
default unset it (tests/test_cache.py, tests/hostile/test_read_only.py).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _a_cache_folder_of_its_own(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVCCHAIN_CACHE_DIR", str(tmp_path_factory.mktemp("svcchain-cache")))
