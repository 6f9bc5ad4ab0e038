#!/bin/sh
# Invariant: without a GPU, 'pkbench run --results DIR' reads DIR's references (h200/ and
# h100-sxm/: measured.csv and params.json, as compare will) before it runs anything: one that
# cannot be read is refused at once, exit 2, one line on stderr naming the file (and its line),
# nothing on stdout and no --out folder made (a folder where a file should be too). References
# that read well are let through: the run then goes on to its next check, not the loop: its output
# folders (OUT/host and the references' under OUT) must be folders or ones it can make, and
# neither OUT nor one of them may be a folder it reads. A --results folder that holds no
# reference, or half of one (measured.csv without params.json), is refused too (the run skipped
# them as "not committed yet" and went on), as is a folder standing where the paired check
# writes a file (found after the sweep, before). A reference kept gzipped is read as the plain.
# usage: run_bad_results.sh PKBENCH SOURCE_DIR
pk=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
refs() {
  rm -rf "$tmp/res"
  for r in h200 h100-sxm; do
    mkdir -p "$tmp/res/$r" && cp "$src/results/$r/measured.csv" "$src/results/$r/params.json" "$tmp/res/$r/" || exit 1
  done
}
# run WHAT RC STDERR_RE [OUT]: the run (no GPU visible) exits RC at once with one line on stderr
run() {
  what=$1 want=$2 re=$3 o=${4:-$tmp/out}
  CUDA_VISIBLE_DEVICES=-1 HIP_VISIBLE_DEVICES=-1 timeout 120 "$pk" run --results "$tmp/res" --out "$o" \
    >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ $rc -eq "$want" ] || { echo "$what: exit $rc, expected $want"; fail=1; }
  { [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -Eq -- "$re" "$tmp/stderr"; } ||
    { echo "$what: stderr is not one line matching /$re/:"; cat "$tmp/stderr"; fail=1; }
  [ ! -s "$tmp/stdout" ] || { echo "$what: printed on stdout:"; cat "$tmp/stdout"; fail=1; }
  [ ! -e "$tmp/out" ] || { echo "$what: made its --out folder:"; ls "$tmp/out"; rm -rf "$tmp/out"; fail=1; }
}
refs
sed -i '100s/.*/cuda,NVIDIA H100 80GB HBM3,measured,standard/' "$tmp/res/h100-sxm/measured.csv"
run "a row cut short" 2 "^pkbench run: --results: $tmp/res/h100-sxm/measured\.csv:100: 4 fields, the header has [0-9]+$"
refs
sed -i '3s/.*/  "kind": "pkbench-params" "x",/' "$tmp/res/h200/params.json"
run "params.json not JSON" 2 "^pkbench run: --results: $tmp/res/h200/params\.json:3: invalid JSON"
refs
awk -F, -v OFS=, '!/^#/ && h && !done { $10 = "-5"; done = 1 } !/^#/ { h = 1 } { print }' \
  "$src/results/h200/measured.csv" >"$tmp/res/h200/measured.csv"
run "a negative median" 2 "^pkbench run: --results: .*$tmp/res/h200/measured\.csv.*wall_ns"
refs
# The paired check beside a reference's sweep, which compare reads where it is that sweep's.
mkdir "$tmp/res/h200/crosscheck" && sed -n 's/^# context run_id=//p' "$tmp/res/h200/measured.csv" >"$tmp/res/h200/crosscheck/of" &&
  echo "not,a,sweep" >"$tmp/res/h200/crosscheck/measured.csv" || fail=1
run "a paired check compare cannot read" 2 "^pkbench run: --results: the crossovers' paired check: $tmp/res/h200/crosscheck/measured\.csv:1: "
refs
rm "$tmp/res/h200/params.json" && mkdir "$tmp/res/h200/params.json"
run "a folder for a reference's file" 2 "^pkbench run: --results: $tmp/res/h200/params\.json: is a directory$"
refs
rm "$tmp/res/h100-sxm/params.json"
run "half a reference" 2 "^pkbench run: --results: $tmp/res/h100-sxm holds measured\.csv but not params\.json$"
rm -rf "$tmp/res" && mkdir -p "$tmp/res/other"
run "no reference at all" 2 "^pkbench run: --results: $tmp/res holds no reference \(h200/ or h100-sxm/"
refs
rm -r "$tmp/res/h200" # one reference of the two is a results folder all the same
mkdir "$tmp/o5" && mkdir -p "$tmp/o5/host/crosscheck/of"
run "a folder at crosscheck/of" 2 "^pkbench run: --out: $tmp/o5/host/crosscheck/of: is a folder; give a file name$" \
  "$tmp/o5"
refs
: >"$tmp/afile"
run "good references" 2 "^pkbench run: --out: $tmp/afile/o: cannot make the folder: Not a directory$" "$tmp/afile/o"
# The run's output folders, checked before anything runs: OUT/host a file, OUT the results folder.
mkdir "$tmp/o2" && : >"$tmp/o2/host"
run "a file at OUT/host" 2 "^pkbench run: --out: $tmp/o2/host: is a file; give a folder$" "$tmp/o2"
[ "$(ls "$tmp/o2")" = host ] || { echo "a file at OUT/host: the run made $(ls "$tmp/o2")"; fail=1; }
# ...and nothing where a step writes: a folder at a step's file, a file at its folder.
mkdir -p "$tmp/o3/host/params-before.json"
run "a folder at OUT/host/params-before.json" 2 "^pkbench run: --out: $tmp/o3/host/params-before\.json: is a folder; give a file name$" "$tmp/o3"
mkdir -p "$tmp/o4/h200" && : >"$tmp/o4/h200/plot-data"
run "a file at OUT/h200/plot-data" 2 "^pkbench run: --out: $tmp/o4/h200/plot-data: is a file; give a folder$" "$tmp/o4"
sums() { (cd "$tmp/res" && find . -type f | sort | xargs cksum); }
before=$(sums)
run "OUT the results folder" 2 "^pkbench run: --out: $tmp/res/\.: is the results folder .the committed references.; give another folder$" \
  "$tmp/res/."
[ "$(sums)" = "$before" ] || { echo "OUT the results folder: the references changed"; fail=1; }
# A reference that is not there is skipped, and no folder is made for it (the loop's first step
# is made to fail, so that the check does not wait for the rest of it).
refs
rm -r "$tmp/res/h200"
CUDA_VISIBLE_DEVICES=-1 HIP_VISIBLE_DEVICES=-1 PKB_TEST_FAIL_STEP=calibrate timeout 120 "$pk" run --quick \
  --results "$tmp/res" --out "$tmp/o6" >"$tmp/stdout" 2>"$tmp/stderr"
grep -q "^pkbench run: H200 reference: skipped" "$tmp/stdout" || { echo "no H200 reference: not said skipped"; fail=1; }
[ -d "$tmp/o6/h100-sxm" ] && [ ! -e "$tmp/o6/h200" ] ||
  { echo "no H200 reference: the run made $(ls "$tmp/o6" | tr '\n' ' ')(h100-sxm and host expected)"; fail=1; }
# A reference kept gzipped (measured.csv.gz and params.json.gz, as the committed leases keep
# theirs) is one: compared and plotted as the plain one is (it was refused as "no reference").
refs
rm -r "$tmp/res/h200"
gzip "$tmp/res/h100-sxm/measured.csv" "$tmp/res/h100-sxm/params.json"
CUDA_VISIBLE_DEVICES=-1 HIP_VISIBLE_DEVICES=-1 PKB_TEST_FAIL_STEP=calibrate timeout 120 "$pk" run --quick \
  --results "$tmp/res" --out "$tmp/o7" >"$tmp/stdout" 2>"$tmp/stderr"
[ -s "$tmp/o7/h100-sxm/report.md" ] || { echo "a gzipped reference was not compared:"; cat "$tmp/stderr"; fail=1; }
exit $fail
