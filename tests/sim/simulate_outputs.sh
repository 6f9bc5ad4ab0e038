#!/bin/sh
# Invariants of `pkbench simulate` output files:
#  - the default grid gives 5 strategies x 5 item durations x 15 batches = 375 predicted rows
#    with grid 1, block 0 and savings 0 on standard rows;
#  - the context's simulate_queue_depth is the Q simulated: the parameters' in des mode, 0 with
#    the closed form (which takes the queue as never full);
#  - a number given as -0 is written as 0;
#  - a stochastic run is reproducible (same seed: identical files), another seed (also one that
#    differs in its high 32 bits only) gives other walls, and p10 <= wall <= p90;
#  - --timeline writes one row per interval with the header strategy,actor,what,item,start_ns,
#    end_ns, N kernel rows for `standard`, ending at most at the predicted total;
#  - --workload predicts one row per strategy with ops = the number of kernels, in one step
#    (the file has no step column), step_ns = wall_ns.
set -u
pk=$1 src=$2
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail=0
col() { grep -v '^#' "$1" | awk -F, -v name="$2" 'NR==1{for(i=1;i<=NF;i++)if($i==name)k=i; next}{print $k}'; }

"$pk" simulate --preset seed-native --out "$d/grid.csv" >/dev/null || exit 1
# The seed's additive model costs persistent-resident at item 0 nothing (N x 0): those rows say
# 0, and compare takes the file (it refused its own simulate's output, naming a 0 total).
"$pk" simulate --preset seed-native --mode additive --out "$d/add.csv" >/dev/null || exit 1
[ "$(awk -F, '!/^#/ && $4 == "persistent-resident" && $5 == 0 && $10 == 0' "$d/add.csv" | wc -l)" -eq 15 ] ||
  { echo "persistent-resident at item 0 is not 0 ns at all 15 batches"; fail=1; }
"$pk" compare --measured "$src/../../results/h200" --predicted "$d/add.csv" --allow-missing --out "$d/cmp" \
  >"$d/cmp.log" 2>&1 || { echo "compare refused simulate's additive output:"; cat "$d/cmp.log"; fail=1; }
grep -q '^persistent-resident,0,1,1,0,[0-9.]*,[0-9.]*,[0-9.]*,0,.*,-1,' "$d/cmp/errors.csv" ||
  { echo "the 0 ns prediction is not in errors.csv as 0, off by -100%"; fail=1; }
# The closed form simulates no queue: its context says 0 (unbounded), not the parameters' Q.
for mode in des closed-form; do
  "$pk" simulate --params "$src/../../results/h200/params.json" --mode $mode --strategy standard --batch 4096 \
    --item-ns 20000 --out "$d/q-$mode.csv" >/dev/null || exit 1
done
grep -q '^# context simulate_queue_depth=[1-9][0-9]*$' "$d/q-des.csv" || { echo "des: no queue depth"; fail=1; }
grep -q '^# context simulate_queue_depth=0$' "$d/q-closed-form.csv" ||
  { echo "closed-form: the context names a queue depth it did not simulate"; fail=1; }
# A number given as -0 is 0, in the context as anywhere (it said simulate_host_work_ns=-0).
"$pk" simulate --preset seed-native --strategy standard --item-ns 0 --batch 1 --host-work-ns -0 --out "$d/z.csv" \
  >/dev/null || exit 1
grep -qx '# context simulate_host_work_ns=0' "$d/z.csv" || { echo "--host-work-ns -0: $(grep host_work "$d/z.csv")"; fail=1; }
rows=$(grep -v '^#' "$d/grid.csv" | tail -n +2 | wc -l)
[ "$rows" -eq 375 ] || { echo "default grid: $rows rows, expected 375"; fail=1; }
[ "$(col "$d/grid.csv" source | sort -u)" = predicted ] || { echo "source not predicted"; fail=1; }
[ "$(col "$d/grid.csv" grid | sort -u)" = 1 ] || { echo "grid not 1"; fail=1; }
[ "$(col "$d/grid.csv" block | sort -u)" = 0 ] || { echo "block not 0"; fail=1; }

for i in 1 2; do
  "$pk" simulate --preset seed-portable --strategy standard,persistent --item-ns 1000 --batch 64 \
    --draws 51 --seed 7 --jitter-cv 0.3 --out "$d/s$i.csv" >/dev/null || exit 1
done
cmp -s "$d/s1.csv" "$d/s2.csv" || { echo "stochastic runs with one seed differ"; fail=1; }
# Another seed draws other costs: 8, and 7 + 2^32 (a seed's high bits count too).
for s in 8 4294967303; do
  "$pk" simulate --preset seed-portable --strategy standard,persistent --item-ns 1000 --batch 64 \
    --draws 51 --seed $s --jitter-cv 0.3 --out "$d/o$s.csv" >/dev/null || exit 1
  [ "$(col "$d/s1.csv" wall_ns)" != "$(col "$d/o$s.csv" wall_ns)" ] || { echo "seed $s draws what seed 7 does"; fail=1; }
done
grep -v '^#' "$d/s1.csv" | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next}
  { if (!($c["wall_ns_p10"] <= $c["wall_ns"] && $c["wall_ns"] <= $c["wall_ns_p90"] && $c["wall_ns_p10"] < $c["wall_ns_p90"] && $c["reps"] == 51)) { print "bad quantiles: " $0; bad=1 } }
  END{exit bad}' || fail=1

"$pk" simulate --preset seed-native --strategy standard --item-ns 20000 --batch 8 \
  --timeline "$d/tl.csv" --out "$d/one.csv" >/dev/null || exit 1
[ "$(head -1 "$d/tl.csv")" = "strategy,actor,what,item,start_ns,end_ns" ] || { echo "timeline header"; fail=1; }
kernels=$(grep -c '^standard,device,kernel,' "$d/tl.csv")
[ "$kernels" -eq 8 ] || { echo "timeline: $kernels kernels, expected 8"; fail=1; }
total=$(col "$d/one.csv" wall_ns)
awk -F, -v t="$total" 'NR>1 && ($6 > t || $5 > $6){print "interval outside [0, total]: " $0; bad=1} END{exit bad}' "$d/tl.csv" || fail=1

"$pk" simulate --preset seed-native --workload "$src/workload_ok.csv" --out "$d/wl.csv" >/dev/null || exit 1
[ "$(col "$d/wl.csv" ops | sort -u)" = 4 ] || { echo "workload ops is not 4"; fail=1; }
[ "$(col "$d/wl.csv" steps | sort -u)" = 1 ] || { echo "workload steps is not 1"; fail=1; }
[ "$(grep -v '^#' "$d/wl.csv" | tail -n +2 | wc -l)" -eq 5 ] || { echo "workload: not 5 rows"; fail=1; }
grep -v '^#' "$d/wl.csv" | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next}
  $c["wall_ns"] != $c["step_ns"] {print "workload: step_ns differs from wall_ns in one step: " $0; bad=1} END{exit bad}' || fail=1
[ $fail -eq 0 ] && echo "ok"
exit $fail
