#!/bin/sh
# Invariant: 'pkbench help CMD' prints exactly what 'pkbench CMD --help' prints, for every command
# listed by 'pkbench --help', and it starts with that command's usage line; 'pkbench help --all'
# holds every command's help under its own "*pkbench CMD*" heading (the man page's sections);
# the top-level help documents exit code 77, and so does the help of every command that opens
# a device (sweep, calibrate, run); every command's help documents exit code 74 (stdout that
# cannot be written); 'pkbench help trace import' is 'pkbench trace import --help', and
# 'pkbench help trace export' (no such subcommand) is refused.
# usage: help.sh PKBENCH
pk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
"$pk" --help >"$tmp/top" || { echo "pkbench --help exited $?"; exit 1; }
cmds=$(sed -n '/^Commands:/,/^$/p' "$tmp/top" | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "no command listed by pkbench --help"; exit 1; }
"$pk" help --all >"$tmp/all" || { echo "pkbench help --all exited $?"; fail=1; }
for c in $cmds; do
  [ "$c" = help ] && continue
  "$pk" help "$c" >"$tmp/a" 2>&1 || { echo "pkbench help $c exited $?"; fail=1; }
  "$pk" "$c" --help >"$tmp/b" 2>&1 || { echo "pkbench $c --help exited $?"; fail=1; }
  cmp -s "$tmp/a" "$tmp/b" || { echo "'pkbench help $c' differs from 'pkbench $c --help'"; fail=1; }
  head -n 1 "$tmp/a" | grep -q "^usage: pkbench $c" || { echo "help $c does not start with its usage"; fail=1; }
  grep -qx "\*pkbench $c\*" "$tmp/all" || { echo "help --all has no heading for $c"; fail=1; }
done
"$pk" help trace import >"$tmp/a" 2>&1 || { echo "pkbench help trace import exited $?"; fail=1; }
"$pk" trace import --help >"$tmp/b" 2>&1
cmp -s "$tmp/a" "$tmp/b" || { echo "'pkbench help trace import' differs from 'pkbench trace import --help'"; fail=1; }
"$pk" help trace export >/dev/null 2>&1 && { echo "pkbench help trace export was not refused"; fail=1; }
grep -q "^  77 " "$tmp/top" || { echo "pkbench --help does not document exit code 77"; fail=1; }
for c in sweep calibrate run; do
  echo "$cmds" | grep -qx "$c" || continue
  "$pk" "$c" --help | grep -q "77 " || { echo "pkbench $c --help does not document exit code 77"; fail=1; }
done
# Every command that prints on stdout exits 74 when stdout cannot be written (a full disk):
# each help says so (help's own is the top-level text).
for c in $cmds; do
  [ "$c" = help ] && continue
  "$pk" "$c" --help | grep -qE "(^|[ ,])74 " || { echo "pkbench $c --help does not document exit code 74"; fail=1; }
done
[ $fail -eq 0 ] && echo "ok: $(echo $cmds | wc -w) commands"
exit $fail
