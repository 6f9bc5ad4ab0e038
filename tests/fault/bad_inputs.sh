#!/bin/sh
# Inputs that cannot be are refused (exit 2, one line on stderr naming the file or flag, no
# output written), never taken: a directory, /dev/zero or a FIFO as --params (at once, not
# "invalid JSON" and not blocking); hex numbers given to decimal flags; a candidate whose
# quartile is negative (once judged SAME, exit 0); a header naming wall_ns twice; a context key
# carrying a newline cannot put a '# partial' line into the CSV that simulate writes; compare
# takes for --measured only rows of source=measured and one backend (several devices may be),
# for --predicted only rows of source=predicted; a newline or another control byte in a value
# that a message echoes is escaped, so that the message stays one line; a UTF-8 byte-order mark
# opening a tidy CSV is read past.
# usage: bad_inputs.sh PKBENCH EXPECT_SH
set -u
pk=$1 expect=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
. "$(dirname "$0")/lib.sh"
mkfifo "$tmp/fifo"
refused "^pkbench simulate: --params: $tmp: is a directory$" -- "$pk" simulate --params "$tmp" --out "$tmp/o.csv"
refused "^pkbench simulate: --params: /dev/zero: is not a regular file$" -- "$pk" simulate --params /dev/zero --out "$tmp/o.csv"
refused "^pkbench simulate: --params: $tmp/fifo: is not a regular file$" -- "$pk" simulate --params "$tmp/fifo" --out "$tmp/o.csv"

refused "^pkbench simulate: --host-work-ns: '0x10' is not a number$" -- \
  "$pk" simulate --preset seed-native --host-work-ns 0x10 --out "$tmp/o.csv"
refused "^pkbench simulate: --jitter-cv: 'inf' is not a number$" -- \
  "$pk" simulate --preset seed-native --draws 2 --jitter-cv inf --out "$tmp/o.csv"
refused "^pkbench simulate: --batch: '0x10' is not a non-negative integer$" -- \
  "$pk" simulate --preset seed-native --batch 0x10 --out "$tmp/o.csv"
refused "^pkbench compare: --threshold: '0x5' is not a number$" -- \
  "$pk" compare --baseline "$tmp" --candidate "$tmp" --threshold 0x5

head='backend,device,source,strategy,item_ns,batch,grid,block,reps,wall_ns,wall_ns_p25,wall_ns_p75'
mkdir "$tmp/base" "$tmp/cand" "$tmp/dup"
printf '%s\nhost,cpu,measured,standard,0,4,1,0,5,100,90,110\n' "$head" >"$tmp/base/measured.csv"
printf '%s\nhost,cpu,measured,standard,0,4,1,0,5,300,-1,310\n' "$head" >"$tmp/cand/measured.csv"
refused "^pkbench compare: --predicted: $tmp/fifo: is not a regular file$" -- \
  "$pk" compare --measured "$tmp/base" --predicted "$tmp/fifo" --out "$tmp/cmp"
refused "^pkbench compare: --candidate: $tmp/cand/measured.csv:2: wall_ns_p25 is -1: it cannot be negative$" -- \
  "$pk" compare --baseline "$tmp/base" --candidate "$tmp/cand"
printf '%s,wall_ns\nhost,cpu,measured,standard,0,4,1,0,5,100,90,110,2.9e8\n' "$head" >"$tmp/dup/measured.csv"
refused "^pkbench compare: --measured: $tmp/dup/measured.csv:1: column 'wall_ns' appears twice in the header$" -- \
  "$pk" compare --measured "$tmp/dup" --predicted "$tmp/base/measured.csv" --out "$tmp/cmp"
[ ! -e "$tmp/cmp" ] || { echo "compare created its --out for bad input"; fail=1; }

mkdir "$tmp/sim" "$tmp/mix" "$tmp/devs"
printf '%s\nhost,cpu,measured,standard,0,4,1,0,5,100,90,110\nhost,cpu,measured,persistent,0,4,1,0,5,80,70,90\n' \
  "$head" >"$tmp/meas.csv"
sed 's/,measured,/,predicted,/' "$tmp/meas.csv" >"$tmp/pred.csv"
cp "$tmp/pred.csv" "$tmp/sim/measured.csv"
sed '3s/^host,/cuda,/' "$tmp/meas.csv" >"$tmp/mix/measured.csv"
sed '3s/,cpu,/,cpu-2,/' "$tmp/meas.csv" >"$tmp/devs/measured.csv"
refused "^pkbench compare: --measured: $tmp/sim/measured.csv:2: source is 'predicted', not 'measured'$" -- \
  "$pk" compare --measured "$tmp/sim" --predicted "$tmp/pred.csv" --out "$tmp/cmp"
refused "^pkbench compare: --predicted: $tmp/meas.csv:2: source is 'measured', not 'predicted'$" -- \
  "$pk" compare --measured "$tmp/devs" --predicted "$tmp/meas.csv" --out "$tmp/cmp"
refused "^pkbench compare: --measured: $tmp/mix/measured.csv:3: backend is 'cuda' but line 2's is 'host': one table, one backend$" -- \
  "$pk" compare --measured "$tmp/mix" --predicted "$tmp/pred.csv" --out "$tmp/cmp"
sh "$expect" 0 - - -- "$pk" compare --measured "$tmp/devs" --predicted "$tmp/pred.csv" >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; fail=1; }
# A file saved with a UTF-8 byte-order mark (as some editors save CSV) reads as without it.
mkdir "$tmp/bom"
printf '\357\273\277' | cat - "$tmp/meas.csv" >"$tmp/bom/measured.csv"
sh "$expect" 0 - - -- "$pk" compare --measured "$tmp/bom" --predicted "$tmp/pred.csv" >"$tmp/log" 2>&1 ||
  { echo "a measured.csv with a byte-order mark:"; cat "$tmp/log"; fail=1; }

nl='
'
refused "^pkbench decide: --batch: '5\\\\nx' is not a non-negative integer$" -- \
  "$pk" decide --batch "5${nl}x" --item-ns 1 --launch-overhead-ns 1 --setup-ns 1
refused "^pkbench decide: --batch: '5\\\\x09x\\\\x1b' is not a non-negative integer$" -- \
  "$pk" decide --batch "$(printf '5\tx\033')" --item-ns 1 --launch-overhead-ns 1 --setup-ns 1
refused "^pkbench simulate: unknown option '--x\\\\ny' " -- "$pk" simulate "--x${nl}y"

sed 's/"calibrate_reps": "20"/"x\\n# partial: true\\ny": "a\\nb"/' "$(dirname "$0")/../../results/host/params.json" \
  >"$tmp/forged.json"
grep -q 'partial: true' "$tmp/forged.json" || { echo "the forged params were not made"; fail=1; }
"$pk" simulate --params "$tmp/forged.json" --strategy standard --item-ns 0 --batch 1 --out "$tmp/sim.csv" >/dev/null ||
  { echo "simulate with a forged context key failed"; fail=1; }
if grep -q '^# partial' "$tmp/sim.csv" || ! grep -q '^# context x_#_partial:_true_y=a b$' "$tmp/sim.csv"; then
  echo "the context key's newline reached the CSV:"; grep '^#' "$tmp/sim.csv"; fail=1
fi
[ $fail -eq 0 ] && echo "ok: bad inputs refused"
exit $fail
