# Crossover: total time per batch against batch size N (log-log), one panel per (shape, item
# duration). Points: measured medians with IQR bars; lines: the simulator's predictions;
# vertical lines: the crossover batch (persistent wins from there on), measured, simulated and
# by the seed policy, each labelled with its N (crossmarks.gp). Data: datadir/crossover-m.dat
# and crossover-p.dat, block (panel-1)*NS + strategy-1. Run through 'pkbench plot' (see
# common.gp for the inputs).
load datadir.'/meta.gp'
# One panel per (shape, item duration) plus one for the legend.
COLS = PCOLS
ROWS = PROWS
W = 520 * COLS
H = 420 * ROWS + 60
load scriptdir.'/common.gp'
set multiplot layout ROWS, COLS title 'Total time per batch, '.(HAVEPRED ? 'measured and simulated' : 'measured').': '.DEVICE."\n".SHAPE
set logscale xy
@LOGX
@LOGY
set xrange [XMIN:XMAX]
set tmargin 7
set xlabel 'batch size N (items per batch)'
set ylabel 'total time per batch (µs)'
do for [i = 1:NP] {
  set title PTITLE[i] offset 0, 3
  load scriptdir.'/crossmarks.gp'
  plot for [s = 1:NS] datadir.'/crossover-m.dat' index ((i-1)*NS + s - 1) using 1:2:3:4 \
         with yerrorbars pt 7 ps 0.55 lc rgb SCOL[s], \
       for [s = 1:NS*HAVEPRED] datadir.'/crossover-p.dat' index ((i-1)*NS + s - 1) using 1:2 \
         with lines lw 1.5 lc rgb SCOL[s]
  do for [sk = 1:PSKIP[i]] { set multiplot next }
}
# The legend panel: every series once, no axes.
unset arrow
unset label
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
     @XKEY
unset multiplot
