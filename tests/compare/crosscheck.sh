#!/bin/sh
# compare and the crossovers' paired check beside a sweep (crosscheck/measured.csv and
# crosscheck/of, as `pkbench run` leaves them). SWEEP is a sweep (the state fixture), PARAMS the
# parameters it was made from. Its standard and persistent at item 0, N = 2 are made to tie (IQRs
# of +-50%); the check measures that cell and N = 4 (not tied) in 20 passes with persistent at
# 0.9 of standard. Then: the report and summary.json name the tied cell alone, resolved for
# persistent, and the crossover at item 0 counts it; a check made for another sweep is left out
# with a note; a gzipped check is read; a check without pass rows, or with a pass row whose wall
# is not positive, is refused: exit 2, one line naming the file, no output folder.
# usage: crosscheck.sh PKBENCH SWEEP PARAMS OUT
set -u
pk=$1 sweep=$2 params=$3 out=$4
fail=0
rm -rf "$out"
mkdir -p "$out/in/crosscheck"
cp "$params" "$out/in/params.json"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; print "# context run_id=test-1"; next } /^#/ { print; next }
  !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; print; next }
  $c["item_ns"] == 0 && $c["batch"] == 2 && ($c["strategy"] == "standard" || $c["strategy"] == "persistent") {
    w = $c["wall_ns"]; $c["wall_ns_min"] = w * 0.3; $c["wall_ns_p10"] = w * 0.4; $c["wall_ns_p25"] = w * 0.5
    $c["wall_ns_p75"] = w * 1.5; $c["wall_ns_p90"] = w * 1.6; $c["wall_ns_max"] = w * 1.7 }
  $c["item_ns"] == 0 && $c["batch"] == 4 && ($c["strategy"] == "standard" || $c["strategy"] == "persistent") {
    $c["wall_ns_p25"] = $c["wall_ns"] * 0.999; $c["wall_ns_p75"] = $c["wall_ns"] * 1.001 }
  { print }' "$sweep/measured.csv" >"$out/in/measured.csv"
# The check: a summary row and 20 pass rows per strategy and cell, persistent at 0.9 of standard.
blk=$(awk -F, '/^#/ { next } !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
  $c["strategy"] == "standard" && $c["item_ns"] == 0 && $c["batch"] == 2 { print $c["block"]; exit }' "$out/in/measured.csv")
mk_check() { # $1: the wall of one pass row to plant ("" for none); $2: the pass rows' canary ("" for none);
  # $3: "split" for persistent at 0.9 of standard in odd passes and 1.1 in even ones (no winner).
  # The untied cell (N = 4) comes first, so that compare puts the tied one before it.
  head -n 1 "$out/in/measured.csv"
  echo "# context run_id=check-1"
  grep -v '^#' "$out/in/measured.csv" | head -n 1
  grep -v '^#' "$out/in/measured.csv" | head -n 1 | awk -F, -v plant="$1" -v blk="$blk" -v can="${2:-}" -v halves="${3:-}" '{ n = NF; for (i = 1; i <= NF; i++) c[$i] = i }
    function row(s, b, w, rep,   i, v) { for (i = 1; i <= n; i++) v[i] = ""
      v[c["backend"]] = "cuda"; v[c["device"]] = "Synthetic GPU (test fixture)"; v[c["source"]] = "measured"
      v[c["strategy"]] = s; v[c["item_ns"]] = 0; v[c["batch"]] = b; v[c["grid"]] = 1; v[c["block"]] = blk
      v[c["reps"]] = 50; v[c["wall_ns"]] = w; v[c["replicate"]] = rep; v[c["throttled_reps"]] = 0
      if (rep > 0 && can != "") v[c["canary_host_ns"]] = can + 10 * rep
      for (i = 1; i <= n; i++) printf "%s%s", v[i], i < n ? "," : "\n" }
    END { for (b = 4; b >= 2; b -= 2) { row("standard", b, 10000, 0); row("persistent", b, 9000, 0) }
      for (p = 1; p <= 20; p++) for (b = 4; b >= 2; b -= 2) {
        w = 10000 + 37 * p; f = halves == "" ? 0.9 : p % 2 ? 0.9 : 1.1
        row("standard", b, (p == 7 && plant != "") ? plant : w, p); row("persistent", b, f * w, p) } }'
}
mk_check "" >"$out/in/crosscheck/measured.csv"
echo test-1 >"$out/in/crosscheck/of"
cmp() { "$pk" compare --measured "$out/in" --params "$out/in/params.json" --out "$1" >"$out/log" 2>&1; }
cmp "$out/c" || { echo "compare failed:"; cat "$out/log"; fail=1; }
s=$out/c/summary.json
grep -q "^## Crossovers, paired check" "$out/c/report.md" || { echo "report.md lacks the paired check"; fail=1; }
[ "$(jq -c '[.paired_check.cells[] | [.item_ns, .batch, .pairs, .faster]]' "$s")" = '[[0,2,20,"persistent"]]' ] ||
  { echo "the check's cells are not the tied one, resolved: $(jq -c .paired_check "$s")"; fail=1; }
[ "$(jq '.paired_check.tied' "$s")" -ge 1 ] || { echo "no tied cell counted"; fail=1; }
[ "$(jq -c '.crossovers[] | select(.item_ns == 0) | [.paired_checked, .paired_resolved]' "$s")" = '[1,1]' ] ||
  { echo "item 0's crossover does not count its checked cell"; fail=1; }
[ "$(jq '.paired_check.crossovers_judged' "$s")" -ge 1 ] || { echo "no crossover judged with the check"; fail=1; }
# Made without --canary: the model is judged calibrated, not at the check's state.
[ "$(jq -c '[.paired_check.cells[0].model_calibrated > 0, .paired_check.cells[0].model_at_state, .paired_check.calibrated.judged, .paired_check.at_state.judged, .paired_check.crossovers_exact_given_state]' "$s")" = '[true,null,1,0,null]' ] ||
  { echo "a check without canaries: $(jq -c .paired_check "$s")"; fail=1; }
grep -q "At the check's own state it is not judged: the check's rows have no canary" "$out/c/report.md" ||
  { echo "report.md does not say the check has no canary"; fail=1; }
grep -q "^The check's sweep spans the product of the tied cells' axes, so it also measured 1 cell that does not tie" "$out/c/report.md" &&
  grep -q "^Over all 2 cells the check measured, .* lies [0-9.]*% from its ratio\.$" "$out/c/report.md" ||
  { echo "report.md of a check without canaries lacks its other cell"; fail=1; }

# With canaries: the model at the check's state, pass by pass, and the crossovers given the host's
# state with the check.
mk_check "" 3000 >"$out/in/crosscheck/measured.csv"
cmp "$out/cs" || { echo "compare with a canary check failed:"; cat "$out/log"; fail=1; }
s=$out/cs/summary.json
[ "$(jq -c '[.paired_check.cells[0].model_at_state > 0, .paired_check.cells[0].model_pairs, .paired_check.at_state.judged, (.paired_check.at_state.distance_pct >= 0), .paired_check.crossovers_judged_given_state >= 1]' "$s")" = '[true,20,1,true,true]' ] ||
  { echo "a check with canaries: $(jq -c .paired_check "$s")"; fail=1; }
# The check's other cell (N = 4, not tied): judged against the model beside, never as a crossover's.
[ "$(jq -c '[.paired_check.all_cells.cells, [.paired_check.all_cells.other_cells[] | [.batch, .faster, .model_pairs]], .paired_check.all_cells.resolved, .paired_check.all_cells.at_state.judged]' "$s")" = '[2,[[4,"persistent",20]],2,2]' ] ||
  { echo "the check's other cells: $(jq -c .paired_check.all_cells "$s")"; fail=1; }
grep -q "^The check's sweep spans the product of the tied cells' axes, so it also measured 1 cell that does not tie" "$out/cs/report.md" ||
  { echo "report.md lacks the check's other cells"; fail=1; }
# Each model cell of the paired tables names the strategy its ratio (persistent / standard) favours.
grep -o '| [0-9.]* ([a-z]*) |' "$out/cs/report.md" | awk '{ n++; if (($2 < 1) != ($3 == "(persistent)")) bad = 1 }
  END { exit !(n >= 2 && !bad) }' ||
  { echo "report.md's model cells name the wrong strategy:"; grep -o '| [0-9.]* ([a-z]*) |' "$out/cs/report.md"; fail=1; }
grep -q "^At the check's own state .*names the check's winner at [01] of 1" "$out/cs/report.md" &&
  grep -q "^Given the host's state, crossovers exact: [0-9]* of [0-9]* with the check" "$out/cs/report.md" ||
  { echo "report.md lacks the model at the check's state"; grep -A3 "model against" "$out/cs/report.md"; fail=1; }
# With canaries but no cell resolved: the model at the check's state is judged on nothing, and the
# crossovers given the state are still counted (the medians' winners stand).
mk_check "" 3000 split >"$out/in/crosscheck/measured.csv"
cmp "$out/cu" || { echo "compare with an unresolved canary check failed:"; cat "$out/log"; fail=1; }
[ "$(jq -c '[.paired_check.resolved, .paired_check.at_state.judged, .paired_check.crossovers_exact_given_state != null, .paired_check.cells[0].model_at_state > 0]' "$out/cu/summary.json")" = '[0,0,true,true]' ] ||
  { echo "an unresolved check with canaries: $(jq -c .paired_check "$out/cu/summary.json")"; fail=1; }
grep -q "^At the check's own state .*names the check's winner at 0 of 0" "$out/cu/report.md" &&
  grep -q "^Given the host's state, crossovers exact: " "$out/cu/report.md" ||
  { echo "report.md on an unresolved check with canaries"; fail=1; }
mk_check "" >"$out/in/crosscheck/measured.csv"

# Made for another sweep: left out, with a note.
echo other-run >"$out/in/crosscheck/of"
cmp "$out/c2" || { echo "compare with another sweep's check failed:"; cat "$out/log"; fail=1; }
grep -q "^pkbench compare: note: .*crosscheck left out: not this sweep's paired check: made for run other-run, the sweep is run test-1" "$out/log" ||
  { echo "another sweep's check: no note"; cat "$out/log"; fail=1; }
[ "$(jq '.paired_check' "$out/c2/summary.json")" = null ] || { echo "another sweep's check was used"; fail=1; }
grep -q "paired_checked" "$out/c2/summary.json" && { echo "crossovers carry the check's fields without one"; fail=1; }
# A FIFO in place of the record: left out at once, not waited on.
rm "$out/in/crosscheck/of" && mkfifo "$out/in/crosscheck/of"
timeout 60 "$pk" compare --measured "$out/in" --params "$out/in/params.json" --out "$out/c2f" >"$out/log" 2>&1 ||
  { echo "compare with a FIFO for the check's record failed or hung:"; cat "$out/log"; fail=1; }
grep -q "^pkbench compare: note: .*crosscheck left out: not this sweep's paired check: no record of the sweep it checks" "$out/log" ||
  { echo "a FIFO for the check's record: no note"; cat "$out/log"; fail=1; }
rm "$out/in/crosscheck/of"
echo test-1 >"$out/in/crosscheck/of"

# Gzipped: read as well.
gzip "$out/in/crosscheck/measured.csv"
cmp "$out/c3" && [ "$(jq '.paired_check.cells | length' "$out/c3/summary.json")" = 1 ] ||
  { echo "a gzipped check was not read"; cat "$out/log"; fail=1; }
rm -f "$out/in/crosscheck/measured.csv.gz"

# Refused before anything is written: no pass rows; a pass row whose wall is not a number.
refused() { # $1: what; $2: the message's pattern
  cmp "$out/bad"
  rc=$?
  [ $rc -eq 2 ] || { echo "$1: exit $rc, expected 2"; fail=1; }
  [ "$(wc -l <"$out/log")" -eq 1 ] && grep -q "^pkbench compare: the crossovers' paired check: .*crosscheck/measured.csv:.*$2" "$out/log" ||
    { echo "$1: not one line naming it:"; cat "$out/log"; fail=1; }
  [ ! -e "$out/bad" ] || { echo "$1: left $out/bad"; fail=1; }
}
mk_check "" | awk -F, '/^#/ { print; next } !h { for (i = 1; i <= NF; i++) if ($i == "replicate") c = i; h = 1; print; next }
  $c == 0' >"$out/in/crosscheck/measured.csv"
refused "a check without pass rows" "no pass rows"
mk_check 0 >"$out/in/crosscheck/measured.csv"
refused "a pass row with a wall of 0" "wall_ns is 0: every measured row needs a total above 0"
exit $fail
