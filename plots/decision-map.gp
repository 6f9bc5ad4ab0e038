# Decision map over (batch size × item duration): the measured best of standard and persistent
# beside each policy's choice (seed with calibrated h and S; the simulator's argmin); cells
# where a policy loses time against the measured best are crossed. Data: datadir/decision.dat,
# blocks 3*(panel-1) + {0 standard, 1 persistent, 2 lost}. Run through 'pkbench plot'.
load datadir.'/meta.gp'
W = 480 * ND
H = 540
load scriptdir.'/common.gp'
set multiplot layout 1, ND title 'Standard launches or persistent kernel: measured best vs policy choice: '.DEVICE."\n".SHAPE
set xrange [-0.5:DNB-0.5]
set yrange [-0.5:DNI-0.5]
eval 'set xtics '.DXTICS.' rotate by 45 right font ",8"'
eval 'set ytics '.DYTICS
unset grid
set xlabel 'batch size N (items per batch)'
set ylabel 'item duration (requested)'
set key below font ",9" spacing 1.2
set bmargin 10
do for [p = 1:ND] {
  set title DNAME[p] font ',10'
  plot datadir.'/decision.dat' index (3*(p-1)) using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5) \
         with boxxyerror fs solid 0.85 noborder lc rgb '#1f77b4' title 'standard launches', \
       '' index (3*(p-1)+1) using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5) \
         with boxxyerror fs solid 0.85 noborder lc rgb '#d62728' title 'persistent kernel', \
       '' index (3*(p-1)+2) using 1:2 with points pt 2 ps 1.6 lw 2 lc rgb 'black' \
         title (p > 1 ? 'loses time against the measured best' : '')
}
unset multiplot
