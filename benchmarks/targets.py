#!/usr/bin/env python3
"""Prints issue 19's target table from the results of `benchmarks/run.sh --all`.

    python3 benchmarks/targets.py benchmarks/target/jmh-result.json benchmarks-http/target/http-bench

Reads JMH's JSON (header round trip and same-thread hop, ours against OpenTelemetry, time and
B/op) and the HTTP benchmarks' http-ratios.csv / http-windows.csv (Spring in the directory given,
Quarkus in its quarkus/ subdirectory). A line whose input is missing says so instead of a number.
"""
import csv
import json
import os
import statistics
import sys


def jmh(path):
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        for r in json.load(f):
            name = r["benchmark"].rsplit(".", 2)
            key = name[-2].replace("Benchmark", "") + "." + name[-1]
            alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            out[key] = (r["primaryMetric"]["score"], alloc)
    return out


def ratios(directory):
    path = os.path.join(directory, "http-ratios.csv")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {row["ratio"]: row for row in csv.DictReader(f)}


def median_rps(directory):
    path = os.path.join(directory, "http-windows.csv")
    if not os.path.exists(path):
        return {}
    by = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            by.setdefault(row["variant"], []).append(float(row["req_per_s"]))
    return {k: statistics.median(v) for k, v in by.items()}


def verdict(ok):
    return "met" if ok else "**not met**"


def main(jmh_path, http_dir):
    j = jmh(jmh_path)
    spring = ratios(http_dir)
    quarkus = ratios(os.path.join(http_dir, "quarkus"))
    rps = median_rps(http_dir)
    cores = os.cpu_count() or 1
    rows = []

    def http_row(what, table, label, target, higher_is_better=True, extra=""):
        r = table.get(label)
        if r is None:
            rows.append((what, target, "not measured", "-"))
            return
        m = float(r["median_of_rounds"])
        if target.startswith("-"):
            ok = None
        else:
            goal = float(target.split()[1].rstrip("x"))
            ok = m >= goal if higher_is_better else m <= goal
        rows.append((
            what,
            target,
            "%.3fx (median of %s per-round ratios, %.3f-%.3f)%s"
            % (m, r["rounds"], float(r["min"]), float(r["max"]), extra),
            "reference" if ok is None else verdict(ok),
        ))

    extra = ""
    if "contextkit" in rps and "plain" in rps:
        # With the cores saturated, cores / throughput is the CPU one request costs (client included).
        delta = (cores / rps["contextkit"] - cores / rps["plain"]) * 1e6
        extra = "; %.1f us more per request than plain as cores / req/s (meaningful on an idle machine only)" % delta
    http_row("Spring HTTP, starter / plain", spring, "contextkit / plain", ">= 0.97x", extra=extra)
    http_row("Spring HTTP, starter / Micrometer Tracing + OTel", spring,
             "contextkit / micrometer", ">= 1.10x")
    http_row("Spring HTTP, mdc-filter / plain (the six log fields alone)", spring,
             "mdc-filter / plain", "-")
    http_row("Quarkus HTTP, extension / plain", quarkus, "contextkit / plain", ">= 0.97x")
    http_row("Quarkus HTTP, extension / quarkus-opentelemetry", quarkus,
             "contextkit / otel", ">= 1.0x")

    rt_ours, rt_otel = j.get("HeaderCodec.roundTrip_ours"), j.get("HeaderCodec.roundTrip_otel")
    if rt_ours and rt_otel:
        t, a = rt_ours[0] / rt_otel[0], (rt_ours[1] or 0) / (rt_otel[1] or 1)
        rows.append(("header extract + inject / OTel W3C propagators", "<= 0.5x time, <= 0.5x allocation",
                     "%.2fx time (%.0f vs %.0f ns), %.2fx allocation (%.0f vs %.0f B/op)"
                     % (t, rt_ours[0], rt_otel[0], a, rt_ours[1] or 0, rt_otel[1] or 0),
                     "time %s, allocation %s" % (verdict(t <= 0.5), verdict(a <= 0.5))))
    else:
        rows.append(("header extract + inject / OTel W3C propagators", "<= 0.5x time, <= 0.5x allocation",
                     "not measured", "-"))
    hop_ours, hop_otel = j.get("ContextHop.sameThread_ours"), j.get("ContextHop.sameThread_otel")
    if hop_ours and hop_otel:
        t = hop_ours[0] / hop_otel[0]
        rows.append(("hop, same thread / OTel Context.wrap", "<= 1.0x, no allocation beyond the wrapper",
                     "%.2fx (%.1f vs %.1f ns), %.0f vs %.0f B/op"
                     % (t, hop_ours[0], hop_otel[0], hop_ours[1] or 0, hop_otel[1] or 0),
                     "time %s, allocation %s"
                     % (verdict(t <= 1.0), verdict((hop_ours[1] or 0) <= (hop_otel[1] or 0) + 0.5))))
    else:
        rows.append(("hop, same thread / OTel Context.wrap", "<= 1.0x", "not measured", "-"))
    http_row("TRACE (no suppressed effect) / STANDARD latency, Spring", spring,
             "contextkit TRACE / STANDARD (mean latency)", "<= 1.05x", higher_is_better=False)
    http_row("TRACE (no suppressed effect) / STANDARD latency, Quarkus", quarkus,
             "contextkit TRACE / STANDARD (mean latency)", "<= 1.05x", higher_is_better=False)

    print("Times and throughput ratios depend on the machine's load (see the load averages above);")
    print("B/op does not.\n")
    print("| what | target | measured | verdict |")
    print("|---|---|---|---|")
    for row in rows:
        print("| %s | %s | %s | %s |" % row)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "", sys.argv[2] if len(sys.argv) > 2 else ".")
