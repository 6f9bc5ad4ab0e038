# Shared set-up for every pkbench plot script. The caller ('pkbench plot') passes with -e:
#   fmt ('png' or 'svg'), outfile, scriptdir, datadir; each script sets W and H (pixels) first.
# Each script loads datadir/meta.gp first (device name, panel and series names, crossovers:
# written by pkbench plot).
# Text is not 'enhanced', so names like item_ns print as written.
if (fmt eq 'svg') {
  set terminal svg size W,H dynamic noenhanced font 'Sans,12' background rgb 'white'
} else {
  set terminal pngcairo size W,H noenhanced font 'Sans,10' background rgb 'white'
}
set output outfile
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set key noautotitle
set style textbox opaque noborder margins 1, 1

# One tick style on every axis: 0.1, 1, 10, 100, 1k, 10k, 100k, 1M (kfmt), decades labelled and
# minor ticks at 2..9 on log axes (@LOGX, @LOGY); finer labelled steps where an axis spans two
# decades or less (@LOGY125: 1, 2, 5; @LOGYMID: 1, 1.5, 2, 3, 5, 7; @LOGYFINE: 1, 1.1, 1.2...).
kfmt(v) = abs(v) >= 1e9*(1-1e-9) ? sprintf('%gG', v/1e9) : abs(v) >= 1e6*(1-1e-9) ? sprintf('%gM', v/1e6) : \
          abs(v) >= 1e3*(1-1e-9) ? sprintf('%gk', v/1e3) : sprintf('%g', v)
LOGX = "set xtics (kfmt(1.0) 1.0); do for [e = -3:12] { set xtics add (kfmt(10.0**e) 10.0**e); do for [m = 2:9] { set xtics add ('' m*10.0**e 1) } }"
LOGY = "set ytics (kfmt(1.0) 1.0); do for [e = -3:12] { set ytics add (kfmt(10.0**e) 10.0**e); do for [m = 2:9] { set ytics add ('' m*10.0**e 1) } }"
LOGYMID = "set ytics (kfmt(1.0) 1.0); do for [e = -3:6] { do for [m in '1 1.5 2 3 5 7'] { set ytics add (kfmt(m*10.0**e) m*10.0**e) }; do for [m in '4 6 8 9'] { set ytics add ('' m*10.0**e 1) } }"
LOGYFINE = "set ytics (kfmt(1.0) 1.0); do for [e = -3:6] { do for [m in '1 1.1 1.2 1.3 1.4 1.5 1.6 1.8 2 2.5 3 3.5 4 4.5 5 6 7 8 9'] { set ytics add (kfmt(m*10.0**e) m*10.0**e) } }"
LOGY125 = "set ytics (kfmt(1.0) 1.0); do for [e = -3:6] { do for [m in '1 2 5'] { set ytics add (kfmt(m*10.0**e) m*10.0**e) }; do for [m in '3 4 6 7 8 9'] { set ytics add ('' m*10.0**e 1) } }"

# The crossover marks (crossmarks.gp draws them in a panel; these are their legend entries):
# measured a wide grey band, simulated a black dashed line on it, the seed policy an orange
# dotted one; each labelled with its batch size at its own height, so none hides another.
XMCOL = '#b8b8b8'
XMTXT = '#505050'
XSCOL = '#c06000'
XKEY = "NaN with lines lc rgb XMCOL lw 7 title 'crossover, measured (medians)', NaN with lines lc rgb 'black' lw 1.5 dt 2 title (HAVEPRED ? 'crossover, simulated' : ''), NaN with lines lc rgb XSCOL lw 2 dt 3 title (HAVESEED ? 'crossover, seed policy' : '')"
