#!/bin/sh
# fleet/slurm/sweep-shard.sbatch outside Slurm, with a stand-in pkbench that records its
# arguments: each Slurm array variable it reads that is unset or not a non-negative integer
# gets one line naming it on stderr, exit 2, and no sweep; a good array runs
# `sweep --shard ID/COUNT --out OUT/shard-ID FLAGS...`, and one with gaps is refused. A requeued
# task (SLURM_RESTART_COUNT 1 or more) adds --resume, once even when the flags hold it; 0 or unset
# does not; a SLURM_RESTART_COUNT that is not a count is refused like the others.
# usage: sbatch_env.sh SWEEP_SHARD_SBATCH
set -u
script=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
printf '#!/bin/sh\necho "$@" >"%s/ran"\n' "$tmp" >"$tmp/pk"
chmod +x "$tmp/pk"

# run WANT_RC STDERR_RE VAR=VALUE...: the script with just these Slurm variables set (and the
# sweep flags in $flags, --backend host unless set).
run() {
  want=$1 re=$2
  shift 2
  rm -f "$tmp/ran"
  # shellcheck disable=SC2086 # $flags is a list of words
  env -i PATH="$PATH" "$@" bash "$script" "$tmp/pk" "$tmp/out" ${flags:---backend host} >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ "$rc" -eq "$want" ] || no "$*: exit $rc, expected $want"
  [ "$want" -eq 0 ] && return
  [ "$(wc -l <"$tmp/stderr")" -eq 1 ] && grep -Eq "^sweep-shard.sbatch: $re" "$tmp/stderr" ||
    { no "$*: stderr is not one line matching '$re':"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/ran" ] || no "$*: pkbench ran: $(cat "$tmp/ran")"
}
ok="SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=2 SLURM_ARRAY_TASK_COUNT=3"
# shellcheck disable=SC2086 # $ok and its variants are lists of assignments
run 0 "" $ok
[ "$(cat "$tmp/ran" 2>/dev/null)" = "sweep --shard 1/3 --out $tmp/out/shard-1 --backend host" ] ||
  no "a good array ran: $(cat "$tmp/ran" 2>/dev/null)"
for v in ID MIN MAX COUNT; do
  set -- $(echo "$ok" | tr ' ' '\n' | grep -v "^SLURM_ARRAY_TASK_$v=")
  run 2 "SLURM_ARRAY_TASK_$v is not set" "$@"
  for bad in x abc -1 1.5 "" 07 1234567890; do
    run 2 "SLURM_ARRAY_TASK_$v='$bad' is not a non-negative integer" "$@" "SLURM_ARRAY_TASK_$v=$bad"
  done
done
# A control byte in a value is escaped as pkbench escapes it: the error stays one line.
run 2 "SLURM_ARRAY_TASK_ID='1\\\\n2' is not a non-negative integer" SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=2 \
  SLURM_ARRAY_TASK_COUNT=3 "SLURM_ARRAY_TASK_ID=$(printf '1\n2')"
run 2 "--array must be 0-\(N-1\) without gaps" SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 \
  SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_COUNT=3
run 2 "--array must be 0-\(N-1\) without gaps" SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 \
  SLURM_ARRAY_TASK_MAX=2 SLURM_ARRAY_TASK_COUNT=2
# A requeue resumes; a first run does not; --resume among the flags is passed once.
ran() { [ "$(cat "$tmp/ran" 2>/dev/null)" = "$1" ] || no "$2 ran: $(cat "$tmp/ran" 2>/dev/null)"; }
# shellcheck disable=SC2086
{
  run 0 "" $ok SLURM_RESTART_COUNT=1
  ran "sweep --shard 1/3 --out $tmp/out/shard-1 --resume --backend host" "a requeued task"
  run 0 "" $ok SLURM_RESTART_COUNT=12
  ran "sweep --shard 1/3 --out $tmp/out/shard-1 --resume --backend host" "a task requeued 12 times"
  run 0 "" $ok SLURM_RESTART_COUNT=0
  ran "sweep --shard 1/3 --out $tmp/out/shard-1 --backend host" "a task with SLURM_RESTART_COUNT=0"
  flags="--backend host --resume"
  run 0 "" $ok SLURM_RESTART_COUNT=2
  ran "sweep --shard 1/3 --out $tmp/out/shard-1 --backend host --resume" "a requeued task given --resume"
  flags="--resume --backend host"
  run 0 "" $ok
  ran "sweep --shard 1/3 --out $tmp/out/shard-1 --resume --backend host" "a first run given --resume"
  unset flags
  for bad in x -1 "" 07; do
    run 2 "SLURM_RESTART_COUNT='$bad' is not a non-negative integer" $ok "SLURM_RESTART_COUNT=$bad"
  done
}
[ $fail -eq 0 ] && echo "ok: sweep-shard.sbatch checks its Slurm variables"
exit $fail
