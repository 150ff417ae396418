#!/usr/bin/env bash
# The middle platform of section 三 (shallot-platform), Shallot against Koa + the official mongodb
# driver + ioredis on Node 20: config delivery (rules in MongoDB, merged per client) and inbox badges
# (Redis, the same Lua script and keys), the same answers, the same MongoDB and redis-server
# processes, loaded with wrk on 127.0.0.1 in one run.
#
# Processes (all started here, stopped by PID at the end):
#   redis          redis-server on REDIS_PORT (no persistence), shared by both sides
#   mongo          io.shallot.bench.contents.MongoServerMain: mongo-java-server (memory backend) on
#                  MONGO_PORT, shared by both sides (it also seeds the contents flow's users and
#                  contents, which neither side here reads)
#   shallot        io.shallot.bench.platform.PlatformServerMain: exactly DemoPlatform.start (what
#                  `bin/shallot demo platform` serves: PlatformApp with RequestId, AccessLog, the four
#                  services, the feedback worker and the purge on a background loop), on that MongoDB
#                  (PlatformDemo starts an embedded one and takes no URI) and that Redis, keys under
#                  shallot:platform-demo:; the examples' log4j2.xml, so the access log is written
#   koa            bench/platform/koa-platform.js (Koa 3, @koa/router, mongodb, ioredis): one Node
#                  process, the two routes measured, reading the same rules and the SAME Redis keys
#                  (ioredis keyPrefix shallot:platform-demo:): both endpoints only read
# Data: FLUSHDB before the servers start, then bench/platform/seed.js writes through Shallot's own API: 5 config rules besides
# the demo's 2, direct messages to 3,000 users, 4 broadcasts, dots and reads for some users. The
# endpoints measured write nothing that changes an answer (state.lua only drops expired entries and
# refreshes TTLs; nothing expires during a run), so the data is seeded once; Redis' key count is
# recorded after every case to show it.
# Before any load, bench/platform/compare.js sends one sequence of requests (configs for many
# profiles, from the query and from headers, 304s, refusals; badges of 200 seeded users of every kind)
# to both sides and requires the same status, the same body byte for byte and the same Content-Type,
# ETag, Cache-Control and Vary. The script stops if not.
# Endpoints (wrk -s bench/platform/<endpoint>.lua): config-cn (GET /v1/configs/home?version=2.1.0&
# device=ios&region=CN&lang=zh-CN), config-us (...version=1.9.3&device=android&region=US&lang=en-US),
# badges (GET /v1/users/:uid/badges, a random seeded user). Shallot keeps a config's rules 5 s and
# memoizes each (config, profile) answer for as long; Koa keeps the rules 5 s (a Map with expiry)
# and merges and hashes on every request.
# Every side is warmed up (WARMUP seconds per endpoint), then ROUNDS rounds measure every
# (side, endpoint) for DURATION seconds each, interleaved (which side goes first alternates by
# round), so background load hits all sides alike. The table shows the median round by
# requests/s (its p50/p99) and the median CPU per request; all rounds are listed below it.
#
# Usage: bench/platform.sh
# Environment:
#   WARMUP=10 DURATION=15 ROUNDS=3   seconds of warm-up / of each measured round; rounds
#   THREADS=2 CONNECTIONS=50         wrk -t / -c
#   REDIS_PORT=16381 MONGO_PORT=27118 SHALLOT_PORT=14500 KOA_PORT=24500   (below 32768)
#   SHALLOT_JAVA_OPTS=...            extra JVM flags for the Shallot process (e.g. a JFR recording)
#   NODE=node                        the Node 20 binary
#   REDIS_SERVER=redis-server        the redis-server binary
#   SKIP_BUILD=1                     reuse bench/target from a previous build
#   LOCK=/tmp/shallot-bench.lock     the machine-wide lock every load test takes (flock), LOCK_WAIT=1800 s
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh

WARMUP=${WARMUP:-10}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
REDIS_PORT=${REDIS_PORT:-16381}
MONGO_PORT=${MONGO_PORT:-27118}
SHALLOT_PORT=${SHALLOT_PORT:-14500}
KOA_PORT=${KOA_PORT:-24500}
NODE=${NODE:-node}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
PREFIX="shallot:platform-demo:" # DemoPlatform's, read by both sides
USERS=3000                      # fixed: bench/platform/badges.lua draws from u00000..u02999

command -v wrk >/dev/null || { echo "platform.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
command -v "$REDIS_SERVER" >/dev/null || { echo "platform.sh: $REDIS_SERVER is missing (apt-get install -y redis-server)" >&2; exit 2; }
command -v redis-cli >/dev/null || { echo "platform.sh: redis-cli is missing (apt-get install -y redis-tools)" >&2; exit 2; }
node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || {
  echo "platform.sh: '$NODE' is not runnable; install Node 20 or set NODE=/path/to/node" >&2; exit 2; }
if [ "$node_major" != "20" ]; then
  echo "platform.sh: the baseline is Node 20, found $("$NODE" --version); set NODE=/path/to/node20" >&2; exit 2
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "platform.sh: building (mvn -q -Dmaven.test.skip=true package -pl bench -am) with JDK $JAVA_HOME" >&2
  mvn -q -B -ntp -Dmaven.test.skip=true package -pl bench -am
fi
if [ ! -d "$ROOT/bench/platform/node_modules" ] || [ "$ROOT/bench/platform/package-lock.json" -nt "$ROOT/bench/platform/node_modules" ]; then
  echo "platform.sh: npm ci in bench/platform" >&2
  (cd "$ROOT/bench/platform" && npm ci --no-audit --no-fund --loglevel=error)
fi
JAVA="$JAVA_HOME/bin/java"
JAR=$(ls "$ROOT"/bench/target/shallot-bench-*.jar | head -n 1)
SCRIPTS="$ROOT/shallot-platform/src/main/resources/io/shallot/platform"

mkdir -p "$ROOT/bench/out"
tmp=$(mktemp -d)
NAME=platform.sh
WRK_DIR="$ROOT/bench/platform"
. "$ROOT/bench/lib/peers.sh"
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

for p in "$REDIS_PORT" "$MONGO_PORT" "$SHALLOT_PORT" "$KOA_PORT"; do
  port_free "$p" || { echo "platform.sh: port $p is in use; choose other REDIS_PORT/MONGO_PORT/SHALLOT_PORT/KOA_PORT" >&2; exit 2; }
done


# Every load test on this machine takes the same lock, so only one runs at a time.
exec 9>"$LOCK"
echo "platform.sh: waiting for $LOCK ..." >&2
flock -w "$LOCK_WAIT" 9 || { echo "platform.sh: $LOCK still held after $LOCK_WAIT s" >&2; exit 3; }
echo "platform.sh: lock taken; starting redis-server, MongoDB, Shallot and Koa" >&2

start redis "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no
REDIS_PID=${pids[-1]}
for _ in $(seq 1 100); do [ "$(rcli ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
[ "$(rcli ping 2>/dev/null)" = PONG ] || { echo "platform.sh: redis-server did not start; its log:" >&2; cat "$tmp/redis.log" >&2; exit 1; }
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
rcli flushdb > /dev/null

# shellcheck disable=SC2086
start mongo "$JAVA" $SHALLOT_JVM_FLAGS -cp "$JAR:$ROOT/bench/target/lib/*" io.shallot.bench.contents.MongoServerMain "$MONGO_PORT"
MONGO_PID=${pids[-1]}
for _ in $(seq 1 600); do grep -q '^READY' "$tmp/mongo.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^READY' "$tmp/mongo.log" || { echo "platform.sh: MongoDB did not start; its log:" >&2; cat "$tmp/mongo.log" >&2; exit 1; }
MONGO_URI="mongodb://127.0.0.1:$MONGO_PORT"

# Shallot first: DemoPlatform seeds the config home's two rules into the shared MongoDB. The
# examples' jars come first on the class path, so their log4j2.xml (access log on stderr) is used.
# shellcheck disable=SC2086
start shallot "$JAVA" $SHALLOT_JVM_FLAGS ${SHALLOT_JAVA_OPTS:-} -cp "$ROOT/bench/target/lib/*:$JAR" \
  io.shallot.bench.platform.PlatformServerMain "$MONGO_URI" "$REDIS_URL" "$SHALLOT_PORT"
SHALLOT_PID=${pids[-1]}
await_http shallot "http://127.0.0.1:$SHALLOT_PORT/v1/users/u00000/badges"
start koa env -C "$ROOT/bench/platform" MONGODB_URI="$MONGO_URI" REDIS_URL="$REDIS_URL" PREFIX="$PREFIX" \
  PORT="$KOA_PORT" SCRIPTS="$SCRIPTS" "$NODE" koa-platform.js
KOA_PID=${pids[-1]}
await_http koa "http://127.0.0.1:$KOA_PORT/v1/users/u00000/badges"

# The data, through Shallot's API (into the Redis flushed before Shallot started: a FLUSHDB now would
# drop the feedback worker's consumer group), then the same answers before any load.
seeded=$("$NODE" "$ROOT/bench/platform/seed.js" "http://127.0.0.1:$SHALLOT_PORT" "$USERS" 2>&1) || {
  echo "platform.sh: seeding failed: $seeded" >&2; exit 1; }
echo "platform.sh: seeded: $seeded" >&2
sleep 6 # both sides' cached rules of home (5 s) have expired: they read what was just written
if ! "$NODE" "$ROOT/bench/platform/compare.js" "http://127.0.0.1:$SHALLOT_PORT" "http://127.0.0.1:$KOA_PORT" "$USERS" > "$tmp/compare.txt" 2>&1; then
  echo "platform.sh: the two servers answer differently; stopping:" >&2
  cat "$tmp/compare.txt" >&2
  exit 1
fi
same_answers=$(tail -n 1 "$tmp/compare.txt")
echo "platform.sh: same answers ($same_answers)" >&2
redis_keys=$(rcli dbsize)
# the merged config of each measured profile, as both sides sent it
cfg_cn=$(curl -s "http://127.0.0.1:$SHALLOT_PORT/v1/configs/home?version=2.1.0&device=ios&region=CN&lang=zh-CN" | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s).data.config)))')
cfg_us=$(curl -s "http://127.0.0.1:$SHALLOT_PORT/v1/configs/home?version=1.9.3&device=android&region=US&lang=en-US" | "$NODE" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s).data.config)))')

endpoints=(config-cn config-us badges)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "platform.sh: warm-up, ${WARMUP} s per case ..." >&2
for ep in "${endpoints[@]}"; do
  for side in $(sides_of 1); do
    run_wrk "$WARMUP" "$ep" "$(url_of "$side")" > "$tmp/warmup-$ep-$side.txt"
  done
done
requests_total=0
for r in $(seq 1 "$ROUNDS"); do
  echo "platform.sh: round $r of $ROUNDS, ${DURATION} s per case ..." >&2
  for ep in "${endpoints[@]}"; do
    for side in $(sides_of "$r"); do
      app=$(app_pid_of "$side")
      app0=$(cpu_ticks "$app"); rd0=$(cpu_ticks "$REDIS_PID"); mg0=$(cpu_ticks "$MONGO_PID")
      read -r c0 r0 es0 e0 < <(redis_stats)
      all0=$(cpu_ticks "${pids[@]}"); m0=$(machine_ticks); child_ticks w0
      run_wrk "$DURATION" "$ep" "$(url_of "$side")" > "$tmp/round$r-$ep-$side.txt"
      app1=$(cpu_ticks "$app"); rd1=$(cpu_ticks "$REDIS_PID"); mg1=$(cpu_ticks "$MONGO_PID")
      all1=$(cpu_ticks "${pids[@]}"); m1=$(machine_ticks); child_ticks w1
      read -r c1 r1 es1 e1 < <(redis_stats)
      read -r rps p50 p99 non2xx sock n < <(parse < "$tmp/round$r-$ep-$side.txt")
      requests_total=$((requests_total + n))
      per_ms() { awk -v t="$1" -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.4f", (n > 0 ? t * 1000 / hz / n : 0) }'; }
      cores() { awk -v t="$1" -v hz="$HZ" -v d="$DURATION" 'BEGIN { v = t / hz / d; printf "%.2f", (v < 0 ? 0 : v) }'; }
      # CPU milliseconds per request of the side's server process, of redis-server and of MongoDB
      app_ms=$(per_ms $((app1 - app0))); redis_ms=$(per_ms $((rd1 - rd0))); mongo_ms=$(per_ms $((mg1 - mg0)))
      app_cores=$(cores $((app1 - app0))); redis_cores=$(cores $((rd1 - rd0))); mongo_cores=$(cores $((mg1 - mg0)))
      wrk_cores=$(cores $((w1 - w0))); other_cores=$(cores $((m1 - m0 - (all1 - all0) - (w1 - w0))))
      per_req() { awk -v d="$1" -v n="$n" 'BEGIN { printf "%.3f", (n > 0 ? d / n : 0) }'; }
      cmd_req=$(per_req $((c1 - c0 - 2))); reads_req=$(per_req $((r1 - r0 - 2)))
      evalsha_req=$(per_req $((es1 - es0))); eval_req=$(per_req $((e1 - e0)))
      keys=$(rcli dbsize)
      echo "$ep $side $r $rps $p50 $p99 $non2xx $sock $app_ms $redis_ms $mongo_ms $app_cores $redis_cores $mongo_cores $wrk_cores $other_cores $n $keys $cmd_req $reads_req $evalsha_req $eval_req" >> "$tmp/results.txt"
      echo "  $ep $side: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx, socket errors $sock, CPU ms/req: server $app_ms, redis $redis_ms, mongo $mongo_ms; redis per request: $cmd_req commands ($evalsha_req EVALSHA, $eval_req EVAL), $reads_req socket reads; cores: server $app_cores, redis $redis_cores, mongo $mongo_cores, wrk $wrk_cores, others $other_cores; redis keys $keys" >&2
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss_koa=$(rss "$KOA_PID"); rss_shallot=$(rss "$SHALLOT_PID"); rss_redis=$(rss "$REDIS_PID"); rss_mongo=$(rss "$MONGO_PID")
sleep 1 # Shallot's access log is written by a background thread: let it catch up
log_shallot=$(grep -c '^time=' "$tmp/shallot.log" || true)
log_koa=$(grep -c '^time=' "$tmp/koa.log" || true)
npm_version() { (cd bench/platform && "$NODE" -p "require('./node_modules/$1/package.json').version"); }
versions="$("$JAVA" -version 2>&1 | head -n 1), node $("$NODE" --version), koa $(npm_version koa), @koa/router $(npm_version @koa/router), mongodb $(npm_version mongodb), ioredis $(npm_version ioredis), $("$REDIS_SERVER" --version | cut -d' ' -f1-3), mongo-java-server $(ls bench/target/lib | sed -n 's/^mongo-java-server-\([0-9.]*\)\.jar$/\1/p')"
stop_all
flock -u 9

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
out="$ROOT/bench/out/platform-$(date '+%Y-%m-%d-%H%M%S').txt"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# Shallot middle platform (shallot-platform) vs Koa + mongodb + ioredis, $stamp"
  echo "# command: bench/platform.sh (WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS${SHALLOT_JAVA_OPTS:+ SHALLOT_JAVA_OPTS=\"$SHALLOT_JAVA_OPTS\"})"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr), unpinned; load average before/after: $load_before / $load_after"
  echo "# versions: $versions"
  echo "# wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -s bench/platform/<endpoint>.lua; one redis-server and one MongoDB for both sides, both reading the same rules and the same keys"
  echo "# seeded through Shallot's API: $seeded; redis keys after seeding: $redis_keys"
  echo "# config-cn merges to $cfg_cn"
  echo "# config-us merges to $cfg_us"
  echo "# same answers before the load: $same_answers"
  echo "# access-log lines written (warm-up and rounds, plus the comparison): shallot $log_shallot, koa $log_koa; requests measured in the rounds: $requests_total"
  echo "# RSS after the load: shallot $((rss_shallot / 1024)) MB, koa $((rss_koa / 1024)) MB, redis-server $((rss_redis / 1024)) MB, mongo $((rss_mongo / 1024)) MB"
  echo "# each row: the median of $ROUNDS rounds by requests/s (p50/p99 of that round); non-2xx: all rounds; CPU ms/req:"
  echo "# user+system CPU (/proc/<pid>/stat) of the side's server process, of the shared redis-server and of the shared MongoDB"
  echo "# process, per request, median over the rounds; server cores: the server's CPU over the round, median; redis cmd/req:"
  echo "# commands redis-server processed per request (those the scripts call included; EVALSHA/EVAL calls are in the raw rows),"
  echo "# median; others: cores busy with processes not started here"
  echo
  awk '
    { key = $1 " " $2; n[key]++; m = n[key]
      rps[key, m] = $4; p50[key, m] = $5; p99[key, m] = $6; bad[key] += $7 + $8; app[key, m] = $9; rd[key, m] = $10; mg[key, m] = $11
      cores[key, m] = $12; oth[key, m] = $16; cmd[key, m] = $19
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
        A[key] = median_of(app, key, m); RD[key] = median_of(rd, key, m); MG[key] = median_of(mg, key, m)
        C[key] = median_of(cores, key, m); CMD[key] = median_of(cmd, key, m)
      }
      ep["config-cn"] = "GET config (CN)"; ep["config-us"] = "GET config (US)"; ep["badges"] = "GET .../badges"
      printf "%-16s %-8s %9s %8s %8s %8s %10s %10s %10s %7s %8s %7s\n", "endpoint", "side", "req/s", "p50 ms", "p99 ms", "non-2xx", "server", "redis", "mongo", "server", "redis", "others"
      printf "%-16s %-8s %9s %8s %8s %8s %10s %10s %10s %7s %8s %7s\n", "", "", "", "", "", "", "CPU ms/req", "CPU ms/req", "CPU ms/req", "cores", "cmd/req", "cores"
      printf "%-16s %-8s %9s %8s %8s %8s %10s %10s %10s %7s %8s %7s\n", "----------------", "--------", "---------", "--------", "--------", "--------", "----------", "----------", "----------", "-------", "--------", "-------"
      for (i = 1; i <= k; i++) {
        key = order[i]; split(key, f, " ")
        printf "%-16s %-8s %9s %8.2f %8.2f %8d %10.4f %10.4f %10.4f %7.2f %8.2f %7.2f\n", ep[f[1]], f[2], commas(R[key]), P50[key], P99[key], bad[key], A[key], RD[key], MG[key], C[key], CMD[key], O[key]
      }
      print ""
      print "# Shallot / Koa (req/s: higher is better; the rest: lower is better)"
      printf "%-16s %8s %8s %8s %11s %11s %11s\n", "endpoint", "req/s", "p50", "p99", "server CPU", "redis CPU", "mongo CPU"
      printf "%-16s %8s %8s %8s %11s %11s %11s\n", "----------------", "--------", "--------", "--------", "-----------", "-----------", "-----------"
      for (i = 1; i <= k; i++) {
        key = order[i]; split(key, f, " ")
        if (f[2] != "shallot") continue
        kk = f[1] " koa"
        if (!(kk in R)) continue
        printf "%-16s %8s %8s %8s %11s %11s %11s\n", ep[f[1]], ratio(R[key], R[kk]), ratio(P50[key], P50[kk]), ratio(P99[key], P99[kk]), ratio(A[key], A[kk]), ratio(RD[key], RD[kk]), ratio(MG[key], MG[kk])
      }
    }' "$tmp/results.txt"
  echo
  echo "# raw (endpoint side round requests/s p50-ms p99-ms non-2xx socket-errors server-cpu-ms/req redis-cpu-ms/req"
  echo "#      mongo-cpu-ms/req server-cores redis-cores mongo-cores wrk-cores other-cores requests redis-keys-after"
  echo "#      redis-commands/req redis-socket-reads/req evalsha/req eval/req):"
  sed 's/^/# /' "$tmp/results.txt"
} > "$out"
cat "$out"
echo "platform.sh: written to ${out#"$ROOT"/}" >&2
