#!/bin/sh
# Invariant: on the synthetic directory, compare writes a report naming the device with every
# section, and errors.csv with one row per measured point (4 items x 11 batches x 5 strategies)
# whose relative errors stay within the fixture's +-3% noise, and decisions.csv with one row per
# batch where standard and persistent were both measured, and summary.json (strict JSON) whose
# gates, verdict, per-strategy MAPE and crossovers agree with the report, and whose overall
# accuracy (MAPE, aggregate error, share within 10%, in percent) is errors.csv's; without --out the same
# report goes to standard output, a failed gate exits 1, and no file is written.
# usage: check_report.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
"$pk" compare --measured "$fix" --predicted "$fix/predicted.csv" --out "$out" --max-mape 5 --max-regret 1 \
  >/dev/null || { echo "compare failed"; exit 1; }
fail=0
for s in "Synthetic GPU (test fixture)" "## Accuracy" "## Where the model misses" "## Crossover" "## Policy regret" \
         "| persistent |" "h = launch_host_ns = 2000 ns"; do
  grep -qF "$s" "$out/report.md" || { echo "report lacks '$s'"; fail=1; }
done
rows=$(($(wc -l <"$out/errors.csv") - 1))
[ "$rows" -eq 220 ] || { echo "errors.csv has $rows rows, expected 220"; fail=1; }
cells=$(($(wc -l <"$out/decisions.csv") - 1))
[ "$cells" -eq 44 ] || { echo "decisions.csv has $cells rows, expected 44 (4 items x 11 batches)"; fail=1; }
awk -F, 'NR > 1 && ($12 > 0.031 || $12 < -0.031) { bad = 1; print "error out of range: " $0 } END { exit bad }' \
  "$out/errors.csv" || fail=1
check_summary() {
  # Strict JSON with the fields the README promises (jq-free: grep on the indented dump).
  for k in '"kind": "pkbench-compare"' '"verdict": "pass"' '"gate": "max-mape"' '"gate": "max-regret"' \
           '"gates_failed": 0' '"per_strategy": {' '"crossovers": [' '"mape_pct":'; do
    grep -qF "$k" "$out/summary.json" || { echo "summary.json lacks $k"; fail=1; }
  done
  [ "$(grep -c '"item_ns":' "$out/summary.json")" -eq 4 ] || { echo "summary.json: not 4 crossovers"; fail=1; }
  # Its overall accuracy, in percent, is errors.csv's: MAPE, the aggregate error, the share within 10%.
  python3 -c "import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1] + '/errors.csv')))
m = [float(r['measured_ns']) for r in rows]
p = [float(r['predicted_ns']) for r in rows]
want = {'points': len(rows), 'mape_pct': 100 * sum(abs(b - a) / a for a, b in zip(m, p)) / len(m),
        'aggregate_pct': 100 * sum(abs(b - a) for a, b in zip(m, p)) / sum(m),
        'within10_pct': 100 * sum(abs(b - a) <= 0.1 * a for a, b in zip(m, p)) / len(m)}
got = json.load(open(sys.argv[1] + '/summary.json'))['accuracy']
bad = [k for k in want if abs(got[k] - want[k]) > 1e-6 * max(1, abs(want[k]))]
sys.exit('summary.json accuracy %s: %s, errors.csv says %s' % (bad, got, want) if bad else 0)" "$out" || fail=1
}
check_summary
# Without --out: the report on stdout, exit 1 on a failed gate, nothing written.
rm -rf "$out-stdout"
mkdir "$out-stdout" && cd "$out-stdout" || exit 1
"$pk" compare --measured "$fix" --predicted "$fix/predicted.csv" --max-mape 1 >report.md 2>gates.txt
rc=$?
[ $rc -eq 1 ] || { echo "stdout mode: exit $rc, expected 1"; fail=1; }
grep -qF "## Accuracy" report.md || { echo "stdout mode: no report"; fail=1; }
[ "$(grep -c 'gate failed: MAPE' gates.txt)" -eq 5 ] || { echo "stdout mode: gate lines"; cat gates.txt; fail=1; }
[ "$(ls | wc -l)" -eq 2 ] || { echo "stdout mode wrote files:"; ls; fail=1; }
# The 'wrote' line names every file compare leaves in a new --out (its lock aside), and only those:
# with a prediction read, and with one simulated from the params (predicted.csv written too).
wrote_is() {
  got=$(sed -n 's/^wrote //p' "$1" | sed 's/ and /, /; s/, /\n/g' | sed "s|^$2/||" | sort | tr '\n' ' ')
  want=$(cd "$2" && ls -p | grep -v / | sort | tr '\n' ' ')
  [ -n "$want" ] && [ "$got" = "$want" ] || { echo "$2: wrote '$got', the folder holds '$want'"; fail=1; }
}
rm -rf w1 w2
"$pk" compare --measured "$fix" --predicted "$fix/predicted.csv" --out w1 >w1.txt || { echo "compare w1 failed"; fail=1; }
wrote_is w1.txt w1
"$pk" compare --measured "$fix" --params "$fix/params.json" --out w2 >w2.txt || { echo "compare w2 failed"; fail=1; }
wrote_is w2.txt w2
grep -q "predicted.csv" w2.txt || { echo "compare --params: predicted.csv not said written"; fail=1; }
exit $fail
