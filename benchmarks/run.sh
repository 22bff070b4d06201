#!/usr/bin/env bash
# Builds the benchmarks and runs them side by side with the incumbents, then prints ours/theirs.
#
#   benchmarks/run.sh                  quick mode: 1 fork, 2 x 1 s warm-up, 3 x 1 s measurement
#                                      (about 5-6 minutes on 2 cores)
#   benchmarks/run.sh --full           full mode: 3 forks, 5 x 2 s warm-up, 5 x 2 s measurement
#                                      (about 45 minutes)
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
filter=()
for arg in "$@"; do
  case "$arg" in
    --full) mode=full ;;
    --quick) mode=quick ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) filter+=("$arg") ;;
  esac
done

if [[ "$mode" == full ]]; then
  jmh_mode=(-f 3 -wi 5 -i 5 -w 2s -r 2s)
else
  jmh_mode=(-f 1 -wi 2 -i 3 -w 1s -r 1s)
fi

echo "== building the benchmarks (package, no tests) and their class path" >&2
./mvnw -B -ntp -q -pl benchmarks -am package \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime \
  -Dmaven.test.skip=true

classpath="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
result="$here/target/jmh-result.json"

echo "== running JMH ($mode): ${jmh_mode[*]} -prof gc ${JMH_OPTS:-} ${filter[*]:-}" >&2
# shellcheck disable=SC2086
java -cp "$classpath" org.openjdk.jmh.Main \
  "${jmh_mode[@]}" -prof gc -rf json -rff "$result" ${JMH_OPTS:-} "${filter[@]}"

python3 "$here/compare.py" "$result" | tee "$here/target/jmh-table.md"
