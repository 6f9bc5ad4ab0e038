#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease46, issue 15): is the graph replay's two-level time
# (one node: 6.2 or 7.1 us; the calibration's replays of three in runs of about 20 at 8.5 or
# 9.5 us, leases 42-45) a matter of when the replay comes, and does a drawn pause before each
# replay (PKB_GRAPH_DITHER_NS) take it away, as PKB_RESIDENT_DITHER_NS did the resident's
# (lease 43)? In one call:
#   1. the GPU tests (cuda.strategies_graph_dither among them);
#   2. graph-phase.txt, graph-phase-raw.csv: pkb_graph_phase, replays of graphs of 1 and 3
#      empty items after a set pause of 0-3000 ns (steps of 100) and after a drawn one,
#      3 rounds x 200;
#   3. dither/: sweeps of graph, item_ns 0 and 1000, N = 1, 2, 4, 8, 400 repetitions a point
#      at most (no early stop), with PKB_GRAPH_DITHER_NS 0, 1000 and 2000, three rounds
#      rotating their order; dither.txt: per setting the mean over those points of the range
#      of the three rounds' medians (how far a point's median moves from sweep to sweep). The
#      setting with the lowest is chosen (rule set before the data; a tie keeps 0);
#   4. main jobs (`pkbench run`) alternating the chosen setting (run1, run3) and 0 (run2, run4),
#      none started after DEADLINE_S seconds.
# After each step the folder is packed into TAR, so that a call cut short keeps what ran.
# usage: results/h200/lease46/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root, one NVIDIA GPU;
#        default 330)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-330}
mkdir -p "$o/dither"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
log="$o/log.txt"
pack() { tar czf "$tarball" -C "$(dirname "$o")" --exclude=plot-data --exclude=measured.json "$(basename "$o")"; }
pkb_build . build-gpu || exit 1
echo "built at ${SECONDS} s" | tee -a "$log"
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pack
timeout 120 build-gpu/kernels/pkb_graph_phase --reps 200 --rounds 3 --raw "$o/graph-phase-raw.csv" \
  >"$o/graph-phase.txt" 2>&1
echo "pkb_graph_phase exit $? at ${SECONDS} s" | tee -a "$log"
gzip -9 "$o/graph-phase-raw.csv"
pack
settings=(0 1000 2000)
for round in 1 2 3; do
  for k in 0 1 2; do
    d=${settings[$(((k + round - 1) % 3))]}
    PKB_GRAPH_DITHER_NS=$d timeout 60 build-gpu/harness/pkbench sweep --backend cuda \
      --strategy graph --item-ns 0,1000 --batch 1:8:pow2 \
      --noise 0 --max-reps 400 --max-time-s 0.05 --out "$o/dither/$d-r$round" >"$o/dither/$d-r$round.log" 2>&1
    echo "dither sweep $d round $round exit $? at ${SECONDS} s" | tee -a "$log"
  done
done
# Per setting: the mean over points of max - min of the rounds' medians.
for d in "${settings[@]}"; do
  for round in 1 2 3; do
    awk -F, -v d="$d" '$4 == "graph" {print d, $5 "/" $6, $10}' "$o/dither/$d-r$round/measured.csv"
  done
done | awk '{k = $1 " " $2; if (!(k in lo) || $3 < lo[k]) lo[k] = $3; if (!(k in hi) || $3 > hi[k]) hi[k] = $3}
  END {for (k in lo) {split(k, p, " "); s[p[1]] += hi[k] - lo[k]; n[p[1]]++}
       for (d in s) printf "%s %.0f\n", d, s[d] / n[d]}' | sort -k2,2n -k1,1n >"$o/dither.txt"
chosen=$(head -n 1 "$o/dither.txt" | cut -d' ' -f1)
# A tie with 0 keeps 0.
[ -n "$chosen" ] && [ "$(awk -v c="$chosen" '$1 == c {print $2}' "$o/dither.txt")" = "$(awk '$1 == 0 {print $2}' "$o/dither.txt")" ] && chosen=0
echo "dither ranges (ns): $(tr '\n' ' ' <"$o/dither.txt"); chosen ${chosen:-none}" | tee -a "$log"
pack
[ -n "$chosen" ] || chosen=0
for r in run1 run2 run3 run4; do
  if [ "$SECONDS" -gt "$deadline" ]; then echo "$r skipped: ${SECONDS} s into the call" | tee -a "$log"; continue; fi
  case $r in run1 | run3) d=$chosen ;; *) d=0 ;; esac
  PKB_GRAPH_DITHER_NS=$d /usr/bin/time -f "pkbench $r wall %e s" timeout 130 build-gpu/harness/pkbench run \
    --backend cuda --out "$o/$r" >"$o/$r.log" 2>&1
  echo "pkbench run $r (PKB_GRAPH_DITHER_NS=$d) exit $? at ${SECONDS} s" | tee -a "$log"
  pack
done
pkb_machine "$o/machine.txt"
pack
