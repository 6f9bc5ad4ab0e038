#!/bin/sh
# Invariant: `pkbench simulate --mode additive` reproduces the seed's savings exactly: for every
# persistent row whose batch the seed decides as persistent-kernel:X, savings_ns == X; where the
# seed keeps standard launches, the additive savings are <= 0 (or the batch is 1).
# usage: additive_vs_decide.sh PKBENCH PRESET H S
set -u
pk=$1 preset=$2 h=$3 s=$4
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$pk" simulate --preset "$preset" --mode additive --strategy standard,persistent \
  --item-ns 0,1000,50000 --batch 1:16384:pow2,3,5,9,10,11,39,40,41 --out "$out/p.csv" >/dev/null || exit 1
grep -v '^#' "$out/p.csv" | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next}
  $c["strategy"]=="persistent"{print $c["batch"], $c["item_ns"], $c["savings_ns"]}' >"$out/rows"
[ -s "$out/rows" ] || { echo "no persistent rows"; exit 1; }
fail=0 n=0
while read -r batch item savings; do
  v=$("$pk" decide --batch "$batch" --launch-overhead-ns "$h" --item-ns "$item" --setup-ns "$s") || exit 1
  n=$((n + 1))
  case $v in
    persistent-kernel:*)
      want=${v#persistent-kernel:}
      if [ "$savings" != "$want" ]; then echo "batch $batch item $item: simulate $savings, seed $want"; fail=1; fi ;;
    *)
      if [ "$batch" -gt 1 ] && awk -v x="$savings" 'BEGIN{exit !(x > 0)}'; then
        echo "batch $batch item $item: seed says $v but additive savings $savings > 0"; fail=1
      fi ;;
  esac
done <"$out/rows"
[ $fail -eq 0 ] && echo "ok: $n persistent rows agree with the seed"
exit $fail
