#!/bin/sh
# Invariant: 'pkbench run --backend host --quick --gate' runs the whole host loop end to end: it
# exits 0 (no gate failed) or 1 (a gate failed, named on stderr) but never 2 or by a signal,
# prints every gate's verdict (pass, fail or inconclusive), writes params, measurements, report
# and all six plots, labels everything as a CPU analogue, records the noise probes and the
# pinning in the params context and the report, and ends by naming what it wrote; each step
# starts with a "[k/6] ... (elapsed m:ss)" line. With REQUIRE_PASS=1 a failed gate fails the
# test (the CI gate), after one fresh re-run: on a 2-core machine another process can take the
# worker's core during calibration, which a fresh calibrate and sweep do not repeat, while a
# model that misses fails both runs. (A gate on a machine whose noise probe lost more than the
# limit is inconclusive, not failed.)
# usage: run_host.sh PKBENCH OUT_DIR
pk=$1 out=$2
fail=0
# cells FILE TIED [STRATEGY]: "item_ns batch grid block" of FILE's summary rows of STRATEGY
# (standard), sorted; with TIED=1 only the first 16 whose IQR (wall_ns_p25..p75) overlaps
# persistent's, as the run picks them (harness/paired.h).
cells() {
  sed 's/"[^"]*"/q/g' "$1" | awk -F, -v tied="$2" -v want="${3:-standard}" '
    /^#/ { next }
    !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
    ("replicate" in c) && $c["replicate"] != 0 { next }
    { k = $c["item_ns"] " " $c["batch"] " " $c["grid"] " " $c["block"] }
    $c["strategy"] == want { n++; key[n] = k; lo[k] = $c["wall_ns_p25"]; hi[k] = $c["wall_ns_p75"] }
    $c["strategy"] == "persistent" { plo[k] = $c["wall_ns_p25"]; phi[k] = $c["wall_ns_p75"] }
    END {
      for (i = 1; i <= n; i++) {
        k = key[i]
        if (tied && !(lo[k] != "" && hi[k] != "" && plo[k] != "" && phi[k] != "" &&
                      lo[k] + 0 <= phi[k] + 0 && plo[k] + 0 <= hi[k] + 0)) continue
        if (tied && ++m > 16) break
        print k
      }
    }' | sort
}
for attempt in 1 2; do
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  "$pk" run --backend host --quick --gate --out "$out" >"$out.stdout" 2>"$out.stderr"
  rc=$?
  case $rc in
    0) break ;;
    1) grep -q "a gate failed" "$out.stderr" || { echo "exit 1 without a failed gate:"; cat "$out.stderr"; exit 1; }
       grep -q "gate fail: " "$out.stdout" || { echo "exit 1 without a 'gate fail' verdict:"; cat "$out.stdout"; exit 1; }
       [ "${REQUIRE_PASS:-0}" = 1 ] || break
       echo "attempt $attempt: gates failed:"; cat "$out.stderr"
       [ $attempt -eq 2 ] && fail=1 ;;
    *) echo "pkbench run exited $rc:"; cat "$out.stderr"; exit 1 ;;
  esac
done
h=$out/host
for f in params.json measured.csv measured.json report.md errors.csv predicted.csv; do
  [ -s "$h/$f" ] || { echo "missing $h/$f"; fail=1; }
done
for p in crossover speedup savings accuracy decision-map timeline; do
  for e in png svg; do [ -s "$h/$p.$e" ] || { echo "missing $h/$p.$e"; fail=1; }; done
  grep -q "CPU analogue" "$h/$p.svg" || { echo "$p.svg is not labelled a CPU analogue"; fail=1; }
done
grep -q "CPU analogue" "$h/report.md" || { echo "report.md is not labelled a CPU analogue"; fail=1; }
grep -q "^  $h/report.md" "$out.stdout" || { echo "the run does not name its report:"; cat "$out.stdout"; fail=1; }
# Every file of the closing list is there (a plot's line names its .png and says "(and .svg)"),
# and the list names each result the run made at the top of the host folder.
sed -n '/^pkbench run: wrote:$/,$s/^  \(.*\.[a-z]*\)\( (and \.svg)\)\{0,1\}$/\1/p' "$out.stdout" >"$out.listed"
while read -r f; do [ -s "$f" ] || { echo "the run names $f, which is not there"; fail=1; }; done <"$out.listed"
for f in "$h"/*.*; do
  case $f in *.svg | *.log) continue ;; esac # a plot's .svg is said beside it; the steps' logs are not results
  grep -qxF "$f" "$out.listed" || { echo "the run does not name $f"; fail=1; }
done
grep -Eq "^pkbench run: \[1/6\] host \(CPU analogue\): calibrate.* \(elapsed [0-9]+:[0-9]{2}\)$" "$out.stdout" ||
  { echo "the run does not number its steps with the elapsed time:"; cat "$out.stdout"; fail=1; }
# The crossovers' paired check: step 4, which either measured the tied cells (crosscheck/, marked
# with the sweep's run_id, and a report section) or said there were none.
if [ -f "$h/crosscheck/measured.csv" ]; then
  grep -Eq "^pkbench run: \[4/6\] host \(CPU analogue\): the crossovers' paired check \(elapsed" "$out.stdout" ||
    { echo "the paired check is not step 4"; fail=1; }
  [ "$(cat "$h/crosscheck/of")" = "$(sed -n 's/^# context run_id=//p' "$h/measured.csv")" ] ||
    { echo "crosscheck/of does not name the sweep's run_id"; fail=1; }
  grep -q "^## Crossovers, paired check" "$h/report.md" || { echo "a paired check without its report section"; fail=1; }
  # It measured exactly the sweep's first 16 tied cells (standard's and persistent's IQRs
  # overlapping), both strategies of each: no cell of their axes' product that did not tie.
  cells "$h/measured.csv" 1 >"$out.tied"
  cells "$h/crosscheck/measured.csv" 0 >"$out.checked"
  cells "$h/crosscheck/measured.csv" 0 persistent >"$out.checked-p"
  if ! cmp -s "$out.tied" "$out.checked" || ! cmp -s "$out.tied" "$out.checked-p"; then
    echo "the paired check did not measure exactly the tied cells (tied, then standard and persistent checked):"
    cat "$out.tied"; echo --; cat "$out.checked"; echo --; cat "$out.checked-p"; fail=1
  fi
else
  grep -Eq "^pkbench run: \[4/6\] host \(CPU analogue\): the crossovers' paired check: no cell where standard and persistent tie" \
    "$out.stdout" || { echo "no paired check, and no line saying why"; cat "$out.stdout"; fail=1; }
fi
n=$(grep -c "^pkbench run: host (CPU analogue): gate \(pass\|fail\|inconclusive\)" "$out.stdout")
[ "$n" -eq 2 ] || { echo "expected 2 gate verdicts, found $n:"; cat "$out.stdout"; fail=1; }
for k in noise_before_lost_pct noise_after_lost_pct pinning kernel_gap_check launch_host_runs calibrate_bracket; do
  grep -q "\"$k\"" "$h/params.json" || { echo "params.json context lacks $k"; fail=1; }
done
for s in "## Machine" "- noise_before: " "- noise_after: " "- pinning: "; do
  grep -qF -- "$s" "$h/report.md" || { echo "report.md lacks '$s'"; fail=1; }
done
exit $fail
