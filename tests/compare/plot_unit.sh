#!/bin/sh
# Invariant: a plot's images and plot data are one unit. A second plot that skips plots (no
# prediction, no timeline) removes the first one's images and data of those plots; a plot whose
# gnuplot fails on one script, or exits 0 with an image cut short (as on a full disk: exit 74),
# leaves every file of the folder as it was; a comparison's plot into
# the same folder removes the sweep's plots, and the other way round; no staging folder stays.
# usage: plot_unit.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail=0
no() { echo "FAIL: $*"; fail=1; }
"$pk" plot "$fix" --out "$out/p" >/dev/null || no "the first plot exited $?"
for f in accuracy.png timeline.svg plot-data/accuracy.dat plot-data/timeline.dat; do
  [ -s "$out/p/$f" ] || no "the first plot did not write $f"
done
# The measured points alone: accuracy and timeline are skipped, and theirs go.
mkdir "$out/m" && cp "$fix/measured.csv" "$out/m/"
"$pk" plot "$out/m" --out "$out/p" >/dev/null || no "the plot without a prediction exited $?"
for f in accuracy.png accuracy.svg timeline.png timeline.svg plot-data/accuracy.dat plot-data/timeline.dat \
  plot-data/timeline.csv; do
  [ ! -e "$out/p/$f" ] || no "$f of the earlier plot was left beside this one's"
done
[ -s "$out/p/savings.png" ] && [ -s "$out/p/plot-data/savings.dat" ] || no "the plots drawn are not there"
# gnuplot failing on savings: nothing changes, though crossover and speedup were drawn before it.
(cd "$out/p" && find . -type f ! -name gnuplot.log ! -name .pkbench.lock | sort | xargs md5sum) >"$out/before"
gp=$(command -v gnuplot)
printf '#!/bin/sh\ncase "$*" in *savings.gp*) exit 1 ;; esac\nexec "%s" "$@"\n' "$gp" >"$out/gp" && chmod +x "$out/gp"
GNUPLOT=$out/gp "$pk" plot "$fix" --out "$out/p" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || no "the plot whose gnuplot failed exited $rc, not 1"
(cd "$out/p" && find . -type f ! -name gnuplot.log ! -name .pkbench.lock | sort | xargs md5sum) >"$out/after"
cmp -s "$out/before" "$out/after" || no "a failed plot changed the folder: $(diff "$out/before" "$out/after" | head -5)"
# gnuplot exits 0 when its writes fail (a full disk), leaving the image cut short: a plot whose
# savings image (SVG, then PNG) ends so exits 74, naming it, and changes nothing.
for fmt in svg png; do
  cat >"$out/gp" <<GP
#!/bin/sh
"$gp" "\$@" || exit
case "\$*" in *"fmt = '$fmt'"*savings.gp*)
  f=\$(printf '%s' "\$2" | sed -n "s/.*outfile = '\\([^']*\\)'.*/\\1/p")
  head -c 2000 "\$f" >"\$f.cut" && mv "\$f.cut" "\$f" ;;
esac
GP
  chmod +x "$out/gp"
  GNUPLOT=$out/gp "$pk" plot "$fix" --out "$out/p" >/dev/null 2>"$out/cut.err"
  rc=$?
  [ $rc -eq 74 ] && grep -q "^pkbench plot: $out/p/savings.$fmt: cannot write: gnuplot's image ends cut short" \
    "$out/cut.err" || no "a cut $fmt image: exit $rc, $(cat "$out/cut.err")"
  (cd "$out/p" && find . -type f ! -name gnuplot.log ! -name .pkbench.lock | sort | xargs md5sum) >"$out/after"
  cmp -s "$out/before" "$out/after" || no "a cut $fmt image changed the folder: $(diff "$out/before" "$out/after")"
done
# A comparison's plot, then a sweep's, into one folder: each removes the other's.
mkdir "$out/cmp"
"$pk" compare --baseline "$fix" --candidate "$out/m" --out "$out/cmp" >/dev/null 2>&1 || no "compare of runs exited $?"
"$pk" plot "$out/cmp" --out "$out/p" >/dev/null || no "the comparison's plot exited $?"
[ -s "$out/p/compare.png" ] || no "compare.png was not drawn"
[ -z "$(ls "$out/p" | grep -v -e '^compare\.' -e '^plot-data$')" ] || no "a sweep's images stayed: $(ls "$out/p")"
[ -z "$(ls "$out/p/plot-data" | grep -v -e '^compare' -e '^gnuplot.log$')" ] || no "a sweep's data stayed: $(ls "$out/p/plot-data")"
"$pk" plot "$fix" --out "$out/p" >/dev/null || no "the sweep's plot after the comparison's exited $?"
[ ! -e "$out/p/compare.png" ] && [ ! -e "$out/p/plot-data/compare.dat" ] || no "the comparison's plot stayed"
[ -z "$(ls -a "$out/p" | grep pkbench-commit)" ] || no "a staging folder was left: $(ls -a "$out/p")"
# A predicted total of 0 ns is a model's figure (the seed's additive model costs an empty resident
# batch nothing): drawn on the accuracy plot's bottom edge (its log axis starts above 0, from the
# positive figures alone) with a marker of its own, and counted in the title. A --predicted that
# predicts none of the measured points: one line, exit 2, nothing written (as compare refuses it).
awk -F, 'BEGIN { OFS = "," } !done && $4 == "standard" { $10 = 0; done = 1 } { print }' "$fix/predicted.csv" >"$out/p0.csv"
awk -F, 'BEGIN { OFS = "," } !/^#/ && $1 != "backend" { $5 = $5 + 777 } { print }' "$fix/predicted.csv" >"$out/none.csv"
grep -q ',standard,0,1,0,0,20,0,' "$out/p0.csv" || no "the zero prediction was not made"
"$pk" plot "$fix" --predicted "$out/p0.csv" --out "$out/p0" >/dev/null 2>&1 || no "plot --predicted p0.csv exited $?"
m=$out/p0/plot-data/meta.gp
awk '$1 == "ALO" { ok = $3 > 0 } END { exit !ok }' "$m" || no "the accuracy axis starts at $(grep '^ALO' "$m"): the 0 is not drawn"
grep -qx 'ANZ = 1' "$m" || no "the zero prediction is not counted: $(grep '^ANZ' "$m")"
awk '/^# predicted 0 or less/ { z = 1; next } z && NF == 3 && $2 == 0 { n++ } END { exit n != 1 }' \
  "$out/p0/plot-data/accuracy.dat" || no "accuracy.dat has not the zero prediction in its block of its own"
grep -q '>1 prediction of 0 or less, drawn on the bottom edge' "$out/p0/accuracy.svg" || no "accuracy.svg's title does not count it"
grep -q '>predicted 0 or less (at the bottom edge)<' "$out/p0/accuracy.svg" || no "accuracy.svg has no key for its marker"
for c in "none.csv:no measured point of .* has a prediction in"; do
  msg=$("$pk" plot "$fix" --predicted "$out/${c%%:*}" --out "$out/refused" 2>&1)
  rc=$?
  [ $rc -eq 2 ] && [ "$(printf '%s\n' "$msg" | wc -l)" -eq 1 ] && printf '%s' "$msg" | grep -Eq "${c#*:}" ||
    no "plot --predicted ${c%%:*}: exit $rc, '$msg'"
  [ ! -e "$out/refused" ] || no "plot --predicted ${c%%:*} wrote $out/refused"
done
[ $fail -eq 0 ] && echo "ok: a plot's files are one unit"
exit $fail
