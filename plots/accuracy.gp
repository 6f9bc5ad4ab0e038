# Accuracy: predicted against measured total time per batch, log-log, one series per strategy,
# with y = x (exact) and ±10% lines. Data: datadir/accuracy.dat, block = series-1.
# Run through 'pkbench plot'.
load datadir.'/meta.gp'
W = 800
H = 720
load scriptdir.'/common.gp'
set title 'Simulator accuracy, predicted vs measured total per batch: '.DEVICE."\n".SHAPE
set logscale xy
@LOGX
@LOGY
set xrange [ALO:AHI]
set yrange [ALO:AHI]
set size ratio -1
set xlabel 'measured total time per batch (µs)'
set ylabel 'predicted total time per batch (µs)'
set key top left font ',9' box opaque
plot x with lines lc rgb 'black' lw 1 title 'y = x (exact)', \
     1.1*x with lines lc rgb '#999999' dt 2 title '±10%', \
     0.9*x with lines lc rgb '#999999' dt 2 title '', \
     for [s = 1:NA] datadir.'/accuracy.dat' index (s-1) using 1:2 with points pt 7 ps 0.7 lc rgb ACOL[s] \
       title ANAME[s]
