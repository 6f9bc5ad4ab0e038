#!/bin/sh
# Stands in for pkbench in the Slurm test until `pkbench sweep --shard` and `pkbench merge`
# exist (issue 17): it accepts exactly the two command lines the recipe runs and records them.
#   sweep --shard I/N --out DIR FLAGS...  writes DIR/argv (one argument a line) and DIR/shard (I/N)
#   merge DIR... --out DIR                writes DIR/argv and DIR/shards (each input's shard line)
# Like pkbench it refuses an unknown --backend (exit 2), which the test uses to make shards fail.
set -eu
argv() { for a in "$@"; do printf '%s\n' "$a"; done; }
case "${1:-}" in
  sweep)
    [ "${2:-}" = --shard ] && [ "${4:-}" = --out ] && [ $# -ge 5 ] ||
      { echo "stub-pkbench: sweep: expected --shard I/N --out DIR first" >&2; exit 2; }
    shard=$3 dir=$5
    prev=""
    for a in "$@"; do
      if [ "$prev" = --backend ]; then
        case $a in host | cuda | hip) ;; *) echo "stub-pkbench: --backend: '$a' is unknown" >&2; exit 2 ;; esac
      fi
      prev=$a
    done
    mkdir -p "$dir"
    argv "$@" >"$dir/argv"
    echo "$shard" >"$dir/shard" ;;
  merge)
    shift
    out="" ins=""
    while [ $# -gt 0 ]; do
      if [ "$1" = --out ]; then out=${2:-}; shift 2 || exit 2; else ins="$ins $1"; shift; fi
    done
    [ -n "$out" ] || { echo "stub-pkbench: merge: --out is required" >&2; exit 2; }
    for d in $ins; do
      [ -f "$d/shard" ] || { echo "stub-pkbench: merge: $d holds no shard" >&2; exit 2; }
    done
    mkdir -p "$out"
    for d in $ins; do cat "$d/shard"; done >"$out/shards"
    argv merge $ins --out "$out" >"$out/argv" ;;
  *) echo "stub-pkbench: only 'sweep --shard' and 'merge' are stubbed" >&2; exit 2 ;;
esac
