# Accuracy: predicted against measured total time per batch, log-log, one series per strategy,
# with y = x (exact) and ±10% lines. Data: datadir/accuracy.dat, block = series-1; block NA:
# the ANZ points predicted at 0 or less (a log axis has no place for them), drawn on the bottom
# edge (y = ALO) as open triangles in their strategy's colour, and counted in the title.
# Run through 'pkbench plot'.
load datadir.'/meta.gp'
W = 800
H = 720
load scriptdir.'/common.gp'
ZNOTE = ANZ == 1 ? '1 prediction of 0 or less, drawn on the bottom edge (open triangle)' : \
        sprintf('%d predictions of 0 or less, drawn on the bottom edge (open triangles)', ANZ)
set title 'Simulator accuracy, predicted vs measured total per batch: '.DEVICE."\n".SHAPE.(ANZ > 0 ? "\n".ZNOTE : '')
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
       title ANAME[s], \
     for [z = 1:(ANZ > 0)] datadir.'/accuracy.dat' index NA using 1:(ALO):3 with points pt 10 ps 1.4 lw 1.5 \
       lc rgb variable title '', \
     for [z = 1:(ANZ > 0)] NaN with points pt 10 ps 1.4 lw 1.5 lc rgb '#444444' \
       title 'predicted 0 or less (at the bottom edge)'
