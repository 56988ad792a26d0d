"""The way in: ``svcchain`` (the console script) and ``python -m svcchain``.

Kept free of heavy imports, so what must hold before anything else runs
does: a Ctrl-C while typer, rich and pydantic are still importing exits 130
with one line instead of a traceback, and a closed stdout or stderr
(``>&-``, ``2>&-``) is reattached to the null device, so the run still
checks, writes its files and exits with the status its findings call for.
"""

from __future__ import annotations

import os
import sys


def _reattach_closed_streams() -> None:
    for fd, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is None:
            try:
                os.fstat(fd)
            except OSError:  # the descriptor is closed: fill it, so no file opened later takes its number
                null = os.open(os.devnull, os.O_WRONLY)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            setattr(sys, name, open(fd, "w", encoding="utf-8", errors="backslashreplace", closefd=False))  # noqa: SIM115


def main() -> None:
    _reattach_closed_streams()
    try:
        from svcchain.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("svcchain: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
