#!/bin/sh
# pkb_launch_position --pair on a GPU: a short run must print its per-round figures and the three
# rules, and keep one CSV row per round. Exits 77 (skipped) where no CUDA device is visible.
# usage: launch_pair.sh PKB_LAUNCH_POSITION
set -u
probe=$1
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
"$probe" --pair --n 16 --reps 20 --window 5 --csv "$dir/rounds.csv" > "$dir/out" 2> "$dir/err"
rc=$?
if [ "$rc" -eq 77 ] && grep -q "^pkb_launch_position: no cuda device" "$dir/err"; then
    cat "$dir/err"
    exit 77
fi
cat "$dir/out" "$dir/err"
[ "$rc" -eq 0 ] || { echo "FAIL: exit $rc"; exit 1; }
for rule in delta ratio fixed; do
    grep -Eq "^ +$rule +" "$dir/out" || { echo "FAIL: no $rule rule"; exit 1; }
done
grep -q "^# 4 windows of 5 rounds" "$dir/out" || { echo "FAIL: not 4 windows of 5 rounds"; exit 1; }
rows=$(wc -l < "$dir/rounds.csv")
[ "$rows" -eq 21 ] || { echo "FAIL: $rows lines in the CSV, not a header and 20 rounds"; exit 1; }
# Every round's two means are positive, and the busy burst is first in every other round.
awk -F, 'NR > 1 && ($4 <= 0 || $5 <= 0 || $3 != (NR % 2 ? "busy" : "idle")) { bad = 1 } END { exit bad }' \
    "$dir/rounds.csv" || { echo "FAIL: a round's figures or order"; exit 1; }
echo "ok"
