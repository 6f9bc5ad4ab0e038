#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease16, issue 11): the GPU tests, then what the 4-word
# alignment of persistent batches (align.patch, re-applied in 63bc2aa) changes and where the
# persistent strategy's excess at N = 1 in runs of every strategy comes from:
#   align    pkb_harness_overhead --before persistent:2 --strategy persistent, 8 times, built
#            with and without align.patch (alternating, order flipped each round): a batch of 2
#            leaves the ring's next position odd, where lease 14 found 1.05-1.10 at N = 1
#   order    --strategy L for L in persistent, graph+persistent, standard-sync+persistent,
#            standard+persistent and every strategy, twice each (rotated): which earlier
#            strategy makes the harness's persistent N = 1 dearer
#   resident --strategy persistent-resident with --raw, twice: its round trip's distribution
#   bench    pkb_test_cuda bench
# usage: results/h200/lease16/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
here=$(dirname "$0")
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$here/../prelude.sh"
log="$o/log.txt"
pkb_build . build-gpu || exit 1
noalign=$(mktemp -d)
trap 'rm -rf "$noalign"' EXIT
tar --exclude='./build*' --exclude=./.git --exclude=./.gpuout --exclude=./.deps -cf - . | tar -C "$noalign" -xf -
(cd "$noalign" && patch -s -R -p1 <"$OLDPWD/$here/align.patch") || { echo "align.patch does not reverse"; exit 1; }
pkb_build "$noalign" build-noalign pkb_harness_overhead || exit 1
pkb_machine "$o/machine.txt"
timeout 240 ctest --test-dir build-gpu -L "gpu|cuda" --output-on-failure >"$o/gpu-tests.txt" 2>&1
echo "ctest -L 'gpu|cuda' exit $?" | tee -a "$log"
ovh() { # NAME BUILD ARGS...: one run, its output appended to OUT/NAME.txt
  local name=$1 bld=$2
  shift 2
  echo "## $bld $*" >>"$o/$name.txt"
  timeout 120 "$bld/kernels/pkb_harness_overhead" "$@" >>"$o/$name.txt" 2>&1
  echo "$name: $bld $* exit $?" | tee -a "$log"
}
for k in 1 2 3 4; do
  if [ $((k % 2)) = 1 ]; then ways="build-gpu build-noalign"; else ways="build-noalign build-gpu"; fi
  for w in $ways; do ovh align "$w" --pairs 60 --before persistent:2 --strategy persistent; done
done
lists=(persistent graph,persistent standard-sync,persistent standard,persistent
  standard,standard-sync,graph,persistent,persistent-resident)
for k in 0 1; do
  for i in 0 1 2 3 4; do
    ovh order build-gpu --pairs 40 --strategy "${lists[$(((i + 2 * k) % 5))]}"
  done
done
for k in 1 2; do
  ovh resident build-gpu --pairs 60 --strategy persistent-resident --raw "$o/resident-raw-$k.csv"
done
timeout 100 build-gpu/tests/gpu/pkb_test_cuda bench >"$o/bench.txt" 2>&1
echo "pkb_test_cuda bench exit $?" | tee -a "$log"
pkb_machine "$o/machine.txt"
