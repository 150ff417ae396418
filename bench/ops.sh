#!/usr/bin/env bash
# The operations service of section 三 (shallot-ops: leaderboards and votes on Redis), Shallot
# against Koa + ioredis on Node 20: the same routes, the same Lua scripts (EVALSHA), the same keys,
# the same answers, the same redis-server process, loaded with wrk on 127.0.0.1 in one run.
#
# Processes (all started here, stopped by PID at the end):
#   redis          redis-server on REDIS_PORT (no persistence), shared by both sides
#   shallot        `io.shallot.examples.Main demo ops` (what `bin/shallot demo ops` runs) with
#                  REDIS_URL pointing at it: OpsApp (RequestId, AccessLog, router) with the demo's
#                  boards and vote, keys under shallot:ops-demo:
#   koa            bench/ops/koa-ops.js (Koa 3, @koa/router, @koa/bodyparser, ioredis): one Node
#                  process, the same boards and vote, keys under koa-ops:ops-demo: (as long a prefix)
# Before any load, bench/ops/compare.js sends one sequence of 76 requests (answers and refusals) to
# both sides from the same seeded state and requires the same status and the same body byte for
# byte; then the keys each side wrote (prefix stripped), their values and their TTLs (to 10 s) must
# be the same too. The script stops if not.
# Endpoints (wrk -s bench/ops/<endpoint>.lua): scores (POST .../scores, boards runs and
# weekly-points alternating, 10,000 members, random scores), standing (GET .../members/:m?around=2,
# both boards), ballots (POST /v1/votes/best-feature/ballots, each user exactly its 3 votes of the
# day, so no 429 is expected; non-2xx answers are counted and reported).
# Every case (side, endpoint) starts from the same Redis state: FLUSHDB, then both boards seeded
# with the same 10,000 members and scores under that side's prefix (the vote keys start empty).
# Every side is warmed up (WARMUP seconds per endpoint), then ROUNDS rounds measure every
# (side, endpoint) for DURATION seconds each, interleaved (which side goes first alternates by
# round), so background load hits all sides alike. The table shows the median round by
# requests/s (its p50/p99) and the median CPU per request; all rounds are listed below it.
#
# Usage: bench/ops.sh
# Environment:
#   WARMUP=15 DURATION=15 ROUNDS=3   seconds of warm-up / of each measured round; rounds
#   THREADS=2 CONNECTIONS=50         wrk -t / -c
#   REDIS_PORT=16380 SHALLOT_PORT=14400 KOA_PORT=24400   (below 32768, the kernel's ephemeral range)
#   SHALLOT_JAVA_OPTS=...            extra JVM flags for the Shallot process (e.g. a JFR recording)
#   NODE=node                        the Node 20 binary
#   REDIS_SERVER=redis-server        the redis-server binary
#   SKIP_BUILD=1                     reuse bench/target from a previous build
#   LOCK=/tmp/shallot-bench.lock     the machine-wide lock every load test takes (flock), LOCK_WAIT=1800 s
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh

WARMUP=${WARMUP:-15}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
REDIS_PORT=${REDIS_PORT:-16380}
SHALLOT_PORT=${SHALLOT_PORT:-14400}
KOA_PORT=${KOA_PORT:-24400}
NODE=${NODE:-node}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
# the prefixes: Shallot's is OpsDemo's; Koa's has the same length, so every key is as long
S_PREFIX="shallot:ops-demo:"
K_PREFIX="koa-ops:ops-demo:"
MEMBERS=10000

command -v wrk >/dev/null || { echo "ops.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
command -v "$REDIS_SERVER" >/dev/null || { echo "ops.sh: $REDIS_SERVER is missing (apt-get install -y redis-server)" >&2; exit 2; }
command -v redis-cli >/dev/null || { echo "ops.sh: redis-cli is missing (apt-get install -y redis-tools)" >&2; exit 2; }
node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || {
  echo "ops.sh: '$NODE' is not runnable; install Node 20 or set NODE=/path/to/node" >&2; exit 2; }
if [ "$node_major" != "20" ]; then
  echo "ops.sh: the baseline is Node 20, found $("$NODE" --version); set NODE=/path/to/node20" >&2; exit 2
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  # tests are not compiled (-Dmaven.test.skip): the benchmark needs the main jars only
  echo "ops.sh: building (mvn -q -Dmaven.test.skip=true package -pl bench -am) with JDK $JAVA_HOME" >&2
  mvn -q -B -ntp -Dmaven.test.skip=true package -pl bench -am
fi
if [ ! -d "$ROOT/bench/ops/node_modules" ] || [ "$ROOT/bench/ops/package-lock.json" -nt "$ROOT/bench/ops/node_modules" ]; then
  echo "ops.sh: npm ci in bench/ops" >&2
  (cd "$ROOT/bench/ops" && npm ci --no-audit --no-fund --loglevel=error)
fi
JAVA="$JAVA_HOME/bin/java"
SCRIPTS="$ROOT/shallot-ops/src/main/resources/io/shallot/ops"

mkdir -p "$ROOT/bench/out"
tmp=$(mktemp -d)
NAME=ops.sh
WRK_DIR="$ROOT/bench/ops"
. "$ROOT/bench/lib/peers.sh"
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

for p in "$REDIS_PORT" "$SHALLOT_PORT" "$KOA_PORT"; do
  port_free "$p" || { echo "ops.sh: port $p is in use; choose other REDIS_PORT/SHALLOT_PORT/KOA_PORT" >&2; exit 2; }
done


# Every load test on this machine takes the same lock, so only one runs at a time.
exec 9>"$LOCK"
echo "ops.sh: waiting for $LOCK ..." >&2
flock -w "$LOCK_WAIT" 9 || { echo "ops.sh: $LOCK still held after $LOCK_WAIT s" >&2; exit 3; }
echo "ops.sh: lock taken; starting redis-server, Koa and Shallot" >&2

start redis "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no
REDIS_PID=${pids[-1]}
for _ in $(seq 1 100); do [ "$(rcli ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
[ "$(rcli ping 2>/dev/null)" = PONG ] || { echo "ops.sh: redis-server did not start; its log:" >&2; cat "$tmp/redis.log" >&2; exit 1; }
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

start koa env -C "$ROOT/bench/ops" REDIS_URL="$REDIS_URL" PREFIX="$K_PREFIX" PORT="$KOA_PORT" SCRIPTS="$SCRIPTS" \
  "$NODE" koa-ops.js
KOA_PID=${pids[-1]}
await_http koa "http://127.0.0.1:$KOA_PORT/v1/leaderboards/runs/members/m00000"
# Shallot exactly as `bin/shallot demo ops` runs it (examples jar and its dependencies; the examples'
# log4j2.xml, so the access log is written, to this process's stderr, like Koa's)
# shellcheck disable=SC2086
start shallot env REDIS_URL="$REDIS_URL" "$JAVA" $SHALLOT_JVM_FLAGS ${SHALLOT_JAVA_OPTS:-} -cp "$ROOT/bench/target/lib/*" \
  io.shallot.examples.Main demo ops --port "$SHALLOT_PORT"
SHALLOT_PID=${pids[-1]}
await_http shallot "http://127.0.0.1:$SHALLOT_PORT/v1/leaderboards/runs/members/m00000"

# The current ISO week (UTC), the weekly board's period
WEEK=$(date -u +%G-W%V)
# reset PREFIX...: FLUSHDB, then seed both boards of each prefix with the same 10,000 members
# (m00000..m09999; scores with ties, so shared ranks occur)
reset() {
  rcli flushdb > /dev/null
  local p
  for p in "$@"; do
    awk -v p="$p" -v w="$WEEK" -v n="$MEMBERS" 'BEGIN {
      for (i = 0; i < n; i++) {
        m = sprintf("m%05d", i)
        printf "ZADD %slb:runs:all %d %s\r\n", p, (i * 7919) % 50000, m
        printf "ZADD %slb:weekly-points:%s %d %s\r\n", p, w, (i * 104729) % 1000, m
      } }' | rcli --pipe > "$tmp/seed.log" 2>&1 || { cat "$tmp/seed.log" >&2; exit 1; }
  done
}
# keys_of PREFIX: every key under PREFIX without it, with its type, TTL in ms (-1: none) and value
keys_of() {
  local key type value
  rcli --scan --pattern "$1*" | sort | while IFS= read -r key; do
    type=$(rcli type "$key")
    case "$type" in
      zset) value=$(rcli zrange "$key" 0 -1 withscores | sha1sum | cut -c1-12) ;;
      hash) value=$(rcli hgetall "$key" | paste -sd' ' | tr ' ' '\n' | paste - - | sort | paste -sd' ') ;;
      string) value=$(rcli get "$key") ;;
      *) value="?" ;;
    esac
    echo "${key#"$1"} $type $(rcli pttl "$key") $value"
  done
}

# Same answers, then the same keys, before any load.
reset "$S_PREFIX" "$K_PREFIX"
if ! "$NODE" "$ROOT/bench/ops/compare.js" "http://127.0.0.1:$SHALLOT_PORT" "http://127.0.0.1:$KOA_PORT" > "$tmp/compare.txt" 2>&1; then
  echo "ops.sh: the two servers answer differently; stopping:" >&2
  cat "$tmp/compare.txt" >&2
  exit 1
fi
same_answers=$(tail -n 1 "$tmp/compare.txt")
keys_of "$S_PREFIX" > "$tmp/keys-shallot.txt"
keys_of "$K_PREFIX" > "$tmp/keys-koa.txt"
# alike: the same keys, types and values, TTLs within 5 s of each other (they count from each side's clock)
if ! paste -d'|' "$tmp/keys-shallot.txt" "$tmp/keys-koa.txt" | awk -F'|' '
    { split($1, a, " "); split($2, b, " "); va = $1; vb = $2; sub(/^[^ ]+ [^ ]+ [^ ]+ ?/, "", va); sub(/^[^ ]+ [^ ]+ [^ ]+ ?/, "", vb)
      d = a[3] - b[3]; if (d < 0) d = -d
      if (a[1] != b[1] || a[2] != b[2] || va != vb || d > 5000 || (a[3] < 0) != (b[3] < 0)) { print "< " $1; print "> " $2; bad = 1 } }
    END { exit bad }' > "$tmp/keys-diff.txt" \
   || [ "$(wc -l < "$tmp/keys-shallot.txt")" != "$(wc -l < "$tmp/keys-koa.txt")" ]; then
  echo "ops.sh: the two servers wrote different keys, values or TTLs; stopping (< shallot, > koa):" >&2
  cat "$tmp/keys-diff.txt" >&2
  diff "$tmp/keys-shallot.txt" "$tmp/keys-koa.txt" >&2 || true
  exit 1
fi
same_keys="$(wc -l < "$tmp/keys-shallot.txt") keys alike (type, value, TTL within 5 s): $(awk '{ printf "%s%s %s ttl %s", (NR > 1 ? "; " : ""), $1, $2, ($3 < 0 ? "none" : sprintf("%.0f s", $3 / 1000)) }' "$tmp/keys-shallot.txt")"
echo "ops.sh: same answers ($same_answers)" >&2
echo "ops.sh: same keys ($same_keys)" >&2

endpoints=(scores standing ballots)
prefix_of() { if [ "$1" = shallot ]; then echo "$S_PREFIX"; else echo "$K_PREFIX"; fi; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "ops.sh: warm-up, ${WARMUP} s per case ..." >&2
for ep in "${endpoints[@]}"; do
  for side in $(sides_of 1); do
    reset "$(prefix_of "$side")"
    run_wrk "$WARMUP" "$ep" "$(url_of "$side")" > "$tmp/warmup-$ep-$side.txt"
  done
done
requests_total=0
for r in $(seq 1 "$ROUNDS"); do
  echo "ops.sh: round $r of $ROUNDS, ${DURATION} s per case ..." >&2
  for ep in "${endpoints[@]}"; do
    for side in $(sides_of "$r"); do
      reset "$(prefix_of "$side")"
      app=$(app_pid_of "$side")
      app0=$(cpu_ticks "$app"); db0=$(cpu_ticks "$REDIS_PID")
      read -r c0 r0 es0 e0 < <(redis_stats)
      all0=$(cpu_ticks "${pids[@]}"); m0=$(machine_ticks); child_ticks w0
      run_wrk "$DURATION" "$ep" "$(url_of "$side")" > "$tmp/round$r-$ep-$side.txt"
      app1=$(cpu_ticks "$app"); db1=$(cpu_ticks "$REDIS_PID")
      all1=$(cpu_ticks "${pids[@]}"); m1=$(machine_ticks); child_ticks w1
      read -r c1 r1 es1 e1 < <(redis_stats)
      read -r rps p50 p99 non2xx sock n < <(parse < "$tmp/round$r-$ep-$side.txt")
      requests_total=$((requests_total + n))
      # CPU milliseconds per request of the side's server process and of redis-server; cores used
      app_ms=$(awk -v t=$((app1 - app0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.4f", (n > 0 ? t * 1000 / hz / n : 0) }')
      db_ms=$(awk -v t=$((db1 - db0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.4f", (n > 0 ? t * 1000 / hz / n : 0) }')
      app_cores=$(awk -v t=$((app1 - app0)) -v hz="$HZ" -v d="$DURATION" 'BEGIN { printf "%.2f", t / hz / d }')
      db_cores=$(awk -v t=$((db1 - db0)) -v hz="$HZ" -v d="$DURATION" 'BEGIN { printf "%.2f", t / hz / d }')
      # CPU cores used meanwhile by wrk, and by everything not started here (other users of the machine)
      wrk_cores=$(awk -v t=$((w1 - w0)) -v hz="$HZ" -v d="$DURATION" 'BEGIN { printf "%.2f", t / hz / d }')
      other_cores=$(awk -v t=$((m1 - m0 - (all1 - all0) - (w1 - w0))) -v hz="$HZ" -v d="$DURATION" 'BEGIN { v = t / hz / d; printf "%.2f", (v < 0 ? 0 : v) }')
      # what Redis was asked per request: commands (the stats calls themselves are 2 of them), reads
      # of a client socket, EVALSHA and EVAL calls
      per_req() { awk -v d="$1" -v n="$n" 'BEGIN { printf "%.3f", (n > 0 ? d / n : 0) }'; }
      cmd_req=$(per_req $((c1 - c0 - 2))); reads_req=$(per_req $((r1 - r0 - 2)))
      evalsha_req=$(per_req $((es1 - es0))); eval_req=$(per_req $((e1 - e0)))
      # what the round left in Redis: keys under the side's prefix (ballots: votes counted in the tally)
      keys=$(rcli dbsize)
      counted=$(rcli hvals "$(prefix_of "$side")vote:{best-feature}:tally" | awk '{ s += $1 } END { print s + 0 }')
      echo "$ep $side $r $rps $p50 $p99 $non2xx $sock $app_ms $db_ms $app_cores $db_cores $wrk_cores $other_cores $n $keys $counted $cmd_req $reads_req $evalsha_req $eval_req" >> "$tmp/results.txt"
      echo "  $ep $side: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx, socket errors $sock, CPU ms/req: server $app_ms, redis $db_ms; redis per request: $cmd_req commands ($evalsha_req EVALSHA, $eval_req EVAL), $reads_req socket reads; cores: server $app_cores, redis $db_cores, wrk $wrk_cores, others $other_cores" >&2
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss_koa=$(rss "$KOA_PID"); rss_shallot=$(rss "$SHALLOT_PID"); rss_redis=$(rss "$REDIS_PID")
sleep 1 # Shallot's access log is written by a background thread: let it catch up
log_shallot=$(grep -c '^time=' "$tmp/shallot.log" || true)
log_koa=$(grep -c '^time=' "$tmp/koa.log" || true)
npm_version() { (cd bench/ops && "$NODE" -p "require('./node_modules/$1/package.json').version"); }
versions="$("$JAVA" -version 2>&1 | head -n 1), node $("$NODE" --version), koa $(npm_version koa), @koa/router $(npm_version @koa/router), @koa/bodyparser $(npm_version @koa/bodyparser), ioredis $(npm_version ioredis), $("$REDIS_SERVER" --version | cut -d' ' -f1-3)"
stop_all
flock -u 9

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
out="$ROOT/bench/out/ops-$(date '+%Y-%m-%d-%H%M%S').txt"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# Shallot operations service (shallot-ops) vs Koa + ioredis, $stamp"
  echo "# command: bench/ops.sh (WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS${SHALLOT_JAVA_OPTS:+ SHALLOT_JAVA_OPTS=\"$SHALLOT_JAVA_OPTS\"})"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr), unpinned; load average before/after: $load_before / $load_after"
  echo "# versions: $versions"
  echo "# wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s bench/ops/<endpoint>.lua; one redis-server for both sides, FLUSHDB + the same 10,000-member boards before every case"
  echo "# same answers before the load: $same_answers"
  echo "# same keys before the load: $same_keys"
  echo "# access-log lines written (warm-up and rounds, plus the comparison): shallot $log_shallot, koa $log_koa; requests measured in the rounds: $requests_total"
  echo "# RSS after the load: shallot $((rss_shallot / 1024)) MB, koa $((rss_koa / 1024)) MB, redis-server $((rss_redis / 1024)) MB"
  echo "# each row: the median of $ROUNDS rounds by requests/s (p50/p99 of that round); non-2xx: all rounds; CPU ms/req:"
  echo "# user+system CPU (/proc/<pid>/stat) of the side's server process and of the shared redis-server, per request,"
  echo "# median over the rounds; server cores: the server's CPU over the round, median; redis cmd/req, read/req: commands redis-server"
  echo "# processed (those the scripts call included; EVALSHA and EVAL calls are in the raw rows) and client-socket reads it made,"
  echo "# per request (INFO stats), median; others: cores busy with processes not started here"
  echo
  awk '
    { key = $1 " " $2; n[key]++; m = n[key]
      rps[key, m] = $4; p50[key, m] = $5; p99[key, m] = $6; bad[key] += $7 + $8; app[key, m] = $9; db[key, m] = $10
      cores[key, m] = $11; oth[key, m] = $14; cmd[key, m] = $18; rd[key, m] = $19
      if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
    function median_of(arr, key, m,   a, b, t, v) {
      for (a = 1; a <= m; a++) v[a] = arr[key, a]
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (v[b] + 0 < v[a] + 0) { t = v[a]; v[a] = v[b]; v[b] = t }
      return v[int((m + 1) / 2)]
    }
    function commas(x,   s, r) {
      s = sprintf("%d", x); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
    function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
    END {
      for (i = 1; i <= k; i++) {
        key = order[i]; m = n[key]
        for (a = 1; a <= m; a++) idx[a] = a
        for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (rps[key, idx[b]] + 0 < rps[key, idx[a]] + 0) { t = idx[a]; idx[a] = idx[b]; idx[b] = t }
        mid = idx[int((m + 1) / 2)]
        R[key] = rps[key, mid]; P50[key] = p50[key, mid]; P99[key] = p99[key, mid]; O[key] = oth[key, mid]
        A[key] = median_of(app, key, m); D[key] = median_of(db, key, m); C[key] = median_of(cores, key, m)
        CMD[key] = median_of(cmd, key, m); RD[key] = median_of(rd, key, m)
      }
      ep["scores"] = "POST .../scores"; ep["standing"] = "GET .../members/:m"; ep["ballots"] = "POST .../ballots"
      printf "%-20s %-8s %9s %8s %8s %8s %10s %10s %7s %8s %8s %7s\n", "endpoint", "side", "req/s", "p50 ms", "p99 ms", "non-2xx", "server", "redis", "server", "redis", "redis", "others"
      printf "%-20s %-8s %9s %8s %8s %8s %10s %10s %7s %8s %8s %7s\n", "", "", "", "", "", "", "CPU ms/req", "CPU ms/req", "cores", "cmd/req", "read/req", "cores"
      printf "%-20s %-8s %9s %8s %8s %8s %10s %10s %7s %8s %8s %7s\n", "--------------------", "--------", "---------", "--------", "--------", "--------", "----------", "----------", "-------", "--------", "--------", "-------"
      for (i = 1; i <= k; i++) {
        key = order[i]; split(key, f, " ")
        printf "%-20s %-8s %9s %8.2f %8.2f %8d %10.4f %10.4f %7.2f %8.2f %8.2f %7.2f\n", ep[f[1]], f[2], commas(R[key]), P50[key], P99[key], bad[key], A[key], D[key], C[key], CMD[key], RD[key], O[key]
      }
      print ""
      print "# Shallot / Koa (req/s: higher is better; the rest: lower is better)"
      printf "%-20s %8s %8s %8s %11s %11s\n", "endpoint", "req/s", "p50", "p99", "server CPU", "redis CPU"
      printf "%-20s %8s %8s %8s %11s %11s\n", "--------------------", "--------", "--------", "--------", "-----------", "-----------"
      for (i = 1; i <= k; i++) {
        key = order[i]; split(key, f, " ")
        if (f[2] != "shallot") continue
        kk = f[1] " koa"
        if (!(kk in R)) continue
        printf "%-20s %8s %8s %8s %11s %11s\n", ep[f[1]], ratio(R[key], R[kk]), ratio(P50[key], P50[kk]), ratio(P99[key], P99[kk]), ratio(A[key], A[kk]), ratio(D[key], D[kk])
      }
    }' "$tmp/results.txt"
  echo
  echo "# raw (endpoint side round requests/s p50-ms p99-ms non-2xx socket-errors server-cpu-ms/req redis-cpu-ms/req"
  echo "#      server-cores redis-cores wrk-cores other-cores requests redis-keys-after votes-in-tally-after"
  echo "#      redis-commands/req redis-socket-reads/req evalsha/req eval/req):"
  sed 's/^/# /' "$tmp/results.txt"
} > "$out"
cat "$out"
echo "ops.sh: written to ${out#"$ROOT"/}" >&2
