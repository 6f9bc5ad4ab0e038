# The crossover marks of panel i (see common.gp): vertical lines at XM[i] (measured), XP[i]
# (simulated) and XS[i] (seed policy), each labelled with its batch size above the graph (in the
# top margin, one row each, so that no label hides data or another label), or a note when
# persistent never wins for good. Values: > 0 a batch size, 0 never, -1 not known. The measured
# crossover is the medians'; where compare's paired check (summary.json) puts it elsewhere, XMP[i]
# (else -1), its label gives that too, as report.md does.
# Loaded by crossover.gp, speedup.gp and savings.gp inside their panel loop (tmargin 7, the title offset 3 lines up).
unset arrow
unset label
array XV[3] = [XM[i], XP[i], XS[i]]
array XN[3] = ['measured (medians)', 'simulated', 'seed']
array XC[3] = [XMTXT, 'black', XSCOL]
XPAIRED = XMP[i] < 0 ? '' : XMP[i] == 0 ? '; paired check: never' : sprintf('; paired check N = %d', XMP[i])
do for [k = 1:3] {
  xv = XV[k]
  y = 1.025 + 0.052 * (3 - k)
  if (xv > 0) {
    if (k == 1) { set arrow from xv, graph 0 to xv, graph y nohead lc rgb XMCOL lw 7 back }
    if (k == 2) { set arrow from xv, graph 0 to xv, graph y nohead lc rgb 'black' lw 1.5 dt 2 front }
    if (k == 3) { set arrow from xv, graph 0 to xv, graph y nohead lc rgb XSCOL lw 2 dt 3 front }
    # Text to the left of the line near the right edge, and for a simulated or seed crossover
    # left of the measured one (where there is room), so that the labels do not cross the band.
    frac = log(xv / XMIN) / log(XMAX / XMIN)
    right = frac > 0.6 || (k > 1 && XV[1] > 0 && xv < XV[1] && frac > 0.12)
    if (right) {
      set label sprintf('%s N = %d', XN[k], xv).(k == 1 ? XPAIRED : '') at xv, graph y right offset char -0.7, 0 \
        tc rgb XC[k] font ',8' front
    } else {
      set label sprintf('%s N = %d', XN[k], xv).(k == 1 ? XPAIRED : '') at xv, graph y left offset char 0.7, 0 \
        tc rgb XC[k] font ',8' front
    }
  }
  if (xv == 0) {
    set label sprintf('%s: persistent never wins for good', XN[k]).(k == 1 ? XPAIRED : '') at graph 0, graph y left \
      tc rgb XC[k] font ',8' front
  }
}
