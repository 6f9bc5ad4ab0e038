#!/usr/bin/env python3
"""An experiment of lease 17 (issue 12), not part of pkbench: a sweep folder's measured.csv with
every row that has a canary (canary_host_ns) divided by f = P(canary) / P(h), P the pipelined
closed form of sim/analytic.c (pk_analytic_pipelined) with the given params, in the host's state
as pkbench compare models it (h, h_b, the graph launch and S moved by canary - h). Judging such
folders with `pkbench compare --baseline/--candidate` asks what the verdicts would be if each
run's host launch cost were removed by the model.
usage: adjust.py SWEEP_DIR OUT_DIR PARAMS_JSON   (writes OUT_DIR/measured.csv)"""
import csv, json, sys, os, math
src, dst, params = sys.argv[1], sys.argv[2], sys.argv[3]
P = json.load(open(params))['params']
def pred(strat, d, N, c):
    h = P['launch_host_ns']; delta = c - h
    L=P['launch_latency_ns']; g=P['kernel_gap_ns']; sync=P['sync_ns']; S=P['persistent_setup_ns']+delta
    e=P['persistent_item_ns']; T=P['persistent_teardown_ns']; gn=P['graph_node_ns']; B=P['persistent_batch_ns']
    gl=P['graph_launch_ns']+delta; o=P['item_overshoot_ns']; eb=P['persistent_item_busy_ns']
    W=P['persistent_window_items']; Bw=P['persistent_window_ns']
    dd = d + o if d > 0 else d
    ee = eb if d > 0 else e
    a = c; b = dd + g
    if strat == 'standard':
        return L + max(N*a, a + (N-1)*b) + dd + sync
    if strat == 'standard-sync':
        step = max(sync + a + L, g) + dd
        return (a + L + dd + sync) + (N-1)*step
    if strat == 'graph':
        return gl + N*(gn + dd)
    items = N*(ee+dd)
    if strat == 'persistent':
        return S + T + items + B
    return items + B + (Bw if W > 0 and N > W else 0)
os.makedirs(dst, exist_ok=True)
lines = open(src + '/measured.csv').read().splitlines()
out = []
hdr = None
for ln in lines:
    if ln.startswith('#'):
        out.append(ln); continue
    if hdr is None:
        hdr = ln.split(','); out.append(ln); continue
    r = ln.split(',')
    row = dict(zip(hdr, r))
    c = row.get('canary_host_ns', '')
    if c:
        d = float(row['item_ns']); N = float(row['batch'])
        f = pred(row['strategy'], d, N, float(c)) / pred(row['strategy'], d, N, P['launch_host_ns'])
        for k in ('wall_ns','wall_ns_p10','wall_ns_p25','wall_ns_p75','wall_ns_p90','wall_ns_min','wall_ns_max'):
            i = hdr.index(k)
            if r[i]: r[i] = '%.3f' % (float(r[i]) / f)
    out.append(','.join(r))
open(dst + '/measured.csv', 'w').write('\n'.join(out) + '\n')
