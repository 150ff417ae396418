#!/usr/bin/env bash
# Memory soak of the shallot daemon (issue 5): 4 apps restarting every few seconds for DURATION s.
#   soak-a, soak-b, soak-c  cluster mode, 2 workers each (examples/cluster's HelloCluster), each port
#                           under new-connection traffic (curl, RATE connections/s, Connection: close,
#                           so every request is one accept and one fd handed to a worker)
#   soak-d                  fork mode, 1 process (the same main on an ephemeral port)
# Every KILL_EVERY s one worker is SIGKILLed, the apps taking turns (each app's oldest worker that
# has run MIN_AGE s), so the daemon restarts a process every KILL_EVERY s and each app every
# 4 x KILL_EVERY s; every CLI_EVERY s the CLI reloads a cluster app or restarts the fork app, in
# turn. Every SAMPLE s it records the daemon's RSS, descriptors, threads and CPU time, and every
# HEAP_EVERY s its heap (jstat: used, old generation capacity, full GCs). At the end of the warm-up
# and at the end it forces a full GC and records the live heap: RSS that grows while the live heap
# stays is the JVM settling (old generation and code cache first touched), not a leak of objects.
# At the end it prints RSS first / after warm-up / min / max / last and the least-squares slope after
# the warm-up (MB per hour), the live heap at both points, the requests that did not get a 200 by
# curl's reason, and exits 1 when the RSS grew by more than MAX_GROWTH_MB after the warm-up, the
# live heap grew by more than MAX_GROWTH_MB / 4, or the descriptors grew (a leak of worker sockets).
# Not part of the test suite. Holds LOCK for the whole run: its own lock file by default, not the
# bench lock of the speed benchmarks, since RSS does not depend on how busy the machine is (set
# LOCK=/tmp/shallot-bench.lock to keep them out anyway). Stops itself after DURATION s
# and stops what it started by PID (the daemon with 'shallot kill', then by its pid and its children's).
#
# Usage: bench/cluster-soak.sh          (nohup bench/cluster-soak.sh > bench/out/soak.log 2>&1 &)
# Environment: DURATION=1800 WARMUP=300 SAMPLE=10 HEAP_EVERY=60 KILL_EVERY=2 MIN_AGE=4 CLI_EVERY=30 RATE=20
#              PORT=18090 (uses PORT..PORT+2) MAX_GROWTH_MB=16 LOCK=/tmp/shallot-soak.lock
#              LOCK_WAIT=1800 SKIP_BUILD=0
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh

DURATION=${DURATION:-1800}
WARMUP=${WARMUP:-300}
SAMPLE=${SAMPLE:-10}
HEAP_EVERY=${HEAP_EVERY:-60}
KILL_EVERY=${KILL_EVERY:-2}
MIN_AGE=${MIN_AGE:-4}
CLI_EVERY=${CLI_EVERY:-30}
RATE=${RATE:-20}
PORT=${PORT:-18090}
MAX_GROWTH_MB=${MAX_GROWTH_MB:-16}
LOCK=${LOCK:-/tmp/shallot-soak.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
for tool in curl flock ps jstat jcmd; do
  command -v "$tool" >/dev/null || { echo "cluster-soak.sh: '$tool' is missing" >&2; exit 2; }
done

mkdir -p bench/out
stamp=$(date +%Y%m%d-%H%M%S)
samples=bench/out/cluster-soak-$stamp.tsv
codes=bench/out/cluster-soak-$stamp.codes
work=$(mktemp -d /tmp/shallot-soak.XXXXXX)
export SHALLOT_HOME=$work/home
. bench/cluster-build.sh "$work"
daemon=
load_pids=()

cleanup() {
  for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # a 'start' that failed has still started the daemon
  [ -z "$daemon" ] && [ -f "$SHALLOT_HOME/daemon.pid" ] && daemon=$(cat "$SHALLOT_HOME/daemon.pid")
  if [ -n "$daemon" ]; then
    children=$(ps -o pid= --ppid "$daemon" 2>/dev/null || true)
    timeout 60 java $SHALLOT_JVM_FLAGS -cp "$SHALLOT_BENCH_CP" io.shallot.examples.Main kill >/dev/null 2>&1 || true
    kill -9 "$daemon" $children 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

apps=(soak-a soak-b soak-c soak-d)
cat > "$work/soak.config.yaml" <<EOF
apps:
$(for i in 0 1 2; do cat <<APP
  - name: ${apps[$i]}
    main: io.shallot.examples.cluster.HelloCluster
    exec_mode: cluster
    instances: 2
    port: $((PORT + i))
    host: 127.0.0.1
    jvm_args: -Xmx64m -XX:+UseSerialGC
    log_date_format: "YYYY-MM-DD HH:mm:ss.SSS"
    log_max_size: 64K
    log_retain: 2
    min_uptime: 1s
    max_restarts: 10
    kill_timeout: 3s
    listen_timeout: 60s
APP
done)
  - name: soak-d
    main: io.shallot.examples.cluster.HelloCluster
    instances: 1
    jvm_args: -Xmx64m -XX:+UseSerialGC
    env:
      PORT: 0
    log_max_size: 64K
    log_retain: 2
    min_uptime: 1s
    max_restarts: 10
    kill_timeout: 3s
EOF

exec 9>"$LOCK"
flock -w "$LOCK_WAIT" 9 || { echo "cluster-soak.sh: could not get $LOCK within $LOCK_WAIT s" >&2; exit 3; }

shallot start "$work/soak.config.yaml"
daemon=$(cat "$SHALLOT_HOME/daemon.pid")
if shallot ls --json | grep -q '"status":"errored"'; then
  echo "cluster-soak.sh: an app did not start; see $SHALLOT_HOME/logs (load: $(cat /proc/loadavg))" >&2
  exit 1
fi
# batches of 100 requests: each curl writes its codes when it exits
for i in 0 1 2; do
  ( while :; do
      curl -s -o /dev/null -w '%{http_code} %{errormsg}\n' --rate "$RATE/s" -m 5 -H 'Connection: close' \
        "http://127.0.0.1:$((PORT + i))/?[1-100]" 2>/dev/null || true
    done >> "$codes" ) &
  load_pids+=($!)
done

# the oldest process of app $1 that has run at least MIN_AGE s (the daemon's children carry -Dshallot.app=NAME)
victim() {
  ps -o pid=,etimes=,args= --ppid "$daemon" --sort=-etimes |
    awk -v app="-Dshallot.app=$1" -v age="$MIN_AGE" '$2 >= age { for (i = 3; i <= NF; i++) if ($i == app) { print $1; exit } }'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
# jstat -gc: used KB (survivors + eden + old), old generation capacity KB, full GCs
heap() { jstat -gc "$daemon" | awk 'NR == 2 {printf "%.0f\t%.0f\t%d", $3 + $4 + $6 + $8, $7, $15}'; }
# KB of heap still used after a full GC
live_heap() {
  jcmd "$daemon" GC.run >/dev/null
  jcmd "$daemon" GC.heap_info | awk '/Metaspace/ {exit} /total .*, used/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); s += v}} END {print s + 0}'
}

printf 'seconds\trss_kb\tfds\tthreads\tcpu_ticks\tkills\tcli\theap_used_kb\told_capacity_kb\tfull_gcs\n' > "$samples"
start=$(date +%s); kills=0; cli=0; turn=0; cli_turn=0; next_kill=$KILL_EVERY; next_cli=$CLI_EVERY; next_sample=0
next_heap=0; heap_now=$(heap); live_warm=
while :; do
  now=$(( $(date +%s) - start ))
  [ "$now" -ge "$DURATION" ] && break
  kill -0 "$daemon" 2>/dev/null || { echo "cluster-soak.sh: the daemon (pid $daemon) is gone after $now s" >&2; exit 1; }
  if [ "$now" -ge "$next_kill" ]; then
    v=$(victim "${apps[$((turn % 4))]}"); turn=$((turn + 1))
    [ -n "$v" ] && kill -9 "$v" 2>/dev/null && kills=$((kills + 1))
    next_kill=$((now + KILL_EVERY))
  fi
  if [ "$now" -ge "$next_cli" ]; then
    app=${apps[$((cli_turn % 4))]}; cli_turn=$((cli_turn + 1))
    if [ "$app" = soak-d ]; then verb=restart; else verb=reload; fi
    if shallot "$verb" "$app" >/dev/null 2>>"$work/cli.err"; then cli=$((cli + 1)); fi
    next_cli=$((now + CLI_EVERY))
  fi
  if [ -z "$live_warm" ] && [ "$now" -ge "$WARMUP" ]; then
    live_warm=$(live_heap)
  fi
  if [ "$now" -ge "$next_heap" ]; then
    heap_now=$(heap); next_heap=$((now + HEAP_EVERY))
  fi
  if [ "$now" -ge "$next_sample" ]; then
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$daemon/status")
    fds=$(ls "/proc/$daemon/fd" | wc -l)
    threads=$(awk '/^Threads/ {print $2}' "/proc/$daemon/status")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$now" "$rss" "$fds" "$threads" "$(cpu_ticks)" "$kills" "$cli" "$heap_now" >> "$samples"
    next_sample=$((now + SAMPLE))
  fi
  sleep 0.5
done
for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null || true; done
load_pids=()
rss_before_gc=$(awk '/^VmRSS/ {print $2}' "/proc/$daemon/status")
live_end=$(live_heap)
shallot ls > "$work/ls.txt" 2>&1 || true

echo "== daemon (pid $daemon) over $DURATION s: $kills kill -9s, $cli reloads/restarts by the CLI; samples in $samples"
cat "$work/ls.txt"
[ -s "$work/cli.err" ] && { echo "== CLI errors"; sort "$work/cli.err" | uniq -c | head; }
echo "== requests: $(wc -l < "$codes") sent, $(grep -cv '^200 ' "$codes" || true) without a 200:"
grep -v '^200 ' "$codes" | sort | uniq -c | sort -rn | head -5
echo "== live heap after a full GC: $((live_warm / 1024)) MB after the warm-up, $((live_end / 1024)) MB at the end; rss before that last GC $((rss_before_gc / 1024)) MB"
awk -F'\t' -v warm="$WARMUP" -v max_growth="$MAX_GROWTH_MB" -v hz="$(getconf CLK_TCK)" -v live_warm="$live_warm" -v live_end="$live_end" 'NR > 1 {
    if (first == "") { first = $2; ffd = $3; fcpu = $5; min = $2 }
    if ($1 >= warm) {
      if (warm_rss == "") { warm_rss = $2; warm_fd = $3 }
      n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2
    }
    if ($2 > max) max = $2
    if ($2 < min) min = $2
    last = $2; lfd = $3; lth = $4; lcpu = $5; lt = $1
  } END {
    printf "rss MB: first %.1f, after warm-up (%d s) %.1f, min %.1f, max %.1f, last %.1f\n", first/1024, warm, warm_rss/1024, min/1024, max/1024, last/1024
    slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
    printf "rss slope after warm-up: %.2f MB/hour over %d samples\n", slope * 3600 / 1024, n
    printf "fds: first %d, after warm-up %d, last %d; threads last %d; daemon cpu %.1f s over %d s\n", ffd, warm_fd, lfd, lth, (lcpu - fcpu) / hz, lt
    growth = (last - warm_rss) / 1024
    if (growth > max_growth) { printf "FAIL: rss grew %.1f MB after warm-up (limit %d MB)\n", growth, max_growth; exit 1 }
    if ((live_end - live_warm) / 1024 > max_growth / 4) { printf "FAIL: live heap grew from %d to %d KB\n", live_warm, live_end; exit 1 }
    if (lfd > warm_fd + 8) { printf "FAIL: descriptors grew from %d to %d\n", warm_fd, lfd; exit 1 }
    printf "ok: rss growth after warm-up %.1f MB (limit %d MB)\n", growth, max_growth
  }' "$samples"
