#!/usr/bin/env bash
# The gateway benchmark of issue 6: one fast upstream, and in front of it nginx's plain reverse
# proxy and the full Shallot OPEN API gateway, all on 127.0.0.1, loaded with wrk in one run.
#
# Sides (every process started here and stopped by PID):
#   direct   the upstream alone: io.shallot.bench.web.NettyServer (raw Netty, bench/web.sh's
#            reference peer), GET /json -> {"message":"Hello, World!"}
#   nginx    /usr/sbin/nginx (Debian package: apt-get install -y nginx-light, or nginx) from its own
#            config and prefix under a temp dir, `daemon off`: proxy_pass to an upstream block with
#            `keepalive 64`, HTTP/1.1 to the upstream, X-Forwarded-For/-Proto/-Host and X-Request-Id
#            set, the access log on (buffered, to a file) unless ACCESS_LOG=off
#   gateway  io.shallot.gateway.GatewayMain --config <copy of bench/gateway/config> --env bench:
#            embedded MongoDB (in the JVM) and Redis (a redis-server child), a route /json to the
#            upstream, a plan whose limits no load here can reach. The script creates an app through
#            the admin API and takes a token from POST /oauth/token; wrk sends it as
#            `Authorization: Bearer`, so each request passes the whole path: request id, access log
#            (Log4j2 async, to a file, unless ACCESS_LOG=off), metrics, route matching, token
#            authentication, permission, shedding, the GCRA rate limit in Redis (both the per-API and
#            the per-app limit, one EVALSHA per request) and the proxy.
#
# Fairness:
#   - Scenario `pinned`: the whole server side (upstream, nginx or the gateway with its redis-server)
#     under `taskset -c 0`, wrk under `taskset -c 1`, so the load generator never takes CPU from the
#     side it measures. Scenario `unpinned`: no affinity, everything shares both cores.
#   - nginx runs worker_processes = the gateway's event loops = the upstream's loops: 1 pinned (one
#     core to use), 2 unpinned (one per core). Both proxies keep up to 64 idle connections to the
#     upstream per worker/loop (nginx `keepalive 64`, the gateway's maxConnectionsPerTarget 64).
#   - Both proxies write an access log line per request to a file, buffered (nginx buffer=64k; the
#     gateway through Log4j2 async loggers, all-async selector, wait strategy Sleep with 10-ms sleeps, as
#     bench/README.md's gateway results were measured); ACCESS_LOG=off turns both off.
#   - The gateway does more per request than nginx by design (token lookup, permission, a Redis
#     round trip, metrics): that is what the 0.6x target allows for. Its redis-server is part of the
#     gateway's cost: the CPU columns show it apart and the gateway's total includes it.
#   - Every side is checked to answer 200 with the upstream's body before any load. wrk counts
#     non-2xx answers and socket errors in every window; a run with any is marked INVALID (a refusal
#     costs the gateway less than a proxied call and would flatter it).
#
# Measured per scenario, after WARMUP s of load on each side (30 s by default: pinned, the gateway's
# JIT compiles on the one core it serves from, and a shorter warm-up measured its compiler), in
# ROUNDS rounds that take the sides in turn (so load from elsewhere on the machine hits all alike):
#   load     wrk -t$THREADS -c$CONNECTIONS for DURATION s: requests/s, p50, p99 at saturation
#   latency  wrk -t1 -c1 for LAT_DURATION s: one request at a time, so p50 is the latency of a call
#            without queueing; the gateway's added p50 (target < 1 ms) is its p50 here minus the
#            direct call's. Under load p50 is mostly queueing (connections / throughput).
#   CPU      utime+stime from /proc/<pid>/stat of each side's processes (nginx: master + workers;
#            gateway: JVM + redis-server) and of the upstream, per request of the load window.
# The table shows, per side and phase, the round with the median requests/s; all rounds are listed
# under it. Targets (issue 6): gateway >= 0.6x nginx's requests/s; gateway p50 - direct p50 < 1 ms.
#
# Every step that loads the machine (servers started, warm-up, measurements) holds an exclusive flock
# on $LOCK, as the other bench scripts do. Output: bench/out/gateway-<date>.txt (+ .raw.txt).
#
# Usage: bench/gateway.sh
# Environment:
#   SCENARIOS="pinned unpinned"  WARMUP=30  DURATION=10  LAT_DURATION=5  ROUNDS=3
#   CONNECTIONS=64  THREADS=2    wrk -c / -t of the load phase
#   UPSTREAM_PORT=19180  NGINX_PORT=19181  GATEWAY_PORT=19182   (below 32768, the ephemeral range)
#   ACCESS_LOG=on|off            both proxies' access logs (default on)
#   GATEWAY_JAVA_OPTS=...        extra JVM flags for the gateway (e.g. a JFR recording)
#   NGINX=/usr/sbin/nginx        the nginx binary
#   SKIP_BUILD=1                 reuse bench/target (and bench/target/gateway.classpath)
#   LOCK=/tmp/shallot-bench.lock LOCK_WAIT=1800 (seconds to wait for the lock per scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh
JAVA="$JAVA_HOME/bin/java"

SCENARIOS=${SCENARIOS:-pinned unpinned}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-10}
LAT_DURATION=${LAT_DURATION:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
UPSTREAM_PORT=${UPSTREAM_PORT:-19180}
NGINX_PORT=${NGINX_PORT:-19181}
GATEWAY_PORT=${GATEWAY_PORT:-19182}
ACCESS_LOG=${ACCESS_LOG:-on}
NGINX=${NGINX:-/usr/sbin/nginx}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
ADMIN_TOKEN=bench-admin-token-not-a-secret   # bench/gateway/config/default.yaml
BODY='{"message":"Hello, World!"}'
HZ=$(getconf CLK_TCK)
SIDES="direct nginx gateway"

log() { echo "gateway.sh: $*" >&2; }

for s in $SCENARIOS; do
  case "$s" in pinned | unpinned) ;; *) log "unknown scenario '$s' (known: pinned unpinned)"; exit 2 ;; esac
done
case "$ACCESS_LOG" in on | off) ;; *) log "ACCESS_LOG must be on or off, got '$ACCESS_LOG'"; exit 2 ;; esac
for tool in wrk taskset curl flock /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { log "'$tool' is missing (apt-get install -y wrk util-linux curl time)"; exit 2; }
done
if [ ! -x "$NGINX" ]; then
  log "nginx is missing at $NGINX: apt-get install -y nginx-light (Debian; or nginx), or set NGINX=/path/to/nginx"
  exit 2
fi
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$UPSTREAM_PORT" "$NGINX_PORT" "$GATEWAY_PORT"; do
  port_free "$p" || { log "port $p is in use; choose other UPSTREAM_PORT / NGINX_PORT / GATEWAY_PORT"; exit 2; }
done

CLASSPATH_FILE="$ROOT/bench/target/gateway.classpath"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  # package, never install: the reactor resolves the sibling modules from this worktree. The last
  # module built (bench) writes its runtime classpath, which is what the JVMs below run on.
  log "building (mvn -q -DskipTests package -pl bench -am) with JDK $JAVA_HOME"
  mvn -q -B -ntp -DskipTests package dependency:build-classpath -pl bench -am \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$CLASSPATH_FILE" >/dev/null
fi
[ -s "$CLASSPATH_FILE" ] || { log "$CLASSPATH_FILE is missing: run without SKIP_BUILD=1"; exit 2; }

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
file_stamp=$(date '+%Y-%m-%d-%H%M%S')
OUT_DIR="$ROOT/bench/out"
out="$OUT_DIR/gateway-$file_stamp.txt"
raw="$OUT_DIR/gateway-$file_stamp.raw.txt"
mkdir -p "$OUT_DIR"
tmp=$(mktemp -d)
chmod 755 "$tmp"   # nginx workers run as an unprivileged user and need their temp paths
: > "$raw"
: > "$tmp/results.txt"

# A private copy of the classpath: a rebuild must not change the jars under running JVMs.
mkdir -p "$tmp/lib"
{ tr ':' '\n' < "$CLASSPATH_FILE"; echo; } | while read -r jar; do [ -z "$jar" ] || cp "$jar" "$tmp/lib/"; done
cp -r "$ROOT/bench/target/classes" "$tmp/classes"
CP="$tmp/classes:$tmp/lib/*"

LIVE=""   # pids of the processes this script started and has not stopped yet
stop_pid() {
  local pid=$1 p children keep="" q
  children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in $children; do
    for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
  done
  for q in $LIVE; do [ "$q" = "$pid" ] || keep="$keep $q"; done
  LIVE=$keep
}
cleanup() {
  local pid
  for pid in $LIVE; do
    for p in $(ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true); do kill -KILL "$p" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs "$@" holding the benchmark lock (fd 9 is closed in every child, so no server keeps it).
locked() {
  local t0=$SECONDS rc=0
  exec 9>>"$LOCK"
  if ! flock -w "$LOCK_WAIT" 9; then
    exec 9>&-
    log "could not get $LOCK within ${LOCK_WAIT}s"; return 1
  fi
  [ $((SECONDS - t0)) -gt 1 ] && log "waited $((SECONDS - t0))s for $LOCK"
  "$@" || rc=$?
  flock -u 9
  exec 9>&-
  return $rc
}

# ------------------------------------------------------------------ processes

pids_of() {   # a process and its children (nginx workers; the gateway's redis-server)
  echo "$1"
  ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true
}
ticks() {   # utime+stime clock ticks of the given pids
  local total=0 p t
  for p in "$@"; do
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# await_200 NAME PID URL [curl args...]: until URL answers 200 (at most 120 s), else show the log and fail
await_200() {
  local name=$1 pid=$2 url=$3; shift 3
  for _ in $(seq 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" || true)" = 200 ]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  log "$name did not answer 200 on $url (within 120 s, or it exited); its log:"
  tail -n 40 "$tmp/$name.log" >&2
  return 1
}

write_nginx_conf() {   # workers
  local dir="$tmp/nginx" access
  mkdir -p "$dir/logs" "$dir/temp"
  if [ "$ACCESS_LOG" = on ]; then
    access="access_log $dir/logs/access.log combined buffer=64k flush=1s;"
  else
    access="access_log off;"
  fi
  cat > "$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events {
  worker_connections 4096;
}
http {
  $access
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  keepalive_requests 1000000;
  upstream json {
    server 127.0.0.1:$UPSTREAM_PORT;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=1024;
    location / {
      proxy_pass http://json;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Request-Id \$request_id;
    }
  }
}
EOF
}

write_gateway_config() {   # loops
  local dir="$tmp/gateway-config"
  mkdir -p "$dir"
  cp "$ROOT/bench/gateway/config/default.yaml" "$dir/"
  cat > "$dir/bench.yaml" <<EOF
gateway:
  server: {port: $GATEWAY_PORT, loops: $1}
  upstreams:
    - {name: json, targets: ["http://127.0.0.1:$UPSTREAM_PORT"], maxConnectionsPerTarget: 64}
EOF
}

# Starts the three servers of a scenario; sets UPSTREAM_PID NGINX_PID GATEWAY_PID and TOKEN.
start_servers() {
  local scenario=$1 pin=() loops=2
  if [ "$scenario" = pinned ]; then pin=(taskset -c 0); loops=1; fi
  "${pin[@]}" "$JAVA" $SHALLOT_JVM_FLAGS -Dbench.loops=$loops -cp "$CP" \
    io.shallot.bench.web.NettyServer "$UPSTREAM_PORT" > "$tmp/upstream.log" 2>&1 9>&- &
  UPSTREAM_PID=$!; LIVE="$LIVE $UPSTREAM_PID"
  await_200 upstream "$UPSTREAM_PID" "http://127.0.0.1:$UPSTREAM_PORT/json" || return 1

  write_nginx_conf "$loops"
  "${pin[@]}" "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" > "$tmp/nginx.log" 2>&1 9>&- &
  NGINX_PID=$!; LIVE="$LIVE $NGINX_PID"
  await_200 nginx "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/json" || { cat "$tmp/nginx/logs/error.log" >&2; return 1; }

  write_gateway_config "$loops"
  local access_level=INFO
  [ "$ACCESS_LOG" = on ] || access_level=WARN
  # shellcheck disable=SC2086
  "${pin[@]}" "$JAVA" $SHALLOT_JVM_FLAGS ${GATEWAY_JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$ROOT/bench/web/log4j2-web-allasync.xml" \
    -Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector \
    -Dlog4j2.asyncLoggerWaitStrategy=Sleep -Dlog4j2.asyncLoggerRetries=0 -Dlog4j2.asyncLoggerSleepTimeNs=10000000 \
    -Dshallot.bench.accessLog="$tmp/gateway-access.log" \
    -Dshallot.bench.accessLevel=$access_level -cp "$CP" \
    io.shallot.gateway.GatewayMain --config "$tmp/gateway-config" --env bench > "$tmp/gateway.log" 2>&1 9>&- &
  GATEWAY_PID=$!; LIVE="$LIVE $GATEWAY_PID"
  await_200 gateway "$GATEWAY_PID" "http://127.0.0.1:$GATEWAY_PORT/health/live" || return 1

  local created secret issued
  created=$(curl -sS --max-time 10 -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"appid":"bench","name":"bench","apis":["bench.json"]}' "http://127.0.0.1:$GATEWAY_PORT/admin/apps")
  secret=$(sed -n 's/.*"client_secret":"\([^"]*\)".*/\1/p' <<< "$created")
  [ -n "$secret" ] || { log "creating the app through the admin API failed: $created"; return 1; }
  issued=$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"bench\",\"client_secret\":\"$secret\"}" \
    "http://127.0.0.1:$GATEWAY_PORT/oauth/token")
  TOKEN=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<< "$issued")
  [ -n "$TOKEN" ] || { log "POST /oauth/token failed: $issued"; return 1; }

  local side got
  for side in $SIDES; do
    got=$(curl -sS --max-time 5 -w ' %{http_code}' -H "Authorization: Bearer $TOKEN" "$(url_of "$side")" 2>&1 || true)
    if [ "$got" != "$BODY 200" ]; then
      log "$side answered '$got', expected '$BODY 200'"; tail -n 40 "$tmp/$side.log" >&2 2>/dev/null || true
      return 1
    fi
  done
  {
    echo "=== $scenario: upstream pid=$UPSTREAM_PID loops=$loops, nginx pid=$NGINX_PID workers=$loops, gateway pid=$GATEWAY_PID loops=$loops"
    grep '^READY' "$tmp/upstream.log" || true
    grep 'Shallot gateway on' "$tmp/gateway.log" || true
    echo "--- gateway response headers:"
    curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "$(url_of gateway)" | tr -d '\r' | sed '/^$/d'
    echo "--- nginx response headers:"
    curl -s -D - -o /dev/null "$(url_of nginx)" | tr -d '\r' | sed '/^$/d'
  } >> "$raw"
}

stop_servers() {
  stop_pid "$GATEWAY_PID"
  stop_pid "$NGINX_PID"
  stop_pid "$UPSTREAM_PID"
}

url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:$UPSTREAM_PORT/json" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT/json" ;;
    gateway) echo "http://127.0.0.1:$GATEWAY_PORT/json" ;;
  esac
}
side_pids() {   # the processes whose CPU counts as the side's own (the upstream's is counted apart)
  case "$1" in
    direct) echo "$UPSTREAM_PID" ;;
    nginx) pids_of "$NGINX_PID" ;;
    gateway) echo "$GATEWAY_PID" ;;
  esac
}
redis_pids() { [ "$1" = gateway ] && ps -o pid= --ppid "$GATEWAY_PID" 2>/dev/null | tr -d ' ' || true; }

# run_wrk SCENARIO SIDE PHASE SECONDS OUTFILE: wrk bounded in time, under /usr/bin/time (its CPU)
run_wrk() {
  local scenario=$1 side=$2 phase=$3 secs=$4 pin=() shape
  [ "$scenario" = pinned ] && pin=(taskset -c 1)
  if [ "$phase" = latency ]; then shape=(-t1 -c1); else shape=(-t"$THREADS" -c"$CONNECTIONS"); fi
  timeout $((secs + 30)) /usr/bin/time -f 'WRK_CPU %U %S' "${pin[@]}" wrk "${shape[@]}" -d"${secs}s" --timeout 5s --latency \
    -H "Authorization: Bearer $TOKEN" "$(url_of "$side")" > "$5" 2>&1 9>&- || true
}
# parse: "requests/s p50-ms p99-ms non2xx socket-errors requests wrk-cpu-s" from wrk's output on stdin
parse() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    $2 == "requests" && $3 == "in" { n = $1 }
    /Socket errors/ { gsub(",", ""); sock += $4 + $6 + $8 + $10 }
    /Non-2xx/ { non2xx += $NF }
    $1 == "WRK_CPU" { cpu = $2 + $3 }
    END { printf "%.0f %.3f %.3f %d %d %d %.2f\n", rps, p50, p99, non2xx, sock, n, cpu }'
}

# measure SCENARIO ROUND SIDE PHASE SECONDS: one window, one line in results.txt
measure() {
  local scenario=$1 round=$2 side=$3 phase=$4 secs=$5 f="$tmp/wrk-$1-$2-$3-$4.txt"
  local own redis all s0 r0 u0 a0 m0 s1 r1 u1 a1 m1
  own=$(side_pids "$side" | tr '\n' ' '); redis=$(redis_pids "$side" | tr '\n' ' ')
  all="$(pids_of "$UPSTREAM_PID" | tr '\n' ' ') $(pids_of "$NGINX_PID" | tr '\n' ' ') $(pids_of "$GATEWAY_PID" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  { s0=$(ticks $own); r0=$(ticks $redis); u0=$(ticks "$UPSTREAM_PID"); a0=$(ticks $all); m0=$(machine_ticks); }
  run_wrk "$scenario" "$side" "$phase" "$secs" "$f"
  # shellcheck disable=SC2086
  { s1=$(ticks $own); r1=$(ticks $redis); u1=$(ticks "$UPSTREAM_PID"); a1=$(ticks $all); m1=$(machine_ticks); }
  {
    echo "--- $scenario round $round $side $phase (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    echo "ticks (HZ=$HZ): side $s0..$s1 redis $r0..$r1 upstream $u0..$u1 all-servers $a0..$a1 machine $m0..$m1"
    cat "$f"
  } >> "$raw"
  local rps p50 p99 non2xx sock n wcpu
  read -r rps p50 p99 non2xx sock n wcpu < <(parse < "$f")
  if [ "${n:-0}" -eq 0 ]; then
    log "$scenario $side $phase: wrk gave no result:"; cat "$f" >&2
    n=0
  fi
  # CPU microseconds per request of the side (for direct: the upstream itself), of the gateway's
  # redis-server and of the upstream; cores used by wrk and by processes not started here
  awk -v sc="$scenario" -v r="$round" -v side="$side" -v ph="$phase" -v rps="$rps" -v p50="$p50" -v p99="$p99" \
      -v non2xx="$non2xx" -v sock="$sock" -v n="$n" -v wcpu="$wcpu" -v secs="$secs" -v hz="$HZ" \
      -v s=$((s1 - s0)) -v rd=$((r1 - r0)) -v u=$((u1 - u0)) -v a=$((a1 - a0)) -v m=$((m1 - m0)) \
      -v load1="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    us = n > 0 ? 1e6 / hz / n : 0
    other = (m - a) / hz - wcpu; if (other < 0) other = 0
    printf "%s %s %s %s %s %.3f %.3f %d %d %.1f %.1f %.1f %.2f %.2f %s\n", sc, r, side, ph, rps, p50, p99, non2xx, sock,
      (side == "gateway" ? s + rd : s) * us, rd * us, (side == "direct" ? 0 : u * us), wcpu / secs, other / secs, load1
  }' >> "$tmp/results.txt"
  log "  $scenario round $round $side $phase: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx, socket errors $sock"
}

run_scenario() {
  local scenario=$1 side r
  log "$scenario: starting upstream, nginx, gateway (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$scenario load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$tmp/loads.txt"
  if ! start_servers "$scenario"; then
    stop_servers; return 1
  fi
  log "$scenario: warm-up, ${WARMUP}s per side"
  for side in $SIDES; do
    run_wrk "$scenario" "$side" load "$WARMUP" "$tmp/warmup-$scenario-$side.txt"
    parse < "$tmp/warmup-$scenario-$side.txt" | awk -v s="$side" '$4 + $5 > 0 { print "gateway.sh: warm-up of " s ": " $4 " non-2xx, " $5 " socket errors" > "/dev/stderr" }'
  done
  for r in $(seq "$ROUNDS"); do
    log "$scenario: round $r of $ROUNDS"
    for side in $SIDES; do
      measure "$scenario" "$r" "$side" load "$DURATION"
      measure "$scenario" "$r" "$side" latency "$LAT_DURATION"
    done
  done
  if [ "$ACCESS_LOG" = on ]; then
    echo "$scenario access log lines: nginx $(wc -l < "$tmp/nginx/logs/access.log" 2>/dev/null || echo 0), gateway $(wc -l < "$tmp/gateway-access.log" 2>/dev/null || echo 0)" >> "$tmp/loads.txt"
  fi
  echo "$scenario rss after: upstream $(($(ps -o rss= -p "$UPSTREAM_PID" | tr -d ' ') / 1024)) MB, nginx $(($(ps -o rss= -p "$NGINX_PID" --ppid "$NGINX_PID" | awk '{ s += $1 } END { print s + 0 }') / 1024)) MB, gateway $(($(ps -o rss= -p "$GATEWAY_PID" | tr -d ' ') / 1024)) MB + redis $(($(ps -o rss= --ppid "$GATEWAY_PID" | awk '{ s += $1 } END { print s + 0 }') / 1024)) MB" >> "$tmp/loads.txt"
  stop_servers
  rm -f "$tmp/nginx/logs/access.log" "$tmp/gateway-access.log"
  echo "$scenario load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$tmp/loads.txt"
}

t_start=$SECONDS
failed=0
for scenario in $SCENARIOS; do
  locked run_scenario "$scenario" || { log "$scenario failed"; failed=1; }
done

# ------------------------------------------------------------------ report

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# Shallot gateway vs nginx proxy vs the upstream alone, $stamp"
  echo "# command: bench/gateway.sh (SCENARIOS=\"$SCENARIOS\" WARMUP=$WARMUP DURATION=$DURATION LAT_DURATION=$LAT_DURATION ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS THREADS=$THREADS ACCESS_LOG=$ACCESS_LOG${GATEWAY_JAVA_OPTS:+ GATEWAY_JAVA_OPTS=\"$GATEWAY_JAVA_OPTS\"})"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr); took $((SECONDS - t_start)) s"
  echo "# versions: $("$JAVA" -version 2>&1 | head -n 1); $("$NGINX" -v 2>&1); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  sed 's/^/# /' "$tmp/loads.txt" 2>/dev/null || true
  echo "# load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; latency: wrk -t1 -c1 -d${LAT_DURATION}s; GET /json (+ Authorization: Bearer for all)"
  echo "# pinned: servers under taskset -c 0 (1 upstream loop, 1 nginx worker, 1 gateway loop), wrk under taskset -c 1;"
  echo "# unpinned: no affinity (2 loops / workers each). Each row: the round with the median req/s of $ROUNDS."
  echo "# columns: cpu us/req = utime+stime per request of the side's processes (direct: the upstream;"
  echo "#   nginx: master + workers; gateway: JVM + its redis-server), redis = the gateway's redis-server"
  echo "#   alone, upstream = the upstream's share behind a proxy; wrk = cores wrk used; others = cores used"
  echo "#   by processes not started here (other work on the machine); non-2xx / sock = wrk's counts"
  echo
  awk -v scenarios="$SCENARIOS" -v sides="$SIDES" '
    { k = $1 SUBSEP $3 SUBSEP $4; c = ++n[k]
      rps[k, c] = $5; line[k, c] = $0; bad += $8 + $9 }
    function median_line(k,   m, a, b, t, idx) {
      m = n[k]
      for (a = 1; a <= m; a++) idx[a] = a
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (rps[k, idx[b]] < rps[k, idx[a]]) { t = idx[a]; idx[a] = idx[b]; idx[b] = t }
      return line[k, idx[int((m + 1) / 2)]]
    }
    function commas(x,   s, r) {
      s = sprintf("%d", x); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
    END {
      fmt = "%-9s %-8s %-8s %10s %8s %8s %7s %5s %9s %7s %9s %5s %6s\n"
      printf fmt, "scenario", "side", "phase", "req/s", "p50 ms", "p99 ms", "non-2xx", "sock", "cpu us/req", "redis", "upstream", "wrk", "others"
      printf fmt, "---------", "--------", "--------", "----------", "--------", "--------", "-------", "-----", "---------", "-------", "---------", "-----", "------"
      ns = split(scenarios, S, " "); nd = split(sides, D, " ")
      for (i = 1; i <= ns; i++) {
        for (ph = 1; ph <= 2; ph++) {
          phase = ph == 1 ? "load" : "latency"
          for (j = 1; j <= nd; j++) {
            k = S[i] SUBSEP D[j] SUBSEP phase
            if (!(k in n)) { printf "%-9s %-8s %-8s %10s\n", S[i], D[j], phase, "missing"; continue }
            split(median_line(k), f, " ")
            R[k] = f[5]; P50[k] = f[6]; CPU[k] = f[10]
            printf fmt, S[i], D[j], phase, commas(f[5]), sprintf("%.2f", f[6]), sprintf("%.2f", f[7]), f[8], f[9],
              f[10], (D[j] == "gateway" ? f[11] : "-"), (D[j] == "direct" ? "-" : f[12]), f[13], f[14]
          }
        }
        g = S[i] SUBSEP "gateway" SUBSEP "load"; x = S[i] SUBSEP "nginx" SUBSEP "load"; d = S[i] SUBSEP "direct" SUBSEP "load"
        gl = S[i] SUBSEP "gateway" SUBSEP "latency"; xl = S[i] SUBSEP "nginx" SUBSEP "latency"; dl = S[i] SUBSEP "direct" SUBSEP "latency"
        if ((g in R) && (x in R) && R[x] > 0) {
          ratio = R[g] / R[x]
          printf "%-9s gateway/nginx req/s: %.2fx (target >= 0.60: %s); CPU per request gateway/nginx: %.2fx (%.1f vs %.1f us)\n",
            S[i], ratio, (ratio >= 0.6 ? "met" : "MISSED"), (CPU[x] > 0 ? CPU[g] / CPU[x] : 0), CPU[g], CPU[x]
        }
        if ((gl in P50) && (dl in P50)) {
          added = P50[gl] - P50[dl]
          printf "%-9s added p50 over the direct call, one request at a time: gateway %.3f ms (target < 1 ms: %s), nginx %.3f ms\n",
            S[i], added, (added < 1 ? "met" : "MISSED"), ((xl in P50) ? P50[xl] - P50[dl] : 0)
        }
        if ((g in P50) && (d in P50)) {
          printf "%-9s added p50 under load (-c%s, mostly queueing): gateway %.3f ms, nginx %.3f ms\n",
            S[i], conns, P50[g] - P50[d], ((x in P50) ? P50[x] - P50[d] : 0)
        }
        print ""
      }
      if (bad > 0) print "# INVALID RUN: " bad " non-2xx answers or socket errors during the measured windows (see the rows)"
    }' conns="$CONNECTIONS" "$tmp/results.txt"
  echo "# all rounds (scenario round side phase req/s p50 p99 non-2xx sock cpu-us/req redis-us/req upstream-us/req wrk-cores other-cores load1):"
  sed 's/^/# /' "$tmp/results.txt"
  echo "# raw wrk outputs and response headers: ${raw#"$ROOT"/}"
} > "$out"
cat "$out"
log "written to ${out#"$ROOT"/}"
if grep -q '^# INVALID RUN' "$out"; then exit 1; fi
exit $failed
