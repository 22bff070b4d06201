#!/usr/bin/env bash
# Builds the benchmarks and runs them side by side with the incumbents, then prints ours/theirs.
#
#   benchmarks/run.sh                  quick mode: 1 fork, 4 x 1 s warm-up, 3 x 1 s measurement;
#                                      ArchUnit: 1 fork, 1 warm-up shot, 3 measured shots
#                                      (7-9 minutes on 2 shared cores)
#   benchmarks/run.sh --full           full mode: 3 forks, 5 x 2 s warm-up, 5 x 2 s measurement;
#                                      ArchUnit: 2 forks, 2 + 5 shots (about 45 minutes)
#   benchmarks/run.sh --all [--full]   the JMH benchmarks, then the end-to-end benchmarks
#                                      (benchmarks-http/run.sh: Spring and Quarkus HTTP throughput,
#                                      TRACE latency), then issue 19's target table with the
#                                      measured ratios, each marked met / not met
#                                      (benchmarks/targets.py; also in target/targets.md)
#   benchmarks/run.sh [--full] REGEX   only the benchmarks whose name matches REGEX,
#                                      e.g. 'HeaderCodec' or 'Flag.*targeting'
#
# Every run adds JMH's GC profiler (-prof gc), so each line has time and allocation per operation.
# Results: benchmarks/target/jmh-result.json (JMH JSON) and the table printed at the end
# (also written to benchmarks/target/jmh-table.md). Extra JMH options can be passed in the
# JMH_OPTS environment variable, e.g. JMH_OPTS='-prof stack'.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

mode=quick
all=false
filter=()
for arg in "$@"; do
  case "$arg" in
    --full) mode=full ;;
    --quick) mode=quick ;;
    --all) all=true ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) filter+=("$arg") ;;
  esac
done

# The micro-benchmarks, and the ArchUnit single-shot benchmarks (seconds per shot) with fewer shots.
if [[ "$mode" == full ]]; then
  jmh_mode=(-f 3 -wi 5 -i 5 -w 2s -r 2s)
  shot_mode=(-f 2 -wi 2 -i 5)
else
  # Four warm-up seconds: on 2 busy cores C2 needs that long before the bigger benchmarks (the
  # header round trip) leave tier-3 code; two were not enough (a 5x error).
  jmh_mode=(-f 1 -wi 4 -i 3 -w 1s -r 1s)
  shot_mode=(-f 1 -wi 1 -i 3)
fi

echo "== building the benchmarks (package, no tests) and their class path" >&2
./mvnw -B -ntp -q -pl benchmarks -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -DincludeScope=runtime \
  -Dmaven.test.skip=true

classpath="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
result="$here/target/jmh-result.json"
shots="$here/target/jmh-result-singleshot.json"
rm -f "$result" "$shots"

jmh() {
  # shellcheck disable=SC2086
  java -cp "$classpath" org.openjdk.jmh.Main -prof gc ${JMH_OPTS:-} "$@"
}

if [[ ${#filter[@]} -gt 0 ]]; then
  echo "== running JMH ($mode): ${jmh_mode[*]} ${filter[*]}" >&2
  jmh "${jmh_mode[@]}" -rf json -rff "$result" "${filter[@]}"
  python3 "$here/compare.py" "$result" | tee "$here/target/jmh-table.md"
else
  echo "== running JMH ($mode): micro-benchmarks ${jmh_mode[*]}" >&2
  jmh "${jmh_mode[@]}" -rf json -rff "$result" -e 'ArchRulesBenchmark'
  echo "== running JMH ($mode): ArchUnit single shots ${shot_mode[*]}" >&2
  jmh "${shot_mode[@]}" -rf json -rff "$shots" 'ArchRulesBenchmark'
  python3 "$here/compare.py" "$result" "$shots" | tee "$here/target/jmh-table.md"
fi

if [[ "$all" == true ]]; then
  echo "== running the end-to-end HTTP benchmarks ($mode)" >&2
  http_args=()
  if [[ "$mode" == full ]]; then http_args+=(--full); fi
  http_status=0
  "$root/benchmarks-http/run.sh" "${http_args[@]}" || http_status=$?
  echo
  echo "== issue 19's targets ($mode mode; load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$here/targets.py" "$result" "$root/benchmarks-http/target/http-bench" \
    | tee "$here/target/targets.md"
  exit "$http_status"
fi
