#!/bin/sh
# Persistent's small-batch bias given the host's state (README.md here): runs this build's
# `pkbench compare` on the committed folders with each choice of parameters, then analyse.py
# reads its errors.csv beside the folders' measured.csv, logs and params, and prints the tables.
# No GPU; about a minute on a 2-core VM (one compare at a time).
# usage: sh results/h200/analysis-bias/analyse.sh [--pk PKBENCH] [WORKDIR]   (repository root)
set -eu
pk=build/harness/pkbench
if [ "${1:-}" = --pk ]; then pk=$2; shift 2; fi
w=${1:-$(mktemp -d)} # the compare outputs: a fresh folder unless one is named
here=$(dirname "$0")
r=results/h200
mkdir -p "$w/cmp" "$w/params"
# shellcheck source=results/h200/params_mean.sh
. "$r/params_mean.sh"
cmp1() { # cmp1 MEASURED PARAMS NAME: one compare, kept in $w/cmp/NAME
  [ -f "$w/cmp/$2.done" ] && return 0
  rm -rf "$w/cmp/$2"
  "$pk" compare --measured "$1" --params "$3" --out "$w/cmp/$2" >/dev/null 2>"$w/cmp/$2.err" &&
    touch "$w/cmp/$2.done" || echo "compare failed: $1 with $3" >&2
}
# the 36 main jobs, each against its bracket (params.json, or .gz), its calibration before, after
for j in $r/lease7[89]/run? $r/lease8[0-6]/run? $r/lease88/run?; do
  n=$(echo "${j#$r/}" | tr / _)
  b=$j/params.json; [ -f "$b" ] || b=$b.gz
  cmp1 "$j" "$n.bracket" "$b"
  cmp1 "$j" "$n.before" "$j/params-before.json.gz"
  cmp1 "$j" "$n.after" "$j/params-after.json.gz"
  # the state checks that followed a main job (lease 85: one each, lease 86: six)
  for s in "$j"/statecheck*/; do
    [ -d "$s" ] || continue
    s=${s%/}; t=${s##*/}
    for k in bracket before after; do
      case $k in bracket) p=$b ;; before) p=$j/params-before.json.gz ;; after) p=$j/params-after.json.gz ;; esac
      cmp1 "$s" "$n.$t.$k" "$p"
    done
  done
done
# lease 87: each job's short sweep against each kind's bracket (as its judge_reps.sh) and each
# of its four calibrations alone
for j in $r/lease87/job?; do
  n=lease87_${j##*/}
  for k in a b; do
    params_mean "$j/${k}1.json" "$j/${k}2.json" "$w/params/$n.$k.json"
    cmp1 "$j/sweep" "$n.$k" "$w/params/$n.$k.json"
    cmp1 "$j/sweep" "$n.${k}1" "$j/${k}1.json"
    cmp1 "$j/sweep" "$n.${k}2" "$j/${k}2.json"
  done
done
python3 "$here/analyse.py" "$w"
