# Savings of the persistent kernel over standard launches against batch size N, one panel per
# (shape, item duration): measured (standard minus persistent medians) with a band from the
# quartiles, the seed model's N*h - S with calibrated h and S, and the simulator's prediction.
# Log x; y on a symmetric log scale (linear within +-1 µs, logarithmic beyond), so that the
# small negative savings below the crossover and the large ones above it both show; vertical
# lines: the crossover (crossmarks.gp). Data: datadir/savings.dat, block = panel-1. Run through
# 'pkbench plot'.
load datadir.'/meta.gp'
COLS = PCOLS
ROWS = PROWS
W = 520 * COLS
H = 420 * ROWS + 60
load scriptdir.'/common.gp'
SRC = HAVESEED && HAVEPRED ? 'measured, seed model and simulator' : HAVESEED ? 'measured and seed model' : \
      HAVEPRED ? 'measured and simulator' : 'measured'
set multiplot layout ROWS, COLS title 'Savings of persistent over standard: '.SRC.': '.DEVICE."\n".SHAPE
set logscale x
@LOGX
set xrange [XMIN:XMAX]
set tmargin 7
# The symmetric log axis: y' = sgn(y) log10(1 + |y| / C), C = 1 µs.
C = 1.0
sl(y) = sgn(y) * log10(1 + abs(y) / C)
isl(y) = sgn(y) * C * (10**abs(y) - 1)
set nonlinear y via sl(y) inverse isl(y)
SPAN = sl(SYMAX) - sl(SYMIN)
set yrange [isl(sl(SYMIN) - 0.04 * SPAN) : isl(sl(SYMAX) + 0.04 * SPAN)]
# Ticks at 0, +-1 and every decade, labelled; at +-2 and +-5 too, labelled where the axis spans
# few enough decades for their labels to stand apart, else ticks alone (the negative half, which
# seldom reaches -10 µs, thus always has a label: -1, and -2 and -5 where there is room).
set ytics ('0' 0, '1' 1, '-1' -1)
do for [e = 1:9] { set ytics add (kfmt(10.0**e) 10.0**e, '-'.kfmt(10.0**e) -10.0**e) }
if (SPAN < 3) { set ytics add ('2' 2, '-2' -2) } else { set ytics add ('' 2 1, '' -2 1) }
if (SPAN < 4.5) { set ytics add ('5' 5, '-5' -5) } else { set ytics add ('' 5 1, '' -5 1) }
set xlabel 'batch size N (items per batch)'
set ylabel 'savings per batch (µs, standard − persistent; symlog)'
do for [i = 1:NP] {
  set title PTITLE[i] offset 0, 3
  load scriptdir.'/crossmarks.gp'
  plot datadir.'/savings.dat' index (i-1) using 1:3:4 with filledcurves lc rgb '#d0d0d0' fs solid 0.7 noborder, \
       0 with lines lc rgb '#888888' lw 1, \
       '' index (i-1) using 1:5 with lines lw 1.5 dt 2 lc rgb '#aa6600', \
       '' index (i-1) using 1:6 with lines lw 1.5 lc rgb '#1f77b4', \
       '' index (i-1) using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb 'black'
  do for [sk = 1:PSKIP[i]] { set multiplot next }
}
unset arrow
unset label
unset title
unset border
unset tics
unset grid
unset xlabel
unset ylabel
unset logscale
unset nonlinear y
set xrange [0:1]
set yrange [0:1]
set key center center font ',9' samplen 3 spacing 1.0 maxrows 16 reverse Left
plot NaN with linespoints pt 7 ps 0.8 lw 1.5 lc rgb 'black' title 'measured (medians)', \
     NaN with filledcurves lc rgb '#d0d0d0' fs solid 0.7 title 'measured, quartile band', \
     NaN with lines lw 1.5 dt 2 lc rgb '#aa6600' title (HAVESEED ? sprintf('seed model N·h − S (h = %d ns, S = %d ns)', SEEDH, SEEDS) : ''), \
     NaN with lines lw 1.5 lc rgb '#1f77b4' title (HAVEPRED ? 'simulator' : ''), \
     @XKEY
unset multiplot
