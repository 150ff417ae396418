#!/usr/bin/env bash
# Paired windows: the variants of bench/web/variants.sh (netty, shallot, shallot-nolog, shallot-allasync, ...) all
# started at once, each under `taskset -c 0` on its own port, warmed up, then measured in turn, one
# window each per cycle, with wrk under `taskset -c 1`. On a VM whose speed drifts from one minute to
# the next, windows seconds apart compare better than bench/web.sh's rounds, which measure one server
# at a time. The servers not under load share core 0 meanwhile; their idle work (a Log4j2 poll every
# 10 ms, the watchdog) is the same for each. Each cycle starts with the next variant in turn.
# Per window: requests/s, p50, p99 (wrk's), the p99 of the latencies wrk recorded and their maximum
# (bench/web/rawlatency.lua: wrk's p99 adds samples for the requests a stall held back), the
# process's CPU per request, and the CPU per request of its event-loop threads and of its Log4j2
# thread (from each thread's schedstat, in ns).
# Ends with each variant's medians over the cycles, and writes bench/out/web-pairs-<date>.txt.
#
# Usage: bench/web/pairs.sh [variant ...]   (default: shallot shallot-nolog netty)
# Environment: ROUTE=/v1/users/42  CYCLES=8  DURATION=6  WARMUP=8 (per route, 3 routes)  CONNECTIONS=64
#              PACED=0 (1: every connection waits PACED_MS=4 ms before each request, bench/web/paced.lua)
#              PORT=18100 (the variants take PORT, PORT+1, ...)  LOCK=/tmp/shallot-bench.lock  SKIP_BUILD=1
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
. bin/jdk.sh
JAVA="$JAVA_HOME/bin/java"
ROUTE=${ROUTE:-/v1/users/42}
CYCLES=${CYCLES:-8}
DURATION=${DURATION:-6}
WARMUP=${WARMUP:-8}
CONNECTIONS=${CONNECTIONS:-64}
export WRK_CONNECTIONS=$CONNECTIONS
PACED=${PACED:-0}
PORT=${PORT:-18100}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(shallot shallot-nolog netty)
out="$ROOT/bench/out/web-pairs-$(date '+%Y-%m-%d-%H%M%S').txt"
mkdir -p "$ROOT/bench/out"
tmp=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
exec 9>"$LOCK"
flock 9

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

start() {   # index variant
  local i=$1 variant=$2 port=$((PORT + $1))
  variant "$variant" || { echo "pairs.sh: unknown variant '$variant' ($VARIANT_NAMES)" >&2; exit 2; }
  taskset -c 0 "$JAVA" $SHALLOT_JVM_FLAGS -cp "$CP" \
    -Dlog4j2.configurationFile="$ROOT/bench/web/log4j2-web.xml" \
    -Dshallot.bench.accessLog="$tmp/access-$i.log" "${VARIANT_PROPS[@]}" \
    "$VARIANT_CLASS" "$port" > "$tmp/server-$i.log" 2>&1 9>&- &
  PIDS[i]=$!
  for _ in $(seq 600); do
    grep -q '^READY' "$tmp/server-$i.log" && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port$ROUTE" && return 0
    kill -0 "${PIDS[i]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/server-$i.log" >&2
  exit 1
}
# CPU ns of the process's event-loop threads, its Log4j2 threads and all its threads, from schedstat.
cpu_ns() {   # pid
  local loop=0 writer=0 all=0 t name ns
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    ns=$(awk '{ print $1 }' "$t/schedstat" 2>/dev/null) || continue
    all=$((all + ns))
    case "$name" in
      shallot-http*|multiThreadIo*) loop=$((loop + ns)) ;;
      Log4j2*) writer=$((writer + ns)) ;;
    esac
  done
  echo "$loop $writer $all"
}
load() {   # index seconds [wrk args...]
  local port=$((PORT + $1)) seconds=$2
  shift 2
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$seconds"s --timeout 5s --latency "$@" "http://127.0.0.1:$port$ROUTE"
}
to_ms() {
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v / 1000; else if (v ~ /ms$/) printf "%.3f", v + 0; else printf "%.3f", v * 1000 }'
}

for i in "${!VARIANTS[@]}"; do start "$i" "${VARIANTS[i]}"; done
for i in "${!VARIANTS[@]}"; do
  for path in /plaintext /json /v1/users/42; do
    ROUTE=$path load "$i" "$WARMUP" > /dev/null
  done
done

script=(-s "$ROOT/bench/web/rawlatency.lua")
[ "$PACED" = 1 ] && script=(-s "$ROOT/bench/web/paced.lua")
{
  echo "# web pairs, $(date '+%Y-%m-%d %H:%M:%S %Z'): route $ROUTE, ${CYCLES} cycles of ${DURATION}s per variant$([ "$PACED" = 1 ] && echo ", paced (PACED_MS=${PACED_MS:-4})")"
  echo "# command: bench/web/pairs.sh ${VARIANTS[*]} (CYCLES=$CYCLES DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS PACED=$PACED)"
  echo "# machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }'), $(nproc) cpus; servers under taskset -c 0, wrk under taskset -c 1"
  echo "# p99_ms = wrk's (with its coordinated-omission correction); rec_p99, max_ms = of the latencies wrk recorded"
  echo "# us/req = the process's CPU per request; loop, log4j2 = its event-loop threads' and Log4j2 threads' (schedstat)"
  printf '%-20s %5s %10s %8s %8s %8s %8s %8s %8s %8s\n' variant cycle req/s p50_ms p99_ms rec_p99 max_ms us/req loop log4j2
} | tee "$out"
rows="$tmp/rows"
: > "$rows"
for cycle in $(seq "$CYCLES"); do
  # each cycle starts one variant later: a window pays for the work the previous window's server left
  # (its writer's backlog, a collection), so a fixed order would favour whichever variant goes first
  for k in "${!VARIANTS[@]}"; do
    i=$(( (k + cycle - 1) % ${#VARIANTS[@]} ))
    before=$(cpu_ns "${PIDS[i]}")
    result=$(load "$i" "$DURATION" "${script[@]}")
    after=$(cpu_ns "${PIDS[i]}")
    requests=$(echo "$result" | awk '/requests in/ { print $1 }')
    rps=$(echo "$result" | awk '/Requests\/sec/ { print $2 }')
    p50=$(to_ms "$(echo "$result" | awk '$1 == "50%" { print $2 }')")
    p99=$(to_ms "$(echo "$result" | awk '$1 == "99%" { print $2 }')")
    rec=$(echo "$result" | awk '/^RAW_LATENCY/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
      END { if ("p99_us" in v) printf "%.3f %.3f", v["p99_us"] / 1000, v["max_us"] / 1000; else printf "- -" }')
    line=$(awk -v name="${VARIANTS[i]}" -v c="$cycle" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v rec="$rec" -v n="$requests" \
      -v b="$before" -v a="$after" 'BEGIN { split(b, x, " "); split(a, y, " "); split(rec, r, " ");
        printf "%-20s %5d %10.0f %8.3f %8.3f %8s %8s %8.2f %8.2f %8.3f", name, c, rps, p50, p99, r[1], r[2],
          (y[3] - x[3]) / n / 1000, (y[1] - x[1]) / n / 1000, (y[2] - x[2]) / n / 1000 }')
    echo "$line" | tee -a "$out"
    echo "$line" >> "$rows"
  done
done
{
  echo
  echo "# medians over the cycles"
  for variant in "${VARIANTS[@]}"; do
    awk -v v="$variant" '$1 == v' "$rows" | awk -v v="$variant" '
      { for (k = 3; k <= 10; k++) if ($k != "-") col[k][++have[k]] = $k }
      END { printf "%-20s %5s", v, "med"
            for (k = 3; k <= 10; k++) {
              if (!have[k]) { printf " %8s", "-"; continue }
              n = asort(col[k], s); m = n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
              printf (k == 3 ? " %10.0f" : k == 10 ? " %8.3f" : k >= 8 ? " %8.2f" : " %8.3f"), m }
            printf "\n" }'
  done
} | tee -a "$out"
echo "pairs.sh: written to $out" >&2
