#!/usr/bin/env bash
# PM2 against shallot (issue 5), each running section 六's hello world in cluster mode with 2
# workers on 127.0.0.1:$PORT: PM2 with a Koa app (bench/pm2/hello.js), shallot with examples/cluster's
# HelloCluster and its default warm spare; 'shallot0' is shallot with --spares 0 (a dead worker is
# relaunched: what a crash costs without the spare). For each manager, one at a time, holding the
# bench lock:
#   start     seconds from 'start' until the port answers
#   steady    wrk for DURATION s: requests/s, socket errors, non-2xx
#   reload    wrk for DURATION s with a rolling reload at DURATION/3: socket errors, non-2xx (zero expected)
#   kill -9   wrk for DURATION s; at DURATION/3 bench/pm2/probe.js SIGKILLs one worker and sends
#             requests on new connections until a process that was not serving before answers
#             (PM2's restarted worker, shallot's spare): ms from the kill to that answer, and the
#             requests wrk and the probe lost meanwhile
#   daemon    RSS of the manager's daemon (PM2's God process, shallot's daemon) at the end
# /proc/loadavg is recorded before and after each manager: other processes on the machine skew
# everything here, so compare the two managers of one run, never numbers of different runs.
# Prints a table and writes it to bench/out/pm2-compare-<date>.txt.
#
# Usage: bench/pm2-compare.sh [pm2|shallot|shallot0 ...]   (default: pm2 shallot shallot0)
# Environment: DURATION=30 CONNECTIONS=32 PORT=18091 LOCK=/tmp/shallot-bench.lock LOCK_WAIT=1800
#              SKIP_BUILD=0
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh
MANAGERS=${*:-pm2 shallot shallot0}
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
[ -x "$PM2" ] && [ -d bench/pm2/node_modules/koa ] || npm ci --prefix bench/pm2 --no-audit --no-fund --loglevel=error >&2
. bench/cluster-build.sh "$work"

cleanup() {
  "$PM2" kill >/dev/null 2>&1 || true
  shallot kill >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
exec 9>"$LOCK"

ms() { date +%s%3N; }
answers() { curl -fs -m 1 "http://127.0.0.1:$PORT/" >/dev/null 2>&1; }
wrk_run() { wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s "http://127.0.0.1:$PORT/" > "$work/wrk.txt" 2>&1; }
rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/wrk.txt"; }
errors() { awk '/Socket errors/ {gsub(",", ""); s = $4 + $6 + $8 + $10} END {print s + 0}' "$work/wrk.txt"; }
non2xx() { awk '/Non-2xx/ {n = $5} END {print n + 0}' "$work/wrk.txt"; }
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];console.log(v===null||v===undefined?"-":v)})' "$1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# per manager: start / reload / the serving workers' pids, comma-separated / daemon pid / stop
pm2_start() { PORT=$PORT "$PM2" start bench/pm2/hello.js -i 2 --name hello --wait-ready --listen-timeout 10000 >/dev/null; }
pm2_reload() { "$PM2" reload hello >/dev/null; }
pm2_pids() { "$PM2" jlist | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).map(p=>p.pid).join(",")))'; }
pm2_daemon() { cat "$PM2_HOME/pm2.pid"; }
pm2_stop() { "$PM2" kill >/dev/null; }

shallot_start() { shallot start examples/cluster/shallot.config.yaml --port "$PORT" >/dev/null; }
shallot_reload() { shallot reload hello-cluster >/dev/null; }
shallot_pids() { shallot ls --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).filter(p=>!p.spare).map(p=>p.pid).join(",")))'; }
shallot_ready() { shallot ls --json | grep -q '"status":"spare"'; }
shallot_daemon() { cat "$SHALLOT_HOME/daemon.pid"; }
shallot_stop() { shallot kill >/dev/null; }
pm2_ready() { true; }
shallot0_start() { shallot start examples/cluster/shallot.config.yaml --port "$PORT" --spares 0 >/dev/null; }
shallot0_reload() { shallot_reload; }
shallot0_pids() { shallot_pids; }
shallot0_ready() { true; }
shallot0_daemon() { shallot_daemon; }
shallot0_stop() { shallot_stop; }

printf '%-8s %7s %9s %6s %6s %10s %10s %9s %9s %8s %8s  %s\n' manager start_s steady_rps errors non2xx reload_err reload_n2xx kill9_err kill9_ms probe_err rss_mb "loadavg before -> after" | tee "$out"
for m in $MANAGERS; do
  flock -w "$LOCK_WAIT" 9 || { echo "pm2-compare.sh: could not get $LOCK within $LOCK_WAIT s" >&2; exit 3; }
  load_before=$(load)
  t0=$(ms); "${m}_start"; until answers; do sleep 0.05; done; start_s=$(awk -v a="$t0" -v b="$(ms)" 'BEGIN {printf "%.2f", (b - a) / 1000}')
  # shallot: the spare warms up before the runs, so the kill below meets the steady state
  for _ in $(seq 600); do "${m}_ready" && break; sleep 0.1; done
  sleep 2
  wrk_run; steady=$(rps); e=$(errors); n=$(non2xx)
  ( sleep $((DURATION / 3)); "${m}_reload" ) & wrk_run; wait $!; re=$(errors); rn=$(non2xx)
  for _ in $(seq 600); do "${m}_ready" && break; sleep 0.1; done
  pids=$("${m}_pids")
  ( sleep $((DURATION / 3)); PROBE_TRACE=1 node bench/pm2/probe.js "$PORT" "$pids" > "$work/probe.json" ) & wrk_run; wait $!
  ke=$(errors); back=$(json_field back_ms < "$work/probe.json"); pe=$(json_field failed < "$work/probe.json")
  rss=$(awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$("${m}_daemon")/status")
  "${m}_stop"
  load_after=$(load)
  flock -u 9
  printf '%-8s %7s %9s %6s %6s %10s %10s %9s %9s %8s %8s  %s -> %s\n' "$m" "$start_s" "$steady" "$e" "$n" "$re" "$rn" "$ke" "$back" "$pe" "$rss" "$load_before" "$load_after" | tee -a "$out"
  echo "  $m probe: $(cat "$work/probe.json")" >> "$work/probes.txt"
done
cat "$work/probes.txt" >> "$out"
echo "(wrk -t1 -c$CONNECTIONS, ${DURATION}s per phase on 127.0.0.1; errors = wrk socket errors; kill9_ms = from the SIGKILL to the first answer of a process that was not serving before; $(nproc) cores)" | tee -a "$out"
