#!/bin/sh
# Fits a prior of the run-to-run spread (compare --fit-prior) from H200 leases of six (or five,
# four) canary sweeps of one build: each lease's history base1,base2,base3 against cand, with
# --host-state its main job's params.json, gives its spread.csv (kept as spread-leaseNN.csv);
# the prior of those leases is written to OUT/prior.csv.
# usage: results/h200/prior/fit.sh PKBENCH OUT LEASE...   (e.g. ... build/harness/pkbench
#        results/h200/prior/from-26-27-29 26 27 29)
set -eu
pk=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
list=
for l in "$@"; do
  d=$here/lease$l
  sh "$here/../archive.sh" need "$d" # an archived lease: restore it first
  "$pk" compare --baseline "$d/base1,$d/base2,$d/base3" --candidate "$d/cand" --host-state "$d/run/params.json" \
    --out "$tmp/lease$l" >/dev/null || [ $? -eq 1 ]
  sed "s|$here/||g" "$tmp/lease$l/spread.csv" >"$out/spread-lease$l.csv"
  list=${list:+$list,}$tmp/lease$l
done
"$pk" compare --fit-prior "$list" --out "$tmp/fit" | sed "s|$tmp/||g" >"$out/fit.txt"
sed "s|$tmp/||g" "$tmp/fit/prior.csv" >"$out/prior.csv"
cat "$out/fit.txt"
