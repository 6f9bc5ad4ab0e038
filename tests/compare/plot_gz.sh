#!/bin/sh
# Invariant: a results folder that keeps its files gzipped (the committed H200 leases) is plotted
# as its unzipped copy is: DIR/predicted.csv.gz is taken as DIR/measured.csv.gz is, and the
# prediction plotted from it is the unzipped prediction's (the same crossover-p.dat, accuracy.dat
# and crossovers.csv as with --predicted naming the unzipped file). DIR/timeline.csv.gz likewise:
# the timeline plotted from it is the unzipped timeline's.
# usage: plot_gz.sh PKBENCH SOURCE_DIR OUT_DIR
pk=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out/gz" "$out/plain"
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$src/results/h200/lease110/run1
cp "$run/measured.csv.gz" "$run/predicted.csv.gz" "$out/gz/" # no params: the prediction is the file's alone
gzip -dc "$run/measured.csv.gz" >"$out/plain/measured.csv" && gzip -dc "$run/predicted.csv.gz" >"$out/plain/pred.csv" ||
  { echo "cannot unpack $run"; exit 1; }
"$pk" simulate --params "$run/params.json.gz" --strategy standard --item-ns 1000 --batch 8 --timeline "$out/plain/tl.csv" \
  --out "$out/sim.csv" >/dev/null 2>&1 && gzip -c "$out/plain/tl.csv" >"$out/gz/timeline.csv.gz" ||
  { echo "cannot simulate a timeline"; exit 1; }
"$pk" plot "$out/gz" --out "$out/pgz" >"$out/gz.out" 2>&1 || no "plot of the gzipped folder exited $?: $(cat "$out/gz.out")"
! grep -q '^skipped accuracy' "$out/gz.out" || no "predicted.csv.gz was not taken: $(grep skipped "$out/gz.out")"
! grep -q '^skipped timeline' "$out/gz.out" || no "timeline.csv.gz was not taken: $(grep skipped "$out/gz.out")"
"$pk" plot "$out/plain" --predicted "$out/plain/pred.csv" --timeline "$out/plain/tl.csv" --out "$out/pplain" >/dev/null 2>&1 ||
  no "plot of the unzipped copy exited $?"
for f in crossover-p.dat accuracy.dat crossovers.csv timeline.dat; do
  [ -s "$out/pgz/plot-data/$f" ] && cmp -s "$out/pgz/plot-data/$f" "$out/pplain/plot-data/$f" ||
    no "plot-data/$f differs from the unzipped inputs'"
done
grep -q '^[0-9]' "$out/pgz/plot-data/crossover-p.dat" || no "crossover-p.dat holds no prediction"
# A folder where DIR's predicted.csv or timeline.csv would be is refused (exit 2, one line naming
# it, not a flag that was not given; nothing written), as params.json is.
for f in predicted.csv timeline.csv; do
  rm -rf "$out/dir" "$out/pdir" && mkdir -p "$out/dir/$f" && cp "$out/plain/measured.csv" "$out/dir/" || exit 1
  "$pk" plot "$out/dir" --out "$out/pdir" >"$out/dir.out" 2>"$out/dir.err"
  rc=$?
  [ $rc -eq 2 ] && [ "$(cat "$out/dir.err")" = "pkbench plot: $out/dir/$f: is a directory" ] && [ ! -e "$out/pdir" ] ||
    no "a folder at DIR/$f: exit $rc, $(cat "$out/dir.err")"
done
[ $fail -eq 0 ] && echo "ok: predicted.csv.gz and timeline.csv.gz are plotted as their unzipped copies"
exit $fail
