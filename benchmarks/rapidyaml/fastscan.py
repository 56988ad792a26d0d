"""The fast path's source scan, gated by C-speed substring tests so that a regex runs only where
its key byte occurs.  Same rules as fastpath.SOURCE_RX (True = send the file to PyYAML)."""

import re

_TOKEN = re.compile(rb"(?:^|[\s\[\]{},])[!&*]", re.M)
_Q = re.compile(rb"(?:^|[\s\[{,])\?(?:\s|$)|[\[{,]\s*\?", re.M)
_COLON = re.compile(rb"(?:^|[\s\[{,]):(?:\s|$)|[\[{,]\s*:|[\"']:\S|(?:^|\s):\S", re.M)
_QCOLON = re.compile(rb"[\"']:\S")
_FLOW = re.compile(rb"[\[{][^\]}\n]*$", re.M)
_KEEP = re.compile(rb"(?:^|\s)[|>][-+0-9]*\+", re.M)
_C1 = re.compile(rb"\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf]")
_CTRL = bytes(range(9)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20)) + b"\x7f"
_DOCEND = re.compile(rb"^(?:\.\.\.|%)", re.M)


def needs_pyyaml(d: bytes) -> bool:
    if b"\t" in d or b"<<" in d or d.endswith(b" "):
        return True
    if len(d.translate(None, _CTRL)) != len(d):
        return True
    if not d.isascii() and _C1.search(d):
        return True
    if (b"!" in d or b"&" in d or b"*" in d) and _TOKEN.search(d):
        return True
    if (b"\n..." in d or b"\n%" in d or d.startswith((b"...", b"%"))) and _DOCEND.search(d):
        return True
    if b"?" in d and _Q.search(d):
        return True
    # ':' after a blank or a flow indicator covers empty keys, ': ' at a scalar start, '[ :x]', '{, :x}'
    if b" :" in d or b"\n:" in d or b"\r:" in d or b"[:" in d or b"{:" in d or b",:" in d or d.startswith(b":"):
        return True
    if (b'":' in d or b"':" in d) and _QCOLON.search(d):
        return True
    if (b"[" in d or b"{" in d) and _FLOW.search(d):
        return True
    if b"+" in d and _KEEP.search(d):
        return True
    return False
