#!/usr/bin/env bash
# The Slurm recipe (fleet/slurm/submit.sh) on a real Slurm (run under local-cluster.sh): a
# 4-task sweep array and its afterok merge job run `sweep --shard i/4 --out OUT/shard-i FLAGS`
# once for each i in 0..3 and `merge --from - --out OUT/merged` (OUT/shard-0 ... OUT/shard-3 on
# its standard input), and the merged grid has exactly the keys of the unsplit sweep, in its
# order; when the shards fail, the merge job is cancelled, nothing is merged, and
# `submit.sh --wait` exits 1.
# usage: local-cluster.sh array_merge.sh SUBMIT_SH PKBENCH
set -uo pipefail
submit=$1 pk=$2
n=4
# A host-backend grid of 16 points, a few seconds in all.
grid=(--backend host --strategy standard,persistent --item-ns 0,2000 --batch 1,2,4,8
      --max-time-s 0.02 --max-reps 50)
[ -n "${SLURM_CONF:-}" ] || { echo "SLURM_CONF is not set: run under local-cluster.sh"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
# The tidy CSV's point keys (strategy,item_ns,batch,grid,block), one a line, in file order.
keys() {
  awk -F, '/^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    { print $c["strategy"] "," $c["item_ns"] "," $c["batch"] "," $c["grid"] "," $c["block"] }' "$1"
}

# 1. Every shard succeeds: the merge job completes.
out=$tmp/ok
t0=$EPOCHREALTIME
"$submit" --shards $n --pkbench "$pk" --out "$out" --wait --wait-timeout 45 -- "${grid[@]}"
rc=$?
echo "array of $n + merge: submitted to merged in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
[ $rc -eq 0 ] || { no "submit.sh --wait exit $rc"; tail -n 5 "$out"/logs/*; }

# The merged grid: exactly the keys of the same sweep unsplit, each once, in the same order; a
# Google Benchmark benchmark per point; shard-i holds shard i of n.
"$pk" sweep "${grid[@]}" --out "$tmp/unsplit" >"$tmp/unsplit.log" 2>&1 || { no "unsplit sweep failed"; cat "$tmp/unsplit.log"; }
[ -f "$out/merged/measured.csv" ] || no "no $out/merged/measured.csv"
[ -f "$out/merged/measured.json" ] || no "no $out/merged/measured.json"
keys "$tmp/unsplit/measured.csv" >"$tmp/unsplit.keys"
keys "$out/merged/measured.csv" >"$tmp/merged.keys"
[ "$(wc -l <"$tmp/unsplit.keys")" -eq 16 ] || no "the unsplit sweep has $(wc -l <"$tmp/unsplit.keys") points, not 16"
diff "$tmp/unsplit.keys" "$tmp/merged.keys" >"$tmp/keys.diff" || { no "merged keys differ from the unsplit run's (< unsplit, > merged):"; cat "$tmp/keys.diff"; }
benches=$(grep -c '"run_name"' "$out/merged/measured.json" 2>/dev/null)
[ "$benches" = 16 ] || no "merged measured.json has $benches benchmarks, not 16"
for ((i = 0; i < n; i++)); do
  grep -q "^# context shard=$i/$n\$" "$out/shard-$i/measured.csv" 2>/dev/null || no "shard-$i is not shard $i/$n"
done

# 2. Every shard fails (an unknown backend): the merge job is cancelled and merges nothing.
out=$tmp/bad
"$submit" --shards $n --pkbench "$pk" --out "$out" --wait --wait-timeout 45 -- --backend nosuch >"$tmp/bad.log"
rc=$?
cat "$tmp/bad.log"
[ $rc -eq 1 ] || no "submit.sh --wait exit $rc when every shard failed, expected 1"
grep -q "ended CANCELLED" "$tmp/bad.log" || no "the merge job was not cancelled"
[ ! -e "$out/merged" ] || no "a merge ran after failed shards"

[ $fail -eq 0 ] && echo "ok: $n-shard array and merge"
exit $fail
