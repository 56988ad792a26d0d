"""A chain file's bytes: read defensively, and checked to be UTF-8.

No FIFOs, sockets or devices are opened, and nothing over the size limit is
read.  Every failure is an SC001 problem at the file (or at the first byte
that is not UTF-8), never an exception.
"""

from __future__ import annotations

import os
import re
import stat

from svcchain.findings import Problem

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)

#: Line breaks as YAML 1.1 (and libyaml's marks) count them, in UTF-8: CR LF, CR, LF, NEL, LS, PS.
_BYTE_BREAKS = re.compile(rb"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]")


def line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, counted as libyaml counts them."""
    line, line_start = 1, 0
    for line, match in enumerate(_BYTE_BREAKS.finditer(data, 0, offset), start=2):  # noqa: B007 - read after the loop
        line_start = match.end()
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _file_problem(path: str, message: str, fix: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(message, (path, line, column), fix=fix, code="SC001")


def read_bytes(path: str, fs_path: str, max_bytes: int) -> tuple[bytes | None, Problem | None]:
    """Read a file defensively: no FIFOs, no devices, nothing over ``max_bytes``."""
    try:
        info = os.stat(fs_path)
    except FileNotFoundError:
        if os.path.islink(fs_path):
            return None, _file_problem(
                path, "cannot read the file: it is a broken symbolic link", "fix or remove the link"
            )
        return None, _file_problem(
            path,
            "cannot read the file: it does not exist (any more)",
            "check the path, and do not move or delete files while they are checked",
        )
    except OSError as exc:
        return None, _file_problem(
            path, f"cannot read the file: {exc.strerror or exc}", "check the path and its permissions"
        )
    if not stat.S_ISREG(info.st_mode):
        return None, _file_problem(
            path, "cannot read the file: it is not a regular file (a FIFO, socket or device)", "remove it or rename it"
        )
    if info.st_size > max_bytes:
        return None, _file_problem(
            path,
            f"the file is {info.st_size:,} bytes, over the limit of {max_bytes:,}",
            "split it into smaller files or raise the limit",
        )
    try:
        with open(fs_path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return None, _file_problem(path, f"cannot read the file: {exc.strerror or exc}", "check its permissions")
    if len(data) > max_bytes:
        return None, _file_problem(
            path,
            f"the file is over the limit of {max_bytes:,} bytes",
            "split it into smaller files or raise the limit",
        )
    return data, None


def decode_problem(path: str, data: bytes) -> Problem | None:
    """SC001 when the bytes are not UTF-8 (a UTF-8 byte-order mark is fine)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _file_problem(path, f"the file is encoded as {name}", "svcchain reads UTF-8: save it as UTF-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_col_of_byte(data, exc.start)
        return _file_problem(
            path,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02X})",
            "save it as UTF-8",
            line,
            column,
        )
    return None
