#!/usr/bin/env bash
# Where Shallot's time goes in the web peer benchmark: the pinned scenario of bench/web.sh (server
# under `taskset -c 0`, wrk under `taskset -c 1`) on one route, for the variants of
# bench/web/variants.sh (netty, shallot, shallot-nolog, shallot-allasync, ...);
# each: warm-up, then a measured window with the server's user and system CPU time split, then
# JFR (settings=profile) of `shallot` and `netty` under the same load, summarised with `jfr view`.
# Holds the flock on $LOCK for the whole run. Writes bench/out/web-profile-<date>.txt and the .jfr
# files next to it. Builds when SKIP_BUILD=0 or when bench/web.sh has not built yet.
#
# Environment: ROUTE=/v1/users/42  WARMUP=10  DURATION=15  CONNECTIONS=64  THREADS=1 (wrk has one core)  PORT=18090
#              LOCK=/tmp/shallot-bench.lock  VARIANTS="netty shallot shallot-nolog shallot-requestid shallot-bare"
#              JFR=1 (0: no recordings)  JFR_VARIANTS="shallot netty" (the variants recorded)
#              JFR_SETTINGS=profile (a .jfc file or name; e.g. one made with `jfr configure jdk.ExecutionSample#period=1ms`)
#              ASYNC=0 (1: also a CPU profile with kernel frames, async-profiler attached with jcmd for the
#              measured window only, of ASYNC_VARIANTS="shallot netty" at ASYNC_INTERVAL=200us; fetched from
#              Maven Central as tools.profiler:async-profiler:$ASYNC_VERSION into bench/target, never a
#              dependency of the build; summarised by bench/web/collapsed.awk, the stacks kept as
#              bench/out/web-profile-<date>-<variant>.collapsed)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
. bin/jdk.sh
JAVA="$JAVA_HOME/bin/java"
ROUTE=${ROUTE:-/v1/users/42}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
PORT=${PORT:-18090}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
VARIANTS=${VARIANTS:-netty shallot shallot-nolog shallot-requestid shallot-bare}
HZ=$(getconf CLK_TCK)
stamp=$(date '+%Y-%m-%d-%H%M%S')
out="$ROOT/bench/out/web-profile-$stamp.txt"
mkdir -p "$ROOT/bench/out"
tmp=$(mktemp -d)
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null && kill -KILL "$SERVER" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# As in bench/web.sh: built and resolved in one reactor, so the shallot-* jars are this checkout's.
CP_FILE="$ROOT/bench/target/runtime-classpath.txt"
if [ "${SKIP_BUILD:-1}" != "1" ] || [ ! -s "$CP_FILE" ]; then
  mvn -q -B -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$CP_FILE"
fi
mkdir -p "$tmp/lib"
{ tr ':' '\n' < "$CP_FILE"; echo; } | while read -r jar; do [ -z "$jar" ] || cp "$jar" "$tmp/lib/"; done
cp -r "$ROOT/bench/target/classes" "$tmp/classes"
CP="$tmp/classes:$tmp/lib/*"

. "$ROOT/bench/web/variants.sh"

start() {   # variant [extra jvm flags...]
  local variant=$1; shift
  variant "$variant" || { echo "profile.sh: unknown variant '$variant' ($VARIANT_NAMES)" >&2; exit 2; }
  taskset -c 0 "$JAVA" $SHALLOT_JVM_FLAGS "$@" -cp "$CP" \
    -Dlog4j2.configurationFile="$ROOT/bench/web/log4j2-web.xml" \
    -Dshallot.bench.accessLog="$tmp/access.log" "${VARIANT_PROPS[@]}" \
    "$VARIANT_CLASS" "$PORT" > "$tmp/server.log" 2>&1 9>&- &
  SERVER=$!
  for _ in $(seq 600); do
    grep -q '^READY' "$tmp/server.log" && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PORT$ROUTE" && return 0
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/server.log" >&2
  return 1
}
stop() {
  kill -TERM "$SERVER" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$SERVER" 2>/dev/null && kill -KILL "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}
load() {   # seconds
  taskset -c 1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --timeout 5s --latency "http://127.0.0.1:$PORT$ROUTE"
}
switches() {   # voluntary + involuntary context switches of every thread of the server
  cat /proc/"$SERVER"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'
}
ticks() {   # utime stime
  sed 's/^.*) //' "/proc/$SERVER/stat" | awk '{ print $12, $13 }'
}

profile() {
  echo "# web profile, $(date '+%Y-%m-%d %H:%M:%S %Z'): route $ROUTE, pinned (server taskset -c 0, wrk taskset -c 1)"
  echo "# load: taskset -c 1 wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency http://127.0.0.1:$PORT$ROUTE after ${WARMUP}s of warm-up"
  echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-18s %10s %9s %9s %9s %9s %8s %9s\n' variant req/s user_us sys_us total_us p99_ms bg% ctxsw/req
  local v
  for v in $VARIANTS; do
    start "$v"
    load "$WARMUP" > /dev/null
    local b0 a0 m0 m1 w c0 c1
    read -r -a b0 < <(ticks)
    c0=$(switches)
    m0=$(awk '/^cpu / { print $2 + $3 + $4; exit }' /proc/stat)
    w=$(load "$DURATION")
    m1=$(awk '/^cpu / { print $2 + $3 + $4; exit }' /proc/stat)
    read -r -a a0 < <(ticks)
    c1=$(switches)
    stop
    echo "$w" > "$tmp/wrk-$v.txt"
    awk -v v="$v" -v cs=$((c1 - c0)) -v u=$((a0[0] - b0[0])) -v s=$((a0[1] - b0[1])) -v m=$((m1 - m0)) -v hz="$HZ" -v d="$DURATION" '
      /requests in/ { n = $1 }
      /^Requests\/sec:/ { rps = $2 }
      $1 == "99%" { p = $2; if (p ~ /us$/) { sub(/us/, "", p); p /= 1000 } else if (p ~ /ms$/) { sub(/ms/, "", p) } else { sub(/s/, "", p); p *= 1000 } }
      END { printf "%-18s %10.0f %9.1f %9.1f %9.1f %9.2f %8.0f %9.2f\n", v, rps, u / hz * 1e6 / n, s / hz * 1e6 / n, (u + s) / hz * 1e6 / n, p,
            100 * ((m - u - s) / hz) / d, cs / n }' "$tmp/wrk-$v.txt"
  done
  echo "# bg% = busy CPU of the machine less the server's, of one core (includes wrk's, about 90%);"
  echo "# ctxsw/req = context switches of all the server's threads per request"
  [ "${JFR:-1}" = 1 ] || return 0
  for v in ${JFR_VARIANTS:-shallot netty}; do
    local jfr="$ROOT/bench/out/web-profile-$stamp-$v.jfr"
    start "$v" -XX:StartFlightRecording=delay=${WARMUP}s,duration=${DURATION}s,settings="${JFR_SETTINGS:-profile}",filename="$jfr"
    load $((WARMUP + DURATION + 2)) > /dev/null
    sleep 2
    stop
    echo
    echo "# ==== $v: jfr view hot-methods ($jfr)"
    "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$jfr" 2>&1 | head -45 || true
    echo "# ==== $v: jfr view allocation-by-class"
    "$JAVA_HOME/bin/jfr" view --width 160 allocation-by-class "$jfr" 2>&1 | head -30 || true
  done
}

ASYNC_VERSION=4.1
async_profiler_lib() {   # -> the path of libasyncProfiler.so for this machine, fetched once
  local dir="$ROOT/bench/target/async-profiler-$ASYNC_VERSION" arch
  case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) echo "profile.sh: no async-profiler for $(uname -m)" >&2; return 1 ;; esac
  if [ ! -f "$dir/$arch/libasyncProfiler.so" ]; then
    mvn -q -B dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_VERSION" -DoutputDirectory="$dir" > /dev/null
    (cd "$dir" && "$JAVA_HOME/bin/jar" xf "async-profiler-$ASYNC_VERSION.jar" "$arch/libasyncProfiler.so")
  fi
  echo "$dir/$arch/libasyncProfiler.so"
}

async_profiles() {
  [ "${ASYNC:-0}" = 1 ] || return 0
  local lib v stacks requests
  lib=$(async_profiler_lib)
  for v in ${ASYNC_VARIANTS:-shallot netty}; do
    stacks="$ROOT/bench/out/web-profile-$stamp-$v.collapsed"
    # without it the JIT keeps debug info at safepoints only, and samples inside inlined code land on
    # whichever inlined frame the nearest safepoint names (async-profiler's own advice)
    start "$v" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    load "$WARMUP" > /dev/null
    # quoted inside: jcmd would read the '=' of an unquoted option as one of its own name=value arguments
    "$JAVA_HOME/bin/jcmd" "$SERVER" JVMTI.agent_load "$lib" "\"start,event=cpu,interval=${ASYNC_INTERVAL:-200us},threads\"" > /dev/null
    requests=$(load "$DURATION" | awk '/requests in/ { print $1 }')
    "$JAVA_HOME/bin/jcmd" "$SERVER" JVMTI.agent_load "$lib" "\"stop,file=$stacks,collapsed\"" > /dev/null
    stop
    echo
    echo "# ==== $v: async-profiler, cpu every ${ASYNC_INTERVAL:-200us}, ${DURATION}s, $requests requests (${stacks#"$ROOT"/})"
    awk -v requests="$requests" -v interval="${ASYNC_INTERVAL:-200us}" -f "$ROOT/bench/web/collapsed.awk" "$stacks"
  done
}

exec 9>>"$LOCK"
flock -w 1800 9
{ profile; async_profiles; } | tee "$out"
echo "profile.sh: written to ${out#"$ROOT"/}" >&2
