#!/bin/sh
# Invariant: every command makes the output folders it needs: calibrate --out DIR/params.json
# with DIR missing, sweep --out and --benchmark_out=DIR/FILE, simulate --out and --timeline,
# compare --out, each some levels deep; and sweep --benchmark_list_tests with a new --out lists
# the points and writes, and creates, nothing.
# usage: mkdir.sh PKBENCH PARAMS_JSON
pk=$1 params=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() { "$@" >"$tmp/stdout" 2>"$tmp/stderr" || { echo "exit $?: $*"; cat "$tmp/stderr"; fail=1; }; }
has() { [ -s "$1" ] || { echo "missing $1"; fail=1; }; }

run "$pk" calibrate --backend host --reps 2 --out "$tmp/cal/a/b/params.json"
has "$tmp/cal/a/b/params.json"

run "$pk" sweep --backend host --out "$tmp/list/new" --benchmark_list_tests --strategy standard --item-ns 0 --batch 1,2
[ "$(grep -c '^standard/item_ns:0/batch:' "$tmp/stdout")" -eq 2 ] || { echo "list: not 2 points:"; cat "$tmp/stdout"; fail=1; }
[ ! -e "$tmp/list" ] || { echo "--benchmark_list_tests created $tmp/list"; fail=1; }

S="--strategy standard --item-ns 0 --batch 1 --max-time-s 0.01"
# shellcheck disable=SC2086
run "$pk" sweep --backend host --out "$tmp/sw/a/b" $S --benchmark_out="$tmp/gb/c/out.json"
has "$tmp/sw/a/b/measured.csv"
has "$tmp/gb/c/out.json"

run "$pk" simulate --params "$params" --strategy standard --item-ns 0 --batch 1 --out "$tmp/sim/a/p.csv" \
  --timeline "$tmp/tl/b/t.csv"
has "$tmp/sim/a/p.csv"
has "$tmp/tl/b/t.csv"

run "$pk" compare --measured "$tmp/sw/a/b" --params "$params" --out "$tmp/cmp/a/b"
has "$tmp/cmp/a/b/report.md"
[ $fail -eq 0 ] && echo "ok: every output folder made"
exit $fail
