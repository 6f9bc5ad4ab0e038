#!/bin/bash
# Invariant: the bash completion script completes commands, each command's options (a prefix
# gives exactly the options it starts), option values that are names (backends, with 'auto' for
# run; strategies, also after a comma in a list; the --opt=value form), a subcommand after 'help
# COMMAND', sweep's Google Benchmark flags (--benchmark_NAME=), nothing of its own for file
# arguments (bash completes files there) and nothing, silently, after a word that is no command;
# it cannot drift from the code: every option
# it offers is in that command's --help, every option of a help's option list is offered and
# shows a value there exactly when it takes one, and every name it offers for an option is named
# in the help of a command taking that option.
# usage: completion.sh PKBENCH SCRIPT
pk=$1 script=$2
[ -s "$script" ] || { echo "no completion script at $script"; exit 1; }
# shellcheck source=/dev/null
source "$script" || { echo "the script does not load in bash"; exit 1; }
fail=0
comp() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _pkbench; echo "${COMPREPLY[*]}"; }
want() { # want EXPECTED WORDS...
  local exp=$1; shift
  local got; got=$(comp "$@")
  [ "$got" = "$exp" ] || { echo "completing '$*': got '$got', expected '$exp'"; fail=1; }
}
want "sweep" pkbench sw
want "compare completion" pkbench com
want "--backend --batch" pkbench sweep --ba
want "cuda hip host" pkbench sweep --backend ""
want "cuda" pkbench calibrate --backend = c
want "auto" pkbench run --backend a
want "standard,graph" pkbench sweep --strategy standard,gr
want "plot" pkbench help pl
want "--out" pkbench plot --ou
want "--quick" pkbench run --qu
want "" pkbench calibrate --out ""
want "bash" pkbench completion ""
want "--version" pkbench --ver
want "import" pkbench trace ""
want "import" pkbench help trace ""
want "" pkbench help sweep ""
# A word that is no command (a typo, a path) is offered nothing, silently: no variable is named
# after it ('foo.bar' is no variable name, and bash would print an error on the command line).
for w in foo.bar a/b x:y; do
  errs=$( (comp pkbench "$w" --b >/dev/null) 2>&1)
  [ -z "$errs" ] || { echo "completing 'pkbench $w --b' printed: $errs"; fail=1; }
  errs=$( (comp pkbench help "$w" "" >/dev/null) 2>&1)
  [ -z "$errs" ] || { echo "completing 'pkbench help $w' printed: $errs"; fail=1; }
  want "" pkbench "$w" --b
done
want "--format" pkbench trace import --fo
want "chrome" pkbench trace import x.json --format ch
# sweep's Google Benchmark flags, each in its help: --benchmark_NAME= when a value follows.
want "--benchmark_filter=" pkbench sweep --benchmark_fi
want "--benchmark_list_tests" pkbench sweep --benchmark_li
want "" pkbench calibrate --benchmark_fi
gbhelp=$("$pk" sweep --help | sed -n '/^  --benchmark_\*/,/^  -h, --help/p' | sed '$d') # that option's paragraph
[ -n "$gbhelp" ] || { echo "sweep's help has no --benchmark_* paragraph"; fail=1; }
for b in $_pkbench_passthrough_sweep; do
  n=${b#--benchmark_} n=${n%=}
  printf '%s\n' "$gbhelp" | grep -qw -- "$n" ||
    { echo "sweep's completion offers $b, which its help's --benchmark_* paragraph does not name"; fail=1; }
done
# No drift: the script's options are the tables', each one is in its command's help (--help is
# everywhere), each name offered for an option is in the help of a command taking it, and each
# option of a help's option list (lines "  --name") is offered.
declare -A named
for c in $_pkbench_commands; do
  [ "$c" = help ] || [ "$c" = completion ] && continue
  f=_pkbench_flags_${c//-/_} v=_pkbench_valued_${c//-/_}
  opts="${!f} ${!v}"
  [ -n "${!v}${!f}" ] || { echo "no options for $c"; fail=1; continue; }
  help=$("$pk" "$c" --help)
  for o in $opts; do
    [ "$o" = --help ] && continue
    grep -q -- "$o\b" <<<"$help" || { echo "$c: $o is offered but not in 'pkbench $c --help'"; fail=1; }
    for n in $(_pkbench_values "$o" "$c"); do
      named["$o $n"]=${named["$o $n"]:-0}
      grep -q -- "$n" <<<"$help" && named["$o $n"]=1
    done
  done
  for o in $(grep -oE '^  --[a-z][a-z0-9_-]*' <<<"$help" | grep -v '^  --benchmark_' | sort -u); do
    case " $opts " in *" $o "*) ;; *) echo "$c: $o is in the help but not offered"; fail=1 ;; esac
  done
  # The help's option column ("  --a PATH, --b PATH   text", "  --grid N --block N  text") shows a
  # value for an option exactly when the parser takes one.
  while read -r o val; do
    [ "$o" = --help ] && continue
    case " ${!v} " in *" $o "*) t=1 ;; *) t= ;; esac
    [ -n "$val" ] && [ -z "$t" ] && { echo "$c: the help shows '$o $val', but $o takes no value"; fail=1; }
    [ -z "$val" ] && [ -n "$t" ] && { echo "$c: the help shows $o without the value it takes"; fail=1; }
  done < <(grep -E '^  (-h, )?--[a-z]' <<<"$help" | grep -v '^  --benchmark_' | sed -E 's/^  //; s/(  |$).*//' |
             grep -oE -- '--[a-z][a-z0-9_-]*( [A-Z][A-Za-z|]*| [a-z]+\|[a-z|]+)?')
done
for k in "${!named[@]}"; do
  [ "${named[$k]}" = 1 ] || { echo "option value '$k' is offered but no help names it"; fail=1; }
done
[ $fail -eq 0 ] && echo "ok: completion"
exit $fail
