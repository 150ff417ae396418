#!/usr/bin/env bash
# The contents flow of section 四, Shallot against Koa: the same two services (API server
# GET /v1/userinfos, RESTful server GET /v1/contents that merges user_info from ONE batched call to
# the API server), the same MongoDB process and data, loaded with wrk on 127.0.0.1 in one run.
#
# Processes (all started here, stopped by PID at the end):
#   mongo          io.shallot.bench.contents.MongoServerMain: mongo-java-server (memory backend) on
#                  MONGO_PORT, seeded with exactly the data of io.shallot.examples.contents.Seeder
#   koa            bench/contents/api.js and restful.js (Koa 3, @koa/router, official mongodb driver,
#                  no cache): two Node processes
#   shallot        `io.shallot.examples.Main demo main` (what `bin/shallot demo` runs) with
#                  SHALLOT_MONGODB_URI pointing at the mongo process; user infos cached as configured
#                  (local 10 s + Redis 5 min, an embedded redis-server started by Shallot)
#   shallot-nocache  the same, with the user-info cache effectively off: no local level
#                  (localTtl 0s), Redis entries that live 1 ms
# Every side is warmed up (WARMUP seconds per endpoint), then ROUNDS rounds measure every
# (side, endpoint) for DURATION seconds each, interleaved, so background load hits all sides alike.
# The table shows the median round by requests/s (its p50/p99); all rounds are listed below it.
#
# Usage: bench/contents.sh
# Environment:
#   WARMUP=15 DURATION=15 ROUNDS=3   seconds of warm-up / of each measured round; rounds
#   THREADS=2 CONNECTIONS=50         wrk -t / -c
#   MONGO_PORT=27117  SHALLOT_PORT=14000 (API on +1000; no-cache on +100 / +1100)  KOA_PORT=24000 (API +1000)
#                                    (keep ports below 32768, the kernel's ephemeral range)
#   SHALLOT_JAVA_OPTS=...            extra JVM flags for the Shallot processes (e.g. a JFR recording)
#   NODE=node                        the Node 20 binary
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
MONGO_PORT=${MONGO_PORT:-27117}
SHALLOT_PORT=${SHALLOT_PORT:-14000}
KOA_PORT=${KOA_PORT:-24000}
NODE=${NODE:-node}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
# The 10 users of page 1 (contents 1..10 in natural order: user 1001 + (id * 7) % 100), what the
# RESTful server asks the API server for.
USER_IDS=${USER_IDS:-1008,1015,1022,1029,1036,1043,1050,1057,1064,1071}

command -v wrk >/dev/null || { echo "contents.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 2; }
node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || {
  echo "contents.sh: '$NODE' is not runnable; install Node 20 or set NODE=/path/to/node" >&2; exit 2; }
if [ "$node_major" != "20" ]; then
  echo "contents.sh: the baseline is Node 20, found $("$NODE" --version); set NODE=/path/to/node20" >&2; exit 2
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "contents.sh: building (mvn -q -DskipTests package -pl bench -am) with JDK $JAVA_HOME" >&2
  mvn -q -B -ntp -DskipTests package -pl bench -am
fi
if [ ! -d "$ROOT/bench/contents/node_modules" ] || [ "$ROOT/bench/contents/package-lock.json" -nt "$ROOT/bench/contents/node_modules" ]; then
  echo "contents.sh: npm ci in bench/contents" >&2
  (cd "$ROOT/bench/contents" && npm ci --no-audit --no-fund --loglevel=error)
fi
JAR=$(ls "$ROOT"/bench/target/shallot-bench-*.jar | grep -v -- '-sources' | head -n 1)
JAVA="$JAVA_HOME/bin/java"

S_REST=$SHALLOT_PORT; S_API=$((SHALLOT_PORT + 1000))
N_REST=$((SHALLOT_PORT + 100)); N_API=$((SHALLOT_PORT + 1100))
K_REST=$KOA_PORT; K_API=$((KOA_PORT + 1000))

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
for p in "$MONGO_PORT" "$S_REST" "$S_API" "$N_REST" "$N_API" "$K_REST" "$K_API"; do
  port_free "$p" || { echo "contents.sh: port $p is in use; choose other MONGO_PORT/SHALLOT_PORT/KOA_PORT" >&2; exit 2; }
done

# start NAME CMD...: runs CMD in the background (without the lock's descriptor), output to $tmp/NAME.log
start() {
  local name=$1; shift
  "$@" > "$tmp/$name.log" 2>&1 9>&- &
  pids+=("$!")
}
# await_http NAME URL: until URL answers 200 (at most 90 s), else show the log and fail
await_http() {
  local name=$1 url=$2 pid=${pids[-1]}
  for _ in $(seq 1 900); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" = 200 ]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "contents.sh: $name did not answer 200 on $url (within 90 s, or it exited); its log:" >&2
  tail -n 40 "$tmp/$name.log" >&2
  exit 1
}

# Every load test on this machine takes the same lock, so only one runs at a time.
exec 9>"$LOCK"
echo "contents.sh: waiting for $LOCK ..." >&2
flock -w "$LOCK_WAIT" 9 || { echo "contents.sh: $LOCK still held after $LOCK_WAIT s" >&2; exit 3; }
echo "contents.sh: lock taken; starting MongoDB, Koa and Shallot" >&2

start mongo "$JAVA" $SHALLOT_JVM_FLAGS -cp "$JAR:$ROOT/bench/target/lib/*" \
  io.shallot.bench.contents.MongoServerMain "$MONGO_PORT"
for _ in $(seq 1 600); do grep -q '^READY' "$tmp/mongo.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^READY' "$tmp/mongo.log" || { echo "contents.sh: MongoDB did not start; its log:" >&2; cat "$tmp/mongo.log" >&2; exit 1; }
MONGO_URI="mongodb://127.0.0.1:$MONGO_PORT"

# Shallot exactly as `bin/shallot demo` runs it (examples jar and its dependencies; the examples'
# log4j2.xml), from the repository root so it finds examples/contents/.
shallot() {
  local name=$1 rest=$2 api=$3; shift 3
  # shellcheck disable=SC2086
  start "$name" env SHALLOT_MONGODB_URI="$MONGO_URI" SHALLOT_SERVERS_RESTFUL_PORT="$rest" \
    SHALLOT_SERVERS_API_PORT="$api" SHALLOT_API_SERVICES_API="http://127.0.0.1:$api" "$@" \
    "$JAVA" $SHALLOT_JVM_FLAGS ${SHALLOT_JAVA_OPTS:-} -cp "$ROOT/bench/target/lib/*" \
    io.shallot.examples.Main demo main --no-gateway
}
contents_url() { echo "http://127.0.0.1:$1/v1/contents"; }
userinfos_url() { echo "http://127.0.0.1:$1/v1/userinfos?user_ids=$USER_IDS"; }
# One at a time: JVMs starting together on a small machine can miss Redis's 1 s connect timeout.
start koa-api env -C "$ROOT/bench/contents" MONGODB_URI="$MONGO_URI" PORT="$K_API" "$NODE" api.js
await_http koa-api "$(userinfos_url "$K_API")"
start koa-restful env -C "$ROOT/bench/contents" MONGODB_URI="$MONGO_URI" PORT="$K_REST" \
  API_URL="http://127.0.0.1:$K_API" "$NODE" restful.js
await_http koa-restful "$(contents_url "$K_REST")"
shallot shallot "$S_REST" "$S_API"
await_http shallot "$(contents_url "$S_REST")"
shallot shallot-nocache "$N_REST" "$N_API" SHALLOT_CACHE_USERINFO_LOCALTTL=0s \
  SHALLOT_CACHE_USERINFO_TTL=1ms SHALLOT_CACHE_USERINFO_NEGATIVETTL=1ms
await_http shallot-nocache "$(contents_url "$N_REST")"

# Same answers, byte for byte, before any load.
same=yes
for pair in "$(contents_url "$S_REST") $(contents_url "$K_REST")" "$(contents_url "$N_REST") $(contents_url "$K_REST")" \
            "$(userinfos_url "$S_API") $(userinfos_url "$K_API")"; do
  set -- $pair
  if [ "$(curl -s "$1" | sha1sum)" != "$(curl -s "$2" | sha1sum)" ]; then
    same=no; echo "contents.sh: different answers: $1 vs $2" >&2
  fi
done

# The cases: endpoint side url
cases=(
  "contents shallot $(contents_url "$S_REST")"
  "contents shallot-nocache $(contents_url "$N_REST")"
  "contents koa $(contents_url "$K_REST")"
  "userinfos shallot $(userinfos_url "$S_API")"
  "userinfos koa $(userinfos_url "$K_API")"
)
# The processes of each side, for CPU accounting: Shallot's JVM and the redis-server it started;
# Koa's two Node processes; the MongoDB process, shared.
declare -A side_pids=(
  [mongo]="${pids[0]}"
  [koa]="${pids[1]} ${pids[2]}"
  [shallot]="${pids[3]} $(pgrep -P "${pids[3]}" | tr '\n' ' ')"
  [shallot-nocache]="${pids[4]} $(pgrep -P "${pids[4]}" | tr '\n' ' ')"
)
HZ=$(getconf CLK_TCK)
# cpu_ticks PID...: user+system clock ticks used so far by these processes (all their threads)
cpu_ticks() {
  local pid sum=0
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$sum"
}

# run_wrk SECONDS URL: wrk output on stdout, bounded in time
run_wrk() {
  timeout $(($1 + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --timeout 5s --latency "$2" 9>&-
}
# parse: "requests/s p50-ms p99-ms errors requests" from wrk output on stdin
parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    $2 == "requests" && $3 == "in" { n = $1 }
    /Socket errors/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
    /Non-2xx/ { err += $NF }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, err, n }'
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# machine_ticks: busy clock ticks of all CPUs (user nice system irq softirq steal)
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# child_ticks VAR: sets VAR to the CPU ticks used by the children this shell has waited for (wrk);
# `times` runs in this shell (a pipe or $(...) would ask a fresh subshell, which has no children yet)
child_ticks() {
  times > "$tmp/times"
  printf -v "$1" '%s' "$(awk -v hz="$HZ" 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }' "$tmp/times")"
}
echo "contents.sh: warm-up, ${WARMUP} s per case ..." >&2
for c in "${cases[@]}"; do
  set -- $c
  run_wrk "$WARMUP" "$3" > "$tmp/warmup-$1-$2.txt"
done
for r in $(seq 1 "$ROUNDS"); do
  echo "contents.sh: round $r of $ROUNDS, ${DURATION} s per case ..." >&2
  for c in "${cases[@]}"; do
    set -- $c
    # shellcheck disable=SC2086
    app0=$(cpu_ticks ${side_pids[$2]}); db0=$(cpu_ticks ${side_pids[mongo]})
    all0=$(cpu_ticks "${pids[@]}" $(pgrep -P "${pids[3]}") $(pgrep -P "${pids[4]}")); m0=$(machine_ticks); child_ticks w0
    run_wrk "$DURATION" "$3" > "$tmp/round$r-$1-$2.txt"
    # shellcheck disable=SC2086
    app1=$(cpu_ticks ${side_pids[$2]}); db1=$(cpu_ticks ${side_pids[mongo]})
    all1=$(cpu_ticks "${pids[@]}" $(pgrep -P "${pids[3]}") $(pgrep -P "${pids[4]}")); m1=$(machine_ticks); child_ticks w1
    read -r rps p50 p99 err n < <(parse < "$tmp/round$r-$1-$2.txt")
    # CPU milliseconds per request of the side's processes and of MongoDB
    app_ms=$(awk -v t=$((app1 - app0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')
    db_ms=$(awk -v t=$((db1 - db0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')
    # CPU cores used meanwhile by wrk, and by everything not started here (other users of the machine)
    wrk_cores=$(awk -v t=$((w1 - w0)) -v hz="$HZ" -v d="$DURATION" 'BEGIN { printf "%.2f", t / hz / d }')
    other_cores=$(awk -v t=$((m1 - m0 - (all1 - all0) - (w1 - w0))) -v hz="$HZ" -v d="$DURATION" 'BEGIN { v = t / hz / d; printf "%.2f", (v < 0 ? 0 : v) }')
    echo "$1 $2 $r $rps $p50 $p99 $err $app_ms $db_ms $wrk_cores $other_cores" >> "$tmp/results.txt"
    echo "  $1 $2: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $err, CPU ms/req: app $app_ms, mongo $db_ms; cores: wrk $wrk_cores, other processes $other_cores" >&2
  done
done
# RSS after the load, per side (kB; Shallot's JVM without its redis-server)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0; }
rss_koa=$(( $(rss "${pids[1]}") + $(rss "${pids[2]}") ))
rss_shallot=$(rss "${pids[3]}"); rss_nocache=$(rss "${pids[4]}")
stop_all
flock -u 9

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
out="$ROOT/bench/out/contents-$(date '+%Y-%m-%d-%H%M%S').txt"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# Shallot contents flow vs Koa, $stamp"
  echo "# command: bench/contents.sh (WARMUP=$WARMUP DURATION=$DURATION ROUNDS=$ROUNDS THREADS=$THREADS CONNECTIONS=$CONNECTIONS${SHALLOT_JAVA_OPTS:+ SHALLOT_JAVA_OPTS=\"$SHALLOT_JAVA_OPTS\"})"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr), load average before/after: $load_before / $load_after"
  echo "# versions: $("$JAVA" -version 2>&1 | head -n 1), node $("$NODE" --version), koa $(cd bench/contents && "$NODE" -p 'require("koa/package.json").version'), mongodb driver (node) $(cd bench/contents && "$NODE" -p 'require("mongodb/package.json").version')"
  echo "# wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency; GET /v1/contents (page 1, 10 contents) and /v1/userinfos?user_ids=$USER_IDS"
  echo "# same answers byte for byte before the load: $same; RSS after the load: shallot $((rss_shallot / 1024)) MB, shallot-nocache $((rss_nocache / 1024)) MB, koa (2 processes) $((rss_koa / 1024)) MB"
  echo "# each row: the median of $ROUNDS rounds by requests/s (p50/p99 of that round); errors: all rounds;"
  echo "# CPU ms/req: user+system CPU of the side's processes (Shallot: JVM + its redis-server; Koa: both Node"
  echo "# processes) and of the shared MongoDB process, per request, median over the rounds; vs koa: requests/s ratio;"
  echo "# others: CPU cores busy with processes not started here (other users of the machine) during that round"
  echo
  awk '
    { key = $1 " " $2; n[key]++; m = n[key]
      rps[key, m] = $4; p50[key, m] = $5; p99[key, m] = $6; err[key] += $7; app[key, m] = $8; db[key, m] = $9; oth[key, m] = $11
      if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
    function median_of(arr, key, m,   a, b, t, v) {
      for (a = 1; a <= m; a++) v[a] = arr[key, a]
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (v[b] < v[a]) { t = v[a]; v[a] = v[b]; v[b] = t }
      return v[int((m + 1) / 2)]
    }
    END {
      for (i = 1; i <= k; i++) {
        key = order[i]; m = n[key]
        for (a = 1; a <= m; a++) idx[a] = a
        for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (rps[key, idx[b]] < rps[key, idx[a]]) { t = idx[a]; idx[a] = idx[b]; idx[b] = t }
        mid = idx[int((m + 1) / 2)]
        R[key] = rps[key, mid]; P50[key] = p50[key, mid]; P99[key] = p99[key, mid]
        A[key] = median_of(app, key, m); D[key] = median_of(db, key, m); O[key] = oth[key, mid]
      }
      printf "%-23s %-16s %10s %8s %8s %6s %9s %9s %7s %8s\n", "endpoint", "side", "req/s", "p50 ms", "p99 ms", "errors", "app CPU", "mongo CPU", "vs koa", "others"
      printf "%-23s %-16s %10s %8s %8s %6s %9s %9s %7s %8s\n", "", "", "", "", "", "", "ms/req", "ms/req", "", "cores"
      printf "%-23s %-16s %10s %8s %8s %6s %9s %9s %7s %8s\n", "-----------------------", "----------------", "----------", "--------", "--------", "------", "---------", "---------", "-------", "--------"
      for (i = 1; i <= k; i++) {
        key = order[i]; split(key, f, " ")
        ep = f[1] == "contents" ? "/v1/contents" : "/v1/userinfos (10 ids)"
        base = f[1] " koa"
        ratio = (f[2] == "koa" || !(base in R) || R[base] == 0) ? "" : sprintf("%.2fx", R[key] / R[base])
        printf "%-23s %-16s %10s %8.2f %8.2f %6d %9.3f %9.3f %7s %8.2f\n", ep, f[2], commas(R[key]), P50[key], P99[key], err[key], A[key], D[key], ratio, O[key]
      }
    }
    function commas(x,   s, r) {
      s = sprintf("%d", x); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }' "$tmp/results.txt"
  echo
  echo "# raw (endpoint side round requests/s p50-ms p99-ms errors app-cpu-ms/req mongo-cpu-ms/req wrk-cores other-cores):"
  sed 's/^/# /' "$tmp/results.txt"
} > "$out"
cat "$out"
echo "contents.sh: written to ${out#"$ROOT"/}" >&2
