# Variables for plots/compare.gp, written by 'pkbench plot'.
TITLE = 'candidate against baseline: NVIDIA H200 (cuda)'
SUBTITLE = '123 same, 0 faster, 0 slower, 202 undecided; threshold ±5%, intervals at 100.0%; item_ns left to right: 0 ns, 1 µs, 5 µs, 20 µs, 50 µs'
NS = 5
array SNAME[5]
SNAME[1] = 'standard'
SNAME[2] = 'standard-sync'
SNAME[3] = 'graph'
SNAME[4] = 'persistent'
SNAME[5] = 'persistent-resident'
TH = 5
THU = 0.0487901642
THL = -0.0487901642
YL = 3.40119738
XMIN = 0.625
XMAX = 6553.6
set ytics ('0%%' 0, '+50%%' 0.405465108, '-50%%' -0.693147181, '-75%%' -1.38629436, '+300%%' 1.38629436, '-90%%' -2.30258509, '+1000%%' 2.39789527, '+2900%%' 3.40119738)
