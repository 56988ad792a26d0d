"""Writes that never replace what they should write through (issue 12, item 1).

``--output`` and ``report -o`` write atomically, but a device, a FIFO or a
symbolic link is not a file to rename over: as root, ``-o /dev/null`` once
turned the container's device into a regular file.  Every case here works on
stand-ins under the test's temporary folder (a character device made with
``os.mknod`` where allowed, a FIFO, links), never on /dev itself.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from svcchain.files import write_atomic

from .support import ROOT, run_cli

CHAINS = str(ROOT / "chains")


def litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".svcchain-"))


def test_a_character_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device's numbers
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    done = run_cli("check", CHAINS, "--isolated", "-f", "json", "-o", str(node), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(node.stat().st_mode), "the device was replaced by a regular file"
    assert litter(tmp_path) == []


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(str(fifo), "through the pipe\n")
    reader.join(10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert litter(tmp_path) == []


def test_a_link_to_the_process_stdout_writes_to_stdout(tmp_path: Path) -> None:
    """The shape of ``-o /dev/stdout``, without touching /dev: a link to /proc/self/fd/1."""
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc/self/fd on this platform")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = run_cli("check", CHAINS, "--isolated", "-f", "json", "-o", str(link), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b'"summary"' in done.stdout
    assert link.is_symlink()


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "out.json"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    write_atomic(str(link), "new\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert litter(tmp_path) == [] and litter(target.parent) == []


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    target = tmp_path / "made.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(str(link), "made\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "made\n"


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    private = tmp_path / "private.json"
    private.write_text("old\n", encoding="utf-8")
    private.chmod(0o600)
    write_atomic(str(private), "new\n")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text(encoding="utf-8") == "new\n"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(str(tmp_path), "x")


_KILLED_WHILE_WRITING = r"""
import os, signal, sys
import svcchain.files as files
real_chmod = os.chmod
def stop(*args, **kwargs):  # the moment the temporary file exists and is full: SIGTERM arrives
    os.kill(os.getpid(), signal.SIGTERM)
    real_chmod(*args, **kwargs)
os.chmod = stop
files.write_atomic(sys.argv[1], "x" * 100000)
"""


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_WRITING, str(out)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == -signal.SIGTERM, (done.returncode, done.stderr)
    assert litter(tmp_path) == [], "a .svcchain-*.tmp was left behind"
    assert not out.exists()
