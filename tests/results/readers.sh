#!/bin/sh
# The readers of archived leases (results/README.md, "Archived folders"), each restoring them
# under its own temporary folder:
#  - results/crosslease.sh on leases 72 and 73 (both archived) judges every pair (4 jobs each:
#    8 own, 32 across), names every row by the folders (not the temporary copies) and leaves
#    nothing restored in the tree;
#  - results/targets.sh and results/h200/hdrift.sh, in a repository made of lease 72 alone, give
#    its four jobs' rows by their folders, and stop with an error (not a shorter table) when an
#    archive cannot be restored;
#  - results/residentb.sh on lease 72 gives its four jobs by their folders.
# results/floor.sh has its own test (floor.sh here).
# usage: readers.sh SOURCE_DIR PKBENCH
set -u
src=$1 pk=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v jq >/dev/null && command -v git >/dev/null || { echo "SKIP: no jq or git"; exit 77; }
case $pk in /*) ;; *) pk=$PWD/$pk ;; esac
cd "$src" || exit 1
for l in 72 73; do [ -f results/h200/lease$l/archive.tar.xz ] || fail "lease $l is not archived"; done
before=$(find results/h200/lease72 results/h200/lease73 -type f | LC_ALL=C sort | cksum)
out=$(sh results/crosslease.sh "$pk" 72 73 2>&1) || fail "crosslease.sh exited $?: $(echo "$out" | tail -n 1)"
own=$(echo "$out" | grep -c '| own |') across=$(echo "$out" | grep -c '| across |')
[ "$own" -eq 8 ] && [ "$across" -eq 32 ] || fail "$own own and $across across rows, not 8 and 32"
echo "$out" | grep '^| ' | sed 1,2d | grep -v '^| lease7[23]/run[1-4] | lease7[23]/run[1-4] |' && fail "crosslease rows not named by their folders"
echo "$out" | grep -q '^- across: 32 pairs' || fail "no summary of the 32 pairs"
[ "$(find results/h200/lease72 results/h200/lease73 -type f | LC_ALL=C sort | cksum)" = "$before" ] || fail "files left in the tree"
# results/residentb.sh on lease 72 (archived): its four jobs by their folders, the summaries over
# four, nothing left in the tree; a folder that is not there, or holds no such job, refused.
before=$(find results/h200/lease72 -type f | LC_ALL=C sort | cksum)
out=$(sh results/residentb.sh "$pk" results/h200/lease72 2>&1) || fail "residentb.sh exited $?: $(echo "$out" | tail -n 1)"
[ "$(echo "$out" | grep -c '^| h200/lease72/run[1-4] | [0-9]* | [0-9]* | [0-9]* | [-+][0-9]* ns ([-+][0-9.]*%) | [-+][0-9]* ns |$')" -eq 4 ] ||
  fail "residentb.sh did not give lease 72's four jobs: $(echo "$out" | head -6)"
[ "$(echo "$out" | grep -c '^- .*: 4 jobs;\|^- between jobs (their means): 4;\|^- within jobs (rows from their job.s mean): 20;')" -eq 4 ] ||
  fail "residentb.sh's summaries: $(echo "$out" | tail -4)"
[ "$(find results/h200/lease72 -type f | LC_ALL=C sort | cksum)" = "$before" ] || fail "residentb.sh left files in the tree"
sh results/residentb.sh "$pk" results/h200/no-such-lease >/dev/null 2>&1
[ $? -eq 2 ] || fail "residentb.sh on a missing folder: not exit 2"
sh results/residentb.sh "$pk" results/h200/lease13 >/dev/null 2>&1
[ $? -eq 2 ] || fail "residentb.sh on a lease without such jobs: not exit 2"
# A calibration without B (named), and a sweep without its canary column (no job left), in a
# folder whose name has a space: each exit 2 with one line, and nothing on stdout.
rb=$(mktemp -d) && mkdir -p "$rb/x y/l" && cp -R results/h100-sxm/lease98/run1 "$rb/x y/l/" || fail "could not copy lease 98"
gzip -dc "$rb/x y/l/run1/params-before.json.gz" | jq 'del(.params.persistent_batch_ns)' | gzip >"$rb/pb.gz" &&
  mv "$rb/pb.gz" "$rb/x y/l/run1/params-before.json.gz"
sh results/residentb.sh "$pk" "$rb/x y/l" >"$rb/out" 2>"$rb/err"
[ $? -eq 2 ] && [ ! -s "$rb/out" ] && [ "$(wc -l <"$rb/err")" -eq 1 ] && grep -q "params-before.json.gz: no parameter persistent_batch_ns" "$rb/err" ||
  fail "residentb.sh with a calibration without B: $(cat "$rb/out" "$rb/err")"
cp results/h100-sxm/lease98/run1/params-before.json.gz "$rb/x y/l/run1/"
gzip -dc "$rb/x y/l/run1/measured.csv.gz" | sed 's/,canary_host_ns,/,canary,/' | gzip >"$rb/m.gz" && mv "$rb/m.gz" "$rb/x y/l/run1/measured.csv.gz"
sh results/residentb.sh "$pk" "$rb/x y/l" >"$rb/out" 2>"$rb/err"
[ $? -eq 2 ] && [ ! -s "$rb/out" ] && [ "$(wc -l <"$rb/err")" -eq 1 ] && grep -q "no main job with both calibrations and a --canary sweep" "$rb/err" ||
  fail "residentb.sh with a sweep without its canary: $(cat "$rb/out" "$rb/err")"
rm -rf "$rb"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
r=$tmp/repo
mkdir -p "$r/results/h200" && cp results/archive.sh results/targets.sh "$r/results/" && cp results/h200/hdrift.sh "$r/results/h200/" &&
  cp -pR results/h200/lease72 "$r/results/h200/" && git -C "$r" init -q && git -C "$r" add -A || fail "could not make a repository"
cd "$r" || exit 1
out=$(sh results/targets.sh "$pk" 2>&1) || fail "targets.sh exited $?: $(echo "$out" | tail -n 1)"
rows=$(echo "$out" | grep -c '^| h200/lease72/run[1-4] | [0-9a-f]\{7\} | \(calibrated\|host state\) |')
[ "$rows" -eq 8 ] || fail "targets.sh gave $rows rows of lease 72, not 8: $(echo "$out" | head -5)"
echo "$out" | grep '^| ' | sed 1,2d | grep -v '^| h200/lease72/' && fail "targets.sh rows not named by their folders"
out=$(sh results/h200/hdrift.sh 2>&1) || fail "hdrift.sh exited $?: $(echo "$out" | tail -n 1)"
[ "$(echo "$out" | grep -c '^| lease72/run[1-4] |')" -eq 4 ] || fail "hdrift.sh did not give lease 72's four jobs: $(echo "$out" | head -5)"
# An archive that cannot be restored: both stop, exit non-zero.
mkdir results/h200/lease73 && printf 'garbage' >results/h200/lease73/archive.tar.xz && git add -A
sh results/targets.sh "$pk" >"$tmp/out" 2>"$tmp/err" && fail "targets.sh exited 0 with a damaged archive ($(wc -l <"$tmp/out") lines)"
grep -q 'lease73/archive.tar.xz: not an xz file' "$tmp/err" || fail "targets.sh's error: $(cat "$tmp/err")"
sh results/h200/hdrift.sh >"$tmp/out" 2>"$tmp/err" && fail "hdrift.sh exited 0 with a damaged archive"
grep -q 'lease73/archive.tar.xz: not an xz file' "$tmp/err" || fail "hdrift.sh's error: $(cat "$tmp/err")"
echo "readers: crosslease.sh, targets.sh, hdrift.sh and residentb.sh read archived leases, and stop at a damaged one"
