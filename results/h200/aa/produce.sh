#!/usr/bin/env bash
# The H200 A/A data of the regression verdicts (issue 12), all in one lease of one GPU: three
# baseline sweeps and one candidate sweep of the same build, one after another, then an
# interleaved A/A of that build against itself (pkbench ab). results/h200/aa/analyse.sh turns
# the folders into the README's table (A/A flags, injected 10% / 20% slowdowns per strategy).
# usage: results/h200/aa/produce.sh OUTDIR [PKBENCH]
# Run from the repository root on the GPU machine (as the device tool runs commands there),
# with OUTDIR = $OUT. PKBENCH defaults to build-gpu/harness/pkbench, built first (as
# results/h100-sxm/produce.sh builds it) when it is not there. Leaves two files in OUTDIR:
# aa.tar.gz (base1, base2, base3, cand: measured.csv and measured.json; ab: a/measured.csv,
# b/measured.csv, verdicts.csv, summary.json, report.md; machine.txt) and log.txt. Unpack
# with: tar -C results/h200/aa -xzf aa.tar.gz
#
# Grid and time: every strategy and item_ns of the default grid, batch 1..4096 (325 points; the
# default's batches 8192 and 16384 alone take two thirds of a sweep's time), 2 interleaved
# passes per sweep (--replicates 2): about 46 s a sweep from the H100's figures (a default
# sweep, one pass: ~70 s). ab: item_ns 0 and 5000, batch 1, 16, 256 (30 points), 12 ABBA blocks,
# about 60 s with its 24 worker starts. Whole script: about 4 minutes after the build. Never
# changes GPU settings.
set -uo pipefail
out=${1:?usage: produce.sh OUTDIR [PKBENCH]}
pk=${2:-build-gpu/harness/pkbench}
mkdir -p "$out"
log="$out/log.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$log"; }

if [ ! -x "$pk" ]; then
  step configure and build
  commit_arg=()
  [ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
  cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
    -DCMAKE_PREFIX_PATH="$PWD/.deps" "${commit_arg[@]}" >>"$log" 2>&1 &&
    cmake --build build-gpu -j16 >>"$log" 2>&1 || { echo "build failed"; tail -40 "$log"; exit 1; }
  pk=build-gpu/harness/pkbench
fi

nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active \
  --format=csv >"$work/machine.txt" 2>&1
grid=(--backend cuda --batch 1:4096:pow2 --replicates 2)
for run in base1 base2 base3 cand; do
  step "sweep $run"
  /usr/bin/time -f "$run wall %e s" "$pk" sweep "${grid[@]}" --out "$work/$run" >"$work/$run.log" 2>&1
  echo "sweep $run exit $?" | tee -a "$log"
  tail -2 "$work/$run.log" >>"$log"
done
step "ab A/A"
/usr/bin/time -f "ab wall %e s" "$pk" ab --backend cuda --item-ns 0,5000 --batch 1,16,256 --blocks 12 \
  --out "$work/ab" >"$work/ab.log" 2>&1
echo "ab exit $? (0: no point slower)" | tee -a "$log"
tail -4 "$work/ab.log" >>"$log"
nvidia-smi --query-gpu=clocks.sm,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv \
  >>"$work/machine.txt" 2>&1
step "compare (A/A of the sweeps)"
"$pk" compare --baseline "$work/base1,$work/base2,$work/base3" --candidate "$work/cand" | tail -3 | tee -a "$log"
rm -f "$work"/*/plot-data/* 2>/dev/null
tar -C "$work" -czf "$out/aa.tar.gz" machine.txt base1 base2 base3 cand ab base1.log base2.log base3.log cand.log ab.log
step done
ls -la "$out" | tee -a "$log"
