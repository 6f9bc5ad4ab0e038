# An implementation of harness/verdict.c's formulas independent of it, for the expected values of
# tests/compare/test_verdict.c's hand cases (mpmath, 40 digits): the pooled spread, the bound on
# the shared drift, Satterthwaite's degrees of freedom, p-values, Benjamini-Hochberg, intervals.
# Every value is its own run (as the C test's NULL labels); defaults as PK_VERDICT_PARAMS_DEFAULT.
# usage: python3 tests/compare/verdict_hand.py   (needs mpmath; not run by CTest)
import mpmath as mp
mp.mp.dps = 40
def tQ(x, nu):  # P(T > x)
    x = mp.mpf(x); nu = mp.mpf(nu)
    q = mp.betainc(nu/2, mp.mpf(1)/2, 0, nu/(nu+x*x), regularized=True)/2
    return q if x >= 0 else 1 - q
def tQinv(p, nu):
    return mp.findroot(lambda x: tQ(x, nu) - p, 3)
def nQ(x): return mp.erfc(mp.mpf(x)/mp.sqrt(2))/2
def nQinv(p): return mp.findroot(lambda x: nQ(x) - p, 2)
def fP(x, d1, d2):
    return mp.betainc(mp.mpf(d1)/2, mp.mpf(d2)/2, 0, d1*x/(d1*x+d2), regularized=True)
def fPinv(p, d1, d2):
    lo, hi = mp.mpf(0), mp.mpf(1)
    while fP(hi, d1, d2) < p: hi *= 2
    for _ in range(200):
        mid = (lo+hi)/2
        if fP(mid, d1, d2) < p: lo = mid
        else: hi = mid
    return (lo+hi)/2
ALPHA_U = mp.mpf('0.001')
def judge(points, window=2, margin=0.025, threshold=0.05, fdr=0.05, min_sd=0.005):
    # points: (group, pos, base values, cand values); every value its own run
    P = []
    for g, pos, b, c in points:
        yb = [mp.log(v) for v in b]; yc = [mp.log(v) for v in c]
        mb = sum(yb)/len(yb); mc = sum(yc)/len(yc)
        res = {(0, i): yb[i]-mb for i in range(len(yb))}
        res.update({(1, i): yc[i]-mc for i in range(len(yc))})
        ss = sum(e*e for e in res.values())
        P.append(dict(g=g, pos=pos, d=mc-mb, res=res, ss=ss, nu=len(yb)-1+len(yc)-1,
                      f=mp.sqrt(mp.mpf(1)/len(yb)+mp.mpf(1)/len(yc))))
    def win(k, width):
        me = P[k]
        W = [q for q in P if q['g'] == me['g'] and abs(q['pos']-me['pos']) <= width]
        sst = sum(q['ss'] for q in W); nut = sum(q['nu'] for q in W)
        keys = {}
        for q in W:
            for key, e in q['res'].items(): keys.setdefault(key, []).append(e)
        ssc = sum(sum(v)**2/len(v) for v in keys.values())
        dfc = len(keys) - len(set(k[0] for k in keys))
        return dict(sst=sst, nut=nut, ssc=ssc, dfc=dfc, ssi=max(sst-ssc, 0), dfi=nut-dfc, p=len(W))
    two = lambda w: w['p'] > 1 and w['dfc'] > 0 and w['dfi'] > 0
    Ws = [win(k, window) for k in range(len(P))]
    # The bound: per group, its two-level windows' common sums in units of its own independent
    # variance; groups without a two-level window (or without independent variance) give nothing.
    c = dfc = pw = dc = di = mp.mpf(0)
    for g in sorted(set(q['g'] for q in P)):
        ws = [w for q, w in zip(P, Ws) if q['g'] == g and two(w)]
        fc = sum(w['dfc'] for w in ws); fi = sum(w['dfi'] for w in ws); ssi = sum(w['ssi'] for w in ws)
        if fc > 0 and ssi > 0:
            c += sum(w['ssc'] for w in ws)/(ssi/fi); dfc += fc; pw += sum(w['dfc']*w['p'] for w in ws)
            G = win([k for k, q in enumerate(P) if q['g'] == g][0], mp.inf)
            dc += G['dfc']; di += G['dfi']
    if dfc > 0 and dc >= 1 and di >= 1:
        rho = max((c/dfc)/fPinv(ALPHA_U, dc, di) - 1, 0)/(pw/dfc)
    else:
        rho = mp.inf
    th = mp.log(1+mp.mpf(threshold)); tt = mp.log(1+mp.mpf(margin))
    out = []
    for q, w in zip(P, Ws):
        sd = mp.sqrt(w['sst']/w['nut'])
        r = rho
        if two(w) and w['ssi'] > 0:  # the window's own estimate, where larger
            r = max(r, max((w['ssc']/w['dfc'])/(w['ssi']/w['dfi']) - 1, 0)/w['p'])
        if not two(w): df = w['nut']
        elif r == mp.inf or not w['ssi'] > 0: df = w['dfc']
        else:
            a = (1+w['p']*r)/w['p']; b = mp.mpf(w['p']-1)/w['p']
            df = (a+b)**2/(a*a/w['dfc'] + b*b/w['dfi'])
        se = sd*q['f']; sem = min_sd*q['f']; d = q['d']
        ps = max(tQ((d-tt)/se, df), nQ((d-tt)/sem)); pf = max(tQ((-tt-d)/se, df), nQ((-tt-d)/sem))
        out.append(dict(d=d, sd=sd, df=df, p=min(1, 2*min(ps, pf)), f=q['f']))
    fam = sorted(o['p'] if abs(o['d']) > th else 1 for o in out)
    m = len(fam); disc = 0
    for k in range(m, 0, -1):
        if fam[k-1] <= fdr*k/m: disc = k; break
    alpha = fdr*(disc if disc else 1)/m
    for o in out:
        half = max(tQinv(alpha/2, o['df'])*o['sd'], nQinv(alpha/2)*min_sd)*o['f']
        o['lo'] = mp.expm1(o['d']-half); o['hi'] = mp.expm1(o['d']+half)
        o['verdict'] = ('slower' if o['d'] > 0 else 'faster') if disc and abs(o['d']) > th and o['p'] <= alpha else \
            'same' if o['d']-half >= -th and o['d']+half <= th else 'undecided'
    return out, disc, rho
pts = [(0, 0, [100, 101, 99], [125]), (0, 1, [200, 199, 203], [201]), (0, 2, [300, 301.5, 297], [240]),
       (1, 0, [50, 55, 45], [52])]
for mg in (0.025, 0, 0.05):
    out, disc, rho = judge(pts, margin=mg)
    print("margin", mg, "discoveries", disc, "rho", mp.nstr(rho, 17))
    for i, o in enumerate(out):
        print(i, o['verdict'], "change", mp.nstr(mp.expm1(o['d']), 17), "sd", mp.nstr(o['sd'], 17), "df", mp.nstr(o['df'], 17),
              "p", mp.nstr(o['p'], 17), "lo", mp.nstr(o['lo'], 17), "hi", mp.nstr(o['hi'], 17))
# Two groups: the hand case's group 0 and a group of five points at pos 0-4 (windows of 3, 4, 5,
# 4 and 3 points), so that the bound pools windows of several sizes and counts two groups.
five = [(2, 0, [400, 404, 397], [410]), (2, 1, [500, 497, 503], [505]), (2, 2, [600, 606, 601], [598]),
        (2, 3, [700, 690, 707], [720]), (2, 4, [800, 803, 799], [1000])]
out, disc, rho = judge(pts[:3] + five)
print("two groups: discoveries", disc, "rho", mp.nstr(rho, 17))
for i, o in enumerate(out):
    print(i, o['verdict'], "sd", mp.nstr(o['sd'], 17), "df", mp.nstr(o['df'], 17), "p", mp.nstr(o['p'], 17),
          "lo", mp.nstr(o['lo'], 17), "hi", mp.nstr(o['hi'], 17))
# The two groups and a third whose three points drift almost alike: its own estimate of the
# shared part lies above the comparison's bound, so its points keep their own (lower) degrees of
# freedom while the others' follow the bound.
alike = [(1, 0, [100, 101, 99], [104]), (1, 1, [200, 202.5, 198], [207]), (1, 2, [300, 302.7, 297.2], [309])]
out, disc, rho = judge(pts[:3] + alike + five)
print("three groups: discoveries", disc, "rho", mp.nstr(rho, 17))
for i, o in enumerate(out):
    print(i, o['verdict'], "sd", mp.nstr(o['sd'], 17), "df", mp.nstr(o['df'], 17), "p", mp.nstr(o['p'], 17),
          "lo", mp.nstr(o['lo'], 17), "hi", mp.nstr(o['hi'], 17))
# Twenty groups of three points whose runs scatter independently (a fixed pattern, below) and a
# twenty-first whose three points drift almost alike: the bound, pooled over 21 groups, stays
# below that group's own estimate, so its points keep their own (lower) degrees of freedom.
def pattern(g, i, r):
    return 1 + ((7 * i + 3 * r + 5 * g) % 11 - 5) * 0.002
many = [(g, i, [100 * (g + 1) * (i + 1) * pattern(g, i, r) for r in range(3)], [100 * (g + 1) * (i + 1) * pattern(g, i, 3)])
        for g in range(20) for i in range(3)]
out, disc, rho = judge(many + [(20 + a[0], a[1], a[2], a[3]) for a in alike])
print("many groups: discoveries", disc, "rho", mp.nstr(rho, 17))
for i in (0, 1, 60, 61):
    o = out[i]
    print(i, o['verdict'], "sd", mp.nstr(o['sd'], 17), "df", mp.nstr(o['df'], 17), "p", mp.nstr(o['p'], 17))
