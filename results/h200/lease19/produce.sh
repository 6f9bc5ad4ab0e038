#!/usr/bin/env bash
# One lease of the H200 (results/h200/lease19): the final commit of the session's GPU tests and
# pkb_harness_overhead after its review fixes (bounded bare waits, --raw): every strategy with
# 40 pairs and --raw, then persistent-resident alone.
# usage: results/h200/lease19/produce.sh OUTDIR   (repository root, one NVIDIA GPU)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR}
mkdir -p "$o"
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
pkb_build . build-gpu || exit 1
pkb_machine "$o/machine.txt"
pkb_gpu_tests "$o"
pkb_overhead "$o" --pairs 40 --raw "$o/all-raw.csv"
pkb_overhead "$o" --pairs 60 --strategy persistent-resident
pkb_machine "$o/machine.txt"
