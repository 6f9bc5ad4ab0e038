#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease42, issue 15): does a single block's poll with loads
# in flight (PKB_PERSISTENT_POLL=DEPTH:GAP_NS, pk_ring_poll_deep) take the resident's two-level
# round trip away? In one call:
#   1. the GPU tests (the deep poll's among them: cuda.strategies_poll_deep, cuda.hang_*_poll_deep);
#   2. the persistent kernel's SASS around its poll (poll-sass.txt), to see the loads in flight;
#   3. poll/: sweeps of persistent-resident and persistent, item_ns 0 and 1000, N = 1-64 and 256,
#      400 repetitions a point at most (no early stop), under each of VARIANTS, in three rounds
#      that rotate their order; poll.txt: per variant the mean over rounds of the sum of the
#      resident's median walls at item_ns 0, N <= 32. The variant with the lowest sum is chosen (rule set
#      before the data);
#   4. main jobs (`pkbench run`) alternating the chosen variant (run1, run3) and the default 1:0
#      (run2, run4), none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR, so that a call cut short keeps what ran.
# usage: results/h200/lease42/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o/poll"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
{ command -v cuobjdump >/dev/null && cuobjdump -sass build-gpu/kernels/libpkb_backend_cuda.a |
    awk '/Function : .*pk_persistent_kernel/ {p = 1} /Function : / && !/pk_persistent_kernel/ {p = 0} p'; } \
  >"$o/poll-sass.txt" 2>&1
echo "sass: $(grep -c NANOSLEEP "$o/poll-sass.txt") NANOSLEEP lines" | tee -a "$log"
variants=(1:0 2:400 4:200 4:100)
for round in 1 2 3; do
  for k in 0 1 2 3; do
    v=${variants[$(((k + round - 1) % 4))]}
    PKB_PERSISTENT_POLL=$v timeout 60 build-gpu/harness/pkbench sweep --backend cuda \
      --strategy persistent-resident,persistent --item-ns 0,1000 --batch 1:64:pow2,256 \
      --noise 0 --max-reps 400 --max-time-s 0.05 --out "$o/poll/$v-r$round" >"$o/poll/$v-r$round.log" 2>&1
    echo "poll sweep $v round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
done
# Per variant: mean over rounds of the sum of resident median walls (column 10) at item_ns 0, N <= 32.
for v in "${variants[@]}"; do
  for round in 1 2 3; do
    awk -F, -v v="$v" '$4 == "persistent-resident" && $5 == 0 && $6 <= 32 {s += $10} END {printf "%s %.0f\n", v, s}' \
      "$o/poll/$v-r$round/measured.csv"
  done
done | awk '{s[$1] += $2; n[$1]++} END {for (v in s) printf "%s %.0f\n", v, s[v] / n[v]}' | sort -k2,2n >"$o/poll.txt"
chosen=$(head -n 1 "$o/poll.txt" | cut -d' ' -f1)
echo "poll sums (ns): $(tr '\n' ' ' <"$o/poll.txt"); chosen ${chosen:-none}" | tee -a "$log"
pack
[ -n "$chosen" ] || chosen=1:0
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  case $r in run1 | run3) v=$chosen ;; *) v=1:0 ;; esac
  PKB_PERSISTENT_POLL=$v /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run \
    --backend cuda --out "$o/$r" >"$o/$r.log" 2>&1
  echo "pkbench run $r (PKB_PERSISTENT_POLL=$v) exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
