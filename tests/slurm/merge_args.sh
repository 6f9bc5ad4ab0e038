#!/bin/sh
# fleet/slurm/merge.sbatch outside Slurm, with a stand-in pkbench that records its arguments:
# a shard count N that is not a whole number from 1 to 100000 (a name, empty, 0, a leading
# zero, a sign, a fraction, too many, a control byte) gets one line naming it on stderr, its
# control bytes escaped as pkbench escapes them, exit 2, and no merge; a good N runs
# `merge OUT/shard-0 ... OUT/shard-(N-1) --out OUT/merged FLAGS...`.
# usage: merge_args.sh MERGE_SBATCH
set -u
script=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
printf '#!/bin/sh\necho "$@" >"%s/ran"\n' "$tmp" >"$tmp/pk"
chmod +x "$tmp/pk"

# run WANT_RC STDERR N: the script with shard count N; STDERR is the whole line, fixed text.
run() {
  want=$1 line=$2 n=$3
  rm -f "$tmp/ran"
  bash "$script" "$tmp/pk" "$tmp/out" "$n" --allow-missing >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ "$rc" -eq "$want" ] || no "N='$n': exit $rc, expected $want"
  [ "$want" -eq 0 ] && return
  [ "$(cat "$tmp/stderr")" = "merge.sbatch: $line" ] ||
    { no "N='$n': stderr is not the one line 'merge.sbatch: $line':"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/ran" ] || no "N='$n': pkbench ran: $(cat "$tmp/ran")"
}
run 0 "" 3
[ "$(cat "$tmp/ran" 2>/dev/null)" = "merge $tmp/out/shard-0 $tmp/out/shard-1 $tmp/out/shard-2 --out $tmp/out/merged --allow-missing" ] ||
  no "N=3 ran: $(cat "$tmp/ran" 2>/dev/null)"
run 0 "" 1
for bad in x abc "" 0 00 07 -1 +3 1.5 " 3" 100001 1234567890 n; do
  run 2 "N='$bad' is not a shard count from 1 to 100000" "$bad"
done
nl='
'
run 2 "N='1\\n2' is not a shard count from 1 to 100000" "1${nl}2"
run 2 "N='1\\x093' is not a shard count from 1 to 100000" "$(printf '1\t3')"
[ $fail -eq 0 ] && echo "ok: merge.sbatch checks its shard count"
exit $fail
