#!/bin/sh
# Invariants of `pkbench trace import` at the edges of its input and output, one CASE a run:
# - uri: a file whose name begins with "file:" is the file read (SQLite would take the name as a
#   URI and open another file: 'file:x.sqlite' opened x.sqlite);
# - long_path: a refusal keeps its reason whole after a path of any length up to PK_PATH_MAX
#   (4096; a 487-character folder left the message only its cut path);
# - lead_space: a Chrome trace that opens with whitespace (here 20 bytes, then 40000) is read as
#   the same trace (only the first 16 bytes were looked at to tell the format);
# - stdout_full: a summary line that cannot reach stdout exits 74 after the workload file was
#   written whole, and the help says that 74 means this too;
# - marker_none: a --step-marker that no event matches is said on stderr (the steps then come
#   from the synchronisations, which the summary alone said, as "(sync)").
# usage: edges.sh PKBENCH SRCDIR MAKE_DB CASE
set -u
pk=$1 src=$2 make_db=$3 case=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$(dirname "$0")/fixtures.sh" "$src" "$make_db" "$dir" || exit 1
cd "$dir" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
rows() { grep -v '^#' "$1" | cut -d, -f1-15; } # the rows without the name column
import() { # FILE OUT: import quietly, failing loudly
  "$pk" trace import "$1" --out "$2" >import.log 2>&1 || { bad "import $1"; cat import.log; }
}

case $case in
uri)
  import steps.nsys.sqlite nsys.csv
  cp steps.nsys.sqlite 'file:uri.sqlite'
  echo 'not a database, and not the file named' >uri.sqlite
  import 'file:uri.sqlite' uri.csv
  rows nsys.csv >a.rows; rows uri.csv >b.rows 2>/dev/null
  diff a.rows b.rows || bad "'file:uri.sqlite' gives other rows than its copy steps.nsys.sqlite"
  # ...and when the file the URI would name does not exist.
  mv 'file:uri.sqlite' 'file:gone.sqlite?mode=ro'
  import 'file:gone.sqlite?mode=ro' gone.csv
  rows gone.csv >c.rows 2>/dev/null
  diff a.rows c.rows || bad "'file:gone.sqlite?mode=ro' gives other rows than its copy steps.nsys.sqlite"
  ;;
long_path)
  # Folders of 240 characters: 2 make a 487-character path, 16 one of about 3900 from /.
  seg=$(printf '%0240d' 0)
  for depth in 2 16; do
    d=.
    i=0
    while [ $i -lt $depth ]; do d=$d/$seg; i=$((i + 1)); done
    mkdir -p "$d" && cp unknown_phase.trace.json "$d/" || { bad "cannot make the folder of depth $depth"; continue; }
    f=$(cd "$d" && pwd)/unknown_phase.trace.json
    [ $depth -eq 2 ] && f=$d/unknown_phase.trace.json
    "$pk" trace import "$f" --out out.csv >/dev/null 2>err.txt
    rc=$?
    [ $rc -eq 2 ] || bad "a path of ${#f} characters: exit $rc, not 2"
    [ "$(wc -l <err.txt)" -eq 1 ] || bad "a path of ${#f} characters: not one line on stderr"
    grep -q ': traceEvents\[2\] (.k2.): unknown event phase "Q" (not the Trace Event Format)$' err.txt ||
      bad "a path of ${#f} characters: the reason is lost: $(tail -c 120 err.txt)"
    [ -e out.csv ] && bad "a path of ${#f} characters: out.csv written"
  done
  ;;
lead_space)
  import steps.trace.json plain.csv
  rows plain.csv >a.rows
  for n in 20 40000; do
    { head -c $n /dev/zero | tr '\0' ' '; printf '\n\t\r\n'; cat steps.trace.json; } >lead.trace.json
    import lead.trace.json lead.csv
    rows lead.csv >b.rows 2>/dev/null
    diff a.rows b.rows || bad "$n bytes of whitespace before the JSON change the rows"
    rm -f lead.csv
  done
  ;;
stdout_full)
  [ -w /dev/full ] || { echo "skipped: no /dev/full"; exit 77; }
  import steps.trace.json whole.csv
  "$pk" trace import steps.trace.json --out full.csv >/dev/full 2>err.txt
  rc=$?
  [ $rc -eq 74 ] || bad "stdout on /dev/full: exit $rc, not 74"
  grep -q 'cannot write to stdout' err.txt || bad "stdout on /dev/full: $(cat err.txt)"
  grep -v '^# pkbench_version=' whole.csv >a.csv
  grep -v '^# pkbench_version=' full.csv >b.csv 2>/dev/null
  diff a.csv b.csv >/dev/null || bad "stdout on /dev/full: full.csv is not the whole workload"
  "$pk" trace --help | tr '\n' ' ' | grep -q ' 74 .*summary line could not be written to stdout' ||
    bad "trace --help does not say that 74 is also a summary line stdout did not take"
  ;;
marker_none)
  "$pk" trace import syncs.trace.json --out s.csv --step-marker NoSuchStep# >out.txt 2>err.txt ||
    bad "import with a marker that matches nothing: $(cat err.txt)"
  grep -q "^pkbench trace import: no step marker named 'NoSuchStep#...' in the trace: steps from its synchronisations$" \
    err.txt || bad "a marker that matches nothing is not said: $(cat err.txt)"
  "$pk" trace import steps.trace.json --out m.csv >out.txt 2>err.txt || bad "import steps.trace.json"
  [ ! -s err.txt ] || bad "a default marker that matched said: $(cat err.txt)"
  ;;
*)
  echo "unknown case '$case'"; exit 1 ;;
esac
[ $fail -eq 0 ] && echo "ok: $case"
exit $fail
