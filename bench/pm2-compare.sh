#!/usr/bin/env bash
# PM2 against shallot (issue 5), each running section 六's hello world in cluster mode with 2
# workers on 127.0.0.1:$PORT (PM2: bench/pm2/hello.js on Node; shallot: examples/cluster's
# HelloCluster). For each manager, one at a time and holding the bench lock:
#   start     seconds from 'start' until every worker answers
#   steady    wrk for DURATION s: requests/s, errors, non-2xx
#   reload    wrk for DURATION s with a rolling reload at DURATION/3: errors, non-2xx (zero expected)
#   kill -9   wrk for DURATION s, one worker SIGKILLed at DURATION/3: errors, and ms until the
#             manager lists a new online worker in its place
#   daemon    RSS of the manager's daemon (PM2's God process / shallot's daemon) at the end
# Prints a table and writes it to bench/out/pm2-compare-<date>.txt.
#
# Usage: bench/pm2-compare.sh [pm2|shallot ...]   (default: both)
# Environment: DURATION=30 CONNECTIONS=32 PORT=18091 LOCK=/tmp/shallot-bench.lock LOCK_WAIT=1800
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh
MANAGERS=${*:-pm2 shallot}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18091}
LOCK=${LOCK:-/tmp/shallot-bench.lock}
LOCK_WAIT=${LOCK_WAIT:-1800}
for tool in wrk curl flock node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "pm2-compare.sh: '$tool' is missing" >&2; exit 2; }
done

mkdir -p bench/out
out=bench/out/pm2-compare-$(date +%Y%m%d-%H%M%S).txt
work=$(mktemp -d /tmp/shallot-pm2cmp.XXXXXX)
export PM2_HOME=$work/pm2-home SHALLOT_HOME=$work/shallot-home
PM2="$ROOT/bench/pm2/node_modules/.bin/pm2"
[ -x "$PM2" ] || npm install --prefix bench/pm2 --no-audit --no-fund --loglevel=error >&2
bin/shallot --help >/dev/null
shallot() { java -cp "examples/target/classes:$(cat examples/target/.classpath)" io.shallot.examples.Main "$@"; }

cleanup() {
  "$PM2" kill >/dev/null 2>&1 || true
  shallot kill >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
exec 9>"$LOCK"

ms() { date +%s%3N; }
answers() { curl -fs -m 1 "http://127.0.0.1:$PORT/" >/dev/null 2>&1; }
wrk_run() { wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s "http://127.0.0.1:$PORT/" > "$work/wrk.txt" 2>&1; }
rps() { awk '/Requests\/sec/ {print $2}' "$work/wrk.txt"; }
errors() { awk '/Socket errors/ {gsub(",", ""); s = $4 + $6 + $8 + $10} END {print s + 0}' "$work/wrk.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$work/wrk.txt" | grep . || echo 0; }

# per manager: start / stop / reload / worker pids / daemon pid / "is instance 0 online with a pid other than $1"
pm2_start() { PORT=$PORT "$PM2" start bench/pm2/hello.js -i 2 --name hello --wait-ready --listen-timeout 10000 >/dev/null; }
pm2_reload() { "$PM2" reload hello >/dev/null; }
pm2_pids() { "$PM2" jlist | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>JSON.parse(s).forEach(p=>console.log(p.pid)))'; }
pm2_online_other() { "$PM2" jlist | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);process.exit(a.length==2&&a.every(p=>p.pm2_env.status=="online"&&p.pid&&String(p.pid)!=process.argv[1])?0:1)})' "$1"; }
pm2_daemon() { cat "$PM2_HOME/pm2.pid"; }
pm2_kill() { "$PM2" kill >/dev/null; }

shallot_start() { shallot start examples/cluster/shallot.config.yaml --port "$PORT" >/dev/null; }
shallot_reload() { shallot reload hello-cluster >/dev/null; }
shallot_pids() { shallot ls --json | grep -o '"pid":[0-9]*' | cut -d: -f2; }
shallot_online_other() { shallot ls --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);process.exit(a.length==2&&a.every(p=>p.status=="online"&&p.pid&&String(p.pid)!=process.argv[1])?0:1)})' "$1"; }
shallot_daemon() { cat "$SHALLOT_HOME/daemon.pid"; }
shallot_kill() { shallot kill >/dev/null; }

printf '%-8s %8s %10s %7s %7s %9s %9s %9s %11s %10s\n' manager start_s steady_rps errors non2xx reload_err reload_5xx kill9_err kill9_back rss_mb | tee "$out"
for m in $MANAGERS; do
  flock -w "$LOCK_WAIT" 9 || { echo "pm2-compare.sh: no lock" >&2; exit 3; }
  t0=$(ms); "${m}_start"; until answers; do sleep 0.05; done; start_s=$(awk -v a="$t0" -v b="$(ms)" 'BEGIN {printf "%.2f", (b - a) / 1000}')
  sleep 2
  wrk_run; steady=$(rps); e=$(errors); n=$(non2xx)
  ( sleep $((DURATION / 3)); "${m}_reload" ) & wrk_run; wait; re=$(errors); rn=$(non2xx)
  victim=$("${m}_pids" | head -1)
  ( sleep $((DURATION / 3)); k=$(ms); kill -9 "$victim"; until "${m}_online_other" "$victim"; do sleep 0.02; done; echo $(( $(ms) - k )) > "$work/back" ) &
  wrk_run; wait; ke=$(errors); back=$(cat "$work/back")
  rss=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$("${m}_daemon")/status")
  "${m}_kill"
  flock -u 9
  printf '%-8s %8s %10s %7s %7s %9s %9s %9s %9sms %10s\n' "$m" "$start_s" "$steady" "$e" "$n" "$re" "$rn" "$ke" "$back" "$rss" | tee -a "$out"
done
echo "(wrk -t1 -c$CONNECTIONS, ${DURATION}s per run; errors = wrk socket errors; kill9_back = until the manager lists a new online worker)" | tee -a "$out"
