#!/usr/bin/env bash
# The CPU demo of section 2.3 (the sum of 0..1e9 behind GET /), timed with curl as the document
# does (`time curl http://127.0.0.1:4000`), Shallot and Node in one run:
#   shallot inline    `bin/shallot demo cpu`'s GET /               (both halves on the loop thread)
#   shallot async     GET /?mode=async    (two SumWorker JVMs, one half each, over HTTP, concurrently)
#   shallot offload   GET /?mode=offload  (the halves on the process's offload pool, concurrently)
#   node sync         bench/cpu/sync.js                             (the document's sync.js)
#   node async        bench/cpu/async.js + startServer.js + nextServer.js (the document's three
#                     processes; request-promise replaced by Node's http)
#   *-1worker, *-2workers  one worker process asked for its half alone, then both workers at once:
#                     the speedup a two-way split can reach on this machine at that moment ("ceiling")
# Each mode gets WARMUP calls first (the worker processes are fresh JVMs: JIT warm-up), then RUNS
# measured calls, interleaved between modes so background load hits all alike. The table shows
# the median and the best time per mode, and speedups against inline (Shallot) / sync (Node).
#
# Usage: bench/cpu.sh
# Environment:
#   WARMUP=6 RUNS=9          calls per mode (warm-up calls are not timed)
#   SHALLOT_PORT=11000       Shallot's demo (its workers on +1000 and +2000); keep ports below 32768, the
#                            kernel's ephemeral range, where a client connection can hold a port
#   NODE_PORT=29000          node sync.js; async.js on +1, startServer.js on +1000, nextServer.js on +2000
#   SHALLOT_JAVA_OPTS=...    extra JVM flags for the Shallot demo process
#   NODE=node                the Node 20 binary
#   SKIP_BUILD=1             reuse bench/target from a previous build
#   LOCK=/tmp/shallot-bench.lock  LOCK_WAIT=1800   the machine-wide lock every load test takes
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh

WARMUP=${WARMUP:-6}
RUNS=${RUNS:-9}
SHALLOT_PORT=${SHALLOT_PORT:-11000}
NODE_PORT=${NODE_PORT:-29000}
NODE=${NODE:-node}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
[ "$WARMUP" -ge 5 ] || { echo "cpu.sh: WARMUP must be at least 5 (the workers are fresh JVMs)" >&2; exit 2; }

node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || {
  echo "cpu.sh: '$NODE' is not runnable; install Node 20 or set NODE=/path/to/node" >&2; exit 2; }
if [ "$node_major" != "20" ]; then
  echo "cpu.sh: the baseline is Node 20, found $("$NODE" --version); set NODE=/path/to/node20" >&2; exit 2
fi
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "cpu.sh: building (mvn -q -DskipTests package -pl bench -am) with JDK $JAVA_HOME" >&2
  mvn -q -B -ntp -DskipTests package -pl bench -am
fi
JAVA="$JAVA_HOME/bin/java"

S_MAIN=$SHALLOT_PORT; S_W1=$((SHALLOT_PORT + 1000)); S_W2=$((SHALLOT_PORT + 2000))
N_SYNC=$NODE_PORT; N_ASYNC=$((NODE_PORT + 1)); N_W1=$((NODE_PORT + 1000)); N_W2=$((NODE_PORT + 2000))

mkdir -p "$ROOT/bench/out"
tmp=$(mktemp -d)
pids=()
stop_all() {
  local pid i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  pids=()
}
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$S_MAIN" "$S_W1" "$S_W2" "$N_SYNC" "$N_ASYNC" "$N_W1" "$N_W2"; do
  port_free "$p" || { echo "cpu.sh: port $p is in use; choose other SHALLOT_PORT/NODE_PORT" >&2; exit 2; }
done

start() {
  local name=$1; shift
  "$@" > "$tmp/$name.log" 2>&1 9>&- &
  pids+=("$!")
}
# await_log NAME PATTERN SECONDS: until the log of NAME has a line matching PATTERN
await_log() {
  local name=$1 pattern=$2 pid=${pids[-1]}
  for _ in $(seq 1 $(($3 * 10))); do
    grep -q -- "$pattern" "$tmp/$name.log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "cpu.sh: $name did not print '$pattern' (within $3 s, or it exited); its log:" >&2
  tail -n 30 "$tmp/$name.log" >&2
  exit 1
}

exec 9>"$LOCK"
echo "cpu.sh: waiting for $LOCK ..." >&2
flock -w "$LOCK_WAIT" 9 || { echo "cpu.sh: $LOCK still held after $LOCK_WAIT s" >&2; exit 3; }
echo "cpu.sh: lock taken; starting Node's four processes and Shallot's demo" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

start node-start env PORT="$N_W1" "$NODE" "$ROOT/bench/cpu/startServer.js"; await_log node-start 'server start' 30
start node-next env PORT="$N_W2" "$NODE" "$ROOT/bench/cpu/nextServer.js"; await_log node-next 'server start' 30
start node-sync env PORT="$N_SYNC" "$NODE" "$ROOT/bench/cpu/sync.js"; await_log node-sync 'server start' 30
start node-async env PORT="$N_ASYNC" FIRST="$N_W1" SECOND="$N_W2" "$NODE" "$ROOT/bench/cpu/async.js"
await_log node-async 'server start' 30
# `bin/shallot demo cpu --port P` (without --once it serves after its own one-shot measurement;
# the workers are its child processes, which it stops on exit)
# shellcheck disable=SC2086
start shallot "$JAVA" $SHALLOT_JVM_FLAGS ${SHALLOT_JAVA_OPTS:-} -cp "$ROOT/bench/target/lib/*" \
  io.shallot.examples.Main demo cpu --port "$S_MAIN"
await_log shallot 'Serving until Ctrl-C' 180
shallot_pid=${pids[-1]}
worker_pids=$(pgrep -P "$shallot_pid" | tr '\n' ' ')

# The modes: name url [url2]. With two urls both are requested at once and the time is the
# slower of the two: the "worker" rows ask the worker processes directly, one half alone and both
# halves at once, which tells how much a two-way split can gain on this machine right now.
modes=(
  "shallot-inline http://127.0.0.1:$S_MAIN/"
  "shallot-async http://127.0.0.1:$S_MAIN/?mode=async"
  "shallot-offload http://127.0.0.1:$S_MAIN/?mode=offload"
  "shallot-1worker http://127.0.0.1:$S_W1/"
  "shallot-2workers http://127.0.0.1:$S_W1/ http://127.0.0.1:$S_W2/"
  "node-sync http://127.0.0.1:$N_SYNC/"
  "node-async http://127.0.0.1:$N_ASYNC/"
  "node-1worker http://127.0.0.1:$N_W1/"
  "node-2workers http://127.0.0.1:$N_W1/ http://127.0.0.1:$N_W2/"
)
HZ=$(getconf CLK_TCK)
# busy clock ticks of all CPUs, and of the processes started here (with the demo's workers)
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
our_ticks() {
  local files=() pid
  for pid in "${pids[@]}" $worker_pids; do [ -r "/proc/$pid/stat" ] && files+=("/proc/$pid/stat"); done
  awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }' "${files[@]}"
}
# call FILE NAME URL [URL2]: one request (or two at once), appends "name seconds answer" to $tmp/FILE
call() {
  local file=$1 name=$2 out secs answer
  shift 2
  if [ $# -eq 1 ]; then
    out=$(curl -s --max-time 60 -w ' %{time_total}' "$1" 9>&-) || { echo "cpu.sh: $name: $1 failed" >&2; exit 1; }
    secs=${out##* }; answer=${out% *}
  else
    # bodies to files: with --parallel, stdout would interleave them with the -w output
    out=$(curl -s --no-progress-meter --max-time 60 --parallel --parallel-immediate -w '%{time_total}\n' \
      -o "$tmp/body1" "$1" -o "$tmp/body2" "$2" 9>&-) || { echo "cpu.sh: $name: $1 $2 failed" >&2; exit 1; }
    secs=$(awk '{ if ($1 > t) t = $1 } END { print t }' <<< "$out"); answer="$(cat "$tmp/body1")+$(cat "$tmp/body2")"
  fi
  echo "$name $secs $answer" >> "$tmp/$file"
}
echo "cpu.sh: warm-up, $WARMUP calls per mode ..." >&2
for i in $(seq 1 "$WARMUP"); do
  for m in "${modes[@]}"; do call warmup $m; done
done
echo "cpu.sh: measuring, $RUNS calls per mode ..." >&2
o0=$(our_ticks); m0=$(machine_ticks); t0=$(date +%s%N)
for i in $(seq 1 "$RUNS"); do
  for m in "${modes[@]}"; do call runs $m; done
done
m1=$(machine_ticks); o1=$(our_ticks); t1=$(date +%s%N)
# CPU cores busy during the measurement with anything but the processes started here (other users
# of the machine; curl and this script's own helpers count here too, a few percent of a core)
others=$(awk -v t=$((m1 - m0 - (o1 - o0))) -v hz="$HZ" -v ns=$((t1 - t0)) 'BEGIN { v = t / hz / (ns / 1e9); printf "%.2f", (v < 0 ? 0 : v) }')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
demo_once=$(grep -E '^(request|time curl|The document)' "$tmp/shallot.log" || true)
stop_all
# The demo stops its workers on exit; make sure, by their PIDs.
for pid in $worker_pids; do
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
done
flock -u 9

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
out="$ROOT/bench/out/cpu-$(date '+%Y-%m-%d-%H%M%S').txt"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# Section 2.3 CPU demo, Shallot and Node, $stamp"
  echo "# command: bench/cpu.sh (WARMUP=$WARMUP RUNS=$RUNS${SHALLOT_JAVA_OPTS:+ SHALLOT_JAVA_OPTS=\"$SHALLOT_JAVA_OPTS\"})"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr), load average before/after: $load_before / $load_after"
  echo "# versions: $("$JAVA" -version 2>&1 | head -n 1), node $("$NODE" --version)"
  echo "# each mode: $WARMUP untimed warm-up calls, then $RUNS calls timed by curl (time_total, a new connection each, as \`time curl\`), interleaved with the other modes"
  echo
  awk '
    { n[$1]++; t[$1, n[$1]] = $2; ans[$1] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    END {
      for (i = 1; i <= k; i++) {
        m = order[i]; c = n[m]
        for (a = 1; a <= c; a++) v[a] = t[m, a]
        for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (v[b] < v[a]) { x = v[a]; v[a] = v[b]; v[b] = x }
        med[m] = c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2; best[m] = v[1]; worst[m] = v[c]
      }
      printf "%-17s %9s %9s %9s %20s  %s\n", "mode", "median s", "best s", "worst s", "speedup (medians)", "answer"
      printf "%-17s %9s %9s %9s %20s  %s\n", "-----------------", "---------", "---------", "---------", "--------------------", "------------------"
      for (i = 1; i <= k; i++) {
        m = order[i]; side = m ~ /^shallot/ ? "shallot" : "node"
        base = side == "shallot" ? "shallot-inline" : "node-sync"
        if (m ~ /1worker$/) sp = "one half, alone"
        else if (m ~ /2workers$/) sp = sprintf("ceiling %.2fx", 2 * med[side "-1worker"] / med[m])
        else sp = m == base ? "1.00x (baseline)" : sprintf("%.2fx vs %s", med[base] / med[m], side == "node" ? "sync" : "inline")
        printf "%-17s %9.3f %9.3f %9.3f %20s  %s\n", m, med[m], best[m], worst[m], sp, ans[m]
      }
      printf "\nshallot offload vs node async: %.2fx faster; shallot inline vs node sync: %.2fx faster (medians)\n", \
        med["node-async"] / med["shallot-offload"], med["node-sync"] / med["shallot-inline"]
    }' "$tmp/runs"
  echo "# during the measurement, processes not started here (other users of the machine) kept $others of $(nproc) cores busy"
  echo "# ceiling: 2 x (one half alone) / (both halves at once, two processes): what splitting in two can gain right now"
  echo
  echo "# Shallot's own one-shot measurement at start-up (1 warm-up call per mode, fresh worker JVMs):"
  printf '%s\n' "$demo_once" | sed 's/^/#   /'
  echo "# raw (mode seconds answer), warm-up calls first:"
  sed 's/^/# warmup /' "$tmp/warmup"
  sed 's/^/# run    /' "$tmp/runs"
} > "$out"
cat "$out"
echo "cpu.sh: written to ${out#"$ROOT"/}" >&2
