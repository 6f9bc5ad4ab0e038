#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease44, issue 15): lease 43's pkb_resident_phase found the
# resident round trip 5.5 us right after the last batch's completion and 3.1 us after 3 us of
# host pause, falling over about 3 us: about one whole-chunk load of the host-mapped ring (8
# windows, 3.6 us per 256 items in lease 39), which a single block issues right after it reports.
# PKB_PERSISTENT_RELOAD=window has it poll window 0 instead (and at its start). In one call:
#   1. the GPU tests (cuda.strategies_reload_window, cuda.hang_*_reload_window among them);
#   2. phase-chunk.txt, phase-window.txt: pkb_resident_phase --reload chunk|window, 2 rounds x 100;
#   3. reload/: sweeps of persistent-resident and persistent, item_ns 0 and 1000, N = 1-64 and
#      256, 400 repetitions a point at most (no early stop), with chunk and window, three
#      rounds alternating their order; reload.txt: per setting the mean over rounds of the sum
#      of both strategies' median walls at item_ns 0, N <= 32. The setting with the lower sum
#      is chosen (rule set before the data; a tie keeps chunk);
#   4. main jobs (`pkbench run`): the chosen setting (run1, run3) and chunk (run2, run4), none
#      started after DEADLINE_S seconds.
# After each step the folder is packed into TAR, so that a call cut short keeps what ran.
# usage: results/h200/lease44/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 300)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-300}
mkdir -p "$o/reload"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
for r in chunk window; do
  timeout 60 build-gpu/kernels/pkb_resident_phase --reps 100 --rounds 2 --reload $r >"$o/phase-$r.txt" 2>&1
  echo "pkb_resident_phase --reload $r exit $? at ${SECONDS} s" | tee -a "$log"
done
pack
settings=(chunk window)
for round in 1 2 3; do
  for k in 0 1; do
    v=${settings[$(((k + round - 1) % 2))]}
    PKB_PERSISTENT_RELOAD=$v timeout 60 build-gpu/harness/pkbench sweep --backend cuda \
      --strategy persistent-resident,persistent --item-ns 0,1000 --batch 1:64:pow2,256 \
      --noise 0 --max-reps 400 --max-time-s 0.05 --out "$o/reload/$v-r$round" >"$o/reload/$v-r$round.log" 2>&1
    echo "reload sweep $v round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
done
for v in "${settings[@]}"; do
  for round in 1 2 3; do
    awk -F, -v v="$v" '($4 == "persistent-resident" || $4 == "persistent") && $5 == 0 && $6 <= 32 {s += $10}
      END {printf "%s %.0f\n", v, s}' "$o/reload/$v-r$round/measured.csv"
  done
done | awk '{s[$1] += $2; n[$1]++} END {for (v in s) printf "%s %.0f\n", v, s[v] / n[v]}' | sort -k2,2n >"$o/reload.txt"
chosen=$(head -n 1 "$o/reload.txt" | cut -d' ' -f1)
[ "$(awk '{print $2}' "$o/reload.txt" | sort -u | wc -l)" -lt 2 ] && chosen=chunk # a tie keeps chunk
echo "reload sums (ns): $(tr '\n' ' ' <"$o/reload.txt"); chosen ${chosen:-none}" | tee -a "$log"
pack
[ -n "$chosen" ] || chosen=chunk
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  case $r in run1 | run3) v=$chosen ;; *) v=chunk ;; esac
  PKB_PERSISTENT_RELOAD=$v /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run \
    --backend cuda --out "$o/$r" >"$o/$r.log" 2>&1
  echo "pkbench run $r (PKB_PERSISTENT_RELOAD=$v) exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
