# Decision map over (batch size × item duration): the measured best of standard and persistent
# beside each policy's choice (seed with calibrated h and S; the simulator's argmin; the
# overlap-aware policy), one row of panels per grid × block shape; cells where a policy loses
# time against the measured best are crossed, and each title says how many cells it lost, the
# time they lost and what share of the best total that is. Batch sizes on a log axis (a cell
# spans halfway to its neighbours). Data: datadir/decision.dat, blocks 3*((shape-1)*ND +
# panel-1) + {0 standard, 1 persistent, 2 lost}: batch item_index cell_lo cell_hi. Run through
# 'pkbench plot'.
load datadir.'/meta.gp'
W = 500 * ND
H = 470 * DROWS + 90
load scriptdir.'/common.gp'
set multiplot layout DROWS, ND title 'Standard launches or persistent kernel: measured best vs policy choice: '.DEVICE."\n".SHAPE
set logscale x
@LOGX
set xrange [DXMIN:DXMAX]
set yrange [-0.5:DNI-0.5]
eval 'set ytics '.DYTICS
unset grid
set xlabel 'batch size N (items per batch)'
set ylabel 'item duration (requested)'
set key below font ',9' spacing 1.2
set bmargin 7
set tmargin (NSHAPES > 1 ? 5 : 4)
do for [r = 1:DROWS] {
  do for [p = 1:ND] {
    k = (r-1)*ND + p
    set title DNAME[k] font ',9'
    plot datadir.'/decision.dat' index (3*(k-1)) using 1:2:3:4:($2-0.5):($2+0.5) \
           with boxxyerror fs solid 0.85 noborder lc rgb '#1f77b4' title 'standard launches', \
         '' index (3*(k-1)+1) using 1:2:3:4:($2-0.5):($2+0.5) \
           with boxxyerror fs solid 0.85 noborder lc rgb '#d62728' title 'persistent kernel', \
         '' index (3*(k-1)+2) using 1:2 with points pt 2 ps 1.6 lw 2 lc rgb 'black' \
           title (p > 1 ? 'loses time against the measured best' : '')
  }
}
unset multiplot
