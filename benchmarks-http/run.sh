#!/usr/bin/env bash
# End-to-end HTTP benchmarks, side by side with the incumbents; prints the ratio table at the end.
#
#   benchmarks-http/run.sh              quick mode (about 8 minutes on 2 loaded cores):
#                                       HTTP: 8 connections, 5 warm-up + 10 measured rounds of 5 s;
#                                       TRACE: 100 warm-up + 300 measured STANDARD/TRACE pairs
#   benchmarks-http/run.sh --full       full mode (21 minutes on 2 loaded cores): HTTP 6 + 20 rounds of 10 s;
#                                       TRACE 300 + 1500 pairs
#   benchmarks-http/run.sh [--full] http    only the HTTP throughput benchmark
#   benchmarks-http/run.sh [--full] trace   only the TRACE latency benchmark
#   benchmarks-http/run.sh --install ...    first builds and installs, from this checkout, what the
#                                       benchmarks measure (context-core ... starter, feature-flags,
#                                       the spring-orders sample) into the local Maven repository;
#                                       needed once on a clean clone
#
# HTTP throughput: one Spring Boot 4.0.7 MVC app (POST /quotes: prices a quote, logs one JSON line
# through Logback's LogstashEncoder) in three JVMs with three class paths: "contextkit" (the
# starter, all integrations on), "plain" (neither), "micrometer" (Micrometer Tracing + OpenTelemetry
# bridge, baggage remote-fields and correlation fields for user_id, account_id, request_id,
# request_type). Started at once, then measured in interleaved windows (see
# HttpThroughputBenchmark). TRACE latency: the spring-orders sample's POST /orders as TRACE against
# STANDARD (see TraceLatencyBenchmark).
#
# Results go to benchmarks-http/target/http-bench/: http-throughput.md, http-windows.csv,
# trace-latency.md, summary.md, and the JSON log of every application. Extra arguments for a
# driver: HTTP_OPTS (e.g. HTTP_OPTS='--connections 16') and TRACE_OPTS. Extra JVM options for one HTTP
# variant: <VARIANT>_JVM_OPTS, e.g. CONTEXTKIT_JVM_OPTS=-XX:StartFlightRecording=filename=/tmp/ck.jfr
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

mode=quick
install=false
run_http=true
run_trace=true
for arg in "$@"; do
  case "$arg" in
    --full) mode=full ;;
    --quick) mode=quick ;;
    --install) install=true ;;
    http) run_trace=false ;;
    trace) run_http=false ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
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
if [[ "$install" == true ]]; then
  echo "== installing the starter, feature-flags and the spring-orders sample from this checkout" >&2
  "${mvn[@]}" -pl context-spring-starter,feature-flags,samples/spring-orders -am install -DskipTests
fi

target="$here/target"
out="$target/http-bench"
dep=org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath
echo "== building benchmarks-http and one class path per variant" >&2
# The module's runtime class path is the "plain" variant; each profile adds one library set.
"${mvn[@]}" -f "$here/pom.xml" package "$dep" -Dmaven.test.skip=true \
  -Dmdep.outputFile="$target/cp-plain.txt" -DincludeScope=runtime
for variant in contextkit micrometer; do
  "${mvn[@]}" -f "$here/pom.xml" -P"variant-$variant" "$dep" \
    -Dmdep.outputFile="$target/cp-$variant.txt" -DincludeScope=runtime
done
# The drivers: everything but the sample's jar, which the TRACE driver starts as a process.
"${mvn[@]}" -f "$here/pom.xml" "$dep" -Dmdep.outputFile="$target/cp-driver.txt" \
  -DincludeScope=test -DexcludeArtifactIds=contextkit-sample-spring-orders
for variant in plain contextkit micrometer; do
  printf '%s:%s' "$target/classes" "$(cat "$target/cp-$variant.txt")" > "$target/cp-$variant.run"
done
driver_cp="$target/classes:$(cat "$target/cp-driver.txt")"

rm -rf "$out"
mkdir -p "$out"
status=0
if [[ "$run_http" == true ]]; then
  echo "== HTTP throughput ($mode): ${http_mode[*]}" >&2
  # shellcheck disable=SC2086
  java -cp "$driver_cp" io.contextkit.benchmarks.http.HttpThroughputBenchmark --out "$out" \
    --variant contextkit="$target/cp-contextkit.run" --variant plain="$target/cp-plain.run" \
    --variant micrometer="$target/cp-micrometer.run" "${http_mode[@]}" ${HTTP_OPTS:-} \
    > /dev/null || status=$?
fi
if [[ "$run_trace" == true ]]; then
  echo "== TRACE latency ($mode): ${trace_mode[*]}" >&2
  # nodelay: the JDK HttpServer stubs answer in two writes; without it Nagle's algorithm can hold
  # the second one for a delayed ACK, adding tens of milliseconds to every stub call.
  # shellcheck disable=SC2086
  java -Dsun.net.httpserver.nodelay=true -Dlogback.configurationFile=trace-driver-logback.xml \
    -cp "$driver_cp" io.contextkit.benchmarks.http.trace.TraceLatencyBenchmark --out "$out" \
    --jar "$target/apps/spring-orders.jar" "${trace_mode[@]}" ${TRACE_OPTS:-} \
    > /dev/null || status=$?
fi

{
  echo "# benchmarks-http ($mode), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(java -version 2>&1 | head -1)"
  echo
  for part in http-throughput.md trace-latency.md; do
    if [[ -f "$out/$part" ]]; then
      cat "$out/$part"
      echo
    fi
  done
} > "$out/summary.md"
cat "$out/summary.md"
exit "$status"
