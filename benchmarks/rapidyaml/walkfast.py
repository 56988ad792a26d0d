"""Optimised walker: raw SWIG functions, one type() call per node, cached scalar resolution."""

import bisect

import ryml
from addr import addr_api, addr_fast
from ryml import _ryml as R

from svcchain.source import MapPos, SeqPos
from svcchain.yamlscalars import resolve_plain

NONE = ryml.NONE
MAP, SEQ, KEYQUO, VALQUO, KEYNIL, VALNIL = ryml.MAP, ryml.SEQ, ryml.KEYQUO, ryml.VALQUO, ryml.KEYNIL, ryml.VALNIL
T_type, T_key, T_val, T_first, T_next = R.Tree_type, R.Tree_key, R.Tree_val, R.Tree_first_child, R.Tree_next_sibling


def load_fast(data):
    t = ryml.parse_in_arena(data)
    t.resolve()
    cache = {}

    def plain(s):
        try:
            return cache[s]
        except KeyError:
            v = cache[s] = resolve_plain(s)
            return v

    def build(node, ty):
        if ty & MAP:
            d = {}
            ch = T_first(t, node)
            while ch != NONE:
                cty = T_type(t, ch)
                k = str(T_key(t, ch), "utf8")
                if not cty & KEYQUO:
                    k = None if cty & KEYNIL else plain(k)
                d[k] = build(ch, cty)
                ch = T_next(t, ch)
            return d
        if ty & SEQ:
            out = []
            ch = T_first(t, node)
            while ch != NONE:
                out.append(build(ch, T_type(t, ch)))
                ch = T_next(t, ch)
            return out
        if ty & VALQUO:
            return str(T_val(t, node), "utf8")
        if ty & VALNIL:
            return None
        return plain(str(T_val(t, node), "utf8"))

    root = t.root_id()
    rty = T_type(t, root)
    if rty == 0:
        return []
    if t.is_stream(root):
        return [build(d, T_type(t, d)) for d in ryml.children(t, root)]
    return [build(root, rty)]


def load_fast_pos(data):
    """Same, plus a packed (line<<32|byte column) position for every scalar, key and container.
    Container position = first child's key/value position (right for block mappings only)."""
    buf = bytearray(data)
    base = addr_api(buf)
    starts = [0]
    find = buf.find
    i = find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = find(b"\n", i + 1)
    n = len(buf)
    br = bisect.bisect_right

    def pack(mv):
        off = addr_fast(mv) - base
        if off < 0 or off > n:
            return 0
        line = br(starts, off) - 1
        return ((line + 1) << 32) | (off - starts[line] + 1)

    t = ryml.parse_in_place(buf)
    t.resolve()
    cache = {}

    def plain(s):
        try:
            return cache[s]
        except KeyError:
            v = cache[s] = resolve_plain(s)
            return v

    def build(node, ty):
        if ty & MAP:
            d = {}
            mp = MapPos(0)
            keys, values = mp.keys, mp.values
            ch = T_first(t, node)
            while ch != NONE:
                cty = T_type(t, ch)
                kmv = T_key(t, ch)
                k = str(kmv, "utf8")
                if not cty & KEYQUO:
                    k = None if cty & KEYNIL else plain(k)
                kp = pack(kmv)
                if not mp.pos:
                    mp.pos = kp
                d[k], values[k] = build(ch, cty)
                keys[k] = kp
                ch = T_next(t, ch)
            return d, mp
        if ty & SEQ:
            out = []
            sp = SeqPos(0)
            items = sp.items
            ch = T_first(t, node)
            while ch != NONE:
                v, p = build(ch, T_type(t, ch))
                out.append(v)
                items.append(p)
                ch = T_next(t, ch)
            if items:
                first = items[0]
                sp.pos = first if type(first) is int else first.pos
            return out, sp
        mv = T_val(t, node)
        if ty & VALQUO:
            return str(mv, "utf8"), pack(mv)
        if ty & VALNIL:
            return None, 0
        return plain(str(mv, "utf8")), pack(mv)

    root = t.root_id()
    rty = T_type(t, root)
    if rty == 0:
        return []
    if t.is_stream(root):
        return [build(d, T_type(t, d)) for d in ryml.children(t, root)]
    return [build(root, rty)]
