"""ryml tree -> data + svcchain-shaped positions, as close to libyaml's marks as a cheap back-scan gets.
Scalars: memoryview address - buffer address (quoted: one back, to the quote).  Containers: the
first child's position; a sequence scans back over blanks to its '-' or '['; a mapping to '{'
if there is one.  Columns are converted from bytes to characters on non-ASCII files."""

import bisect

import ryml
from addr import addr_api, addr_fast
from ryml import _ryml as R

from svcchain.source import MapPos, SeqPos
from svcchain.yamlscalars import resolve_plain

NONE = ryml.NONE
MAP, SEQ, KEYQUO, VALQUO, KEYNIL, VALNIL = ryml.MAP, ryml.SEQ, ryml.KEYQUO, ryml.VALQUO, ryml.KEYNIL, ryml.VALNIL
T_type, T_key, T_val, T_first, T_next = R.Tree_type, R.Tree_key, R.Tree_val, R.Tree_first_child, R.Tree_next_sibling
BLANK = b" \t\r\n"


def load_pos(data):
    buf = bytearray(data)
    src = bytes(data)
    base = addr_api(buf)
    starts = [0]
    find = src.find
    i = find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = find(b"\n", i + 1)
    n = len(buf)
    ascii_ = src.isascii()
    br = bisect.bisect_right

    def packoff(off):
        line = br(starts, off) - 1
        s = starts[line]
        col = off - s if ascii_ else len(src[s:off].decode("utf-8", "replace"))
        return ((line + 1) << 32) | (col + 1), off

    def pos(mv, quoted):
        off = addr_fast(mv) - base
        if off < 0 or off > n:
            return 0, -1  # filtered into the arena: unknown
        return packoff(off - 1 if quoted else off)

    t = ryml.parse_in_place(buf)
    t.resolve()
    cache = {}

    def plain(s):
        try:
            return cache[s]
        except KeyError:
            v = cache[s] = resolve_plain(s)
            return v

    def back(off, chars):
        j = off - 1
        while j >= 0 and src[j] in BLANK:
            j -= 1
        return j if j >= 0 and src[j] in chars else -1

    # build returns (data, posnode, offset of the node's first char or -1)
    def build(node, ty):
        if ty & MAP:
            d = {}
            mp = MapPos(0)
            keys, values = mp.keys, mp.values
            first = -1
            ch = T_first(t, node)
            while ch != NONE:
                cty = T_type(t, ch)
                kmv = T_key(t, ch)
                k = str(kmv, "utf8")
                if not cty & KEYQUO:
                    k = None if cty & KEYNIL else plain(k)
                kp, koff = pos(kmv, cty & KEYQUO)
                if first < 0:
                    mp.pos, first = kp, koff
                d[k], values[k], _ = build(ch, cty)
                keys[k] = kp
                ch = T_next(t, ch)
            if first >= 0:
                b = back(first, b"{")
                if b >= 0:
                    mp.pos, first = packoff(b)
            return d, mp, first
        if ty & SEQ:
            out = []
            sp = SeqPos(0)
            items = sp.items
            first = -1
            ch = T_first(t, node)
            while ch != NONE:
                v, p, o = build(ch, T_type(t, ch))
                if not items:
                    first = o
                out.append(v)
                items.append(p)
                ch = T_next(t, ch)
            if first >= 0:
                b = back(first, b"-[")
                if b >= 0:
                    sp.pos, first = packoff(b)
            return out, sp, first
        mv = T_val(t, node)
        if ty & VALQUO:
            p, o = pos(mv, True)
            return str(mv, "utf8"), p, o
        if ty & VALNIL:
            return None, 0, -1
        p, o = pos(mv, False)
        return plain(str(mv, "utf8")), p, o

    root = t.root_id()
    rty = T_type(t, root)
    if rty == 0:
        return []
    if t.is_stream(root):
        return [build(d, T_type(t, d))[:2] for d in ryml.children(t, root)]
    return [build(root, rty)[:2]]
