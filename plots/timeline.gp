# Timeline: a Gantt chart of the simulator's host and device activity for a small batch, one
# lane per (strategy, actor), one colour per activity. Data: datadir/timeline.dat, block =
# activity-1, columns start_us end_us lane. Run through 'pkbench plot'.
load datadir.'/meta.gp'
W = 1100
H = 160 + 55 * NL
load scriptdir.'/common.gp'
set title 'Simulated timeline of a small batch (host and device activity): '.DEVICE."\n".TLNOTE
set xlabel 'time since the first API call ('.TLUNIT.')'
set ylabel ''
set yrange [NL-0.5:-0.5]
eval 'set ytics '.TYTICS
set grid xtics noytics
set key outside right top font ',9'
array KC[10] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']
plot for [k = 1:NK] datadir.'/timeline.dat' index (k-1) using (($1+$2)/2/TLDIV):3:($1/TLDIV):($2/TLDIV):($3-0.35):($3+0.35) \
       with boxxyerror fs solid 0.8 border lc rgb 'white' lc rgb KC[(k-1)%10+1] title KNAME[k]
