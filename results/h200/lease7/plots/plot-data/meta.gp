# Variables for the pkbench plot scripts, written by 'pkbench plot'.
DEVICE = 'NVIDIA H200 (cuda)'
SHAPE = 'grid 1 × default block'
NP = 5
PCOLS = 3
PROWS = 2
NSHAPES = 1
array PTITLE[5]
array PSKIP[5]
array XM[5]
array XP[5]
array XS[5]
PSKIP[1] = 0; PTITLE[1] = 'item duration 0 ns'; XM[1] = 4; XP[1] = 4; XS[1] = 4
PSKIP[2] = 0; PTITLE[2] = 'item duration 1 µs'; XM[2] = 4; XP[2] = 4; XS[2] = 4
PSKIP[3] = 0; PTITLE[3] = 'item duration 5 µs'; XM[3] = 8; XP[3] = 8; XS[3] = 4
PSKIP[4] = 0; PTITLE[4] = 'item duration 20 µs'; XM[4] = 8; XP[4] = 8; XS[4] = 4
PSKIP[5] = 0; PTITLE[5] = 'item duration 50 µs'; XM[5] = 8; XP[5] = 8; XS[5] = 4
NS = 5
array SNAME[5]
array SCOL[5]
SNAME[1] = 'standard'; SCOL[1] = '#1f77b4'
SNAME[2] = 'standard-sync'; SCOL[2] = '#7f7f7f'
SNAME[3] = 'graph'; SCOL[3] = '#2ca02c'
SNAME[4] = 'persistent'; SCOL[4] = '#d62728'
SNAME[5] = 'persistent-resident'; SCOL[5] = '#9467bd'
XMIN = 0.714286
XMAX = 22937.6
HAVESEED = 1
SEEDH = 3619
SEEDS = 8207
TLNOTE = '8 items of 1 µs, simulated from the params'
HAVEPRED = 1
array SPLO[5]
array SPHI[5]
SPLO[1] = 0.344181; SPHI[1] = 279.226
SPLO[2] = 0.360313; SPHI[2] = 4.0039
SPLO[3] = 0.436349; SPHI[3] = 1.82253
SPLO[4] = 0.707623; SPHI[4] = 1.25371
SPLO[5] = 0.853013; SPHI[5] = 1.11831
SPN = 4
array SPNAME[4]
array SPCOL[4]
SPNAME[1] = 'standard-sync'; SPCOL[1] = '#7f7f7f'
SPNAME[2] = 'graph'; SPCOL[2] = '#2ca02c'
SPNAME[3] = 'persistent'; SPCOL[3] = '#d62728'
SPNAME[4] = 'persistent-resident'; SPCOL[4] = '#9467bd'
SYMIN = -6.679
SYMAX = 62095.5822
NA = 5
array ANAME[5]
array ACOL[5]
ANAME[1] = 'standard (MAPE 5.95%)'; ACOL[1] = '#1f77b4'
ANAME[2] = 'standard-sync (MAPE 6.27%)'; ACOL[2] = '#7f7f7f'
ANAME[3] = 'graph (MAPE 1.25%)'; ACOL[3] = '#2ca02c'
ANAME[4] = 'persistent (MAPE 1.73%)'; ACOL[4] = '#d62728'
ANAME[5] = 'persistent-resident (MAPE 0.99%)'; ACOL[5] = '#9467bd'
ALO = 2.46066667
AHI = 1456658.25
ND = 4
DROWS = 1
DNI = 5
array DNAME[4]
DNAME[1] = 'measured best of standard and persistent'."\n".'standard in 13 of 75 cells, persistent in 62'
DNAME[2] = 'seed policy: slower than the best in 3 of 75 cells'."\n".'lost 1.75 µs = 7e-05% of the best total (worst cell 0.85%)'
DNAME[3] = 'simulator policy: the best choice in all 75 cells'."\n".'no time lost'
DNAME[4] = 'overlap-aware policy: slower than the best in 3 of 75 cells'."\n".'lost 1.75 µs = 7e-05% of the best total (worst cell 0.85%)'
DXMIN = 0.707106781
DXMAX = 23170.475
DYTICS = '("0 ns" 0, "1 µs" 1, "5 µs" 2, "20 µs" 3, "50 µs" 4)'
NK = 8
NL = 4
array KNAME[8]
KNAME[1] = 'launch'
KNAME[2] = 'kernel'
KNAME[3] = 'sync'
KNAME[4] = 'setup'
KNAME[5] = 'dispatch'
KNAME[6] = 'item'
KNAME[7] = 'round trip'
KNAME[8] = 'teardown'
TLDIV = 1
TLUNIT = 'µs'
TYTICS = '("standard: host" 0, "standard: device" 1, "persistent: host" 2, "persistent: persistent" 3)'
