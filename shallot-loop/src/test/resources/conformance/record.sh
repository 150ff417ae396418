#!/usr/bin/env bash
# Records the expected output of conformance cases: runs each NAME.js with Node 20
# RUNS times (default 20) and writes NAME.out only if every run exited 0 and printed
# exactly the same stdout. A case whose output varies is refused (exit status 1,
# existing NAME.out left untouched).
#
# Usage: record.sh [NAME|NAME.js ...]   (default: every *.js in this directory)
#        RUNS=5 record.sh doc_example1
set -u
cd "$(dirname "$0")"
RUNS=${RUNS:-20}
NODE=${NODE:-node}

major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || { echo "record.sh: '$NODE' not runnable" >&2; exit 2; }
if [ "$major" != "20" ]; then
  echo "record.sh: need Node 20 (the oracle), found $("$NODE" --version)" >&2
  exit 2
fi

if [ $# -eq 0 ]; then set -- *.js; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for arg in "$@"; do
  name=$(basename "$arg" .js)
  if [ ! -f "$name.js" ]; then echo "MISSING  $name.js" >&2; failed=1; continue; fi
  ok=1
  for i in $(seq 1 "$RUNS"); do
    if ! "$NODE" "$name.js" >"$tmp/$i" 2>"$tmp/err"; then
      echo "FAILED   $name (run $i exited non-zero):" >&2; cat "$tmp/err" >&2; ok=0; break
    fi
    if [ "$i" -gt 1 ] && ! cmp -s "$tmp/1" "$tmp/$i"; then
      echo "REFUSED  $name: run $i differs from run 1 (non-deterministic):" >&2
      diff "$tmp/1" "$tmp/$i" >&2
      ok=0; break
    fi
  done
  if [ $ok -eq 1 ]; then
    if [ -f "$name.out" ] && ! cmp -s "$tmp/1" "$name.out"; then
      echo "CHANGED  $name ($RUNS identical runs)"; diff "$name.out" "$tmp/1"
    else
      echo "OK       $name ($RUNS identical runs)"
    fi
    cp "$tmp/1" "$name.out"
  else
    failed=1
  fi
done
exit $failed
