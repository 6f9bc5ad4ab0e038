#!/bin/sh
# Every input-driven size is bounded: simulate refuses a run that would replay more than 1e9
# items (--batch 4294967295, --draws 1000000) and a timeline of more than 1e5 items (1e7 wrote
# 889 MB), exit 2 with one line and no output; --host-work-ns 1e15 finishes at once, refused
# (its times pass 1e18 ns, which the tidy reader refuses); compare refuses a
# batch beyond 2^32 - 1 (it ran forever) and, with --params, 20,000 measured rows at batch 1e5
# (2e9 items: past 60 s before), naming 'pkbench simulate' as the way; with that prediction given
# it joins the 20,000 rows (the test's timeout bounds it: it took 6 s at n^2).
# usage: limits.sh PKBENCH EXPECT_SH PARAMS_JSON
set -u
pk=$1 expect=$2 params=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
. "$(dirname "$0")/lib.sh"
refused "^pkbench simulate: --batch: the run would replay 1.07e\+11 items event by event, more than the limit of 1e\+09" -- \
  "$pk" simulate --preset seed-native --batch 4294967295 --out "$tmp/o.csv"
refused "^pkbench simulate: --draws: the run would replay .* items event by event" -- \
  "$pk" simulate --preset seed-native --draws 1000000 --out "$tmp/o.csv"
refused "^pkbench simulate: --timeline: a timeline of 10000000 items is more than the limit of 100000" -- \
  "$pk" simulate --preset seed-native --strategy standard --item-ns 0 --batch 10000000 --timeline "$tmp/t.csv" \
  --out "$tmp/o.csv"
"$pk" simulate --preset seed-native --host-work-ns 1e15 --out "$tmp/hw.csv" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "wall_ns is .*: beyond 1e18, which a results table may not hold" "$tmp/err" && [ ! -e "$tmp/hw.csv" ] ||
  { echo "--host-work-ns 1e15: exit $rc: $(cat "$tmp/err")"; fail=1; }

mkdir "$tmp/huge" "$tmp/big"
head='backend,device,source,strategy,item_ns,batch,grid,block,reps,wall_ns'
printf '%s\nhost,cpu,measured,standard,0,18446744073709551615,1,0,5,100\n' "$head" >"$tmp/huge/measured.csv"
refused "^pkbench compare: --measured: .*huge/measured.csv:2: batch 18446744073709551615, .* is out of range" -- \
  "$pk" compare --measured "$tmp/huge" --params "$params" --out "$tmp/cmp"
awk -v head="$head" 'BEGIN { print head; n = split("standard,standard-sync,graph,persistent,persistent-resident", s, ",");
  for (i = 0; i < 4000; i++) for (k = 1; k <= n; k++)
    printf "host,cpu,measured,%s,%d,100000,1,0,5,%d\n", s[k], i, 1e8 + i * 1000 + k }' >"$tmp/big/measured.csv"
refused "^pkbench compare: --params: simulating the 20000 measured points would replay 2e\+09 items .*run 'pkbench simulate' on them and pass --predicted$" -- \
  "$pk" compare --measured "$tmp/big" --params "$params" --out "$tmp/cmp"
sed 's/,measured,/,predicted,/' "$tmp/big/measured.csv" >"$tmp/pred.csv"
"$pk" compare --measured "$tmp/big" --predicted "$tmp/pred.csv" --out "$tmp/cmp" >"$tmp/out" 2>"$tmp/err" &&
  grep -q "20000 points joined" "$tmp/out" || { echo "compare of 20000 rows: $(cat "$tmp/err")"; fail=1; }
[ $fail -eq 0 ] && echo "ok: limits"
exit $fail
