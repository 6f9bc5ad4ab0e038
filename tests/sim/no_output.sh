#!/bin/sh
# Invariant: a rejected `pkbench simulate` (exit 2, one stderr line matching ERR_RE) leaves no
# output file (nor temporary) behind.
# usage: no_output.sh EXPECT ERR_RE -- pkbench simulate ... --out OUT (OUT is created in a temp dir)
set -u
expect=$1 err_re=$2
shift 2
[ "$1" = "--" ] && shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$(dirname "$0")"/workload_*.csv "$dir"/ 2>/dev/null
cd "$dir" || exit 1
"$expect" 2 - "$err_re" -- "$@" || exit 1
left=$(ls "$dir" | grep -v '^workload_' || true)
if [ -n "$left" ]; then echo "files left behind: $left"; exit 1; fi
echo "ok: nothing written"
