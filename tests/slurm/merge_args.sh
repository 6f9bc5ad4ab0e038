#!/bin/sh
# fleet/slurm/merge.sbatch outside Slurm, with a stand-in pkbench that records its arguments
# and its standard input: a shard count N that is not a whole number from 1 to 100000 (a name,
# empty, 0, a leading zero, a sign, a fraction, too many, a control byte), or an OUT holding a
# newline, gets one line naming it on stderr, its control bytes escaped as pkbench escapes them,
# exit 2, and no merge; a good N runs `merge --from - --out OUT/merged FLAGS...` with
# OUT/shard-0 ... OUT/shard-(N-1) on standard input, one a line, so that 100000 shards under a
# long OUT do not pass the kernel's limit on a command line.
# usage: merge_args.sh MERGE_SBATCH
set -u
script=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
printf '#!/bin/sh\necho "$@" >"%s/ran"\ncat >"%s/stdin"\n' "$tmp" "$tmp" >"$tmp/pk"
chmod +x "$tmp/pk"

# run WANT_RC STDERR N [OUT]: the script with shard count N (and OUT, $tmp/out unless given);
# STDERR is the whole line, fixed text.
run() {
  want=$1 line=$2 n=$3 out=${4:-$tmp/out}
  rm -f "$tmp/ran" "$tmp/stdin"
  bash "$script" "$tmp/pk" "$out" "$n" --allow-missing >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ "$rc" -eq "$want" ] || no "N='$n': exit $rc, expected $want"
  [ "$want" -eq 0 ] && return
  [ "$(cat "$tmp/stderr")" = "merge.sbatch: $line" ] ||
    { no "N='$n': stderr is not the one line 'merge.sbatch: $line':"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/ran" ] || no "N='$n': pkbench ran: $(cat "$tmp/ran")"
}
run 0 "" 3
[ "$(cat "$tmp/ran" 2>/dev/null)" = "merge --from - --out $tmp/out/merged --allow-missing" ] ||
  no "N=3 ran: $(cat "$tmp/ran" 2>/dev/null)"
printf '%s\n' "$tmp/out/shard-0" "$tmp/out/shard-1" "$tmp/out/shard-2" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/stdin" || { no "N=3: standard input is not the 3 shards, one a line:"; cat "$tmp/stdin"; }
run 0 "" 1
[ "$(cat "$tmp/stdin" 2>/dev/null)" = "$tmp/out/shard-0" ] || no "N=1: standard input: $(cat "$tmp/stdin" 2>/dev/null)"
# 100000 shards under an OUT of over 100 characters: about 12 MB of shard paths, past the
# kernel's limit on a command line (ARG_MAX, 2 MB by default), go on standard input.
deep=$tmp/out/a-rather-long-folder-name-for-the-sweep-results/of-a-fleet-of-many-machines/in-one-cluster/run-1
[ ${#deep} -ge 100 ] || no "the deep OUT has ${#deep} characters, not 100"
run 0 "" 100000 "$deep"
[ -f "$tmp/ran" ] || { no "N=100000: pkbench did not run:"; cat "$tmp/stderr"; }
[ "$(cat "$tmp/ran" 2>/dev/null)" = "merge --from - --out $deep/merged --allow-missing" ] ||
  no "N=100000 ran: $(cat "$tmp/ran" 2>/dev/null)"
[ "$(wc -l 2>/dev/null <"$tmp/stdin")" -eq 100000 ] 2>/dev/null || no "N=100000: $(wc -l 2>/dev/null <"$tmp/stdin") lines on standard input"
[ "$(head -n 1 "$tmp/stdin" 2>/dev/null)" = "$deep/shard-0" ] || no "N=100000: first line $(head -n 1 "$tmp/stdin" 2>/dev/null)"
[ "$(tail -n 1 "$tmp/stdin" 2>/dev/null)" = "$deep/shard-99999" ] || no "N=100000: last line $(tail -n 1 "$tmp/stdin" 2>/dev/null)"
for bad in x abc "" 0 00 07 -1 +3 1.5 " 3" 100001 1234567890 n; do
  run 2 "N='$bad' is not a shard count from 1 to 100000" "$bad"
done
nl='
'
run 2 "N='1\\n2' is not a shard count from 1 to 100000" "1${nl}2"
run 2 "N='1\\x093' is not a shard count from 1 to 100000" "$(printf '1\t3')"
# One folder a line: an OUT holding a newline could not be listed.
run 2 "OUT='$tmp/a\\nb' holds a newline, which --from cannot list" 3 "$tmp/a${nl}b"
[ $fail -eq 0 ] && echo "ok: merge.sbatch checks its shard count and OUT, and lists the shards on standard input"
exit $fail
