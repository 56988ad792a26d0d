"""The way in: ``svcchain`` (the console script) and ``python -m svcchain``.

Kept free of heavy imports, so what must hold before anything else runs
does: a Ctrl-C while typer, rich and pydantic are still importing exits 130
with one line instead of a traceback, and a closed stdout or stderr
(``>&-``, ``2>&-``) is reattached to the null device, so the run still
checks, writes its files and exits with the status its findings call for.
``svcchain --version`` alone is answered here, before any of them.
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


def _version() -> None:
    """``svcchain --version``: what the app's ``--version`` prints, without importing the app."""
    from svcchain import __version__

    try:
        sys.stdout.write(f"svcchain {__version__}\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: not our error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - swallow the final flush


def main() -> None:
    _reattach_closed_streams()
    if sys.argv[1:] in (["--version"], ["-V"]):
        _version()
        return
    try:
        from svcchain.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("svcchain: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
