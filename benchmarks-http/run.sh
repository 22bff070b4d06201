#!/usr/bin/env bash
# End-to-end HTTP benchmarks, side by side with the incumbents; prints the ratio tables at the end.
#
#   benchmarks-http/run.sh              quick mode (about 20 minutes on 2 loaded cores):
#                                       HTTP: 8 connections, 5 warm-up + 10 measured rounds of 5 s,
#                                       Spring then Quarkus; TRACE: 100 warm-up + 300 measured
#                                       STANDARD/TRACE pairs of the spring-orders sample
#   benchmarks-http/run.sh --full       full mode: HTTP 6 + 20 rounds of 10 s; TRACE 300 + 1500 pairs
#   benchmarks-http/run.sh [--full] http      both HTTP throughput benchmarks (Spring, Quarkus)
#   benchmarks-http/run.sh [--full] spring    only the Spring HTTP throughput benchmark
#   benchmarks-http/run.sh [--full] quarkus   only the Quarkus HTTP throughput benchmark
#   benchmarks-http/run.sh [--full] trace     only the spring-orders TRACE latency benchmark
#
# Everything measured is built from this checkout in Maven reactors (context-core ... the starter,
# the Quarkus extension, feature-flags, the spring-orders sample); nothing is installed into the
# local Maven repository. What the applications run is copied under target/ first, so a rebuild
# during a run cannot change a running JVM's jars.
#
# Spring HTTP throughput: one Spring Boot 4.0.7 MVC app (POST /quotes: prices a quote, logs one JSON
# line through Logback's LogstashEncoder) in four JVMs: "contextkit" (the starter, all integrations
# on), "plain" (neither), "micrometer" (Micrometer Tracing + OpenTelemetry bridge, baggage
# remote-fields and correlation fields for user_id, account_id, request_id, request_type),
# "mdc-filter" (plain + a hand-written filter putting the same six values into the MDC).
# Quarkus HTTP throughput: the same endpoint in Quarkus REST (benchmarks-quarkus) in three JVMs:
# "contextkit" (the extension), "plain", "otel" (quarkus-opentelemetry, no exporter). In both, every
# round also measures the contextkit application with TRACE requests ("contextkit-trace": the
# endpoint has no effect to suppress, so TRACE / STANDARD is the guards' own cost). Started at
# once, then measured in interleaved windows (see HttpThroughputBenchmark). TRACE latency: the
# spring-orders sample's POST /orders as TRACE against STANDARD (see TraceLatencyBenchmark).
#
# Results go to benchmarks-http/target/http-bench/ (Spring), .../http-bench/quarkus/ (Quarkus):
# http-throughput.md, http-windows.csv, http-ratios.csv, the JSON log of every application;
# trace-latency.md; summary.md. Extra arguments for a driver: HTTP_OPTS (e.g. HTTP_OPTS='--connections
# 16', or '--trace-windows false' while profiling) and TRACE_OPTS. Extra JVM options for one
# variant: <VARIANT>_JVM_OPTS (dashes as underscores), e.g.
# CONTEXTKIT_JVM_OPTS=-XX:StartFlightRecording=filename=/tmp/ck.jfr,settings=profile
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

mode=quick
run_spring=true
run_quarkus=true
run_trace=true
for arg in "$@"; do
  case "$arg" in
    --full) mode=full ;;
    --quick) mode=quick ;;
    --install) echo "--install is no longer needed: the benchmarks build this checkout's reactor" >&2 ;;
    http) run_trace=false ;;
    spring) run_trace=false; run_quarkus=false ;;
    quarkus) run_trace=false; run_spring=false ;;
    trace) run_spring=false; run_quarkus=false ;;
    -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if [[ "$mode" == full ]]; then
  http_mode=(--connections 8 --warmup-rounds 6 --rounds 20 --window 10)
  trace_mode=(--warmup-pairs 300 --pairs 1500)
else
  # Five warm-up rounds: on 2 busy cores the starter's and Micrometer's variants were still
  # reaching C2 code in the fourth round of a first try with three.
  http_mode=(--connections 8 --warmup-rounds 5 --rounds 10 --window 5)
  trace_mode=(--warmup-pairs 100 --pairs 300)
fi

mvn=("$root/mvnw" -B -ntp -q)
target="$here/target"
out="$target/http-bench"
dep=org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath

echo "== building benchmarks-http, what it measures from this checkout, and one class path per variant" >&2
# The "contextkit" class path comes from this checkout's reactor (context-core ... the starter, as
# built here), which also packages the spring-orders sample for the TRACE driver. Every module of
# the reactor writes the file; benchmarks-http, built last, wins.
"${mvn[@]}" -pl benchmarks-http -am -Pvariant-contextkit package "$dep" -Dmaven.test.skip=true \
  -Dmdep.outputFile="$target/cp-contextkit.txt" -DincludeScope=runtime
# The module's runtime class path is the "plain" variant (and "mdc-filter", which differs only by
# its Spring profile); "micrometer" adds its library set. None of them holds a ContextKit jar; they
# are resolved in the same reactor (compile only, already up to date) so that nothing comes from
# the local repository's copies of this project.
reactor=("${mvn[@]}" -pl benchmarks-http -am compile "$dep" -Dmaven.test.skip=true)
"${reactor[@]}" -Dmdep.outputFile="$target/cp-plain.txt" -DincludeScope=runtime
"${reactor[@]}" -Pvariant-micrometer -Dmdep.outputFile="$target/cp-micrometer.txt" \
  -DincludeScope=runtime
cp "$target/cp-plain.txt" "$target/cp-mdc-filter.txt"
# The drivers: everything but the sample's jar, which the TRACE driver starts as a process.
"${reactor[@]}" -Dmdep.outputFile="$target/cp-driver.txt" -DincludeScope=test \
  -DexcludeArtifactIds=contextkit-sample-spring-orders

# Snapshot what runs: this checkout's jars and classes, so a build during the run cannot swap them.
snap="$target/snapshot"
rm -rf "$snap"
mkdir -p "$snap/lib"
cp -r "$target/classes" "$snap/classes"
snapshot_cp() {
  local entry result=""
  # No newline at the end of the file: read then returns 1 with the line read.
  IFS=":" read -r -a entries < "$1" || true
  for entry in "${entries[@]}"; do
    if [[ "$entry" == "$root"/* ]]; then
      cp "$entry" "$snap/lib/"
      entry="$snap/lib/$(basename "$entry")"
    fi
    result="$result:$entry"
  done
  printf '%s%s' "$snap/classes" "$result"
}
for variant in plain contextkit micrometer mdc-filter; do
  snapshot_cp "$target/cp-$variant.txt" > "$target/cp-$variant.run"
done
driver_cp="$snap/classes:$(cat "$target/cp-driver.txt")"

if [[ "$run_quarkus" == true ]]; then
  echo "== building the Quarkus application three times: plain, contextkit (the extension), otel" >&2
  # The extension's deployment module is in the reactor so that Quarkus resolves it from here.
  for variant in plain contextkit otel; do
    profile=()
    if [[ "$variant" != plain ]]; then profile=(-P"variant-$variant"); fi
    "${mvn[@]}" -pl benchmarks-quarkus,context-quarkus-extension/deployment -am "${profile[@]}" \
      package -Dmaven.test.skip=true -Dquarkus.build.skip=false \
      -Dquarkus.package.output-directory="quarkus-$variant"
    rm -rf "$snap/quarkus-$variant"
    cp -r "$root/benchmarks-quarkus/target/quarkus-$variant" "$snap/quarkus-$variant"
  done
fi

rm -rf "$out"
mkdir -p "$out"
status=0
if [[ "$run_spring" == true ]]; then
  echo "== Spring HTTP throughput ($mode): ${http_mode[*]}" >&2
  # shellcheck disable=SC2086
  java -cp "$driver_cp" io.contextkit.benchmarks.http.HttpThroughputBenchmark --out "$out" \
    --variant contextkit="$target/cp-contextkit.run" --variant plain="$target/cp-plain.run" \
    --variant micrometer="$target/cp-micrometer.run" --variant mdc-filter="$target/cp-mdc-filter.run" \
    "${http_mode[@]}" ${HTTP_OPTS:-} \
    > /dev/null || status=$?
fi
if [[ "$run_quarkus" == true ]]; then
  echo "== Quarkus HTTP throughput ($mode): ${http_mode[*]}" >&2
  # shellcheck disable=SC2086
  java -cp "$driver_cp" io.contextkit.benchmarks.http.HttpThroughputBenchmark --stack quarkus \
    --out "$out/quarkus" --variant contextkit="$snap/quarkus-contextkit" \
    --variant plain="$snap/quarkus-plain" --variant otel="$snap/quarkus-otel" \
    "${http_mode[@]}" ${HTTP_OPTS:-} \
    > /dev/null || status=$?
fi
if [[ "$run_trace" == true ]]; then
  echo "== TRACE latency ($mode): ${trace_mode[*]}" >&2
  # nodelay: the JDK HttpServer stubs answer in two writes; without it Nagle's algorithm can hold
  # the second one for a delayed ACK, adding tens of milliseconds to every stub call.
  cp "$target/apps/spring-orders.jar" "$snap/spring-orders.jar"
  # shellcheck disable=SC2086
  java -Dsun.net.httpserver.nodelay=true -Dlogback.configurationFile=trace-driver-logback.xml \
    -cp "$driver_cp" io.contextkit.benchmarks.http.trace.TraceLatencyBenchmark --out "$out" \
    --jar "$snap/spring-orders.jar" "${trace_mode[@]}" ${TRACE_OPTS:-} \
    > /dev/null || status=$?
fi

{
  echo "# benchmarks-http ($mode), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(java -version 2>&1 | head -1)"
  echo
  for part in http-throughput.md quarkus/http-throughput.md trace-latency.md; do
    if [[ -f "$out/$part" ]]; then
      cat "$out/$part"
      echo
    fi
  done
} > "$out/summary.md"
cat "$out/summary.md"
exit "$status"
