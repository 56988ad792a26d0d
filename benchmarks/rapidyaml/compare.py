"""PyYAML CSafeLoader vs rapidyaml (parse+resolve+emit_json+json.loads, and parse+Python walk with
svcchain's YAML 1.1 scalar resolution) on YAML corpora; differences classified."""

import collections
import datetime
import glob
import json
import math
import os
import re

import ryml
import yaml
from walkfast import load_fast

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def py_load(b):
    try:
        return "ok", list(yaml.load_all(b, Loader=yaml.CSafeLoader))
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark or e.context_mark
        return "err", (type(e).__name__, (m.line + 1) if m else None)
    except Exception as e:
        return "err", (type(e).__name__, None)


def ryml_docs(t):
    root = t.root_id()
    if t.is_stream(root):
        return [d for d in ryml.children(t, root)]
    return [root]


def ryml_json(b):
    try:
        t = ryml.parse_in_arena(b)
    except ryml.ExceptionParse as e:
        return "err", ("parse", e.errdata_parse.ymlloc.line)
    except Exception as e:
        return "err", (type(e).__name__, None)
    try:
        t.resolve()
        out = []
        if t.type(t.root_id()) == 0:
            return "ok", []  # nothing but comments: no document
        for d in ryml_docs(t):
            j = ryml.emit_json(t, d)
            out.append(json.loads(j, strict=False) if j and j.strip() else None)
        return "ok", out
    except json.JSONDecodeError as e:
        return "badjson", str(e)
    except Exception as e:
        return "emitfail", type(e).__name__


def ryml_walk(b):
    try:
        return "ok", load_fast(b)
    except ryml.ExceptionParse as e:
        return "err", ("parse", e.errdata_parse.ymlloc.line)
    except Exception as e:
        return "walkfail", f"{type(e).__name__}: {e}"[:80]


def eq(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return len(a) == len(b) and all(k in b and eq(v, b[k]) for k, v in a.items()) and list(a) == list(b)
    if isinstance(a, list):
        return len(a) == len(b) and all(eq(x, y) for x, y in zip(a, b))
    return a == b


def classify_leaf(p, r, cats):
    """p from PyYAML, r from rapidyaml: why they differ."""
    if isinstance(p, bool) and isinstance(r, str):
        cats.add("1.1 bool (yes/no/on/off/True...)")
    elif p is None and isinstance(r, str):
        cats.add("1.1 null (~, Null, NULL)")
    elif isinstance(p, int) and isinstance(r, str):
        if re.fullmatch(r"[-+]?\d+(:[0-5]?\d)+", r):
            cats.add("sexagesimal 1:20")
        elif re.fullmatch(r"[-+]?0[0-7_]+", r):
            cats.add("1.1 octal 012")
        elif "_" in r:
            cats.add("1.1 int with _")
        elif re.fullmatch(r"[-+]?0[xb].*", r, re.I):
            cats.add("1.1 hex/binary int")
        else:
            cats.add("int vs str (tag, other)")
    elif isinstance(p, float) and isinstance(r, str):
        cats.add("float .inf/.nan/1:20.5/1_0.5 etc")
    elif isinstance(p, (datetime.date, datetime.datetime)):
        cats.add("timestamp -> date/datetime")
    elif isinstance(p, bytes):
        cats.add("!!binary -> bytes")
    elif isinstance(p, str) and isinstance(r, (int, float)) and not isinstance(r, bool):
        cats.add("str vs number (!!str tag, 1e3, nan/inf)")
    elif isinstance(p, str) and isinstance(r, str):
        if r.startswith("*"):
            cats.add("alias left as '*name'")
        elif p == r.strip() or p.replace(" ", "") == r.replace(" ", ""):
            cats.add("string whitespace/folding")
        else:
            cats.add("string text differs (.inf->.inf spelling, escapes...)")
    elif isinstance(p, (int, float)) and isinstance(r, (int, float)):
        cats.add("number type (!!float 1 -> int, etc)")
    elif isinstance(p, set) or isinstance(r, set):
        cats.add("!!set")
    else:
        cats.add(f"other: {type(p).__name__} vs {type(r).__name__}")


def diff(p, r, cats, depth=0):
    if eq(p, r):
        return
    if isinstance(p, dict) and isinstance(r, dict):
        pk = [k for k in p]
        rk = [k for k in r]
        if any(not isinstance(k, str) for k in pk) and all(isinstance(k, str) for k in rk):
            cats.add("non-string keys (JSON makes them strings)")
        if "<<" in r and "<<" not in p:
            cats.add("merge key << not applied")
        for k in p:
            if k in r:
                diff(p[k], r[k], cats)
            elif str(k) in r and not isinstance(k, str):
                diff(p[k], r[str(k)], cats)
            else:
                cats.add("key missing/renamed")
        if set(map(str, pk)) == set(map(str, rk)) and [str(k) for k in pk] != [str(k) for k in rk]:
            cats.add("key order")
        return
    if isinstance(p, list) and isinstance(r, list):
        if len(p) != len(r):
            cats.add("length differs")
        for x, y in zip(p, r):
            diff(x, y, cats)
        return
    if isinstance(p, (dict, list)) or isinstance(r, (dict, list)):
        cats.add(f"structure: {type(p).__name__} vs {type(r).__name__}")
        return
    classify_leaf(p, r, cats)


def features(b):
    s = b.decode("utf-8", "replace")
    f = set()
    if re.search(r"(^|[\s\[{,])!", s):
        f.add("tag")
    if re.search(r"(^|[\s\[{,])&\S", s):
        f.add("anchor")
    if "<<" in s:
        f.add("merge")
    if re.search(r"^(---|\.\.\.)", s, re.M):
        f.add("multidoc-marker")
    return f


def run(name, files):
    res = collections.Counter()
    cats_json = collections.Counter()
    cats_walk = collections.Counter()
    examples = collections.defaultdict(list)
    for f in files:
        b = open(f, "rb").read()
        pk, pv = py_load(b)
        jk, jv = ryml_json(b)
        wk, wv = ryml_walk(b)
        res["files"] += 1
        for label, k, v, cats in (("json", jk, jv, cats_json), ("walk", wk, wv, cats_walk)):
            c = set()
            if pk == "ok" and k == "ok":
                if len(pv) != len(v):
                    c.add("document count differs")
                for x, y in zip(pv, v):
                    diff(x, y, c)
                if not c:
                    res[f"{label}: identical"] += 1
            elif pk == "err" and k == "err":
                res[f"{label}: both reject"] += 1
                if pv[1] == v[1]:
                    res[f"{label}: both reject, same error line"] += 1
                c = set()
            elif pk == "err":
                c.add("PyYAML rejects, ryml accepts")
            elif k == "err":
                c.add("ryml rejects, PyYAML accepts")
            else:
                c.add(f"ryml {k}")
            if c:
                res[f"{label}: different"] += 1
                for x in c:
                    cats[x] += 1
                    if len(examples[(label, x)]) < 4:
                        examples[(label, x)].append(os.path.relpath(f, "/work"))
    print(f"## {name}: {dict(res)}")
    for label, cats in (("json", cats_json), ("walk", cats_walk)):
        for k, v in cats.most_common():
            print(f"   {label:4} {v:4}  {k}   e.g. {examples[(label, k)][:3]}")
    return res


def yfiles(d):
    return sorted(glob.glob(d + "/**/*.yaml", recursive=True) + glob.glob(d + "/**/*.yml", recursive=True))


if __name__ == "__main__":
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # ryml prints every parse error to stderr
    run("tests/", yfiles(os.path.join(ROOT, "tests")))
    run("chains/", yfiles(os.path.join(ROOT, "chains")))
    run("examples/", yfiles(os.path.join(ROOT, "examples")))
    suite = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", "yaml-test-suite", "*", "in.yaml")))
    run("yaml-test-suite (all)", suite)
    run("yaml-test-suite (valid per suite)", [f for f in suite if not os.path.exists(os.path.dirname(f) + "/error")])
    run("yaml-test-suite (error per suite)", [f for f in suite if os.path.exists(os.path.dirname(f) + "/error")])
