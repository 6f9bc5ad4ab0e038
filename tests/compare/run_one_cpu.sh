#!/bin/sh
# Invariant: with one CPU in the affinity mask, 'pkbench run --backend host' still runs the
# whole host loop, exits 0 with its report, and the run, the params context and the report say
# that nothing could be pinned (so a gate that would fail is inconclusive). Skips (77) without
# taskset.
# usage: run_one_cpu.sh PKBENCH OUT_DIR
pk=$1 out=$2
command -v taskset >/dev/null 2>&1 || { echo "no taskset: skipped"; exit 77; }
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')
rm -rf "$out"
mkdir -p "$(dirname "$out")"
taskset -c "$cpu" "$pk" run --backend host --quick --out "$out" >"$out.stdout" 2>"$out.stderr"
rc=$?
fail=0
[ $rc -eq 0 ] || { echo "exited $rc, expected 0:"; cat "$out.stderr"; fail=1; }
[ -s "$out/host/report.md" ] || { echo "no report"; fail=1; }
grep -q "pinning: nothing pinned: 1 CPU in the affinity mask" "$out.stdout" || { echo "the run does not say nothing was pinned:"; cat "$out.stdout"; fail=1; }
grep -q '"pinned_cpus": "none"' "$out/host/params.json" || { echo "params context lacks pinned_cpus none"; fail=1; }
grep -q -- "- pinning: nothing pinned: 1 CPU in the affinity mask" "$out/host/report.md" || { echo "the report does not say nothing was pinned"; fail=1; }
grep -q "gate fail" "$out.stdout" && { echo "a gate failed, not inconclusive, with nothing pinned:"; cat "$out.stdout"; fail=1; }
exit $fail
