#!/usr/bin/env bash
# Lease 117 (README.md here): the resident round trip against the host's pause since the last
# completion, from 0 to 3 µs (steps of 100 ns, as leases 43-44 and 76-77 read it), 0 to 7.5 µs
# (steps of 250) and 0 to 30 µs (steps of 1000), 3 rounds of 200 batches per pause each, raw
# rounds kept; then, in one more process each, a calibration (--reps 100) and two sweeps of the
# resident kernel alone at item 0, N = 1-8 and 16 (N = 3 is the calibration's B batch), ten
# interleaved passes, without and with --canary (the push canary beside every point); the
# machine's context before and after. Never changes GPU settings.
# usage: results/h200/lease117/produce.sh OUTDIR TAR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR}
tarball=${2:?usage: produce.sh OUTDIR TAR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu pkb_resident_phase pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
for step in 100 250 1000 100; do
    f=phase-$step; [ -e "$o/$f.txt" ] && f=$f-again
    timeout 120 build-gpu/kernels/pkb_resident_phase --step $step --reps 200 --rounds 3 --raw "$o/$f.csv" >"$o/$f.txt" 2>&1
    echo "pkb_resident_phase --step $step exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
done
P=build-gpu/harness/pkbench
timeout 120 $P calibrate --backend cuda --reps 100 --out "$o/params.json" >"$o/calibrate.log" 2>&1
echo "pkbench calibrate exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
for c in plain canary; do
    flag=; [ $c = canary ] && flag=--canary
    timeout 120 $P sweep --backend cuda --out "$o/res-$c" --strategy persistent-resident --item-ns 0 \
        --batch 1,2,3,4,5,6,7,8,16 --replicates 10 $flag >"$o/res-$c.log" 2>&1
    echo "pkbench sweep ($c) exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
    rm -f "$o/res-$c/.pkbench.lock"
done
pkb_machine "$o/machine.txt"
gzip -9n "$o"/*.csv "$o"/*.log "$o"/res-*/measured.json 2>/dev/null
tar czf "$tarball" -C "$(dirname "$o")" "$(basename "$o")"
