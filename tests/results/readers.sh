#!/bin/sh
# A reader of archived leases: results/crosslease.sh on leases 72 and 73 (both archived,
# results/README.md "Archived folders"), which it restores under its own temporary folder. It
# must judge every pair (4 jobs each: 8 own, 32 across), name the sweeps by their folders (not the
# temporary copies) and leave nothing restored in the tree.
# usage: readers.sh SOURCE_DIR PKBENCH
set -u
src=$1 pk=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v jq >/dev/null || { echo "SKIP: no jq"; exit 77; }
cd "$src" || exit 1
for l in 72 73; do [ -f results/h200/lease$l/archive.tar.xz ] || fail "lease $l is not archived"; done
before=$(find results/h200/lease72 results/h200/lease73 -type f | LC_ALL=C sort | cksum)
out=$(sh results/crosslease.sh "$pk" 72 73 2>&1) || fail "crosslease.sh exited $?: $(echo "$out" | tail -n 1)"
own=$(echo "$out" | grep -c '| own |') across=$(echo "$out" | grep -c '| across |')
[ "$own" -eq 8 ] && [ "$across" -eq 32 ] || fail "$own own and $across across rows, not 8 and 32"
echo "$out" | grep '^| lease' | grep -v '^| lease7[23]/run[1-4] | lease7[23]/run[1-4] |' && fail "rows not named by their folders"
echo "$out" | grep -q '^- across: 32 pairs' || fail "no summary of the 32 pairs"
[ "$(find results/h200/lease72 results/h200/lease73 -type f | LC_ALL=C sort | cksum)" = "$before" ] || fail "files left in the tree"
echo "readers: crosslease.sh judged archived leases 72 and 73 (8 own, 32 across)"
