#!/usr/bin/env bash
# Runs the official W3C Trace Context test suite against both samples, with the harness inside the
# trust boundary (addressed as localhost) and as a third party (addressed as 127.0.0.1).
# It downloads nothing: pass the path of a checkout of https://github.com/w3c/trace-context.
# Not part of ./mvnw verify. See conformance/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: conformance/run.sh [options] <path to a w3c/trace-context checkout>

Options:
  --build               build the sample jars first (./mvnw package, tests skipped)
  --only <run>          one run only: spring-internal, spring-third-party, quarkus-internal or
                        quarkus-third-party (repeatable)
  --service-port <n>    port of the sample under test (default 5000)
  --harness-port <n>    port of the harness (default 7777)
  --keep-logs <dir>     keep the samples' and the harness's output in <dir>

Environment: PYTHON names a Python 3 with aiohttp (default: the first of python3, /usr/bin/python3
that can import aiohttp). STRICT_LEVEL and SPEC_LEVEL are both 2.
EOF
}

cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SPRING_JAR=samples/spring-orders/target/spring-orders.jar
QUARKUS_JAR=samples/quarkus-inventory/target/quarkus-app/quarkus-run.jar
SERVICE_PORT=5000
HARNESS_PORT=7777
BUILD=0
ONLY=()
LOGS=""
SUITE=""

while [ $# -gt 0 ]; do
  case "$1" in
    --build) BUILD=1 ;;
    --only) ONLY+=("$2"); shift ;;
    --service-port) SERVICE_PORT="$2"; shift ;;
    --harness-port) HARNESS_PORT="$2"; shift ;;
    --keep-logs) LOGS="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) SUITE="$1" ;;
  esac
  shift
done

if [ -z "$SUITE" ]; then
  usage >&2
  exit 2
fi
SUITE=$(cd "$SUITE" && pwd)
if [ -f "$SUITE/test/test.py" ]; then
  SUITE="$SUITE/test"
fi
if [ ! -f "$SUITE/test.py" ]; then
  echo "no test/test.py in $SUITE: pass a checkout of w3c/trace-context" >&2
  exit 2
fi

PY=""
for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import aiohttp' 2>/dev/null; then
    PY=$candidate
    break
  fi
done
if [ -z "$PY" ]; then
  echo "no Python 3 with aiohttp found: apt-get install python3-aiohttp (or pip install aiohttp)" >&2
  exit 2
fi

if [ "$BUILD" = 1 ]; then
  # The Quarkus extension's deployment module is named explicitly: the Quarkus build of the
  # inventory resolves it by itself, so -am alone would not build it.
  ./mvnw -q -B -ntp package -DskipTests \
    -pl context-quarkus-extension/deployment,samples/spring-orders,samples/quarkus-inventory -am
fi
for jar in "$SPRING_JAR" "$QUARKUS_JAR"; do
  if [ ! -f "$jar" ]; then
    echo "$jar is missing: run with --build, or build it with" >&2
    echo "  ./mvnw -B -ntp package -DskipTests -pl context-quarkus-extension/deployment,samples/spring-orders,samples/quarkus-inventory -am" >&2
    exit 2
  fi
done

WORK=${LOGS:-$(mktemp -d)}
mkdir -p "$WORK"
SERVICE_PID=""
cleanup() {
  if [ -n "$SERVICE_PID" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  if [ -z "$LOGS" ]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

ENDPOINT="http://127.0.0.1:$SERVICE_PORT/conformance/trace-context"

start_service() {
  local sample=$1
  # Both samples list localhost as their only internal host, so the harness's address decides
  # whether it is inside the trust boundary. No broker is needed: Kafka is only retried in the
  # background.
  case "$sample" in
    spring)
      "$JAVA" -jar "$SPRING_JAR" --server.port="$SERVICE_PORT" >"$WORK/$sample-$2.log" 2>&1 &
      ;;
    quarkus)
      "$JAVA" -Dquarkus.http.port="$SERVICE_PORT" -jar "$QUARKUS_JAR" >"$WORK/$sample-$2.log" 2>&1 &
      ;;
  esac
  SERVICE_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '[]' "$ENDPOINT"; then
      return 0
    fi
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "the $sample sample stopped; see $WORK/$sample-$2.log" >&2
      return 1
    fi
    sleep 1
  done
  echo "the $sample sample did not answer on $ENDPOINT within 120 s" >&2
  return 1
}

stop_service() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

declare -a SUMMARY=()
FAILED=0

run() {
  local sample=$1 role=$2 host
  case "$role" in
    internal) host=localhost ;;
    third-party) host=127.0.0.1 ;;
  esac
  local name="$sample-$role"
  if [ ${#ONLY[@]} -gt 0 ] && [[ ! " ${ONLY[*]} " == *" $name "* ]]; then
    return 0
  fi
  echo "> $name: harness at http://$host:$HARNESS_PORT, service $ENDPOINT"
  start_service "$sample" "$role"
  local out="$WORK/$name-harness.log" rc=0
  (cd "$SUITE" && STRICT_LEVEL=2 SPEC_LEVEL=2 HARNESS_HOST="$host" HARNESS_PORT="$HARNESS_PORT" \
    "$PY" test.py "$ENDPOINT") >"$out" 2>&1 || rc=$?
  stop_service
  local ran failures errors
  ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} .*/\1/p' "$out")
  failures=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' "$out")
  errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' "$out")
  ran=${ran:-0}
  local passed=$((ran - ${failures:-0} - ${errors:-0}))
  SUMMARY+=("$(printf '%-20s %-10s %s/%s' "$name" "$host" "$passed" "$ran")")
  if [ "$rc" != 0 ] || [ "$ran" = 0 ]; then
    FAILED=1
    grep -E '^(FAIL|ERROR):' "$out" | sed 's/^/    /' || true
  fi
  echo "  $passed/$ran passed (exit code $rc)"
}

run spring internal
run spring third-party
run quarkus internal
run quarkus third-party

echo
echo "STRICT_LEVEL=2 SPEC_LEVEL=2, suite $(cd "$SUITE" && git rev-parse --short HEAD 2>/dev/null || echo '(not a git checkout)')"
printf '%-20s %-10s %s\n' run harness passed
for line in "${SUMMARY[@]}"; do
  echo "$line"
done
if [ -n "$LOGS" ]; then
  echo "logs in $LOGS"
fi
exit "$FAILED"
