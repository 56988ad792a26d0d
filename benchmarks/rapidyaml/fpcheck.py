import collections
import glob
import os
import sys

import yaml
from compare import eq, yfiles
from fastpath import load

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
suite = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", "yaml-test-suite", "*", "in.yaml")))
corpora = [
    ("tests/", yfiles(os.path.join(ROOT, "tests"))),
    ("chains/", yfiles(os.path.join(ROOT, "chains"))),
    ("examples/", yfiles(os.path.join(ROOT, "examples"))),
    ("yaml-test-suite", suite),
    ("b10k", sorted(glob.glob(os.path.join(sys.argv[1] if len(sys.argv) > 1 else "b10k", "*.yaml")))),
]
for name, files in corpora:
    c = collections.Counter()
    wrong = []
    for f in files:
        b = open(f, "rb").read()
        try:
            p = ("ok", list(yaml.load_all(b, Loader=yaml.CSafeLoader)))
        except Exception:
            p = ("err", None)
        r = load(b)
        c["files"] += 1
        if r is None:
            c["fallback to PyYAML"] += 1
        elif p[0] == "err":
            c["UNSOUND: fast path accepted, PyYAML rejects"] += 1
            wrong.append(f)
        elif len(r) == len(p[1]) and all(eq(x, y) for x, y in zip(p[1], r)):
            c["fast path, identical"] += 1
        else:
            c["UNSOUND: fast path data differs"] += 1
            wrong.append(f)
    print(name, dict(c), [os.path.relpath(w, "/work") for w in wrong][:12])
# why the fallbacks

import ryml
from fastpath import SOURCE_RX, STRING_RX

for name, files in corpora[:3]:
    why = collections.Counter()
    for f in files:
        b = open(f, "rb").read()
        if load(b) is not None:
            continue
        m = SOURCE_RX.search(b)
        if m:
            why["source: " + repr(m.group().strip())[:14]] += 1
            continue
        try:
            t = ryml.parse_in_arena(b)
        except Exception:
            why["ryml rejects"] += 1
            continue
        if t.is_stream(t.root_id()):
            why["stream"] += 1
            continue
        j = ryml.emit_json(t)
        m = STRING_RX.search(j or "")
        if m:
            why["1.1 string " + m.group()[:14]] += 1
            continue
        why["json: float/dup/invalid"] += 1
    print(name, why.most_common())
