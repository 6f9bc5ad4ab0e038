#!/bin/bash
# Invariant: 'cmake --install' puts the man page (where help2man was found) under
# share/man/man1/pkbench.1, where man finds it through MANPATH, and the bash completion under
# share/bash-completion/completions/pkbench (the name bash-completion loads for 'pkbench');
# sourced, the installed completion completes the installed pkbench's commands.
# usage: installed_docs.sh BUILD_DIR HELP2MAN_OR_EMPTY
build=$1 help2man=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null || { echo "cmake --install failed"; exit 1; }
fail=0
comp=$work/prefix/share/bash-completion/completions/pkbench
[ -s "$comp" ] || { echo "no completion at $comp"; fail=1; }
if [ -s "$comp" ]; then
  # shellcheck source=/dev/null
  source "$comp"
  COMP_WORDS=(pkbench calib); COMP_CWORD=1; COMPREPLY=(); _pkbench
  [ "${COMPREPLY[*]}" = calibrate ] || { echo "installed completion: 'calib' gives '${COMPREPLY[*]}'"; fail=1; }
fi
if [ -n "$help2man" ]; then
  page=$work/prefix/share/man/man1/pkbench.1
  [ -s "$page" ] || { echo "no man page at $page"; fail=1; }
  if command -v man >/dev/null 2>&1; then
    MANPATH=$work/prefix/share/man MANWIDTH=100 man pkbench 2>/dev/null | grep -q "PKBENCH SWEEP" ||
      { echo "man pkbench does not find the installed page"; fail=1; }
  fi
else
  echo "help2man was not found at configure time: no man page to check"
fi
[ $fail -eq 0 ] && echo "ok: installed man page and completion"
exit $fail
