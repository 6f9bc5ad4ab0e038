#!/usr/bin/env bash
# A short H200 lease (results/h200/lease90; README.md here): lease 89's part 2 alone, the bias
# proposal of results/h200/analysis-bias (proposal.sh, unchanged) with jobs until DEADLINE_S
# (default 50: two jobs) into it, for a session left with about 5 minutes of device time after
# lease 89 ran on an H100. Never changes GPU settings.
# usage: results/h200/lease90/produce.sh OUTDIR TAR [DEADLINE_S]   (repository root)
set -uo pipefail
o=${1:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
tarball=${2:?usage: produce.sh OUTDIR TAR [DEADLINE_S]}
deadline=${3:-50}
# shellcheck source=results/h200/prelude.sh
. "$(dirname "$0")/../prelude.sh"
mkdir -p "$o"
pkb_build . build-gpu pkbench || exit 1
echo "built at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
PKB_PK=build-gpu/harness/pkbench PKB_BACKEND=cuda bash results/h200/analysis-bias/proposal.sh "$o" "$tarball" "$deadline"
echo "proposal exit $? at ${SECONDS} s" | tee -a "$o/log.txt"
pkb_machine "$o/machine.txt"
pkb_pack "$o" "$tarball"
