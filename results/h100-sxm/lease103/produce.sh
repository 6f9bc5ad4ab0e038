#!/usr/bin/env bash
# Lease 103 (planned 2026-12-06, README.md here): the GPU tests; then three rounds of the
# resident experiment (fresh processes each: calibrate, the resident alone at item 0, N = 1, 2,
# 3, 4, 8, 16 and 32 swept with --canary and without it, in ABBA order over the rounds, then
# calibrate again); then main jobs until MAIN_DEADLINE_S into the call, on whatever card
# comes. The folder is packed into TAR after each part. Never changes GPU settings.
# usage: results/h200/lease103/produce.sh OUTDIR TAR [MAIN_DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [MAIN_DEADLINE_S]}
main_deadline=${3:-420}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pack_all() { pkb_pack "$o" "$tarball"; }
pkb_lease_start "$o" "$tarball" || exit 1
pk=build-gpu/harness/pkbench
res=(--strategy persistent-resident --item-ns 0 --batch 1,2,3,4,8,16,32)
resident_sweep() { # ROUND KIND [--canary]
  local d=$o/resident/r$1
  timeout 60 $pk sweep --backend cuda --out "$d/$2" "${res[@]}" "${@:3}" >"$d/$2.log" 2>&1
  echo "resident r$1 sweep $2 exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
}
for r in 1 2 3; do
  d=$o/resident/r$r
  mkdir -p "$d"
  timeout 60 $pk calibrate --backend cuda --out "$d/params-before.json" >"$d/calibrate-before.log" 2>&1
  echo "resident r$r calibrate before exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  if [ "$r" = 2 ]; then
    resident_sweep $r plain; resident_sweep $r canary --canary
  else
    resident_sweep $r canary --canary; resident_sweep $r plain
  fi
  timeout 60 $pk calibrate --backend cuda --out "$d/params-after.json" >"$d/calibrate-after.log" 2>&1
  echo "resident r$r calibrate after exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
  pack_all
done
pkb_main_jobs "$o" "$main_deadline" pack_all
pkb_machine "$o/machine.txt"
pack_all
