#!/bin/sh
# The rule for proposal.sh's lease, fixed before any call (README.md here, "Proposed lease").
# Per job: the bracket of its two calibrations (params_mean, as pkbench run takes it), each sweep
# (M: the main job's five strategies; P: standard and persistent) compared against it; then per
# pass row of persistent at item 0, the error given the state, (prediction + canary - h - wall) /
# wall (as compare predicts a pass), and per sweep kind: the mean over passes and jobs at each
# N = 1-8, the contrasts e3 - e1 and e4 - e3 per pass (mean, and a 95% interval over the passes),
# and M less P (per job). Nothing is fitted.
# usage: sh results/h200/analysis-bias/judge_proposal.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=results/h200/params_mean.sh
. results/h200/params_mean.sh
for j in "$l"/job*/; do
  j=${j%/}
  [ -f "$(params_file "$j/before.json")" ] && [ -f "$(params_file "$j/after.json")" ] ||
    { echo "${j##*/}: incomplete" >&2; continue; }
  params_mean "$j/before.json" "$j/after.json" "$tmp/${j##*/}.json"
  for s in M P; do
    "$pk" compare --measured "$j/$s" --params "$tmp/${j##*/}.json" --out "$tmp/${j##*/}.$s" >/dev/null 2>&1 ||
      echo "${j##*/} $s: compare failed" >&2
  done
done
python3 - "$l" "$tmp" <<'EOF'
import csv, glob, json, math, os, statistics as st, sys
l, tmp = sys.argv[1:]
def rows(p):
    with open(p) as f:
        return list(csv.DictReader(x for x in f if not x.startswith('#')))
err = {}   # (kind, job, pass) -> {N: error %}
for j in sorted(glob.glob(l + '/job*/')):
    jn = os.path.basename(j.rstrip('/'))
    if not os.path.exists(f'{tmp}/{jn}.json'):
        continue
    h = json.load(open(f'{tmp}/{jn}.json'))['params']['launch_host_ns']
    for kind in 'MP':
        if not os.path.exists(f'{tmp}/{jn}.{kind}/errors.csv'):
            continue
        pred = {r['batch']: float(r['predicted_ns']) for r in rows(f'{tmp}/{jn}.{kind}/errors.csv')
                if r['strategy'] == 'persistent' and r['item_ns'] == '0'}
        for r in rows(f'{j}/{kind}/measured.csv'):
            if r['strategy'] == 'persistent' and r['item_ns'] == '0' and r['replicate'] != '0':
                w = float(r['wall_ns'])
                err.setdefault((kind, jn, r['replicate']), {})[int(r['batch'])] = \
                    100 * (pred[r['batch']] + float(r['canary_host_ns']) - h - w) / w
def ci(v):
    m = st.mean(v)
    return m, 1.96 * st.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else float('nan')
print('| sweep | passes | rows | ' + ' | '.join(f'N = {n}' for n in range(1, 9)) + ' | mean N 1,2,4,8 | e3 - e1 | e4 - e3 |')
print('| --- | --- | ---: |' + ' ---: |' * 8 + ' ---: | --- | --- |')
for first, label in ((1, 'all'), (2, '2 on')):   # a process's first pass runs slow (README.md here)
    for kind in 'MP':
        ps = [d for (k, _, r), d in err.items() if k == kind and int(r) >= first and len(d) == 8]
        if len(ps) < 2:
            continue
        c31, c43 = ci([d[3] - d[1] for d in ps]), ci([d[4] - d[3] for d in ps])
        print(f'| {kind} | {label} | {len(ps)} | ' + ' | '.join(f'{st.mean(d[n] for d in ps):+.2f}%' for n in range(1, 9)) +
              f' | {st.mean(st.mean(d[n] for n in (1, 2, 4, 8)) for d in ps):+.2f}% | {c31[0]:+.2f} (±{c31[1]:.2f}) | {c43[0]:+.2f} (±{c43[1]:.2f}) |')
jobs = sorted({j for _, j, _ in err})
diff = []
for jn in jobs:
    m = [st.mean(d.values()) for (k, j, _), d in err.items() if k == 'M' and j == jn]
    p = [st.mean(d.values()) for (k, j, _), d in err.items() if k == 'P' and j == jn]
    if m and p:
        diff.append(st.mean(m) - st.mean(p))
if diff:
    print(f'\n- M less P, mean over N = 1-8 and passes, per job: ' + ', '.join(f'{d:+.2f}' for d in diff) +
          f' (mean {st.mean(diff):+.2f} points)')
EOF
