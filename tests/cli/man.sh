#!/bin/bash
# Invariant: the man page help2man made at build time is a section-1 page of pkbench with a
# section per command ("PKBENCH SWEEP"...) that names every option of that command (the options
# come from the generated completion script, i.e. from the commands' own tables), the exit codes
# (77 among them) and the environment; where man is installed it renders.
# usage: man.sh MAN_PAGE COMPLETION_SCRIPT
page=$1 script=$2
[ -s "$page" ] || { echo "no man page at $page"; exit 1; }
# shellcheck source=/dev/null
source "$script" || exit 1
fail=0
grep -q '^\.TH PKBENCH "1"' "$page" || { echo "not a section-1 page of pkbench"; fail=1; }
for c in $_pkbench_commands; do
  [ "$c" = help ] && continue
  grep -qx ".SH \"PKBENCH ${c^^}\"" "$page" || { echo "no section for $c"; fail=1; }
  f=_pkbench_flags_${c//-/_} v=_pkbench_valued_${c//-/_}
  for o in ${!f} ${!v}; do
    grep -qF -- "${o//-/\\-}" "$page" || { echo "$c: $o is not in the man page"; fail=1; }
  done
done
grep -q '^\.SH ENVIRONMENT' "$page" || { echo "no ENVIRONMENT section"; fail=1; }
grep -q 'no device visible' "$page" || { echo "exit code 77 is not documented"; fail=1; }
if command -v man >/dev/null 2>&1; then
  MANWIDTH=100 man -l "$page" 2>/dev/null | grep -q "^PKBENCH SWEEP" || { echo "man -l does not render it"; fail=1; }
fi
[ $fail -eq 0 ] && echo "ok: $page"
exit $fail
