#!/bin/sh
# Judges H200 leases of six canary sweeps with the verdict method as it stands (the margin of
# half the threshold, 8a793eb): for each lease, every 3 + 1 split at +10% and +20% injected, with
# the prior of leases 26, 27 and 29 and without it (../lease34/combos.sh), and the issue's own
# split, base1-base3 against cand (../aa/analyse.sh), always with --host-state run/params.json.
# Writes OUT/leaseNN-{c10,c20}-{prior3,none}.txt and OUT/leaseNN-issue-{prior3,alone}.txt.
# usage: results/h200/margin/judge.sh PKBENCH OUT LEASE...   (repository root)
set -eu
pk=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
prior=$here/prior/from-26-27-29/prior.csv
mkdir -p "$out"
for l in "$@"; do
  d=$here/lease$l
  sh "$here/../archive.sh" need "$d" # an archived lease: restore it first
  for pct in 10 20; do
    sh "$here/lease34/combos.sh" "$d" "$pk" "$d/run/params.json" "$pct" "$prior" >"$out/lease$l-c$pct-prior3.txt"
    sh "$here/lease34/combos.sh" "$d" "$pk" "$d/run/params.json" "$pct" >"$out/lease$l-c$pct-none.txt"
  done
  sh "$here/aa/analyse.sh" "$d" "$pk" "$d/run/params.json" "$prior" >"$out/lease$l-issue-prior3.txt"
  sh "$here/aa/analyse.sh" "$d" "$pk" "$d/run/params.json" >"$out/lease$l-issue-alone.txt"
  echo "lease $l judged"
done
