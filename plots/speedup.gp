# Speedup: standard time over each strategy's time per batch (log-log), one panel per (shape,
# item duration). Above 1 the strategy beats standard launches. Points: measured medians with
# a bar from the quartiles (standard p25 / its p75 to standard p75 / its p25); dashed lines: the
# simulator's; vertical lines: the crossover where persistent crosses 1 for good, measured,
# simulated and by the seed policy (crossmarks.gp). Data: datadir/speedup.dat, block
# (panel-1)*SPN + strategy-1. Run through 'pkbench plot' (see common.gp for the inputs).
load datadir.'/meta.gp'
COLS = PCOLS
ROWS = PROWS
W = 520 * COLS
H = 420 * ROWS + 60
load scriptdir.'/common.gp'
set multiplot layout ROWS, COLS title 'Speedup over standard launches (standard time / strategy time; above 1: faster): '.DEVICE."\n".SHAPE
set logscale xy
@LOGX
set xrange [XMIN:XMAX]
set tmargin 7
set xlabel 'batch size N (items per batch)'
set ylabel 'speedup over standard (×)'
do for [i = 1:NP] {
  set title PTITLE[i] offset 0, 3
  # The panel's own range (every figure and 1), ticks as fine as the range needs.
  set yrange [SPLO[i] / 1.12 : SPHI[i] * 1.12]
  SPAN = log10(SPHI[i] / SPLO[i])
  if (SPAN > 1.2) { @LOGY125 } else { if (SPAN > 0.45) { @LOGYMID } else { @LOGYFINE } }
  load scriptdir.'/crossmarks.gp'
  plot 1 with lines lc rgb 'black' lw 1, \
       for [s = 1:SPN] datadir.'/speedup.dat' index ((i-1)*SPN + s - 1) using 1:2 \
         with lines lw 1 lc rgb SPCOL[s], \
       for [s = 1:SPN] datadir.'/speedup.dat' index ((i-1)*SPN + s - 1) using 1:2:3:4 \
         with yerrorbars pt 7 ps 0.55 lc rgb SPCOL[s], \
       for [s = 1:SPN*HAVEPRED] datadir.'/speedup.dat' index ((i-1)*SPN + s - 1) using 1:5 \
         with lines lw 1.5 dt 2 lc rgb SPCOL[s]
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
set xrange [0:1]
set yrange [0:1]
set key center center font ',9' samplen 3 spacing 1.0 maxrows 16 reverse Left
plot for [s = 1:SPN] NaN with linespoints pt 7 ps 0.8 lw 1 lc rgb SPCOL[s] title SPNAME[s].' measured (median, quartile bars)', \
     for [s = 1:SPN*HAVEPRED] NaN with lines lw 1.5 dt 2 lc rgb SPCOL[s] title SPNAME[s].' simulated', \
     NaN with lines lc rgb 'black' lw 1 title 'speedup 1 (as fast as standard)', \
     @XKEY
unset multiplot
