#!/bin/sh
# Invariant: a number list's range holds exactly its terms within lo..hi, never a wrapped one:
# pow2 and *F from 0 give 0 then the powers from 1; a *F whose next term passes 2^64 stops there
# (33554432:1e12:*549755813890 is 33554432 alone, not 15 wrapped values); a range that holds no
# value (3:3:pow2) is refused with one line, exit 2 (it said "out of memory"); and a grid in a
# folder's context whose pow2 range starts above 2^63 is refused at once by merge (it spun
# forever).
# usage: ranges.sh PKBENCH OUT_DIR
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
fail=0
# items RANGE WANT: the item durations a host sweep of RANGE lists, space-separated.
items() {
  got=$("$pk" sweep --backend host --strategy standard --batch 1 --item-ns "$1" --benchmark_list_tests 2>&1 |
    sed 's|^standard/item_ns:\([0-9]*\)/.*|\1|' | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$2" ] || { echo "--item-ns $1: '$got', expected '$2'"; fail=1; }
}
items 0:8:pow2 "0 1 2 4 8"
items 3:9:pow2 "4 8"
items 0:100:*10 "0 1 10 100"
items 0:0:*10 "0"
items 4:4:*2 "4"
items 33554432:1000000000000:*549755813890 "33554432"
items 999999999999:1000000000000:+1 "999999999999 1000000000000"
items 1:10:+3 "1 4 7 10"
for r in 3:3:pow2 9:15:pow2; do
  "$pk" sweep --backend host --strategy standard --batch 1 --item-ns "$r" --out "$out/x" >"$out/o" 2>"$out/e"
  rc=$?
  [ $rc -eq 2 ] && [ "$(cat "$out/e")" = "pkbench sweep: --item-ns: range '$r' holds no value" ] && [ ! -e "$out/x" ] ||
    { echo "--item-ns $r: exit $rc: $(cat "$out/e")"; fail=1; }
done
"$pk" sweep --backend host --out "$out/a" --item-ns 0 --batch 1:4:pow2 >/dev/null 2>&1 || { echo "the sweep failed"; exit 1; }
sed 's/^# context sweep_batch=.*/# context sweep_batch=9223372036854775809:9223372036854775810:pow2/' \
  "$out/a/measured.csv" >"$out/a/m" && mv "$out/a/m" "$out/a/measured.csv"
timeout 20 "$pk" merge "$out/a" --out "$out/m" >"$out/o" 2>"$out/e"
rc=$?
[ $rc -eq 2 ] && grep -q "context sweep_batch: .*holds no value" "$out/e" && [ ! -e "$out/m" ] ||
  { echo "a pow2 range above 2^63 in a context: merge exit $rc: $(cat "$out/e")"; fail=1; }
exit $fail
