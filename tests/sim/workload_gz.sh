#!/bin/sh
# A gzipped workload file reads as its plain twin: the same prediction, byte for byte.
# usage: workload_gz.sh PKBENCH WORKLOAD_CSV
set -u
pk=$1 w=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gzip -c "$w" >"$tmp/w.csv.gz"
"$pk" simulate --preset seed-native --workload "$w" --out "$tmp/plain.csv" >/dev/null &&
  "$pk" simulate --preset seed-native --workload "$tmp/w.csv.gz" --out "$tmp/gz.csv" >/dev/null || exit 1
# The files differ only in the context line that names the workload file.
for f in plain gz; do grep -v '^# context simulate_workload=' "$tmp/$f.csv" >"$tmp/$f.rows"; done
[ "$(grep -c . "$tmp/plain.rows")" -gt 5 ] || { echo "no prediction rows"; exit 1; }
cmp "$tmp/plain.rows" "$tmp/gz.rows" || { echo "the gzipped workload predicts otherwise"; exit 1; }
echo "ok: the gzipped workload predicts as the plain one"
