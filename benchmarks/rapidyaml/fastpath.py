"""A data-only fast path: rapidyaml parse + emit_json + json.loads, with cheap checks that send any
document it might not read exactly as PyYAML's CSafeLoader does back to PyYAML (returns None)."""

import json
import re

import ryml
from fastscan import needs_pyyaml
from yaml.resolver import Resolver

# 1. source scan (bytes): features the fast path does not handle, or where the parsers disagree
SOURCE_RX = re.compile(
    rb"(?:^|[\s\[\]{},])[!&*]"  # tags, anchors, aliases at a token start (comments too: conservative)
    rb"|<<"  # merge keys
    rb"|^(?:\.\.\.|%)"  # document end markers, directives
    rb"|\t"  # tabs (indentation/separation disagreements)
    rb"|(?:^|[\s\[{,])[?:](?:\s|$)"  # explicit keys '? ', empty keys ': '
    rb"|[\[{,]\s*[:?]|[\"']:\S|(?:^|\s):\S"  # ':' / '?' at the start of a flow scalar, adjacent values
    rb"|[\[{][^\]}\n]*$"  # a flow collection that goes on past its line
    rb"|(?:^|\s)[|>][-+0-9]*\+|[ ]+\Z"  # keep-chomping block scalars, trailing spaces at the end
    rb"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf]",  # chars libyaml refuses
    re.M,
)
DOC_RX = re.compile(rb"^---", re.M)
BARE_DOC_RX = re.compile(rb"^---[ ]*(?:#.*)?$", re.M)
# 2. JSON strings whose whole text PyYAML 1.1 would resolve to something else than a string
_alts = []
for first, entries in Resolver.yaml_implicit_resolvers.items():
    for tag, rx in entries:
        p = rx.pattern.strip()[1:-1].strip()  # drop ^ and $
        if p not in _alts:
            _alts.append(p)
STRING_RX = re.compile('"(?:' + "|".join(_alts) + ')"|"[@`]', re.X)  # + plain scalars PyYAML refuses (@, `)
_FLOAT11 = re.compile(r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?\Z")

_WORDS_RX = re.compile(
    r'"(?:[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL|~|=|[!&*])"|"[@`]'
)
_NUMLIKE_RX = re.compile(r'"([-+.0-9][^"\\]*)"')
_NUM11 = re.compile("(?:" + "|".join(a for a in _alts if a[:1] not in "y~<=!") + r")\Z", re.X)  # float, int, timestamp


def suspicious_strings(j):
    """Same answer as STRING_RX.search(j), faster: word-like ones by one regex, number-like ones one by one."""
    if _WORDS_RX.search(j):
        return True
    for m in _NUMLIKE_RX.finditer(j):
        if _NUM11.match(m.group(1)):
            return True
    return False


class Fallback(Exception):
    pass


def _float(text):
    if not _FLOAT11.match(text):
        raise Fallback(text)  # 1e3, 1.5e3: PyYAML keeps them as strings
    return float(text)


def _pairs(pairs):
    d = dict(pairs)
    if len(d) != len(pairs):
        raise Fallback("duplicate key")
    return d


_dec = json.JSONDecoder(strict=False, parse_float=_float)
_dec_dup = json.JSONDecoder(strict=False, parse_float=_float, object_pairs_hook=_pairs)


def load(data, check_dups=True):
    """The documents as PyYAML's CSafeLoader gives them, or None: use PyYAML."""
    if needs_pyyaml(data):
        return None
    if not data.isascii():
        try:
            data.decode("utf-8")  # svcchain checks this before parsing anyway
        except UnicodeDecodeError:
            return None
    try:
        t = ryml.parse_in_arena(data)
    except Exception:
        return None
    root = t.root_id()
    ty = t.type(root)
    if ty == 0:
        return []
    if t.is_stream(root):  # '---' lines: one explicit document is fine, more go to PyYAML
        if t.num_children(root) != 1 or len(DOC_RX.findall(data)) != 1 or not BARE_DOC_RX.search(data):
            return None
        root = t.first_child(root)
    try:
        j = ryml.emit_json(t, root)
    except Exception:
        return None
    if not j or suspicious_strings(j):
        return None
    try:
        return [(_dec_dup if check_dups else _dec).decode(j)]
    except (Fallback, ValueError):
        return None
