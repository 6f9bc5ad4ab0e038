# Crossover: total time per batch against batch size N (log-log), one panel per item duration.
# Points: measured medians with IQR bars; lines: the simulator's predictions; vertical lines:
# the crossover batch (persistent wins from there on) measured (solid), simulated (dashed) and
# by the seed policy (dotted). Data: datadir/crossover-m.dat and crossover-p.dat, block
# (panel-1)*NS + strategy-1. Run through 'pkbench plot' (see common.gp for the inputs).
load datadir.'/meta.gp'
# One panel per item duration plus one for the legend.
COLS = NP + 1 < 3 ? NP + 1 : 3
ROWS = int((NP + 1 + COLS - 1) / COLS)
W = 520 * COLS
H = 420 * ROWS + 60
load scriptdir.'/common.gp'
set multiplot layout ROWS, COLS title 'Total time per batch, measured and simulated: '.DEVICE."\n".SHAPE
set logscale xy
set format x '%g'
set xrange [XMIN:XMAX]
set format y '%g'
set xlabel 'batch size N (items per batch)'
set ylabel 'total time per batch (µs)'
set mxtics 1
do for [i = 1:NP] {
  set title 'item duration '.ITEM[i]
  unset arrow
  if (XM[i] > 0) { set arrow from XM[i], graph 0 to XM[i], graph 1 nohead lc rgb 'black' lw 1.5 }
  if (XP[i] > 0) { set arrow from XP[i], graph 0 to XP[i], graph 1 nohead lc rgb 'black' lw 1.5 dt 2 }
  if (XS[i] > 0) { set arrow from XS[i], graph 0 to XS[i], graph 1 nohead lc rgb '#aa6600' lw 1.5 dt 3 }
  unset key
  plot for [s = 1:NS] datadir.'/crossover-m.dat' index ((i-1)*NS + s - 1) using 1:2:3:4 \
         with yerrorbars pt 7 ps 0.55 lc rgb SCOL[s] title SNAME[s].' measured (median, IQR)', \
       for [s = 1:NS*HAVEPRED] datadir.'/crossover-p.dat' index ((i-1)*NS + s - 1) using 1:2 \
         with lines lw 1.5 lc rgb SCOL[s] title SNAME[s].' simulated'
}
# The legend panel: every series once, no axes.
unset arrow
unset title
unset border
unset tics
unset grid
unset xlabel
unset ylabel
unset logscale
set xrange [0:1]
set yrange [0:1]
set key center center font ',9' samplen 3 spacing 1.0 maxrows 16 reverse Left
plot for [s = 1:NS] NaN with points pt 7 ps 0.8 lc rgb SCOL[s] title SNAME[s].' measured (median, IQR bars)', \
     for [s = 1:NS*HAVEPRED] NaN with lines lw 1.5 lc rgb SCOL[s] title SNAME[s].' simulated', \
     NaN with lines lc rgb 'black' lw 1.5 title 'crossover, measured', \
     NaN with lines lc rgb 'black' lw 1.5 dt 2 title (HAVEPRED ? 'crossover, simulated' : ''), \
     NaN with lines lc rgb '#aa6600' lw 1.5 dt 3 title (HAVESEED ? 'crossover, seed policy' : '')
unset multiplot
