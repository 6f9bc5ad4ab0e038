#!/bin/sh
# Runs expect.sh on a pkbench command whose '@OUT@' arguments name a path in a fresh empty
# folder, then checks that the command created nothing there (bad usage leaves no files).
# usage: no_output.sh EXPECT_SH RC STDOUT_RE STDERR_RE -- command args...
set -u
expect=$1; shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc_want=$1 out_re=$2 err_re=$3
shift 3
[ "$1" = "--" ] && shift
cmd=""
for a in "$@"; do
  case "$a" in
    *@OUT@*) a=$(printf '%s' "$a" | sed "s|@OUT@|$tmp/out|g") ;;
  esac
  cmd="$cmd '$a'"
done
eval "sh \"$expect\" \"$rc_want\" \"$out_re\" \"$err_re\" -- $cmd" || exit 1
if [ -n "$(ls -A "$tmp")" ]; then
  echo "the failing command created files:"; ls -laR "$tmp"; exit 1
fi
exit 0
