"""Timings (in-process, files read into memory first, gc.collect() before each run; median and min)."""

import gc
import glob
import json
import os
import platform
import statistics
import sys
import time

import fastpath
import ryml
import yaml
from walkfast import load_fast
from walkpos import load_pos

from svcchain import loader as svcloader

d = sys.argv[1]
runs = int(sys.argv[2])
files = sorted(glob.glob(os.path.join(d, "*.yaml")))
datas = [(f, open(f, "rb").read()) for f in files]
print(
    f"{d}: {len(files)} files, {sum(len(b) for _, b in datas) / 1e6:.1f} MB; Python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml {yaml.__with_libyaml__}), rapidyaml {ryml.__version__}",
    flush=True,
)


def events(b):
    p = yaml.CSafeLoader(b)
    while p.get_event() is not None:
        pass
    p.dispose()


def rjson(b):
    t = ryml.parse_in_arena(b)
    t.resolve()
    return json.loads(ryml.emit_json(t), strict=False)


cases = [
    ("A PyYAML yaml.load(CSafeLoader)", lambda: [yaml.load(b, Loader=yaml.CSafeLoader) for f, b in datas]),
    ("B libyaml event stream only (CSafeLoader.get_event loop)", lambda: [events(b) for f, b in datas]),
    ("C svcchain loader.parse: data + positions (today)", lambda: [svcloader.parse(f, b) for f, b in datas]),
    ("D ryml.parse_in_arena only", lambda: [ryml.parse_in_arena(b) for f, b in datas]),
    ("E ryml.parse_in_place only (bytearray copy)", lambda: [ryml.parse_in_place(bytearray(b)) for f, b in datas]),
    ("F ryml parse + resolve + emit_json + json.loads", lambda: [rjson(b) for f, b in datas]),
    ("G ryml parse + Python tree walk (SWIG), data only", lambda: [load_fast(b) for f, b in datas]),
    ("H ryml parse_in_place + walk + positions of every node", lambda: [load_pos(b) for f, b in datas]),
    ("I fast path: scan + F + 1.1/duplicate checks (data only)", lambda: [fastpath.load(b) for f, b in datas]),
    (
        "J fast path I + libyaml event pass (acceptance check)",
        lambda: [(fastpath.load(b), events(b)) for f, b in datas],
    ),
]
for name, fn in cases:
    ts = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    print(f"| {name} | {statistics.median(ts):.3f} | {min(ts):.3f} |", flush=True)
print("load average after:", os.getloadavg())
