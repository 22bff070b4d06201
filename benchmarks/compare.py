#!/usr/bin/env python3
"""Prints ours/theirs ratios from JMH JSON result files (run with -prof gc).

Benchmark methods are named CASE_SYSTEM: systems starting with "ours" are ContextKit, the others
are incumbents doing the same job in the same benchmark class. Each ContextKit variant is compared
with each incumbent of its case; cases without an incumbent are listed alone.

Two times are shown per benchmark: JMH's mean with its 99.9 % error, and the best (lowest)
measurement iteration. On a machine shared with other work, noise only ever adds time, so the best
iteration is the steadier estimate of the code's own cost; the ratio is given for both.
"""
import json
import sys

TO_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}


def fmt_time(ns):
    if ns is None:
        return "-"
    if ns >= 1e6:
        return f"{ns / 1e6:,.1f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:,.2f} us"
    return f"{ns:,.1f} ns"


def fmt_bytes(b):
    if b is None:
        return "-"
    if b >= 1e6:
        return f"{b / 1e6:,.1f} MB"
    return f"{b:,.0f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x"


def main(paths):
    results = []
    for path in paths:
        with open(path) as f:
            results.extend(json.load(f))
    cases = {}
    order = []
    for r in results:
        full = r["benchmark"]
        cls, method = full.split(".")[-2], full.split(".")[-1]
        cls = cls.removesuffix("Benchmark")
        case, _, system = method.rpartition("_")
        if not case:
            case, system = method, "ours"
        pm = r["primaryMetric"]
        unit = pm["scoreUnit"]
        ns = pm["score"] * TO_NS[unit] if unit in TO_NS else None
        err = pm.get("scoreError")
        err_ns = err * TO_NS[unit] if unit in TO_NS and isinstance(err, (int, float)) else None
        raw = [v for fork in pm.get("rawData", []) for v in fork]
        best = min(raw) * TO_NS[unit] if raw and unit in TO_NS else ns
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        key = (cls, case)
        if key not in cases:
            cases[key] = {}
            order.append(key)
        cases[key][system] = (ns, err_ns, alloc, best)

    print(
        "| benchmark | ours | mean | best | B/op | incumbent | mean | best | B/op "
        "| ours/theirs (mean) | ours/theirs (best) |"
    )
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for key in order:
        systems = cases[key]
        ours = [s for s in systems if s.startswith("ours")]
        theirs = [s for s in systems if not s.startswith("ours")]
        name = f"{key[0]}.{key[1]}"
        for o in ours:
            ons, oerr, oal, obest = systems[o]
            left = f"{name} | {o} | {mean(ons, oerr)} | {fmt_time(obest)} | {fmt_bytes(oal)}"
            if not theirs:
                print(f"| {left} | - | - | - | - | - | - |")
            for t in theirs:
                tns, terr, tal, tbest = systems[t]
                print(
                    f"| {left} | {t} | {mean(tns, terr)} | {fmt_time(tbest)} | {fmt_bytes(tal)} "
                    f"| {ratio(ons, tns)} | {ratio(obest, tbest)} |"
                )
        if not ours:
            for t in theirs:
                tns, terr, tal, tbest = systems[t]
                print(
                    f"| {name} | - | - | - | - | {t} | {mean(tns, terr)} | {fmt_time(tbest)} "
                    f"| {fmt_bytes(tal)} | - | - |"
                )


def mean(ns, err):
    text = fmt_time(ns)
    if err is not None and err == err:  # NaN when JMH had too few samples
        text += f" ± {fmt_time(err)}"
    return text


if __name__ == "__main__":
    main(sys.argv[1:] or ["benchmarks/target/jmh-result.json"])
