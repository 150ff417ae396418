#!/usr/bin/env bash
# The loop benchmark: Node 20 (bench/loop/node-loop.js) against Shallot (io.shallot.bench.LoopBench),
# same workloads and sizes, in one run on this machine. Each workload: one warm-up round, then the
# best of RUNS (default 3). Prints a table and writes it to bench/out/loop-<date>.txt.
#
# Usage: bench/loop.sh [workload ...]        (default: every workload)
# Environment:
#   RUNS=3                measured runs per workload (after one warm-up)
#   SCALE=1               multiplies the sizes (1M immediates/promises/ticks, 100k timers)
#   NODE=node             the Node 20 binary
#   SHALLOT_JAVA_OPTS=... extra JVM flags for the Shallot side (default: none, the JVM's defaults)
#   SKIP_BUILD=1          reuse bench/target from a previous build
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bin/jdk.sh

NODE=${NODE:-node}
node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || {
  echo "loop.sh: '$NODE' is not runnable; install Node 20 or set NODE=/path/to/node" >&2
  exit 2
}
if [ "$node_major" != "20" ]; then
  echo "loop.sh: the baseline is Node 20, found $("$NODE" --version); set NODE=/path/to/node20" >&2
  exit 2
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "loop.sh: building (mvn -q -DskipTests package -pl bench -am) with JDK $JAVA_HOME" >&2
  mvn -q -B -ntp -DskipTests package -pl bench -am
fi
JAR=$(ls "$ROOT"/bench/target/shallot-bench-*.jar | grep -v -- '-sources' | head -n 1)
CP="$JAR:$ROOT/bench/target/lib/*"

mkdir -p "$ROOT/bench/out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "loop.sh: node $("$NODE" --version) ..." >&2
"$NODE" "$ROOT/bench/loop/node-loop.js" "$@" | tee "$tmp/node.txt" >&2
echo "loop.sh: shallot on $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) ..." >&2
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $SHALLOT_JVM_FLAGS ${SHALLOT_JAVA_OPTS:-} -cp "$CP" \
  io.shallot.bench.LoopBench "$@" | tee "$tmp/shallot.txt" >&2

stamp=$(date '+%Y-%m-%d %H:%M:%S %Z')
out="$ROOT/bench/out/loop-$(date '+%Y-%m-%d-%H%M%S').txt"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "# Shallot loop benchmark, $stamp"
  echo "# command: bench/loop.sh${*:+ $*} (RUNS=${RUNS:-3} SCALE=${SCALE:-1}${SHALLOT_JAVA_OPTS:+ SHALLOT_JAVA_OPTS=\"$SHALLOT_JAVA_OPTS\"})"
  echo "# machine: ${cpu:-unknown cpu}, $(nproc) cpus, $(uname -sr)"
  echo "# node:    $(grep '^#' "$tmp/node.txt" | sed 's/^# //')"
  echo "# shallot: $(grep '^#' "$tmp/shallot.txt" | sed 's/^# //')"
  echo "# each row: best of ${RUNS:-3} runs after one warm-up; ops/s = operations / wall time of the best run"
  echo
  awk '
    FNR == 1 { file++ }
    $1 == "RESULT" && file == 1 { node[$2] = $3; order[++n] = $2 }
    $1 == "RESULT" && file == 2 { shallot[$2] = $3 }
    END {
      printf "%-16s %15s %15s %14s\n", "workload", "node ops/s", "shallot ops/s", "shallot/node"
      printf "%-16s %15s %15s %14s\n", "----------------", "---------------", "---------------", "--------------"
      for (i = 1; i <= n; i++) {
        w = order[i]
        ratio = (node[w] > 0 && (w in shallot)) ? sprintf("%.2f", shallot[w] / node[w]) : "n/a"
        printf "%-16s %15s %15s %14s\n", w, commas(node[w]), (w in shallot) ? commas(shallot[w]) : "missing", ratio
      }
    }
    function commas(x,   s, r) {
      s = sprintf("%d", x); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
  ' "$tmp/node.txt" "$tmp/shallot.txt"
  echo
  echo "# raw (name ops/s best-ms run-ms...):"
  grep '^RESULT' "$tmp/node.txt" | sed 's/^RESULT/# node   /'
  grep '^RESULT' "$tmp/shallot.txt" | sed 's/^RESULT/# shallot/'
} > "$out"
cat "$out"
echo "loop.sh: written to ${out#"$ROOT"/}" >&2
