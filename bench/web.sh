#!/usr/bin/env bash
# The web peer benchmark (issue 3): the same three routes (GET /plaintext, /json, /v1/users/:id)
# served on 127.0.0.1 by Shallot (App + Router + RequestId + AccessLog, async Log4j2 access log to
# a file), raw Netty, Vert.x web, Koa 3 + @koa/router, Express 5 and Koa in node cluster mode
# (2 workers), each loaded with wrk in two scenarios:
#   pinned    the server under `taskset -c 0`, wrk under `taskset -c 1`
#   unpinned  no affinity for either
# For each server, scenario and route: requests/s, p50/p99 latency (wrk's p99, and the p99 of the
# latencies wrk recorded, before its coordinated-omission correction: bench/web/rawlatency.lua),
# the server's CPU seconds in the measured window (utime+stime from /proc/<pid>/stat, workers
# included), CPU time per request, peak RSS (VmHWM; master + workers for the cluster) and the ratios
# to raw Netty. Prints a table and writes it to bench/out/web-<date>.txt (the raw wrk outputs to
# bench/out/web-<date>.raw.txt).
#
# The servers take turns, one at a time: each round starts, warms up, measures and stops every
# server once, round r starting with the r-th. The table gives each figure's median over the
# rounds, and each ratio to Netty as the median of the rounds' ratios. This machine is a shared VM
# whose speed drifts by a third for a minute or more at a time; with one measurement per server a
# slow minute decided the ratios, with rounds it weighs on one round of one server.
#
# Every server start, warm-up and measurement (and the build) runs holding an exclusive flock on
# $LOCK, so that only one load test runs on the machine at a time; nothing runs while waiting.
#
# Usage: bench/web.sh [server ...]   (servers: shallot netty vertx koa express koa-cluster; default all)
#        Two more on request: shallot-uring and netty-uring, the same two JVM servers on Netty's io_uring
#        transport (-Dshallot.transport=io_uring); an io_uring server's x nty ratios are to netty-uring
#        when that ran too, so each is compared with raw Netty on its own transport.
# Environment:
#   SCENARIOS="pinned unpinned"   which scenarios, in this order
#   ROUTES="plaintext json users" which routes
#   ROUNDS=5          times each server is started and measured (in turns, see above)
#   WARMUP=8          seconds of wrk per route before measuring (so 3 x WARMUP per server start)
#   DURATION=6        measured seconds per route and round
#   CONNECTIONS=64    wrk connections
#   THREADS=          wrk threads; default 1 pinned (wrk has one core: two threads on it take turns in
#                     scheduler slices, and an answer waits for its thread's turn, which was most of the
#                     fast servers' p99), 2 unpinned (one per core)
#   PACED_MS=4        after each route's full-load window, one more at a paced load (each connection waits
#                     PACED_MS ms before each request: at most 16,000 req/s with 64 connections) for
#                     latency that is the server's, not wrk's queue; 0 skips them
#   PORT=18080        the port every server listens on (one server at a time)
#   LOCK=/tmp/shallot-bench.lock   LOCK_WAIT=1800 (seconds to wait for the lock per step, then fail)
#   JAVA_OPTS=...     extra JVM flags for the three JVM peers; they all run with bin/jdk.sh's SHALLOT_JVM_FLAGS
#                     (on JDK 23+ these let Netty use sun.misc.Unsafe, as it did by default up to JDK 24)
#   NODE=node         the Node 20 binary
#   SKIP_BUILD=1      reuse the last build (bench/target/runtime-classpath.txt); bench/web/node_modules is
#                     still installed when a Node peer is asked for and it is missing or older than the lock file
#   LOG4J_WAIT=       Shallot's Log4j2 settings are the distribution's (examples/src/main/resources/log4j2.xml:
#                     async loggers whose writer waits with SliceWaitStrategy); LOG4J_WAIT=<strategy> runs it
#                     with the configuration before that instead (bench/web/log4j2-web-allasync.xml, the
#                     all-async context selector) and that Log4j2 wait strategy: Sleep (with no spinning and a
#                     10-ms sleep, as the distribution had it), Yield, Block, Timeout = Log4j2's own default,
#                     which wakes the logging thread with a futex per event (see README)
#   KEEP_ACCESS_LOG=1 keep Shallot's access log files (default: counted, then deleted; they are big)
#   QUIET=25 QUIET_WAIT=90    before each server start (lock held), wait up to QUIET_WAIT s for the
#                     rest of the machine to use less than QUIET % of one core (other processes
#                     that do not take the lock); the table's bg% column says what they used anyway
#   RETRIES=2         a route whose measured window had other processes above QUIET % is measured
#                     again (after waiting for quiet), at most RETRIES times; the last attempt counts
#   NOISE_BUDGET=600  seconds the whole run may spend on those waits and repeats; then it measures once
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh
JAVA="$JAVA_HOME/bin/java"

ALL_SERVERS="shallot netty vertx koa express koa-cluster"
KNOWN_SERVERS="$ALL_SERVERS shallot-uring netty-uring"
SERVERS=${*:-$ALL_SERVERS}
SCENARIOS=${SCENARIOS:-pinned unpinned}
ROUTES=${ROUTES:-plaintext json users}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-8}
DURATION=${DURATION:-6}
CONNECTIONS=${CONNECTIONS:-64}
export WRK_CONNECTIONS=$CONNECTIONS   # bench/web/rawlatency.lua undoes wrk's latency correction with it
THREADS=${THREADS:-}
PORT=${PORT:-18080}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
NODE=${NODE:-node}
PACED_MS=${PACED_MS:-4}
LOG4J_WAIT=${LOG4J_WAIT:-}
HZ=$(getconf CLK_TCK)
QUIET=${QUIET:-25}
QUIET_WAIT=${QUIET_WAIT:-90}
RETRIES=${RETRIES:-2}
NOISE_BUDGET=${NOISE_BUDGET:-600}
NOISE_SPENT=0   # seconds spent so far waiting for quiet and measuring again

for s in $SERVERS; do
  case " $KNOWN_SERVERS " in *" $s "*) ;; *) echo "web.sh: unknown server '$s' (known: $KNOWN_SERVERS)" >&2; exit 2 ;; esac
done
for tool in wrk taskset curl flock /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "web.sh: '$tool' is missing (apt-get install -y wrk util-linux curl time)" >&2; exit 2; }
done
node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || {
  echo "web.sh: '$NODE' is not runnable; install Node 20 or set NODE=/path/to/node" >&2; exit 2; }
if [ "$node_major" != "20" ]; then
  echo "web.sh: the baseline is Node 20, found $("$NODE" --version); set NODE=/path/to/node20" >&2; exit 2
fi

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
file_stamp=$(date '+%Y-%m-%d-%H%M%S')
OUT_DIR="$ROOT/bench/out"
out="$OUT_DIR/web-$file_stamp.txt"
raw="$OUT_DIR/web-$file_stamp.raw.txt"
mkdir -p "$OUT_DIR"
tmp=$(mktemp -d)
results="$tmp/results.tsv"
paced="$tmp/paced.tsv"
: > "$paced"
: > "$results"
: > "$raw"

LIVE=""   # pids of the server processes this script started and has not stopped yet (workers included)
cleanup() {
  local pid
  for pid in $LIVE; do
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "web.sh: $*" >&2; }

# Runs "$@" holding the benchmark lock (fd 9 is closed in every child, so no server keeps it).
locked() {
  local t0=$SECONDS
  exec 9>>"$LOCK"
  if ! flock -w "$LOCK_WAIT" 9; then
    exec 9>&-
    log "could not get $LOCK within ${LOCK_WAIT}s"; return 1
  fi
  [ $((SECONDS - t0)) -gt 1 ] && log "waited $((SECONDS - t0))s for $LOCK"
  local rc=0
  "$@" || rc=$?
  flock -u 9
  exec 9>&-
  return $rc
}

# ------------------------------------------------------------------ build

# Builds this checkout and writes the runtime classpath of bench to $CP_FILE in the same reactor,
# so that the shallot-* modules come from their target/ directories here, never from ~/.m2 (which
# other checkouts on the machine install into). Nothing is installed.
CP_FILE="$ROOT/bench/target/runtime-classpath.txt"
build_classpath() {
  mvn -q -B -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$CP_FILE"
}

build() {
  log "building (mvn -q -DskipTests -pl bench -am package dependency:build-classpath) with JDK $JAVA_HOME"
  build_classpath 9>&-
}
# The Node peers' packages are installed even with SKIP_BUILD=1 when they are missing: a fresh
# checkout has none, and every Node peer would otherwise fail each round for a missing module.
install_node_peers() {
  case " $SERVERS " in *" koa "*|*" express "*|*" koa-cluster "*) ;; *) return 0 ;; esac
  if [ ! -d "$ROOT/bench/web/node_modules" ] || [ "$ROOT/bench/web/package-lock.json" -nt "$ROOT/bench/web/node_modules" ]; then
    log "installing the Node peers (npm ci in bench/web)"
    (cd "$ROOT/bench/web" && npm ci --no-audit --no-fund --loglevel=error 9>&-)
  fi
}
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  locked build
fi
locked install_node_peers
[ -s "$CP_FILE" ] || { log "no $CP_FILE: run once without SKIP_BUILD=1"; exit 2; }
# A private copy of the runtime classpath: other builds may rewrite the jars while the servers run.
mkdir -p "$tmp/lib"
{ tr ':' '\n' < "$CP_FILE"; echo; } | while read -r jar; do [ -z "$jar" ] || cp "$jar" "$tmp/lib/"; done
cp -r "$ROOT/bench/target/classes" "$tmp/classes"
CP="$tmp/classes:$tmp/lib/*"

# ------------------------------------------------------------------ processes

# CPU ticks (utime+stime) of a process and of its live child processes (node cluster workers).
pids_of() {
  local pid=$1
  echo "$pid"
  ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true
}
cpu_ticks() {
  local total=0 p t
  for p in $(pids_of "$1"); do
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
# Busy CPU ticks of the whole machine's processes (user nice system), from /proc/stat. Interrupt
# and softirq time, most of it the loopback traffic itself, is left out, as it is from every
# process's own utime+stime.
sys_ticks() {
  awk '/^cpu / { print $2 + $3 + $4; exit }' /proc/stat
}
# Waits (up to QUIET_WAIT s, within NOISE_BUDGET) until the machine uses less than QUIET % of one core.
wait_quiet() {
  local t0=$SECONDS a b busy
  while [ "$NOISE_SPENT" -lt "$NOISE_BUDGET" ]; do
    a=$(sys_ticks); sleep 2; b=$(sys_ticks)
    busy=$(( (b - a) * 100 / (2 * HZ) ))
    NOISE_SPENT=$((NOISE_SPENT + 2))
    if [ "$busy" -lt "$QUIET" ]; then
      [ $((SECONDS - t0)) -gt 3 ] && log "the machine is quiet (${busy}% of a core) after $((SECONDS - t0))s"
      return 0
    fi
    if [ $((SECONDS - t0)) -ge "$QUIET_WAIT" ]; then
      log "the machine is still busy (${busy}% of a core by other processes) after ${QUIET_WAIT}s; measuring anyway"
      return 0
    fi
    [ $(( (SECONDS - t0) % 30 )) -lt 2 ] && log "waiting for the machine to be quiet (other processes use ${busy}% of a core)"
  done
}

# Peak RSS in KiB: VmHWM, summed over the process and its children.
peak_rss_kb() {
  local total=0 p v
  for p in $(pids_of "$1"); do
    v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || v=0
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

start_server() {   # server scenario logfile access-log -> sets SERVER_PID
  local server=$1 scenario=$2 logfile=$3 access=$4
  local pin=()
  [ "$scenario" = pinned ] && pin=(taskset -c 0)
  local jvm=("$JAVA" $SHALLOT_JVM_FLAGS ${JAVA_OPTS:-} -cp "$CP")
  local log4j=(-Dlog4j2.configurationFile="$ROOT/bench/web/log4j2-web.xml")
  [ -n "$LOG4J_WAIT" ] && log4j=(-Dlog4j2.configurationFile="$ROOT/bench/web/log4j2-web-allasync.xml"
    -Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector
    -Dlog4j2.asyncLoggerRetries=0 -Dlog4j2.asyncLoggerSleepTimeNs=10000000
    -Dlog4j2.asyncLoggerWaitStrategy="$LOG4J_WAIT")
  case "$server" in *-uring) jvm+=(-Dshallot.transport=io_uring) ;; esac
  case "$server" in
    shallot|shallot-uring)
      "${pin[@]}" "${jvm[@]}" "${log4j[@]}" -Dshallot.bench.accessLog="$access" \
        io.shallot.bench.web.ShallotServer "$PORT" > "$logfile" 2>&1 9>&- & ;;
    netty|netty-uring)
      "${pin[@]}" "${jvm[@]}" io.shallot.bench.web.NettyServer "$PORT" > "$logfile" 2>&1 9>&- & ;;
    vertx)
      "${pin[@]}" "${jvm[@]}" io.shallot.bench.web.VertxServer "$PORT" > "$logfile" 2>&1 9>&- & ;;
    koa)
      "${pin[@]}" "$NODE" "$ROOT/bench/web/koa.js" "$PORT" > "$logfile" 2>&1 9>&- & ;;
    express)
      "${pin[@]}" "$NODE" "$ROOT/bench/web/express.js" "$PORT" > "$logfile" 2>&1 9>&- & ;;
    koa-cluster)
      WORKERS=2 "${pin[@]}" "$NODE" "$ROOT/bench/web/koa-cluster.js" "$PORT" > "$logfile" 2>&1 9>&- & ;;
  esac
  SERVER_PID=$!
  LIVE="$LIVE $SERVER_PID"
}

stop_server() {
  local pid=$1 p children
  children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in $children; do
    for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
  done
  local keep="" q
  for q in $LIVE; do
    case " $pid $children " in *" $q "*) ;; *) keep="$keep $q" ;; esac
  done
  LIVE=$keep
}

route_path() {
  case "$1" in
    plaintext) echo /plaintext ;;
    json) echo /json ;;
    users) echo /v1/users/42 ;;
  esac
}
route_body() {
  case "$1" in
    plaintext) echo 'Hello, World!' ;;
    json) echo '{"message":"Hello, World!"}' ;;
    users) echo '{"id":"42","name":"user42"}' ;;
  esac
}

wrk_threads() {   # scenario -> wrk's thread count
  if [ -n "$THREADS" ]; then echo "$THREADS"; elif [ "$1" = pinned ]; then echo 1; else echo 2; fi
}

wrk_cmd() {   # scenario seconds path [script] -> the wrk command line (script: rawlatency.lua)
  local pin=""
  [ "$1" = pinned ] && pin="taskset -c 1 "
  echo "${pin}wrk -t$(wrk_threads "$1") -c$CONNECTIONS -d${2}s --timeout 5s --latency -s $ROOT/bench/web/${4:-rawlatency.lua} http://127.0.0.1:$PORT$3"
}

# The p99 of the latencies wrk recorded, before its coordinated-omission correction, in ms
# (bench/web/rawlatency.lua's line), or "-".
raw_p99() {   # wrk output file
  awk '/^RAW_LATENCY/ { for (i = 2; i <= NF; i++) if ($i ~ /^p99_us=/) { sub(/^p99_us=/, "", $i); v = $i } }
       END { if (v == "") print "-"; else printf "%.3f", v / 1000 }' "$1"
}

# Converts wrk's 1.23ms / 456.00us / 1.20s / 2.00m to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "nan" } }'
}

# ------------------------------------------------------------------ one server, one scenario

run_block() {   # server scenario round
  local server=$1 scenario=$2 round=$3
  local logfile="$tmp/$server-$scenario.log" access="$OUT_DIR/web-$file_stamp-access-$server-$scenario.log"
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
    log "something already listens on port $PORT; set PORT=..."; return 1
  fi
  wait_quiet
  log "$server, $scenario, round $round of $ROUNDS: starting (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  start_server "$server" "$scenario" "$logfile" "$access"
  local pid=$SERVER_PID
  local up=0
  for _ in $(seq 600); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if grep -q '^READY' "$logfile" && curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/plaintext"; then up=1; break; fi
    sleep 0.1
  done
  if [ $up != 1 ]; then
    log "$server did not come up on port $PORT within 60 s:"; cat "$logfile" >&2
    stop_server "$pid"; return 1
  fi
  for p in $(ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true); do LIVE="$LIVE $p"; done
  {
    echo "=== $server $scenario round $round pid=$pid load=$(cut -d' ' -f1-3 /proc/loadavg)"
    grep '^READY' "$logfile" || true
  } >> "$raw"
  local route path body got
  for route in $ROUTES; do
    path=$(route_path "$route"); body=$(route_body "$route")
    for _ in 1 2 3; do
      got=$(curl -sS --max-time 5 "http://127.0.0.1:$PORT$path" 2>&1 || true)
      [ "$got" = "$body" ] && break
      sleep 1
    done
    if [ "$got" != "$body" ]; then
      log "$server answered $path with '$got', expected '$body'; its output:"; cat "$logfile" >&2
      stop_server "$pid"; return 1
    fi
  done
  echo "--- response headers of $path:" >> "$raw"
  curl -s -D - -o /dev/null "http://127.0.0.1:$PORT$path" | tr -d '\r' | sed '/^$/d' >> "$raw"

  for route in $ROUTES; do
    path=$(route_path "$route")
    # shellcheck disable=SC2046
    timeout $((WARMUP + 30)) $(wrk_cmd "$scenario" "$WARMUP" "$path") > /dev/null 9>&- || true
  done
  for route in $ROUTES; do
    path=$(route_path "$route")
    local cmd before after sys_before sys_after wrk_out attempt
    cmd=$(wrk_cmd "$scenario" "$DURATION" "$path")
    wrk_out="$tmp/wrk-$server-$scenario-$route.txt"
    for attempt in $(seq $((RETRIES + 1))); do
      sys_before=$(sys_ticks)
      before=$(cpu_ticks "$pid")
      # shellcheck disable=SC2086
      timeout $((DURATION + 30)) /usr/bin/time -f 'WRK_CPU %U %S' $cmd > "$wrk_out" 2>&1 9>&- || true
      after=$(cpu_ticks "$pid")
      sys_after=$(sys_ticks)
      {
        echo "--- $server $scenario $route round $round (attempt $attempt): $cmd"
        echo "server cpu ticks before=$before after=$after; machine busy ticks before=$sys_before after=$sys_after (HZ=$HZ)"
        cat "$wrk_out"
      } >> "$raw"
      local requests secs rps p50 p99 rawp99 errors wrk_cpu bg
      requests=$(awk '/requests in/ { print $1 }' "$wrk_out")
      secs=$(awk '/requests in/ { v = $4; sub(/s,$/, "", v); print v }' "$wrk_out")
      rps=$(awk '/^Requests\/sec:/ { print $2 }' "$wrk_out")
      p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$wrk_out")")
      p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$wrk_out")")
      rawp99=$(raw_p99 "$wrk_out")
      errors=$(awk '/Socket errors:/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 } /Non-2xx/ { e += $NF } END { print e + 0 }' "$wrk_out")
      wrk_cpu=$(awk '/^WRK_CPU/ { print $2 + $3 }' "$wrk_out")
      # CPU seconds the rest of the machine used in the window: all busy time less the server's and wrk's
      bg=$(awk -v m=$((sys_after - sys_before)) -v s=$((after - before)) -v w="${wrk_cpu:-0}" -v hz="$HZ" \
        'BEGIN { b = (m - s) / hz - w; printf "%.2f", b < 0 ? 0 : b }')
      if [ -z "$requests" ] || [ -z "$rps" ]; then
        log "$server $scenario $route: wrk gave no result:"; cat "$wrk_out" >&2
        continue
      fi
      if [ "$attempt" -le "$RETRIES" ] && [ "$NOISE_SPENT" -lt "$NOISE_BUDGET" ] && awk -v b="$bg" -v t="$secs" -v q="$QUIET" 'BEGIN { exit !(t > 0 && 100 * b / t > q) }'; then
        log "$server $scenario $route: other processes used $(awk -v b="$bg" -v t="$secs" 'BEGIN { printf "%.0f", 100 * b / t }')% of a core meanwhile; measuring again"
        NOISE_SPENT=$((NOISE_SPENT + DURATION))
        wait_quiet
        continue
      fi
      break
    done
    if [ -z "$requests" ] || [ -z "$rps" ]; then
      continue
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$route" "$server" "$rps" "$p50" "$p99" \
      "$(awk -v t=$((after - before)) -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }')" "$requests" "$secs" \
      "$errors" "${wrk_cpu:-0}" "$bg" "$rawp99" >> "$tmp/block.tsv"
    log "$server $scenario $route round $round: $rps req/s, p99 ${p99} ms (recorded ${rawp99}), $(awk -v t=$((after - before)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }') us/req"
  done
  if [ "$PACED_MS" != 0 ]; then
    for route in $ROUTES; do
      paced_window "$server" "$scenario" "$route" "$round"
    done
  fi
  local rss
  rss=$(peak_rss_kb "$pid")
  echo "peak rss kb=$rss" >> "$raw"
  awk -v rss="$rss" -v round="$round" 'BEGIN { OFS = "\t" } { print $0, rss, round }' "$tmp/block.tsv" >> "$results"
  rm -f "$tmp/block.tsv"
  stop_server "$pid"
  if [[ "$server" == shallot* ]] && [ -f "$access" ]; then
    echo "access log lines written: $(wc -l < "$access") ($(du -h "$access" | cut -f1)) in ${access#"$ROOT"/}" >> "$raw"
    echo "access log tail: $(tail -n 1 "$access")" >> "$raw"
    [ "${KEEP_ACCESS_LOG:-0}" = 1 ] || rm -f "$access"
  fi
}

# Latency at an offered load every peer serves with room to spare (wrk paced by bench/web/paced.lua):
# at full load the fast servers saturate wrk's core, so part of their latency is wrk's own queue.
paced_window() {   # server scenario route round
  local server=$1 scenario=$2 route=$3 round=$4 cmd out="$tmp/paced.txt"
  cmd=$(wrk_cmd "$scenario" "$DURATION" "$(route_path "$route")" paced.lua)
  # shellcheck disable=SC2086
  PACED_MS=$PACED_MS timeout $((DURATION + 30)) $cmd > "$out" 2>&1 9>&- || true
  { echo "--- $server $scenario $route round $round paced (PACED_MS=$PACED_MS): $cmd"; cat "$out"; } >> "$raw"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  [ -n "$rps" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$route" "$server" "$rps" "$p50" "$p99" "$round" >> "$paced"
  return 0
}

# The servers in turn, round r starting with the r-th, so that none is always measured first or last.
t_start=$SECONDS
read -r -a server_list <<< "$SERVERS"
for scenario in $SCENARIOS; do
  for round in $(seq "$ROUNDS"); do
    for i in $(seq 0 $((${#server_list[@]} - 1))); do
      server=${server_list[$(( (i + round - 1) % ${#server_list[@]} ))]}
      : > "$tmp/block.tsv"
      locked run_block "$server" "$scenario" "$round" || log "$server $scenario round $round failed; going on"
    done
  done
done

# ------------------------------------------------------------------ report

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
log4j_wait=${LOG4J_WAIT:+all-async selector, wait strategy $LOG4J_WAIT}
log4j_wait=${log4j_wait:-writer waits with SliceWaitStrategy, the distribution default}
{
  echo "# Shallot web peer benchmark, $stamp"
  echo "# command: bench/web.sh${*:+ $*} (SCENARIOS=\"$SCENARIOS\" ROUNDS=$ROUNDS WARMUP=$WARMUP DURATION=$DURATION CONNECTIONS=$CONNECTIONS${THREADS:+ THREADS=$THREADS}${JAVA_OPTS:+ JAVA_OPTS=\"$JAVA_OPTS\"})"
  echo "# load:    $(wrk_cmd pinned "$DURATION" /ROUTE) (pinned: server under taskset -c 0)"
  echo "#          unpinned: $(wrk_cmd unpinned "$DURATION" /ROUTE), no taskset for either"
  echo "#          each route warmed up ${WARMUP}s with the same command first; $ROUNDS rounds, the servers in turn"
  echo "#          (a round starts every server, warms it up, measures it and stops it; round r starts with the r-th)"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# jvm:     $("$JAVA" -version 2>&1 | sed -n 2p) ($SHALLOT_JVM_FLAGS${JAVA_OPTS:+ $JAVA_OPTS}); one event loop per available core"
  echo "# node:    $("$NODE" --version); koa $(cd bench/web && "$NODE" -p 'require("koa/package.json").version'), @koa/router $(sed -n 's/.*"version": "\(.*\)".*/\1/p' bench/web/node_modules/@koa/router/package.json | head -1), express $(cd bench/web && "$NODE" -p 'require("express/package.json").version')"
  echo "# shallot: App + Router + RequestId + AccessLog (Log4j2 async loggers, $log4j_wait, INFO lines to a file)"
  echo "# run:     $((SECONDS - t_start)) s, of which $NOISE_SPENT s waiting for quiet or measuring again (QUIET=$QUIET% RETRIES=$RETRIES)"
  echo "# columns: medians over the rounds. cpu s = server utime+stime during a measured window (workers included);"
  echo "#          p99 ms = wrk's: for each latency above twice a connection's mean request time it adds samples"
  echo "#          for the requests a steady client would have sent meanwhile, so stalls of a few ms weigh heavily;"
  echo "#          rec p99 = the p99 of the latencies wrk recorded, before that correction (bench/web/rawlatency.lua);"
  echo "#          cpu% = of one core; us/req = cpu s / requests, and its lowest and highest round (us range);"
  echo "#          rss = peak VmHWM over a server's life (master + workers), the highest round;"
  echo "#          x nty = requests/s and us/req divided by raw Netty's in the same round, scenario and route (an io_uring"
  echo "#          server's: by netty-uring's when it ran);"
  echo "#          wrk% = the load generator's own CPU, of one core (near 100 pinned: the client is the limit);"
  echo "#          bg% = CPU used meanwhile by the rest of the machine (other processes), of one core: noise;"
  echo "#          paced r/s, paced p99 = a window at a paced load (PACED_MS=$PACED_MS: each connection waits that long"
  echo "#          before each request, bench/web/paced.lua), where latency is the server's and not wrk's queue"
  echo
  awk -F '\t' -v servers="$SERVERS" -v scenarios="$SCENARIOS" -v routes="$ROUTES" -v rounds="$ROUNDS" -v pacedfile="$paced" '
    FILENAME == pacedfile { k = $1 SUBSEP $2 SUBSEP $3; prps[k, $7] = $4; pp99[k, $7] = $6; phave[k, $7] = 1; next }
    {
      k = $1 SUBSEP $2 SUBSEP $3; r = $15
      rps[k, r] = $4; p50[k, r] = $5; p99[k, r] = $6; cpu[k, r] = $7; secs[k, r] = $9; err[k] += $10
      wcpu[k, r] = $11; bg[k, r] = $12; us[k, r] = $8 > 0 ? $7 * 1e6 / $8 : 0
      if ($13 != "-") { raw99[k, r] = $13; rawhave[k, r] = 1 }
      if ($14 > rss[k]) rss[k] = $14
      have[k, r] = 1; seen[k] = 1
    }
    END {
      ns = split(servers, S, " "); nc = split(scenarios, C, " "); nr = split(routes, R, " ")
      fmt = "%-9s %-9s %-13s %10s %8s %8s %8s %6s %5s %7s %11s %7s %9s %9s %6s %5s %4s %9s %9s\n"
      printf fmt, "scenario", "route", "server", "req/s", "p50 ms", "p99 ms", "rec p99", "cpu s", "cpu%", "us/req", "us range", "rss MB", "req x nty", "cpu x nty", "errors", "wrk%", "bg%", "paced r/s", "paced p99"
      printf fmt, "---------", "---------", "-------------", "----------", "--------", "--------", "--------", "------", "-----", "-------", "-----------", "-------", "---------", "---------", "------", "-----", "----", "---------", "---------"
      for (c = 1; c <= nc; c++) for (q = 1; q <= nr; q++) {
        for (s = 1; s <= ns; s++) {
          k = C[c] SUBSEP R[q] SUBSEP S[s]
          base = C[c] SUBSEP R[q] SUBSEP "netty"
          if (S[s] ~ /-uring$/ && ((C[c] SUBSEP R[q] SUBSEP "netty-uring") in seen)) base = C[c] SUBSEP R[q] SUBSEP "netty-uring"
          if (!(k in seen)) { printf "%-9s %-9s %-13s %10s\n", C[c], R[q], S[s], "missing"; continue }
          n = nrr = ncr = np = nraw = 0; lo = hi = ""
          for (r = 1; r <= rounds; r++) {
            if ((k, r) in phave) { np++; vpr[np] = prps[k, r]; vpp[np] = pp99[k, r] }
            if (!((k, r) in have)) continue
            n++
            if ((k, r) in rawhave) vraw[++nraw] = raw99[k, r]
            vr[n] = rps[k, r]; v50[n] = p50[k, r]; v99[n] = p99[k, r]; vc[n] = cpu[k, r]; vu[n] = us[k, r]
            vp[n] = secs[k, r] > 0 ? 100 * cpu[k, r] / secs[k, r] : 0
            vw[n] = secs[k, r] > 0 ? 100 * wcpu[k, r] / secs[k, r] : 0
            vb[n] = secs[k, r] > 0 ? 100 * bg[k, r] / secs[k, r] : 0
            if (lo == "" || us[k, r] < lo) lo = us[k, r]
            if (hi == "" || us[k, r] > hi) hi = us[k, r]
            if (((base, r) in have) && rps[base, r] > 0) rr[++nrr] = rps[k, r] / rps[base, r]
            if (((base, r) in have) && us[base, r] > 0) cr[++ncr] = us[k, r] / us[base, r]
          }
          printf fmt, C[c], R[q], S[s], commas(median(vr, n)), sprintf("%.2f", median(v50, n)), sprintf("%.2f", median(v99, n)),
            nraw ? sprintf("%.2f", median(vraw, nraw)) : "-", sprintf("%.2f", median(vc, n)), sprintf("%.0f", median(vp, n)), sprintf("%.1f", median(vu, n)),
            sprintf("%.1f-%.1f", lo, hi), sprintf("%.0f", rss[k] / 1024),
            nrr ? sprintf("%.2f", median(rr, nrr)) : "n/a", ncr ? sprintf("%.2f", median(cr, ncr)) : "n/a",
            err[k], sprintf("%.0f", median(vw, n)), sprintf("%.0f", median(vb, n)),
            np ? commas(median(vpr, np)) : "-", np ? sprintf("%.2f", median(vpp, np)) : "-"
        }
        print ""
      }
    }
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function commas(x,   s, r) {
      s = sprintf("%d", x); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
  ' "$paced" "$results"
  echo "# raw wrk outputs, response headers and Shallot access-log counts: ${raw#"$ROOT"/}"
  if [ "${KEEP_ACCESS_LOG:-0}" = 1 ]; then kept=kept; else kept="counted, then deleted"; fi
  grep '^access log lines' "$raw" | sed "s/^/# shallot /; s/\$/ ($kept)/" || true
} > "$out"
cat "$out"
log "written to ${out#"$ROOT"/} (raw: ${raw#"$ROOT"/})"
