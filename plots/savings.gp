# Savings of the persistent kernel over standard launches against batch size N, one panel per
# item duration: measured (standard minus persistent medians), the seed model's N*h - S with
# calibrated h and S, and the simulator's prediction. Log x, linear y (savings can be
# negative). Data: datadir/savings.dat, block = panel-1. Run through 'pkbench plot'.
load datadir.'/meta.gp'
COLS = NP < 3 ? NP : 3
ROWS = int((NP + COLS - 1) / COLS)
W = 520 * COLS
H = 420 * ROWS + 60
load scriptdir.'/common.gp'
set multiplot layout ROWS, COLS title 'Savings of persistent over standard: measured vs seed model vs simulator: '.DEVICE."\n".SHAPE
set logscale x
set format x '%g'
set xrange [XMIN:XMAX]
set xlabel 'batch size N (items per batch)'
set ylabel 'savings per batch (µs, standard − persistent)'
do for [i = 1:NP] {
  set title 'item duration '.ITEM[i]
  if (i == 1) { set key top left font ',8' box opaque samplen 2 } else { unset key }
  plot datadir.'/savings.dat' index (i-1) using 1:2 with linespoints pt 7 ps 0.6 lw 1.5 lc rgb 'black' \
         title 'measured', \
       '' index (i-1) using 1:3 with lines lw 1.5 dt 2 lc rgb '#aa6600' \
         title (HAVESEED ? sprintf('seed model N·h − S (h=%d ns, S=%d ns)', SEEDH, SEEDS) : ''), \
       '' index (i-1) using 1:4 with lines lw 1.5 lc rgb '#1f77b4' title (HAVEPRED ? 'simulator' : ''), \
       0 with lines lc rgb '#888888' lw 1 title ''
}
unset multiplot
