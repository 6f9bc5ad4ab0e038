#!/bin/sh
# Judges calibrations on sweeps they were not made with (issue 15): for every params file P and
# measured folder M given, `pkbench compare --measured M --params P`, one markdown row each:
# MAPE per strategy (standard / standard-sync / graph / persistent / persistent-resident) and
# crossovers exact, calibrated and given the host's state (the sweep's canary).
# usage: results/h200/lease18/cross.sh PKBENCH "PARAMS..." "MEASURED..."
pk=$1
echo "| params | sweep | calibrated: MAPE % (crossovers exact of 5) | given the host's state |"
echo "| --- | --- | --- | --- |"
for p in $2; do
  for m in $3; do
    t=$(mktemp -d)
    "$pk" compare --measured "$m" --params "$p" --out "$t" >/dev/null 2>&1
    python3 - "$t/summary.json" "$p" "$m" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
st = ['standard', 'standard-sync', 'graph', 'persistent', 'persistent-resident']
def row(d):
    return ' / '.join('%.2f' % d['per_strategy'][k]['mape_pct'] for k in st)
exact = sum(1 for c in s['crossovers'] if c['error_steps'] == 0)
hs = s.get('host_state')
given = '%s (%d)' % (row(hs), hs['crossovers_exact']) if hs else '–'
print('| %s | %s | %s (%d) | %s |' % (sys.argv[2], sys.argv[3], row(s), exact, given))
PY
    rm -rf "$t"
  done
done
