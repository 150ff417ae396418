#!/usr/bin/env bash
# Soak test of the shallot daemon (issue 5): examples/cluster's hello world (cluster mode, 2 workers)
# under constant wrk load for DURATION seconds, with a rolling reload every RELOAD_EVERY s and a
# kill -9 of one worker every KILL_EVERY s. Every SAMPLE s it records the daemon's RSS, its open
# file descriptors and thread count; at the end it prints the first/last/max values, wrk's totals,
# and exits 1 when the daemon's RSS grew by more than MAX_GROWTH_MB between the end of the warm-up
# (WARMUP s) and the end, or when its descriptors grew (a leak of worker sockets or connections).
# Not part of the test suite. Holds the bench lock ($LOCK) for the whole run.
#
# Usage: bench/cluster-soak.sh
# Environment: DURATION=1800 WARMUP=120 SAMPLE=10 RELOAD_EVERY=60 KILL_EVERY=90 PORT=18090
#              CONNECTIONS=32 MAX_GROWTH_MB=16 LOCK=/tmp/shallot-bench.lock LOCK_WAIT=1800
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh

DURATION=${DURATION:-1800}
WARMUP=${WARMUP:-120}
SAMPLE=${SAMPLE:-10}
RELOAD_EVERY=${RELOAD_EVERY:-60}
KILL_EVERY=${KILL_EVERY:-90}
PORT=${PORT:-18090}
CONNECTIONS=${CONNECTIONS:-32}
MAX_GROWTH_MB=${MAX_GROWTH_MB:-16}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
command -v wrk >/dev/null || { echo "cluster-soak.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }

mkdir -p bench/out
stamp=$(date +%Y%m%d-%H%M%S)
samples=bench/out/cluster-soak-$stamp.tsv
export SHALLOT_HOME
SHALLOT_HOME=$(mktemp -d /tmp/shallot-soak.XXXXXX)
bin/shallot --help >/dev/null   # builds when sources changed, before taking the lock
stamp_cp=examples/target/.classpath
shallot() { java -cp "examples/target/classes:$(cat "$stamp_cp")" io.shallot.examples.Main "$@"; }

cleanup() {
  shallot kill >/dev/null 2>&1 || true
  [ -n "${wrk_pid:-}" ] && kill "$wrk_pid" 2>/dev/null || true
  rm -rf "$SHALLOT_HOME"
}
trap cleanup EXIT

exec 9>"$LOCK"
flock -w "$LOCK_WAIT" 9 || { echo "cluster-soak.sh: could not get $LOCK within $LOCK_WAIT s" >&2; exit 3; }

shallot start examples/cluster/shallot.config.yaml --port "$PORT"
daemon=$(cat "$SHALLOT_HOME/daemon.pid")
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s "http://127.0.0.1:$PORT/" > "bench/out/cluster-soak-$stamp.wrk.txt" 2>&1 &
wrk_pid=$!

printf 'seconds\trss_kb\tfds\tthreads\treloads\tkills\n' > "$samples"
start=$(date +%s); reloads=0; kills=0; next_reload=$RELOAD_EVERY; next_kill=$KILL_EVERY
while :; do
  now=$(( $(date +%s) - start ))
  [ "$now" -ge "$DURATION" ] && break
  if [ "$now" -ge "$next_reload" ]; then
    shallot reload hello-cluster >/dev/null && reloads=$((reloads + 1)); next_reload=$((now + RELOAD_EVERY))
  fi
  if [ "$now" -ge "$next_kill" ]; then
    victim=$(shallot ls --json | grep -o '"pid":[0-9]*' | head -1 | cut -d: -f2)
    [ -n "$victim" ] && [ "$victim" != 0 ] && kill -9 "$victim" && kills=$((kills + 1)); next_kill=$((now + KILL_EVERY))
  fi
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$daemon/status")
  fds=$(ls "/proc/$daemon/fd" | wc -l)
  threads=$(awk '/^Threads/ {print $2}' "/proc/$daemon/status")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$now" "$rss" "$fds" "$threads" "$reloads" "$kills" >> "$samples"
  sleep "$SAMPLE"
done
wait "$wrk_pid" || true
wrk_pid=

echo "== daemon (pid $daemon) over $DURATION s: $reloads reloads, $kills kill -9s; samples in $samples"
awk -F'\t' -v warm="$WARMUP" -v max_growth="$MAX_GROWTH_MB" 'NR > 1 {
    if (first == "") { first = $2; ffd = $3 }
    if ($1 >= warm && warm_rss == "") { warm_rss = $2; warm_fd = $3 }
    if ($2 > max) max = $2
    last = $2; lfd = $3; lth = $4
  } END {
    printf "rss: first %.1f MB, after warm-up %.1f MB, last %.1f MB, max %.1f MB\n", first/1024, warm_rss/1024, last/1024, max/1024
    printf "fds: first %d, after warm-up %d, last %d; threads last %d\n", ffd, warm_fd, lfd, lth
    growth = (last - warm_rss) / 1024
    if (growth > max_growth) { printf "FAIL: rss grew %.1f MB after warm-up (limit %d MB)\n", growth, max_growth; exit 1 }
    if (lfd > warm_fd + 4) { printf "FAIL: descriptors grew from %d to %d\n", warm_fd, lfd; exit 1 }
    printf "ok: rss growth after warm-up %.1f MB (limit %d MB)\n", growth, max_growth
  }' "$samples"
echo "== wrk"
grep -E "requests in|Socket errors|Non-2xx|Requests/sec" "bench/out/cluster-soak-$stamp.wrk.txt" || true
