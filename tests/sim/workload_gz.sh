#!/bin/sh
# A gzipped workload file reads as its plain twin: the same prediction, byte for byte; so does
# one with a blank line and a comment before its schema line (which then still names schema 2,
# its step lines with it); a workload path too long for a context value is named by its tail.
# usage: workload_gz.sh PKBENCH WORKLOAD_CSV
set -u
pk=$1 w=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gzip -c "$w" >"$tmp/w.csv.gz"
{ echo; echo "# a note"; cat "$w"; } >"$tmp/lead.csv"
"$pk" simulate --preset seed-native --workload "$w" --out "$tmp/plain.csv" >/dev/null &&
  "$pk" simulate --preset seed-native --workload "$tmp/w.csv.gz" --out "$tmp/gz.csv" >/dev/null &&
  "$pk" simulate --preset seed-native --workload "$tmp/lead.csv" --out "$tmp/lead.csv.out" >/dev/null || exit 1
mv "$tmp/lead.csv.out" "$tmp/lead.csv"
# The files differ only in the context line that names the workload file.
for f in plain gz lead; do grep -v '^# context simulate_workload=' "$tmp/$f.csv" >"$tmp/$f.rows"; done
[ "$(grep -c . "$tmp/plain.rows")" -gt 5 ] || { echo "no prediction rows"; exit 1; }
cmp "$tmp/plain.rows" "$tmp/gz.rows" || { echo "the gzipped workload predicts otherwise"; exit 1; }
cmp "$tmp/plain.rows" "$tmp/lead.rows" || { echo "a blank line and a comment first: the workload predicts otherwise"; exit 1; }
# A workload whose path is too long for a context value (160 bytes or more) is named by its tail
# after "...": the line was left out.
long=$tmp/$(printf '%0170d' 0)
mkdir "$long" && cp "$w" "$long/w.csv" &&
  "$pk" simulate --preset seed-native --workload "$long/w.csv" --out "$tmp/long.csv" >/dev/null || exit 1
line=$(grep '^# context simulate_workload=' "$tmp/long.csv")
case $line in "# context simulate_workload=...0"*"0/w.csv") ;; *) echo "a long workload path: '$line'"; exit 1 ;; esac
[ ${#line} -eq $((28 + 159)) ] || { echo "a long workload path: ${#line} bytes in '$line'"; exit 1; }
echo "ok: the gzipped workload, and one with lines before its schema line, predict as the plain one"
