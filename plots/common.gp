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
