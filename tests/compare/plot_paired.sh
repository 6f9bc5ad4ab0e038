#!/bin/sh
# Invariant: the measured crossover a plot labels is said to be the medians' ("measured (medians)
# N = ..."), and where compare's summary.json beside the sweep gives the crossovers' paired check
# elsewhere (report.md's "measured (paired)") the label gives that too. H200 lease 94 run 3: at
# 1 µs the medians cross at N = 4, the paired check at N = 2; at 0 ns both at 2. A summary of
# other points (another count) is passed over.
# usage: plot_paired.sh PKBENCH SOURCE_DIR OUT_DIR
pk=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$src/results/h200/lease94/run3
"$pk" plot "$run" --out "$out/p" >/dev/null 2>"$out/err" || no "plot of lease94/run3 exited $?"
for p in crossover speedup savings; do
  grep -q '>measured (medians) N = 4; paired check N = 2<' "$out/p/$p.svg" ||
    no "$p.svg: 1 µs: $(grep -o '>measured[^<]*<' "$out/p/$p.svg" | tr '\n' ' ')"
  grep -q '>measured (medians) N = 2<' "$out/p/$p.svg" || no "$p.svg: 0 ns: no 'measured (medians) N = 2'"
  ! grep -q '>measured N = ' "$out/p/$p.svg" || no "$p.svg: a measured crossover not said to be the medians'"
done
# The same sweep with a summary of fewer points: the medians' crossovers alone.
mkdir "$out/other"
gzip -dc "$run/measured.csv.gz" >"$out/other/measured.csv" && cp "$run/params.json.gz" "$out/other/"
sed 's/"points_measured": [0-9]*/"points_measured": 7/' "$run/summary.json" >"$out/other/summary.json"
"$pk" plot "$out/other" --out "$out/po" >/dev/null 2>&1 || no "plot with another summary exited $?"
! grep -q 'paired check' "$out/po/crossover.svg" || no "another comparison's paired check was labelled"
[ $fail -eq 0 ] && echo "ok: the measured crossover is the medians', the paired check beside it"
exit $fail
