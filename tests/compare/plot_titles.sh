#!/bin/sh
# Invariant: the plots' titles claim only what they draw. Without a prediction or params the
# crossover plot says "measured" (not "measured and simulated") and savings names neither the
# seed model nor the simulator; with both it names them. A sweep read from measured.partial.csv
# alone (no measured.csv) says "(partial sweep)" in every title's shape line, not only on stderr.
# usage: plot_titles.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
rm -rf "$out" && mkdir -p "$out/m" "$out/part"
fail=0
no() { echo "FAIL: $*"; fail=1; }
cp "$fix/measured.csv" "$out/m/"
"$pk" plot "$out/m" --out "$out/pm" >/dev/null || no "plot of the measured points alone exited $?"
grep -q '>Total time per batch, measured: ' "$out/pm/crossover.svg" ||
  no "crossover.svg without a prediction: $(grep -o '>Total time per batch[^<]*' "$out/pm/crossover.svg")"
grep -q '>Savings of persistent over standard: measured: ' "$out/pm/savings.svg" ||
  no "savings.svg without a prediction: $(grep -o '>Savings of[^<]*' "$out/pm/savings.svg")"
"$pk" plot "$fix" --out "$out/pf" >/dev/null || no "plot of the fixture exited $?"
grep -q '>Total time per batch, measured and simulated: ' "$out/pf/crossover.svg" ||
  no "crossover.svg with a prediction: $(grep -o '>Total time per batch[^<]*' "$out/pf/crossover.svg")"
grep -q '>Savings of persistent over standard: measured, seed model and simulator: ' "$out/pf/savings.svg" ||
  no "savings.svg with params and a prediction: $(grep -o '>Savings of[^<]*' "$out/pf/savings.svg")"
! grep -q 'partial sweep' "$out/pf/plot-data/meta.gp" || no "a complete sweep is called partial"
cp "$fix/measured.csv" "$out/part/measured.partial.csv"
"$pk" plot "$out/part" --out "$out/pp" >/dev/null 2>"$out/pp.err" || no "plot of a partial sweep exited $?"
grep -q 'holds only a partial result' "$out/pp.err" || no "stderr does not say the sweep is partial: '$(cat "$out/pp.err")'"
grep -q "^SHAPE = '.* (partial sweep)'" "$out/pp/plot-data/meta.gp" ||
  no "SHAPE does not say partial: $(grep '^SHAPE' "$out/pp/plot-data/meta.gp")"
for p in crossover speedup savings decision-map; do
  grep -q '(partial sweep)<' "$out/pp/$p.svg" || no "$p.svg's title does not say partial"
done
[ $fail -eq 0 ] && echo "ok: the titles claim what is drawn"
exit $fail
