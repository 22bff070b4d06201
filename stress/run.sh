#!/usr/bin/env bash
# Robustness at scale, outside CI (issue 16 § 3). Builds the samples and the stress module, runs one
# stress run or all of them, and appends what each measured to stress/RESULTS.md with the command,
# the date and the machine.
#
#   stress/run.sh propagator [COUNT]      (a) COUNT (default 1,000,000) generated and mutated header
#                                         sets through ContextPropagator, in-process (about 10 min)
#   stress/run.sh http [REQUESTS] [SERVICES] [MAX_MINUTES]
#                                         (b) REQUESTS (default 100,000) mutated header sets over raw
#                                         HTTP to each of SERVICES (default orders,inventory); stops
#                                         after MAX_MINUTES per service (default: none) if that
#                                         comes first
#   stress/run.sh concurrency [REQUESTS] [CONNECTIONS] [MAX_MINUTES]
#                                         (c) REQUESTS (default 100,000) orders from CONNECTIONS
#                                         (default 64) connections through both samples, 4 worker
#                                         threads per server, every JSON log line checked; stops
#                                         after MAX_MINUTES (default: none) if that comes first
#   stress/run.sh soak [MINUTES]          (d) MINUTES (default 30) of mixed STANDARD/TRACE orders,
#                                         heap after full GC sampled every minute, TRACE effects counted
#   stress/run.sh all [SOAK_MINUTES]      (a), (b), (c), then (d), one after the other
#
# Options (before the run's name): --no-build reuses the last build; --workers N (default 4) sets the
# servers' worker threads; --seed S replays a fuzz run; --base-port P moves the stack from ports
# 28080-28089 to P..P+9, so that two runs can go at once (each from its own clone: a run writes
# target/ and RESULTS.md of its tree). Nothing here is part of ./mvnw verify.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

given="$*"
build=true
workers=4
seed=""
base_port=""
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --no-build) build=false; shift ;;
    --workers) workers="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
run="${1:-}"
[[ -n "$run" ]] || { sed -n '2,30p' "$0"; exit 2; }
shift
command_line="stress/run.sh $given"

if [[ "$build" == true ]]; then
  echo "== building the samples and the stress module (no tests)" >&2
  # The Quarkus extension's deployment module is named explicitly (as ./demo does): the inventory's
  # Quarkus build resolves it by itself, so -am alone would not build it.
  ./mvnw -q -B -ntp -Pstress \
    -pl context-quarkus-extension/deployment,samples/spring-orders,samples/quarkus-inventory,stress \
    -am package -Dmaven.test.skip=true
fi
classpath="$here/target/classes:$(cat "$here/target/runtime-classpath.txt")"
mkdir -p "$here/target"

record() { # title, java main class, arguments...
  local title="$1" main="$2"
  shift 2
  local out="$here/target/$main.out" figures="$here/target/$main.figures"
  rm -f "$figures"
  local started load_before status=0
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== $title: $command_line" >&2
  java -Xmx2g -Dstress.figures="$figures" -cp "$classpath" "io.contextkit.stress.$main" "$@" \
    | tee "$out" || status=$?
  {
    echo
    echo "### $title"
    echo
    echo "\`$command_line\` — $started; $(nproc) cores shared with other builds (load average"
    echo "$load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end); $(java -version 2>&1 | head -1)."
    echo "Exit status $status."
    echo
    grep -v '^|' "$out" | sed 's/^/    /' || true
    echo
    cat "$figures" 2>/dev/null || echo "(no figures: the run failed before measuring)"
  } >> "$here/RESULTS.md"
  return "$status"
}

seed_args=()
[[ -n "$seed" ]] && seed_args=(--seed "$seed")
port_args=()
[[ -n "$base_port" ]] && port_args=(--base-port "$base_port")

case "$run" in
  propagator)
    record "(a) header sets through ContextPropagator" PropagatorFuzz "${1:-1000000}" ${seed:+"$seed"} ;;
  http)
    record "(b) mutated header sets over HTTP" HttpFuzz --requests "${1:-100000}" --workers "$workers" \
      --services "${2:-orders,inventory}" --samples "$root/samples" "${seed_args[@]}" "${port_args[@]}" \
      ${3:+--minutes "$3"} ;;
  concurrency)
    record "(c) concurrent orders through both samples" OrderLoad --requests "${1:-100000}" \
      --connections "${2:-64}" --workers "$workers" --samples "$root/samples" "${port_args[@]}" \
      ${3:+--minutes "$3"} ;;
  soak)
    record "(d) soak: mixed STANDARD/TRACE orders" OrderLoad --minutes "${1:-30}" --connections 16 \
      --workers "$workers" --trace-share 0.5 --heap-every 60 --samples "$root/samples" "${port_args[@]}" ;;
  all)
    status=0
    "$0" --no-build --workers "$workers" ${base_port:+--base-port "$base_port"} propagator || status=1
    "$0" --no-build --workers "$workers" ${base_port:+--base-port "$base_port"} http || status=1
    "$0" --no-build --workers "$workers" ${base_port:+--base-port "$base_port"} concurrency || status=1
    "$0" --no-build --workers "$workers" ${base_port:+--base-port "$base_port"} soak "${1:-30}" || status=1
    exit "$status" ;;
  *) echo "unknown run: $run (propagator, http, concurrency, soak, all)" >&2; exit 2 ;;
esac
