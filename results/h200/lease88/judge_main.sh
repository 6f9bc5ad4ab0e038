#!/bin/sh
# Lease 88's rule, fixed before the call: each main job (a folder holding a sweep beside the
# bracket of its two calibrations, params.json, as `pkbench run` leaves it) judged with this
# build's `pkbench compare` against its own params.json, given the host's state (the canary beside
# each point), as lease 87's judge_reps.sh judges a kind:
#  - persistent at item 0, N = 1-8: the mean signed error (+: the model too slow) and the mean
#    absolute error, in %;
#  - persistent at item 1 us, N = 1-16, and standard at every point: the mean absolute error;
#  - the small batch's median wall less the launch cost beside it, the mean of the two
#    calibrations (params-before.json, params-after.json), ns.
# Then each column's mean over the jobs given. Nothing is fitted.
# usage: results/h200/lease88/judge_main.sh [--pk PKBENCH] JOB_DIR...   (repository root)
set -eu
pk=build/harness/pkbench
if [ "${1:-}" = --pk ]; then pk=$2; shift 2; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
errs() {
  gzip -dcf "$1" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) f[$i] = i; next }
    $f["state_rel_err"] == "" { next }
    { e = 100 * $f["state_rel_err"]; a = e < 0 ? -e : e }
    $f["strategy"] == "persistent" && $f["item_ns"] == 0 && $f["batch"] <= 8 { s0 += e; a0 += a; n0++ }
    $f["strategy"] == "persistent" && $f["item_ns"] == 1000 && $f["batch"] <= 16 { a1 += a; n1++ }
    $f["strategy"] == "standard" { as += a; ns++ }
    END { if (n0 && n1 && ns) printf "%.2f %.2f %.2f %.2f", s0 / n0, a0 / n0, a1 / n1, as / ns }'
}
small() {
  gzip -dcf "$1" | jq -r '.context.persistent_small_batch + " " + .context.persistent_setup_h' |
    sed -n 's/^N = 3: median wall \([0-9]*\) ns;.* launch cost \([0-9]*\) ns beside.*/\1 \2/p' | awk '{ print $1 - $2 }'
}
first() { for f in "$@"; do [ -f "$f" ] && { echo "$f"; return; }; done; echo "$1"; }
echo "| job | calibrate --reps | small batch less the launch (ns) | persistent item 0, N 1-8: signed / abs | persistent 1 us, N 1-16: abs | standard: abs |"
echo "| --- | ---: | ---: | --- | ---: | ---: |"
for j in "$@"; do
  j=${j%/}
  rm -rf "$tmp/c"
  if ! "$pk" compare --measured "$j" --out "$tmp/c" >/dev/null 2>&1; then
    echo "| $j | compare failed | | | | |"
    continue
  fi
  set -- $(errs "$tmp/c/errors.csv")
  [ $# -eq 4 ] || { echo "| $j | no canary rows | | | | |"; continue; }
  b=$(first "$j/params-before.json" "$j/params-before.json.gz") a=$(first "$j/params-after.json" "$j/params-after.json.gz")
  sm=$(printf '%s\n%s\n' "$(small "$b" 2>/dev/null)" "$(small "$a" 2>/dev/null)" |
    awk 'NF { s += $1; m++ } END { if (m == 2) printf "%.0f", s / 2 }')
  reps=$(gzip -dcf "$b" | jq -r '.context.calibrate_reps // "?"')
  echo "| ${j#results/h200/} | $reps | ${sm:-–} | $1% / $2% | $3% | $4% |"
  echo "$1 $2 $3 $4" >>"$tmp/rows"
done
[ -f "$tmp/rows" ] && awk '{ s += $1; a += $2; b += $3; c += $4; n++; p += $1 > 0 }
  END { printf "\n- mean over %d jobs: persistent item 0, N 1-8: %.2f%% signed (positive in %d), %.2f%% abs; persistent 1 us: %.2f%%; standard: %.2f%%\n", n, s / n, p, a / n, b / n, c / n }' "$tmp/rows"
exit 0
