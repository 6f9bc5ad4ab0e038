# A comparison folder (pkbench compare --baseline/--candidate, or pkbench ab): the change of
# each point against batch size N, one panel per strategy, with the interval its verdict was
# drawn from, on a log-ratio axis labelled in percent (+5% and -4.8% equally far from 0); slower points red (triangle up), faster green (triangle down), same dark grey,
# undecided open circles; dashed lines at +-threshold, dotted at +-margin (the p-values'
# equivalence margin; the dashed line alone where the margin is the threshold). Points of one
# batch are spread a little by item duration (smallest left). A change beyond the y range sits
# on its edge as a triangle.
# Data: datadir/compare.dat, block = strategy - 1. Run through 'pkbench plot'.
load datadir.'/compare-meta.gp'
COLS = NS < 3 ? NS : 3
ROWS = int((NS + COLS - 1) / COLS)
# At least 1100 px (one strategy's panel alone would clip the subtitle), wider for a long subtitle.
W = 520 * COLS
W = W < 1100 ? 1100 : W
W = W < 6.5 * strlen(SUBTITLE) ? int(6.5 * strlen(SUBTITLE)) : W
H = 400 * ROWS + 80
load scriptdir.'/common.gp'
set multiplot layout ROWS, COLS title TITLE."\n".SUBTITLE
set logscale x 2
set format x '%g'
set xrange [XMIN:XMAX]
set yrange [-YL:YL]
set xlabel 'batch size N (items per batch)'
set ylabel 'change of the median (log scale, %)'
do for [s = 1:NS] {
  set title SNAME[s]
  if (s == 1) { set key top left font ',8' box opaque samplen 1 } else { unset key }
  plot THU with lines dt 2 lc rgb '#888888' title THKEY, \
       THL with lines dt 2 lc rgb '#888888' title '', \
       MGU with lines dt 3 lc rgb '#888888' title MGKEY, \
       MGL with lines dt 3 lc rgb '#888888' title '', \
       0 with lines lc rgb '#cccccc' title '', \
       datadir.'/compare.dat' index (s-1) using 1:2:3:4:5 with yerrorbars pt -1 lw 1 lc rgb variable title '', \
       '' index (s-1) using 1:2:6:5 with points pt variable ps 0.9 lc rgb variable title '', \
       NaN with points pt 9 ps 1 lc rgb '#d62728' title 'slower', \
       NaN with points pt 11 ps 1 lc rgb '#2ca02c' title 'faster', \
       NaN with points pt 7 ps 0.9 lc rgb '#555555' title 'same', \
       NaN with points pt 6 ps 0.9 lc rgb '#aaaaaa' title 'undecided'
}
unset multiplot
