#!/bin/sh
# Runs a command and checks its exit code, its stdout against an extended regex (some whole line
# of it matches; '=RE': stdout is exactly one line and it matches RE; '-' to skip), and, for a
# non-zero code, that stderr is exactly one line matching a regex.
# usage: expect.sh RC STDOUT_RE STDERR_RE -- command args...
set -u
want_rc=$1 out_re=$2 err_re=$3
shift 3
[ "$1" = "--" ] && shift
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err"
rc=$?
fail=0
if [ "$rc" -ne "$want_rc" ]; then
  echo "exit code $rc, expected $want_rc: $*"; fail=1
fi
case $out_re in
  =*) out_re=${out_re#=}
      if [ "$(wc -l <"$out")" -ne 1 ]; then echo "stdout is not one line:"; cat "$out"; fail=1; fi ;;
esac
if [ "$out_re" != "-" ] && ! grep -Eqx -- "$out_re" "$out"; then
  echo "stdout does not match /$out_re/:"; cat "$out"; fail=1
fi
if [ "$err_re" != "-" ]; then
  if [ "$(wc -l <"$err")" -ne 1 ] || ! grep -Eq -- "$err_re" "$err"; then
    echo "stderr is not one line matching /$err_re/:"; cat "$err"; fail=1
  fi
fi
if [ "$want_rc" -ne 0 ] && [ "$out_re" = "-" ] && [ -s "$out" ]; then
  echo "a failing command printed on stdout:"; cat "$out"; fail=1
fi
[ $fail -eq 0 ] && echo "ok: $*"
exit $fail
