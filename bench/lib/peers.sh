# Shell functions shared by the service peer benchmarks (bench/ops.sh, bench/platform.sh), each a
# Shallot side against a Koa side on one redis-server. A script sets, before sourcing this file:
#   NAME        its name, for messages (ops.sh)
#   WRK_DIR     where its wrk Lua scripts are (one per endpoint: <endpoint>.lua)
#   tmp         its scratch directory (process logs, times)
#   REDIS_PORT SHALLOT_PORT KOA_PORT THREADS CONNECTIONS
# and later SHALLOT_PID, KOA_PID. Processes started with `start` are stopped by `stop_all`, by PID.

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

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start NAME CMD...: runs CMD in the background (without the lock's descriptor), output to $tmp/NAME.log
start() {
  local name=$1; shift
  "$@" >> "$tmp/$name.log" 2>&1 9>&- &
  pids+=("$!")
}

# await_http NAME URL: until URL answers at all (any status; at most 90 s), else show the log and fail
await_http() {
  local name=$1 url=$2 pid=${pids[-1]} code
  for _ in $(seq 1 900); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    if [ -n "$code" ] && [ "$code" != 000 ]; then return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$NAME: $name did not answer on $url (within 90 s, or it exited); its log:" >&2
  tail -n 40 "$tmp/$name.log" >&2
  exit 1
}

rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@" 9>&-; }

url_of() { if [ "$1" = shallot ]; then echo "http://127.0.0.1:$SHALLOT_PORT"; else echo "http://127.0.0.1:$KOA_PORT"; fi; }

app_pid_of() { if [ "$1" = shallot ]; then echo "$SHALLOT_PID"; else echo "$KOA_PID"; fi; }

HZ=$(getconf CLK_TCK)

# cpu_ticks PID...: user+system clock ticks used so far by these processes (all their threads)
cpu_ticks() {
  local pid sum=0
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$sum"
}

# run_wrk SECONDS ENDPOINT URL: wrk output on stdout, bounded in time
run_wrk() {
  timeout $(($1 + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1"s --timeout 5s --latency \
    -s "$WRK_DIR/$2.lua" "$3" 9>&-
}

# parse: "requests/s p50-ms p99-ms non-2xx socket-errors requests" from wrk output on stdin
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
    /Socket errors/ { gsub(",", ""); sock += $4 + $6 + $8 + $10 }
    /Non-2xx/ { non2xx += $NF }
    END { printf "%.0f %.3f %.2f %d %d %d\n", rps, p50, p99, non2xx, sock, n }'
}

# machine_ticks: busy clock ticks of all CPUs (user nice system irq softirq steal)
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# child_ticks VAR: sets VAR to the CPU ticks used by the children this shell has waited for (wrk);
# `times` runs in this shell (a pipe or $(...) would ask a fresh subshell, which has no children yet)
child_ticks() {
  times > "$tmp/times"
  printf -v "$1" '%s' "$(awk -v hz="$HZ" 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * hz }' "$tmp/times")"
}

# redis_stats: "commands reads evalsha-calls eval-calls" processed by redis-server so far
redis_stats() {
  { rcli info stats; rcli info commandstats; } | tr -d '\r' | awk -F'[:,=]' '
    $1 == "total_commands_processed" { c = $2 } $1 == "total_reads_processed" { r = $2 }
    $1 == "cmdstat_evalsha" { es = $3 } $1 == "cmdstat_eval" { e = $3 }
    END { printf "%d %d %d %d\n", c, r, es, e }'
}

# sides_of ROUND: the order of the sides in that round (warm-up: 1 or 0)
sides_of() { if [ $(($1 % 2)) = 1 ]; then echo "shallot koa"; else echo "koa shallot"; fi; }

rss() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || echo 0; }
