#!/usr/bin/env python3
"""Persistent's small-batch bias given the host's state: the tables of README.md.

Reads what analyse.sh left in WORKDIR/cmp (one `pkbench compare` per folder and choice of
parameters) beside the committed folders (measured.csv, sweep.log, params, run logs).
Stdlib only. Every estimate is printed with where it came from; the one fitted figure (the
slope beta of H2) is fitted on leases 78-82 and judged on the other jobs (section H2c).
usage: python3 analyse.py WORKDIR   (repository root)
"""
import csv, glob, gzip, json, math, os, random, re, statistics as st, sys
from datetime import datetime

R = 'results/h200/'
if len(sys.argv) != 2:
    sys.exit('usage: python3 analyse.py WORKDIR   (the folder analyse.sh filled)')
W = sys.argv[1]
NS = (1, 2, 4, 8)          # the judged points: persistent, item 0, N = 1-8 (the sweep's batches)
SPLIT = ('lease78', 'lease79', 'lease80', 'lease81', 'lease82')   # H2's fitting half


def opn(p):
    if not os.path.exists(p) and os.path.exists(p + '.gz'):
        p += '.gz'
    return gzip.open(p, 'rt') if p.endswith('.gz') else open(p)


def rows(p):
    with opn(p) as f:
        return list(csv.DictReader(l for l in f if not l.startswith('#')))


def params(p):
    with opn(p) as f:
        return json.load(f)


def mean_ci(v):  # mean and a t-like 95% half-width (normal 1.96 over the jobs; fine for n >= 20)
    m = st.mean(v)
    return m, (1.96 * st.stdev(v) / math.sqrt(len(v)) if len(v) > 1 else float('nan'))


def slope(xs, ys):  # OLS slope
    mx, my = st.mean(xs), st.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float('nan')


def within(pts, key):  # (x, y) demeaned within each group key(p): a slope with one intercept per group
    g = {}
    for p in pts:
        g.setdefault(key(p), []).append(p)
    out = []
    for ps in g.values():
        if len(ps) < 2:
            continue
        mx, my = st.mean(p['x'] for p in ps), st.mean(p['y'] for p in ps)
        out += [(p['x'] - mx, p['y'] - my) for p in ps]
    return out


def wslope(pts, key):
    d = within(pts, key)
    return slope([a for a, _ in d], [b for _, b in d])


def boot(jobs, f, n=2000, seed=1):  # 95% percentile interval of f over jobs resampled
    rnd = random.Random(seed)
    v = sorted(f([rnd.choice(jobs) for _ in jobs]) for _ in range(n))
    v = [x for x in v if not math.isnan(x)]
    return v[int(0.025 * len(v))], v[int(0.975 * len(v)) - 1]


def spearman(a, b):
    def rk(v):
        o = sorted(range(len(v)), key=lambda i: v[i])
        r = [0] * len(v)
        for k, i in enumerate(o):
            r[i] = k
        return r
    ra, rb = rk(a), rk(b)
    return st.correlation(ra, rb) if hasattr(st, 'correlation') else slope(ra, rb)


def ts(s):
    return datetime.fromisoformat(s.strip()).timestamp()


def sweep_log(path):  # the order the sweep measured its points, and the elapsed seconds printed
    out = []
    with opn(path) as f:
        first = f.readline()
        for l in f:
            m = re.match(r'\[(\d+)/(\d+)\] ([\w-]+)/item_ns:(\d+)/batch:(\d+)/.*elapsed (\d+):(\d+)', l)
            if m:
                out.append(((m[3], m[4], m[5]), int(m[6]) * 60 + int(m[7])))
    return ts(first), out


def cmp_rows(name):
    return {(e['strategy'], e['item_ns'], e['batch']): e for e in rows(f'{W}/cmp/{name}/errors.csv')}


# ---------------------------------------------------------------------------------------------
# The main jobs: one record per job and choice of parameters, one point per judged N
jobs = sorted(glob.glob(R + 'lease7[89]/run?') + glob.glob(R + 'lease8[0-6]/run?') + glob.glob(R + 'lease88/run?'))
KINDS = {'bracket': 'params.json', 'before': 'params-before.json', 'after': 'params-after.json'}
main = {}   # job -> kind -> list of points
order_same, where = 0, set()
for j in jobs:
    jn = j[len(R):]
    meas = [r for r in rows(j + '/measured.csv') if r['replicate'] == '0']
    mk = {(r['strategy'], r['item_ns'], r['batch']): r for r in meas}
    t0, log = sweep_log(j + '/sweep.log')
    order_same += [(r['strategy'], r['item_ns'], r['batch']) for r in meas] == [k for k, _ in log]
    pos = {k: (i + 1, el) for i, (k, el) in enumerate(log)}
    main[jn] = {}
    for kind, pf in KINDS.items():
        h = params(j + '/' + pf)['params']['launch_host_ns']
        er = cmp_rows(jn.replace('/', '_') + '.' + kind)
        pts = []
        for (s, i, b), e in er.items():
            if s not in ('persistent', 'standard') or int(b) > 8 or e['state_rel_err'] == '':
                continue
            m = mk[(s, i, b)]
            c = float(m['canary_host_ns'])
            cmin, cmax = (float(m.get(k) or 'nan') for k in ('canary_host_ns_min', 'canary_host_ns_max'))  # lease 81 on
            pts.append(dict(job=jn, lease=jn.split('/')[0], s=s, item=int(i), n=int(b), h=h, canary=c,
                            steady=None if math.isnan(cmin) else cmax / cmin - 1 <= 0.10, meas=float(e['measured_ns']),
                            pred=float(e['predicted_ns']), spred=float(e['state_predicted_ns']),
                            err=100 * float(e['state_rel_err']), pos=pos[(s, i, b)][0], el=pos[(s, i, b)][1],
                            x=c - h, y=float(e['measured_ns']) - float(e['predicted_ns'])))
        main[jn][kind] = pts
        if kind == 'bracket':
            where |= {(p['n'], p['pos'], p['el']) for p in pts if p['s'] == 'persistent' and p['item'] == 0 and p['n'] in NS}


def judged(pts, item=0, s='persistent'):
    return [p for p in pts if p['s'] == s and p['item'] == item and p['n'] in NS]


def job_mean(kind, jl=None):
    return [st.mean(p['err'] for p in judged(main[j][kind])) for j in (jl or main)]


print('## Reproduction\n')
for kind in KINDS:
    v = job_mean(kind)
    print(f'- {kind}: mean signed error, persistent item 0, N 1-8, given the state, over {len(v)} jobs: '
          f'{st.mean(v):+.2f}% (positive in {sum(x > 0 for x in v)})')

# ---------------------------------------------------------------------------------------------
print('\n## H1: drift with distance from the calibration\n')
print(f'- measured.csv row order equals the sweep log\'s measuring order in {order_same} of {len(jobs)} jobs')
els = sorted(where)
print('- persistent item 0 at N = 1, 2, 4, 8: (N, position of 375, elapsed s) seen: ' +
      ', '.join(f'({n}, {p}, {e})' for n, p, e in els))
print('\n| parameters | mean signed (95% CI over jobs) | positive jobs | mean abs |')
print('| --- | --- | ---: | ---: |')
for kind in KINDS:
    v = job_mean(kind)
    a = [st.mean(abs(p['err']) for p in judged(main[j][kind])) for j in main]
    m, ci = mean_ci(v)
    print(f'| {kind} | {m:+.2f}% (±{ci:.2f}) | {sum(x > 0 for x in v)} of {len(v)} | {st.mean(a):.2f}% |')
d = [b - a for b, a in zip(job_mean('before'), job_mean('after'))]
m, ci = mean_ci(d)
print(f'\n- before − after, per job: {m:+.2f} points (±{ci:.2f}); before nearer 0 in '
      f'{sum(abs(b) < abs(a) for b, a in zip(job_mean("before"), job_mean("after")))} of {len(d)} jobs')

# persistent at the sweep's later items: the same small batches measured later in the sweep
print('\n| persistent, N 1-8, item | sweep elapsed (s) | mean signed error, ns (bracket) | % | positive jobs |')
print('| ---: | --- | ---: | ---: | ---: |')
for item in (0, 1000, 5000, 20000, 50000):
    per = [[p for p in judged(main[j]['bracket'], item)] for j in main]
    ns = [st.mean(p['meas'] * p['err'] / 100 for p in ps) for ps in per]
    pc = [st.mean(p['err'] for p in ps) for ps in per]
    el = [p['el'] for ps in per for p in ps]
    print(f'| {item} | {min(el)}-{max(el)} | {st.mean(ns):+.0f} | {st.mean(pc):+.2f}% | {sum(x > 0 for x in pc)} of {len(pc)} |')

# the state checks after a main job: time since its calibration after the sweep
print('\n| state check | s after the calibration after the sweep | passes | signed error: bracket / before / after |')
print('| --- | ---: | ---: | --- |')
sc_pts = []
for j in jobs:
    checks = sorted(glob.glob(j + '/statecheck*/'))
    if not checks:
        continue
    jn = j[len(R):]
    t_sweep, _ = sweep_log(j + '/sweep.log')
    with opn(j + '.log') as f:
        el = {int(m[1]): int(m[2]) * 60 + int(m[3]) for m in re.finditer(r'\[(\d)/6\].*?elapsed (\d+):(\d+)', f.read())}
    t_after = t_sweep + el[4] - el[2]    # the run's step 4 starts when the calibration after ends
    for c in checks:
        c = c.rstrip('/')
        with opn(c + '.log') as f:
            t_c = ts(f.readline())
        m = rows(c + '/measured.csv')
        errs = {}
        for kind, pf in KINDS.items():
            h = params(j + '/' + pf)['params']['launch_host_ns']
            er = cmp_rows(f"{jn.replace('/', '_')}.{c.rsplit('/', 1)[1]}.{kind}")
            e = [float(er[('persistent', '0', str(n))]['state_rel_err']) * 100 for n in NS]
            errs[kind] = st.mean(e)
            for r in m:   # the check's pass rows, each predicted at its own canary (as compare does)
                if r['strategy'] in ('persistent', 'standard') and r['item_ns'] == '0' and r['replicate'] != '0':
                    pc = float(er[(r['strategy'], '0', r['batch'])]['predicted_ns'])
                    sc_pts.append(dict(job=jn, check=c[len(R):], kind=kind, s=r['strategy'], n=int(r['batch']),
                                       t=t_c - t_after + float(r['started_s']), x=float(r['canary_host_ns']) - h,
                                       **{'pass': int(r['replicate'])},
                                       steady=float(r['canary_host_ns_max']) / float(r['canary_host_ns_min']) - 1 <= 0.1,
                                       y=float(r['wall_ns']) - pc, meas=float(r['wall_ns']),
                                       err=100 * (pc + float(r['canary_host_ns']) - h - float(r['wall_ns'])) / float(r['wall_ns'])))
        npass = max(int(r['replicate']) for r in m)
        print(f"| {c[len(R):]} | {t_c - t_after:.0f} | {npass} | "
              f"{errs['bracket']:+.2f}% / {errs['before']:+.2f}% / {errs['after']:+.2f}% |")
sc = [p for p in sc_pts if p['kind'] == 'bracket' and p['s'] == 'persistent']
print('\n| state checks, item 0, N 1-8, bracket: pass | 1 | 2 | 3-5 | 6-10 | 11-20 |')
print('| --- | ---: | ---: | ---: | ---: | ---: |')
PG = (('1', 1, 1), ('2', 2, 2), ('3-5', 3, 5), ('6-10', 6, 10), ('11-20', 11, 20))
for s_ in ('persistent', 'standard'):
    v = [p for p in sc_pts if p['kind'] == 'bracket' and p['s'] == s_]
    print(f'| {s_}: mean signed error given the state | ' +
          ' | '.join(f"{st.mean(p['err'] for p in v if lo <= p['pass'] <= hi):+.2f}%" for _, lo, hi in PG) + ' |')
l86 = [p for p in sc if p['job'] == 'lease86/run1']
print(f'\n- lease 86 run1, six checks over {min(p["t"] for p in l86):.0f}-{max(p["t"] for p in l86):.0f} s after its '
      f'calibration: slope of the pass error on time {60 * slope([p["t"] for p in l86], [p["err"] for p in l86]):+.2f} '
      f'points per minute ({len(l86)} pass rows, persistent item 0, N 1-8, bracket)')

# lease 87: each calibration alone, by its distance from the sweep
print('\n| lease 87 | calibrations in order | signed error with each alone (order as run) | the two adjacent to the sweep / the two one removed |')
print('| --- | --- | --- | --- |')
l87 = {}
for j in sorted(glob.glob(R + 'lease87/job?')):
    jn = 'lease87_' + j[-4:]
    k = int(j[-1])
    seq = ['a1', 'b1', 'b2', 'a2'] if k % 2 else ['b1', 'a1', 'a2', 'b2']
    e = {}
    for c in seq:
        er = cmp_rows(f'{jn}.{c}')
        e[c] = st.mean(float(er[('persistent', '0', str(n))]['state_rel_err']) * 100 for n in NS)
    adj, far = (e[seq[1]] + e[seq[2]]) / 2, (e[seq[0]] + e[seq[3]]) / 2
    l87[jn] = (adj, far)
    print(f"| {j[-4:]} | {' '.join(seq[:2])} sweep {' '.join(seq[2:])} | "
          f"{' / '.join(f'{e[c]:+.2f}%' for c in seq)} | {adj:+.2f}% / {far:+.2f}% |")
a = [v[0] for v in l87.values()]
f_ = [v[1] for v in l87.values()]
print(f'\n- lease 87, mean over 6 jobs: adjacent {st.mean(a):+.2f}%, one removed {st.mean(f_):+.2f}%; '
      f'adjacent nearer 0 in {sum(abs(x) < abs(y) for x, y in zip(a, f_))} of 6')

# ---------------------------------------------------------------------------------------------
print('\n## H2: the canary does not read the persistent launch\'s cost\n')
print('y = measured − calibrated prediction (ns), x = canary − calibrated h (ns); the model given the state')
print('takes y = x (beta = 1); the error given the state is then (1 − beta) x, up to noise. Intercepts per N.\n')
print('| points | kind | n | beta (within N) | 95% CI (jobs resampled) | steady canary only: beta (n) |')
print('| --- | --- | ---: | ---: | --- | --- |')


def beta_row(label, pts_by_job, grp, kind='bracket'):
    jl = list(pts_by_job)
    allp = [p for j in jl for p in pts_by_job[j]]
    b = wslope(allp, grp)
    lo, hi = boot(jl, lambda js: wslope([p for j in js for p in pts_by_job[j]], grp))
    sp = [p for p in allp if p.get('steady') is True]   # spread known (lease 81 on) and within 10%
    bs = f'{wslope(sp, grp):.3f} ({len(sp)})' if len(sp) > 2 else '–'
    print(f'| {label} | {kind} | {len(allp)} | {b:.3f} | {lo:.3f} to {hi:.3f} | {bs} |')
    return b


by_n = lambda p: p['n']
by_jn = lambda p: (p['job'], p['n'])
b_main = beta_row('main jobs: persistent item 0, N 1-8 (across jobs)', {j: judged(main[j]['bracket']) for j in main}, by_n)
beta_row('main jobs: persistent item 0, N 1-8 (across jobs)', {j: judged(main[j]['before']) for j in main}, by_n, 'before')
std = {j: [dict(p, y=p['y'] / p['n']) for p in judged(main[j]['bracket'], 0, 'standard')] for j in main}
beta_row('main jobs: standard item 0, N 1-8, per launch (control)', std, by_n)
beta_row('main jobs: persistent item 0, N 1-8, within each job', {j: judged(main[j]['bracket']) for j in main},
         lambda p: p['job'])
scj = {}
for p in sc:
    scj.setdefault(p['check'], []).append(p)
beta_row('state checks (lease 85, 86): persistent item 0, per pass, within each cell', scj, by_jn)
scs = {}
for p in sc_pts:
    if p['kind'] == 'bracket' and p['s'] == 'standard':
        scs.setdefault(p['check'], []).append(dict(p, y=p['y'] / p['n']))
beta_row('state checks: standard item 0, per pass and launch, within each cell (control)', scs, by_jn)
# lease 87, each kind's bracket
for kind in ('a', 'b'):
    pj = {}
    for j in sorted(glob.glob(R + 'lease87/job?')):
        jn = 'lease87_' + j[-4:]
        h = params(f'{W}/params/{jn}.{kind}.json')['params']['launch_host_ns']
        mk = {(r['strategy'], r['item_ns'], r['batch']): r for r in rows(j + '/sweep/measured.csv')}
        er = cmp_rows(f'{jn}.{kind}')
        pj[jn] = []
        for n in NS:
            e, m = er[('persistent', '0', str(n))], mk[('persistent', '0', str(n))]
            c = float(m['canary_host_ns'])
            pj[jn].append(dict(job=jn, n=n, x=c - h, y=float(e['measured_ns']) - float(e['predicted_ns']),
                               meas=float(e['measured_ns']), canary=c, h=h,
                               err=100 * float(e['state_rel_err']),
                               steady=float(m['canary_host_ns_max']) / float(m['canary_host_ns_min']) - 1 <= 0.1))
    beta_row(f'lease 87 (6 short sweeps): persistent item 0, N 1-8', pj, by_n, kind.upper())
    if kind == 'a':
        l87a = pj
    else:
        l87b = pj

# per-job slopes and how the error goes with the canary
pj_b = []
for j in main:
    ps = judged(main[j]['bracket'])
    if max(p['x'] for p in ps) - min(p['x'] for p in ps) >= 300:
        pj_b.append(slope([p['x'] for p in ps], [p['y'] for p in ps]))
q = st.quantiles(pj_b, n=4)
print(f'\n- per-job slope (4 points; the {len(pj_b)} jobs whose canaries span at least 300 ns): median {st.median(pj_b):.2f}, '
      f'quartiles {q[0]:.2f} to {q[2]:.2f}')
# the same with the N profile taken out first: the mean over the other 35 jobs of y - x at that N
prof_yx = {j: {p['n']: p['y'] - p['x'] for p in judged(main[j]['bracket'])} for j in main}
pj_c = []
for j in main:
    ps = judged(main[j]['bracket'])
    if max(p['x'] for p in ps) - min(p['x'] for p in ps) >= 300:
        loo = {n: st.mean(prof_yx[k][n] for k in main if k != j) for n in NS}
        pj_c.append(slope([p['x'] for p in ps], [p['y'] - loo[p['n']] for p in ps]))
q = st.quantiles(pj_c, n=4)
print(f'- the same, less the other jobs\' mean profile over N of y − x: median {st.median(pj_c):.2f}, '
      f'quartiles {q[0]:.2f} to {q[2]:.2f}, below 1 in {sum(b < 1 for b in pj_c)} of {len(pj_c)}')
allp = [p for j in main for p in judged(main[j]['bracket'])]
print(f'- across the {len(allp)} points: Spearman of the error given the state (%) with x {spearman([p["x"] for p in allp], [p["err"] for p in allp]):+.2f}, '
      f'with the canary itself {spearman([p["canary"] for p in allp], [p["err"] for p in allp]):+.2f}')
jm = [(st.mean(p['x'] for p in judged(main[j]['bracket'])), st.mean(p['err'] for p in judged(main[j]['bracket']))) for j in main]
print(f'- across the 36 jobs: Spearman of the job\'s mean error with its mean x {spearman([a for a, _ in jm], [b for _, b in jm]):+.2f}; '
      f'mean x over the points {st.mean(p["x"] for p in allp):+.0f} ns (median {st.median(p["x"] for p in allp):+.0f})')

# fitted on half, judged on the other: the model given the state with the canary's move scaled by beta
fit = {j: judged(main[j]['bracket']) for j in main if j.split('/')[0] in SPLIT}
test = {j: judged(main[j]['bracket']) for j in main if j.split('/')[0] not in SPLIT}
bf = wslope([p for v in fit.values() for p in v], by_n)
print(f'\n### H2c: beta fitted on the {len(fit)} jobs of leases 78-82 ({bf:.3f}), judged on the other {len(test)} main jobs and lease 87\n')
print('| jobs | model given the state (beta = 1): signed / abs | canary\'s move scaled by the fitted beta: signed / abs |')
print('| --- | --- | --- |')


def judge_beta(pts_by_job, b):
    s0, a0, s1, a1 = [], [], [], []
    for ps in pts_by_job.values():
        e0 = [p['err'] for p in ps]
        e1 = [100 * (b * p['x'] - p['y']) / p['meas'] for p in ps]   # prediction: calibrated + beta x
        s0.append(st.mean(e0)); a0.append(st.mean(abs(e) for e in e0))
        s1.append(st.mean(e1)); a1.append(st.mean(abs(e) for e in e1))
    return (f'{st.mean(s0):+.2f}% (positive in {sum(x > 0 for x in s0)} of {len(s0)}) / {st.mean(a0):.2f}% | '
            f'{st.mean(s1):+.2f}% (positive in {sum(x > 0 for x in s1)}) / {st.mean(a1):.2f}%')


print(f'| leases 78-82 (fitted on) | {judge_beta(fit, bf)} |')
print(f'| leases 83-86, 88 (held out) | {judge_beta(test, bf)} |')
print(f'| lease 87, A (held out) | {judge_beta(l87a, bf)} |')
print(f'| lease 87, B (held out) | {judge_beta(l87b, bf)} |')

# ---------------------------------------------------------------------------------------------
print('\n## H3: something structural at small N\n')
print('| source | kind | jobs | N = 1 | N = 2 | N = 4 | N = 8 | mean over N |')
print('| --- | --- | ---: | --- | --- | --- | --- | --- |')


def n_row(label, kind, per_job):  # per_job: list of {n: err}
    cells = []
    for n in NS:
        v = [d[n] for d in per_job]
        cells.append(f'{st.mean(v):+.2f}% ({sum(x > 0 for x in v)}+)')
    mv = [st.mean(d.values()) for d in per_job]
    print(f'| {label} | {kind} | {len(per_job)} | ' + ' | '.join(cells) + f' | {st.mean(mv):+.2f}% |')


for kind in KINDS:
    n_row('main jobs, leases 78-86, 88', kind, [{p['n']: p['err'] for p in judged(main[j][kind])} for j in main])
n_row('main jobs, leases 78-82', 'bracket', [{p['n']: p['err'] for p in judged(main[j]['bracket'])} for j in fit])
n_row('main jobs, leases 83-86, 88', 'bracket', [{p['n']: p['err'] for p in judged(main[j]['bracket'])} for j in test])
n_row('main jobs, lease 88 (--reps 100)', 'bracket', [{p['n']: p['err'] for p in judged(main[j]['bracket'])} for j in main if j.startswith('lease88')])
n_row('lease 87 short sweeps', 'A (--reps 20)', [{p['n']: p['err'] for p in v} for v in l87a.values()])
n_row('lease 87 short sweeps', 'B (--reps 100)', [{p['n']: p['err'] for p in v} for v in l87b.values()])
scn = {}
for p in sc:
    scn.setdefault(p['check'], {}).setdefault(p['n'], []).append(p['err'])
n_row('state checks (lease 85 x4, 86 x6), pass rows', 'bracket', [{n: st.median(v) for n, v in d.items()} for d in scn.values()])
# persistent at 1 us in the main jobs, same batches (the sweep's later item)
n_row('main jobs, persistent at item 1 us', 'bracket',
      [{p['n']: p['err'] for p in judged(main[j]['bracket'], 1000)} for j in main])

# consistency: each job's profile over N (less its mean) against the other jobs' mean profile
prof = {j: {p['n']: p['err'] for p in judged(main[j]['bracket'])} for j in main}
agree, top4 = 0, 0
for j, d in prof.items():
    others = {n: st.mean(prof[k][n] for k in prof if k != j) for n in NS}
    a = [d[n] - st.mean(d.values()) for n in NS]
    b = [others[n] - st.mean(others.values()) for n in NS]
    agree += sum(x * y for x, y in zip(a, b)) > 0
    top4 += max(NS, key=lambda n: d[n]) == 4
print(f'\n- each main job\'s profile over N (less its own mean) against the mean profile of the other 35: '
      f'positively aligned in {agree} of {len(prof)}; N = 4 the most positive in {top4} of {len(prof)} (1 in 4 by chance)')
pairs = [(prof[j][4] - prof[j][1]) for j in prof]
m, ci = mean_ci(pairs)
print(f'- N = 4 less N = 1 (same job, bracket): {m:+.2f} points (±{ci:.2f}), positive in {sum(x > 0 for x in pairs)} of {len(pairs)}')
for label, src in (('lease 87 A', l87a), ('lease 87 B', l87b)):
    v = [{p['n']: p['err'] for p in ps} for ps in src.values()]
    print(f'- {label}: N = 4 less N = 1 {st.mean(d[4] - d[1] for d in v):+.2f} points, positive in {sum(d[4] > d[1] for d in v)} of 6')
v = [{n: st.median(x) for n, x in d.items()} for d in scn.values()]
print(f'- state checks: N = 4 less N = 1 {st.mean(d[4] - d[1] for d in v):+.2f} points, positive in {sum(d[4] > d[1] for d in v)} of {len(v)}')

old_jobs = [j for j in main if not j.startswith('lease88')]
# the level: the model's persistent small batch less h (flat over N = 1-8) against the sweep's walls
# less the canary, per job (ns); the error given the state in ns is the first less the second
print('\n| per job, ns (bracket) | mean | sd over jobs | Spearman with the job\'s mean error |')
print('| --- | ---: | ---: | ---: |')
lm = [st.mean(p['pred'] - p['h'] for p in judged(main[j]['bracket'])) for j in main]
ls = [st.mean(p['meas'] - p['canary'] for p in judged(main[j]['bracket'])) for j in main]
em = job_mean('bracket')
for label, v in (('model: calibrated prediction less h', lm), ('sweep: measured less the canary', ls),
                 ('difference (the error in ns)', [a - b for a, b in zip(lm, ls)])):
    print(f'| {label} | {st.mean(v):.0f} | {st.stdev(v):.0f} | {spearman(v, em):+.2f} |')

print('\n| group, ns | jobs | model: calibrated prediction less h | sweep: measured less the canary | difference |')
print('| --- | ---: | ---: | ---: | ---: |')
def lvl(label, groups):
    a = [st.mean(p['meas'] - p['y'] - p['h'] for p in ps) for ps in groups]
    b = [st.mean(p['meas'] - p['canary'] for p in ps) for ps in groups]
    print(f'| {label} | {len(groups)} | {st.mean(a):.0f} | {st.mean(b):.0f} | {st.mean(a) - st.mean(b):+.0f} |')
lvl('main jobs, leases 78-86 (--reps 20)', [judged(main[j]['bracket']) for j in old_jobs])
lvl('main jobs, lease 88 (--reps 100)', [judged(main[j]['bracket']) for j in main if j.startswith('lease88')])
lvl('lease 87, A (--reps 20)', list(l87a.values()))
lvl('lease 87, B (--reps 100)', list(l87b.values()))

print('\n## How sure: the mean signed error (persistent item 0, N 1-8, given the state) per group of jobs\n')
print('| jobs | calibrate --reps | jobs | mean | sd over jobs | 95% interval (t) |')
print('| --- | ---: | ---: | ---: | ---: | --- |')
T975 = {2: 4.303, 3: 3.182, 5: 2.571, 15: 2.131, 19: 2.093, 32: 2.037, 35: 2.030}
def grp(label, reps, v):
    m, sd = st.mean(v), st.stdev(v)
    t = T975.get(len(v) - 1, 2.0)
    print(f'| {label} | {reps} | {len(v)} | {m:+.2f}% | {sd:.2f} | {m - t * sd / math.sqrt(len(v)):+.2f} to {m + t * sd / math.sqrt(len(v)):+.2f} |')
grp('main jobs, leases 78-86', 20, job_mean('bracket', old_jobs))
grp('main jobs, lease 88', 100, job_mean('bracket', [j for j in main if j.startswith('lease88')]))
grp('lease 87, kind A', 20, [st.mean(p['err'] for p in v) for v in l87a.values()])
grp('lease 87, kind B', 100, [st.mean(p['err'] for p in v) for v in l87b.values()])
grp('lease 87, B less A (same sweep)', '', [st.mean(p['err'] for p in b) - st.mean(p['err'] for p in a)
                                          for a, b in zip(l87a.values(), l87b.values())])
grp('lease 87 B and lease 88 together', 100, [st.mean(p['err'] for p in v) for v in l87b.values()] +
    job_mean('bracket', [j for j in main if j.startswith('lease88')]))

print('\n| lease (main jobs, bracket), ns | jobs | model: calibrated prediction less h | sweep: measured less the canary | difference |')
print('| --- | ---: | ---: | ---: | ---: |')
for L in sorted({j.split('/')[0] for j in main}):
    lvl(L, [judged(main[j]['bracket']) for j in main if j.startswith(L + '/')])
print(f'\n- across the 36 main jobs, Pearson of the model level with the sweep level: {st.correlation(lm, ls):+.2f}')

print('\n## Figures quoted in README.md beside the tables\n')
sv = [st.mean(p['err'] for p in judged(main[j]['bracket'], 0, 'standard')) for j in main]
print(f'- standard, item 0, N 1-8, given the state (bracket): mean signed {st.mean(sv):+.2f}% (positive in {sum(x > 0 for x in sv)} of {len(sv)})')
print('- main jobs, persistent item 0, median over jobs by N (bracket): ' +
      ', '.join(f"N = {n} {st.median(prof[j][n] for j in prof):+.2f}%" for n in NS))
pp = {}
for p in sc:
    if p['pass'] >= 2:
        pp.setdefault((p['check'], p['pass']), {})[p['n']] = p['err']
c41 = [d[4] - d[1] for d in pp.values() if len(d) == 4]
print(f'- state checks, passes 2-20: per-pass e4 - e1 mean {st.mean(c41):+.2f}, sd {st.stdev(c41):.2f} points ({len(c41)} passes)')
