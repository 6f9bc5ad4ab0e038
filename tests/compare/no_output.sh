#!/bin/sh
# Invariant: a command that fails on bad input exits as expected with one stderr line (via
# expect.sh) AND leaves no file behind in its output directory (no partial output; the folder's
# lock file is not output).
# usage: no_output.sh EXPECT_SH OUT BLOCKER RC STDERR_RE -- command args...
#   OUT is removed first. BLOCKER is '-' (none), 'file' (OUT is created as an empty regular
#   file), or a name created as a directory inside OUT, so that writing OUT/NAME fails.
set -u
expect=$1 out=$2 blocker=$3 rc=$4 err_re=$5
shift 5
rm -rf "$out"
case $blocker in
  -) ;;
  file) mkdir -p "$(dirname "$out")" && : >"$out" ;;
  *) mkdir -p "$out/$blocker" ;;
esac
sh "$expect" "$rc" - "$err_re" "$@" || exit 1
if [ "$blocker" = file ]; then
  [ -f "$out" ] && [ ! -s "$out" ] || { echo "$out was changed"; exit 1; }
  exit 0
fi
# The folder's lock file (results/SCHEMA.md) holds no data: a writer that took the lock and then
# failed leaves it, as a sweep does.
if [ -d "$out" ] && [ -n "$(find "$out" ! -type d ! -name .pkbench.lock)" ]; then
  echo "files left in $out:"; find "$out" ! -type d ! -name .pkbench.lock; exit 1
fi
exit 0
