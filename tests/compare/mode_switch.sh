#!/bin/sh
# Invariant: a comparison written into a folder that holds the other kind's files removes them
# (they would read as its own): predicted against measured after baseline against candidate
# leaves no verdicts.csv or spread.csv, and baseline against candidate after it leaves no
# errors.csv, decisions.csv or predicted.csv; a prediction read from a file removes an earlier
# simulated predicted.csv, but never the file it reads.
# usage: mode_switch.sh PKBENCH FIX OUT
set -u
pk=$1 fix=$2 out=$3
rm -rf "$out" && mkdir -p "$out" || exit 1
fail=0
runs=$fix-r1,$fix-r2,$fix-r3
"$pk" compare --baseline "$runs" --candidate "$fix-r4" --out "$out/m" >/dev/null 2>&1
[ -f "$out/m/verdicts.csv" ] && [ -f "$out/m/spread.csv" ] || { echo "the comparison of runs wrote no verdicts or spread"; fail=1; }
"$pk" compare --measured "$fix" --params "$fix/params.json" --out "$out/m" >/dev/null 2>&1 ||
  { echo "predicted against measured failed"; fail=1; }
for f in verdicts.csv spread.csv; do
  [ ! -e "$out/m/$f" ] || { echo "predicted against measured left the comparison of runs' $f"; fail=1; }
done
# A prediction read from a file (--predicted): the earlier simulated predicted.csv goes too, unless
# it is the file read.
[ -f "$out/m/predicted.csv" ] || { echo "predicted against measured wrote no predicted.csv"; fail=1; }
cp "$out/m/predicted.csv" "$out/pred.csv"
"$pk" compare --measured "$fix" --predicted "$out/pred.csv" --out "$out/m" >/dev/null 2>&1 || { echo "--predicted failed"; fail=1; }
[ ! -e "$out/m/predicted.csv" ] || { echo "compare --predicted left an earlier simulated predicted.csv"; fail=1; }
cp "$out/pred.csv" "$out/m/predicted.csv"
"$pk" compare --measured "$fix" --predicted "$out/m/predicted.csv" --out "$out/m" >/dev/null 2>&1 &&
  [ -f "$out/m/predicted.csv" ] || { echo "compare --predicted OUT/predicted.csv removed the file it read"; fail=1; }
"$pk" compare --baseline "$runs" --candidate "$fix-r4" --out "$out/m" >/dev/null 2>&1
for f in errors.csv decisions.csv predicted.csv; do
  [ ! -e "$out/m/$f" ] || { echo "the comparison of runs left predicted against measured's $f"; fail=1; }
done
[ $fail -eq 0 ] && echo "ok: a comparison removes the other kind's files"
exit $fail
