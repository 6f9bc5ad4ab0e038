#!/bin/sh
# Invariants of `pkbench trace import` on good traces:
# - the hand-made PyTorch profiler traces give exactly the committed workloads (steps from
#   ProfilerStep markers; steps from synchronisations; graph launches; memcpy/memset; kernels
#   outside the steps or without their launch call dropped and counted);
# - the same trace earlier (negative times) or at a Unix epoch time gives the same rows;
# - gzip (one member or two) gives the same rows as the plain JSON;
# - the Nsight Systems export of the same events gives the same rows and steps;
# - --step-marker and --allow-unknown-events do what they say;
# - `pkbench simulate --workload` reads the file that import writes and replays its steps.
# usage: imports.sh PKBENCH SRCDIR MAKE_DB
set -u
pk=$1 src=$2 make_db=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$(dirname "$0")/fixtures.sh" "$src" "$make_db" "$dir" || exit 1
cd "$dir" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
import() { # FILE OUT [options]: import quietly, failing loudly
  f=$1 o=$2
  shift 2
  "$pk" trace import "$f" --out "$o" "$@" >import.log 2>&1 || { bad "import $f $*"; cat import.log; }
}
rows() { grep -v '^#' "$1" | cut -d, -f1-15; }             # the rows without the name column
steps() { grep -E '^# (steps|step_source|ops|launches|kernel|memcpy|memset|dropped_[a-z_]*)=|^# step ' "$1"; }

import steps.trace.json steps.csv
grep -v '^# pkbench_version=' steps.csv | diff "$src/steps.workload.csv" - || bad "steps.trace.json differs from steps.workload.csv"
# The summary, worked by hand from steps.workload.csv: kernels 1000..4000 (median of six: 1750);
# host gaps of each call's first row, the first included since a marker starts its step (6000,
# 6500, 7000, 10000, 10000, 12000: 8500); the two ops the header counts as dropped, said.
grep -qx 'trace import: 7 ops (6 kernels, 0 memcpy, 1 memset) in 2 steps (marker) from steps.trace.json; median kernel 1750 ns, median host gap 8500 ns; ops left out: 1 without a launch call, 1 outside every step; written to steps.csv' import.log ||
  bad "summary line: $(cat import.log)"
# One launch call and no marker: no gap to take a median of, and no "0 ns" said for one.
import "$src/overlap.trace.json" overlap.csv
grep -q '; median kernel 1000 ns, no host gap; written to overlap.csv$' import.log || bad "summary line: $(cat import.log)"
import syncs.trace.json syncs.csv
grep -v '^# pkbench_version=' syncs.csv | diff "$src/syncs.workload.csv" - || bad "syncs.trace.json differs from syncs.workload.csv"
# The same trace 60 s earlier, its times negative: the same rows (times are the first step's
# offsets), and no overflow where the last step's end is left open (a fuzzer's find).
perl -pe 's/"ts": ([0-9.]+)/sprintf("\"ts\": %.3f", $1 - 60000000)/ge' "$src/syncs.trace.json" >early.trace.json
import early.trace.json early.csv
rows syncs.csv >syncs.rows; rows early.csv >early.rows
diff syncs.rows early.rows || bad "syncs.trace.json 60 s earlier gives other rows"
# ...and at a Unix epoch time, as older PyTorch profilers wrote "ts" (1.69e15 us: beyond the
# 2^60 ns the reader took before): the same rows.
perl -pe 's/"ts": ([0-9.]+)/sprintf("\"ts\": %.3f", $1 + 1690000000000000)/ge' "$src/syncs.trace.json" >epoch.trace.json
grep -q '"ts": 169000000000' epoch.trace.json || bad "the epoch trace was not made"
import epoch.trace.json epoch.csv
rows epoch.csv >epoch.rows
diff syncs.rows epoch.rows || bad "syncs.trace.json at an epoch time gives other rows"

for gz in steps.trace.json.gz two_members.trace.json.gz; do
  import $gz gz.csv
  diff steps.csv gz.csv | grep '^[<>]' | grep -v '^[<>] # source_file=' && bad "$gz differs from the plain JSON"
done

import steps.nsys.sqlite nsys.csv
rows steps.csv >chrome.rows; rows nsys.csv >nsys.rows
diff chrome.rows nsys.rows || bad "the Nsight export gives other rows than the Chrome trace"
steps steps.csv >chrome.steps; steps nsys.csv >nsys.steps
diff chrome.steps nsys.steps || bad "the Nsight export gives other steps than the Chrome trace"
for l in '# source_format=nsys-sqlite' '# source_format_version=3.24.14' '# device=NVIDIA H200' '# step_marker=ProfilerStep#'; do
  grep -qxF "$l" nsys.csv || bad "nsys.csv lacks '$l'"
done
grep -q ',graph_kernel_b$' nsys.csv || bad "nsys.csv: short kernel names expected"

# No marker of that name: steps fall back to synchronisations (three: the kernel after the last
# sync is a step of its own), and nothing is dropped as outside the steps.
import steps.trace.json nomarker.csv --step-marker NoSuchMarker#
for l in '# steps=3' '# step_source=sync' '# dropped_outside_steps=0' '# ops=8'; do
  grep -qxF "$l" nomarker.csv || bad "nomarker.csv lacks '$l'"
done

import unknown_kind.trace.json unknown.csv --allow-unknown-events
for l in '# unknown_events=1' '# ops=1' '# steps=1' '# step_source=none'; do
  grep -qxF "$l" unknown.csv || bad "unknown.csv lacks '$l'"
done

# The first Kineto releases (PyTorch 1.8, 1.9) named the kinds Operator, Runtime, Kernel, Memset;
# their step markers were Operator events.
import legacy.trace.json legacy.csv
for l in '# steps=1' '# step_source=marker' '# ops=2' '# kernel=1' '# memset=1' \
         '0,0,0,memset,7,0,0,0x0x0,0x0x0,5000,260000,10000,260000,280000,0,Memset (Device)' \
         '1,0,1,kernel,7,1,32,1x1x1,32x1x1,15000,15000,5000,285000,330000,0,void cunn_ClassNLLCriterion_updateGradInput_kernel<float>'; do
  grep -qxF "$l" legacy.csv || bad "legacy.csv lacks '$l'"
done

# A marker inside another that the prefix also names ("train_step/fwd" in "train_step") is part
# of the outer step: all three launches are kept, in one step whose parts add up to its span.
import nested.trace.json nested.csv --step-marker train_step
for l in '# steps=1' '# ops=3' '# dropped_outside_steps=0' \
         '# step index=0 number=0 start_ns=0 span_ns=200000 sync_ns=0 tail_ns=45000 ops=3 launches=3'; do
  grep -qxF "$l" nested.csv || bad "nested.csv lacks '$l'"
done
[ "$(rows nested.csv | tail -n +2 | cut -d, -f11 | tr '\n' ' ')" = "10000 45000 85000 " ] || bad "nested.csv: host gaps"
# Launch calls of two threads that overlap: a gap counts from the latest end of the calls before
# (thread 1's [10, 20] us holds thread 2's [12, 18] us; its next call at 25 us is 5 us later).
import threads.trace.json threads.csv
[ "$(rows threads.csv | tail -n +2 | cut -d, -f11 | tr '\n' ' ')" = "10000 0 5000 " ] || bad "threads.csv: host gaps"

# The replay of the imported steps (seed-native: L = g = sync = 0): one row per strategy; standard
# replays the trace's host time, so its total lies between the steps' spans less their sync time
# (170 us) and the spans (200 us), and its per-step figure is half of it.
"$pk" simulate --preset seed-native --workload steps.csv --out predicted.csv >sim.log 2>&1 || { bad "simulate --workload"; cat sim.log; }
[ "$(grep -v '^#' predicted.csv | tail -n +2 | cut -d, -f1 | tr '\n' ' ')" = \
  "standard standard-sync graph persistent persistent-resident " ] || bad "simulate --workload: not the five strategies"
grep -v '^#' predicted.csv | awk -F, 'NR==1{for(i=1;i<=NF;i++)c[$i]=i; next}
  $1=="standard" && !($c["wall_ns"] >= 170000 && $c["wall_ns"] <= 200000 && $c["step_ns"] == $c["wall_ns"] / 2 && $c["steps"] == 2) {
    print "standard as traced: " $0; bad=1 } END{exit bad}' || bad "simulate --workload: standard is not the traced steps"
# Its timeline under graph: one replay per step, one node per op numbered on across the steps,
# ending at the predicted total.
"$pk" simulate --preset seed-native --workload steps.csv --strategy graph --timeline tl.csv --out g.csv >sim.log 2>&1 ||
  { bad "simulate --workload --timeline"; cat sim.log; }
[ "$(grep -c '^graph,host,launch,' tl.csv)" -eq 2 ] || bad "graph timeline: not one launch per step"
[ "$(grep '^graph,graph,node,' tl.csv | cut -d, -f4 | tr '\n' ' ')" = "0 1 2 3 4 5 6 " ] || bad "graph timeline: nodes"
total=$(grep '^graph,' g.csv | cut -d, -f6)
[ "$(cut -d, -f6 tl.csv | sort -g | tail -1)" = "$total" ] || bad "graph timeline does not end at the total $total"
# Under standard the last step's tail (38 us of host work after its sync) is the timeline's last
# host work, ending at the total.
"$pk" simulate --preset seed-native --workload steps.csv --strategy standard --timeline tl-std.csv --out s.csv \
  >sim.log 2>&1 || { bad "simulate --workload --timeline (standard)"; cat sim.log; }
total=$(grep '^standard,' s.csv | cut -d, -f6)
last=$(grep '^standard,host,work,' tl-std.csv | tail -1)
[ "$(echo "$last" | cut -d, -f6)" = "$total" ] && [ "$(cut -d, -f6 tl-std.csv | sort -g | tail -1)" = "$total" ] &&
  [ "$(echo "$last" | awk -F, '{ print $6 - $5 }')" = 38000 ] ||
  bad "standard timeline: its last host work ($last) is not the 38 us tail ending at the total $total"

[ $fail -eq 0 ] && echo "ok: trace imports"
exit $fail
