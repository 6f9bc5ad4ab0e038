#!/bin/sh
# Invariant: a trace that cannot be imported makes `pkbench trace import` exit 2 (or $NO_OUTPUT_RC)
# with one stderr line that names the file and matches ERR_RE, and leaves no output file (nor a
# temporary); the same of `pkbench simulate --workload` on a workload that cannot be replayed.
# usage: no_output.sh EXPECT SRCDIR MAKE_DB ERR_RE -- pkbench trace import FILE --out out.csv ...
set -u
expect=$1 src=$2 make_db=$3 err_re=$4
shift 4
[ "$1" = "--" ] && shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$(dirname "$0")/fixtures.sh" "$src" "$make_db" "$dir" || exit 1
cd "$dir" || exit 1
before=$(ls | sort)
"$expect" "${NO_OUTPUT_RC:-2}" - "$err_re" -- "$@" || exit 1
after=$(ls | sort)
if [ "$before" != "$after" ]; then
  echo "files left behind:"; echo "$after" | grep -vxF "$before"; exit 1
fi
echo "ok: nothing written"
