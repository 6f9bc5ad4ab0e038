#!/usr/bin/env bash
# Issue 19: do two GPUs of one host disturb each other's launch figures? On a machine with two
# NVIDIA GPUs, builds pkbench, then runs the default sweep on GPU 0 alone, on GPU 1 alone, on
# both at once (`pkbench sweep --device 0,1`: one worker process per GPU, results in
# both/device-K/), and, when time is left, on GPU 0 alone again (drift between runs, as opposed
# to disturbance). Then `pkbench compare` of each GPU's concurrent run against its run alone
# (SAME / FASTER / SLOWER per point, noise-aware), and summary.csv: standard, graph and
# persistent at item_ns 0 and 5000, per batch, wall time and host launch time per item, alone
# and together.
# usage: results/h200x2/produce.sh OUTDIR   (from the repository root; about 7 minutes on two H200s)
# Writes up to 7 files in OUTDIR: log.txt, machine.txt, summary.csv, compare-0.md, compare-1.md,
# compare-drift.md (GPU 0 alone, second run against first), runs.tar.gz (every result folder, the devices.csv index and the workers' logs). Build
# dependencies the GPU machine lacks (jansson and GSL headers and static archives) may be
# supplied through CMAKE_PREFIX_PATH=.deps, as for results/h100-sxm/produce.sh. Never changes
# GPU settings. A dry run of the script itself, without GPUs: PKBENCH=build/harness/pkbench
# PKB_BACKEND=host PKB_TEST_HOST_DEVICES=2 PKB_SWEEP_FLAGS="--batch 1:64:pow2" produce.sh OUT
# (no build, the host backend as two devices, a small grid).
set -uo pipefail
out=${1:?usage: produce.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
log="$out/log.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
step() { echo "== $(date -u +%H:%M:%S) (+$((SECONDS - start)) s) $*" | tee -a "$log"; }
commit_arg=()
[ -n "${PKB_GIT_COMMIT:-}" ] && commit_arg=(-DPKB_GIT_COMMIT="$PKB_GIT_COMMIT")
bin=${PKBENCH:-build-gpu/harness/pkbench} backend=${PKB_BACKEND:-cuda}
read -r -a flags <<<"${PKB_SWEEP_FLAGS:-}"

if [ -z "${PKBENCH:-}" ]; then
  step configure and build
  cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DPKB_HIP=OFF \
  -DCMAKE_PREFIX_PATH="$PWD/.deps" "${commit_arg[@]}" >>"$log" 2>&1 &&
    cmake --build build-gpu -j"$(nproc)" --target pkbench >>"$log" 2>&1 || { echo "build failed"; tail -40 "$log"; exit 1; }
fi

ngpu=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ')
[ "$ngpu" -ge 2 ] || [ "$backend" != cuda ] || { echo "needs two GPUs, nvidia-smi lists $ngpu" | tee -a "$log"; exit 1; }
clocks() {
  nvidia-smi --query-gpu=index,name,pci.bus_id,clocks.sm,clocks.max.sm,clocks.mem,power.draw,temperature.gpu,pstate,clocks_throttle_reasons.active --format=csv
}
step machine context
{
  clocks; echo; nvidia-smi topo -m; echo; nvidia-smi -q -d CLOCK,PERFORMANCE
  nvcc --version 2>/dev/null; uname -a; lscpu; numactl -H 2>/dev/null
} >"$out/machine.txt" 2>&1

# One default sweep; its wall time goes to the log.
sweep() {
  local name=$1; shift
  step "sweep $name: $*"
  local t0=$SECONDS
  $bin sweep --backend "$backend" "${flags[@]}" "$@" --out "$work/$name" >"$work/$name.log" 2>&1
  echo "sweep $name exit $? in $((SECONDS - t0)) s" | tee -a "$log"
  { echo "-- clocks after $name"; clocks; } >>"$out/machine.txt" 2>&1
}
# What one more sweep process costs on a GPU (start, context, backend open and close, files):
# sharding pays it once per shard.
step "fixed cost of a one-point sweep process, 5 runs"
for i in 1 2 3 4 5; do
  t0=$(date +%s.%N)
  $bin sweep --backend "$backend" --strategy standard --item-ns 0 --batch 1 --min-reps 1 --max-reps 1 \
    --out "$work/fixed-$i" >/dev/null 2>&1
  echo "fixed $i: exit $? $(echo "$(date +%s.%N) - $t0" | bc) s" | tee -a "$log"
  rm -rf "$work/fixed-$i"
done
sweep alone-0 --device 0
sweep alone-1 --device 1
sweep both --device 0,1
cat "$work/both/devices.csv" >>"$log" 2>/dev/null
if [ $((SECONDS - start)) -lt 450 ]; then
  sweep alone-0b --device 0
else
  step "alone-0b skipped: $((SECONDS - start)) s used"
fi

step compare each GPU together against alone
for k in 0 1; do
  $bin compare --baseline "$work/alone-$k" --candidate "$work/both/device-$k" --out "$work/compare-$k" \
    >>"$log" 2>&1
  echo "compare device $k exit $? (1: some point SLOWER together)" | tee -a "$log"
  cp "$work/compare-$k/baseline.md" "$out/compare-$k.md" 2>/dev/null
done
if [ -d "$work/alone-0b" ]; then
  $bin compare --baseline "$work/alone-0" --candidate "$work/alone-0b" --out "$work/compare-drift" >>"$log" 2>&1
  echo "compare alone-0 against alone-0b (drift) exit $?" | tee -a "$log"
  cp "$work/compare-drift/baseline.md" "$out/compare-drift.md" 2>/dev/null
fi

# summary.csv: one row per GPU, strategy, item_ns and batch of the comparison's subset.
step summary
pick() { # CSV -> "strategy,item_ns,batch wall_ns host_ns" for the subset
  awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    ($c["strategy"] == "standard" || $c["strategy"] == "graph" || $c["strategy"] == "persistent") &&
    ($c["item_ns"] == 0 || $c["item_ns"] == 5000) {
      h = $c["host_ns"] == "" ? "NA" : $c["host_ns"]
      print $c["strategy"] "," $c["item_ns"] "," $c["batch"], $c["wall_ns"], h }' "$1" | sort
}
{
  echo "device,strategy,item_ns,batch,wall_ns_alone,wall_ns_together,together_over_alone,host_ns_per_item_alone,host_ns_per_item_together"
  for k in 0 1; do
    join <(pick "$work/alone-$k/measured.csv") <(pick "$work/both/device-$k/measured.csv") |
      awk -v k=$k '{ split($1, key, ","); n = key[3];
        printf "%s,%s,%.1f,%.1f,%.4f,%s,%s\n", k, $1, $2, $4, ($2 > 0 ? $4 / $2 : 0),
          ($3 == "NA" ? "" : sprintf("%.1f", $3 / n)), ($5 == "NA" ? "" : sprintf("%.1f", $5 / n)) }'
  done
} >"$out/summary.csv"
step "pack the runs"
tar -czf "$out/runs.tar.gz" -C "$work" . 2>>"$log"
step done
