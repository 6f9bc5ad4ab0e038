#!/bin/sh
# Lease 87's rule, fixed before the call: per job, the sweep judged with this build's `pkbench
# compare` against each kind's bracket (the mean of its two calibrations around the sweep, as
# `pkbench run` takes it: params_mean.sh): A, --reps 20 (the default), and B, --reps 100. Per
# job and kind, given the host's state (the canary beside each point):
#  - persistent at item 0, N = 1-8: the mean signed error (+: the model too slow) and the mean
#    absolute error, in %;
#  - persistent at item 1 us, N = 1-16, and standard at every point: the mean absolute error;
#  - the small batch's median wall less the launch cost beside it (each calibration's context
#    persistent_small_batch and persistent_setup_h: what S + B_l + teardown hold past the launch
#    call), the mean of the kind's two calibrations.
# Then each column's mean over the jobs, and in how many jobs B's small batch lies below A's.
# Nothing is fitted: the calibrations run on their own probe points, none of which is a sweep's.
# usage: results/h200/lease87/judge_reps.sh LEASE_DIR [PKBENCH]   (repository root)
set -eu
l=$1
pk=${2:-build/harness/pkbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=results/h200/params_mean.sh
. "$(dirname "$0")/../params_mean.sh"
# errs ERRORS_CSV: "signed abs abs1us absstd" in %, given the host's state
errs() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) f[$i] = i; next }
    $f["state_rel_err"] == "" { next } # no state prediction: not a 0% error
    { e = 100 * $f["state_rel_err"]; a = e < 0 ? -e : e }
    $f["strategy"] == "persistent" && $f["item_ns"] == 0 && $f["batch"] <= 8 { s0 += e; a0 += a; n0++ }
    $f["strategy"] == "persistent" && $f["item_ns"] == 1000 && $f["batch"] <= 16 { a1 += a; n1++ }
    $f["strategy"] == "standard" { as += a; ns++ }
    END { if (n0 && n1 && ns) printf "%.2f %.2f %.2f %.2f", s0 / n0, a0 / n0, a1 / n1, as / ns }' "$1"
}
# small CAL.json: the small batch's median wall less the launch cost beside it, ns
small() {
  gzip -dcf "$1" | jq -r '.context.persistent_small_batch + " " + .context.persistent_setup_h' |
    sed -n 's/^N = 3: median wall \([0-9]*\) ns;.* launch cost \([0-9]*\) ns beside.*/\1 \2/p' | awk '{ print $1 - $2 }'
}
echo "| job | kind | h (ns) | small batch less the launch (ns) | persistent item 0, N 1-8: signed / abs | persistent 1 us, N 1-16: abs | standard: abs |"
echo "| --- | --- | ---: | ---: | --- | ---: | ---: |"
for j in "$l"/job*/; do
  j=${j%/}
  n=${j##*/}
  for k in a b; do
    c1=$(params_file "$j/${k}1.json") c2=$(params_file "$j/${k}2.json")
    if [ ! -f "$c1" ] || [ ! -f "$c2" ] || [ ! -f "$j/sweep/measured.csv" ]; then
      echo "| $n | $k | incomplete | | | | |"
      continue
    fi
    params_mean "$c1" "$c2" "$tmp/$k.json"
    rm -rf "$tmp/c"
    "$pk" compare --measured "$j/sweep" --params "$tmp/$k.json" --out "$tmp/c" >/dev/null 2>&1 ||
      { echo "| $n | $k | compare failed | | | | |"; continue; }
    set -- $(errs "$tmp/c/errors.csv")
    [ $# -eq 4 ] || { echo "| $n | $k | no canary rows | | | | |"; continue; }
    sm=$(printf '%s\n%s\n' "$(small "$c1")" "$(small "$c2")" | awk 'NF { s += $1; m++ } END { if (m == 2) printf "%.0f", s / 2 }')
    [ -n "$sm" ] || { echo "| $n | $k | no small batch in a calibration's context | | | | |"; continue; }
    h=$(jq '.params.launch_host_ns | floor' "$tmp/$k.json")
    echo "| $n | $(echo $k | tr ab AB) | $h | $sm | $1% / $2% | $3% | $4% |"
    echo "$n $k $sm $1 $2 $3 $4" >>"$tmp/rows"
  done
done
[ -f "$tmp/rows" ] || { echo; echo "No job with both kinds complete."; exit 0; }
echo
awk '{ k = $2; n[k]++; sm[k] += $3; s[k] += $4; a[k] += $5; a1[k] += $6; st[k] += $7; v[$1, k] = $3 }
  END {
    for (k in n) printf "- %s, mean over %d jobs: small batch less the launch %.0f ns; persistent item 0, N 1-8: %.2f%% signed, %.2f%% abs; persistent 1 us: %.2f%%; standard: %.2f%%\n",
      k == "a" ? "A (--reps 20)" : "B (--reps 100)", n[k], sm[k] / n[k], s[k] / n[k], a[k] / n[k], a1[k] / n[k], st[k] / n[k]
    for (key in v) { split(key, p, SUBSEP); if (p[2] == "a" && ((p[1], "b") in v)) { both++; if (v[p[1], "b"] < v[key]) lower++; d += v[p[1], "b"] - v[key] } }
    if (both) printf "- B small batch less the launch below A'"'"'s in %d of %d jobs (mean B - A: %.0f ns)\n", lower, both, d / both
  }' "$tmp/rows" | sort
