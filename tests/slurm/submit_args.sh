#!/bin/sh
# fleet/slurm/submit.sh outside Slurm, with a stand-in sbatch that records its calls: what the
# jobs would refuse only once queued (or an OUT of an earlier submission) (a shard count past 100000, one that bash arithmetic wraps,
# an OUT holding a newline, a --pkbench path that is not a program) is refused here first: one
# line naming it on stderr, exit 2, nothing submitted and no OUT made. A good submission calls
# sbatch twice (the array, then the merge). Also the two jobs with an empty OUT or a PKBENCH that
# is not a program: one line, exit 2, and no pkbench run (an empty OUT once wrote to /shard-0).
# usage: submit_args.sh FLEET_SLURM_DIR
set -u
dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
mkdir "$tmp/bin"
printf '#!/bin/sh\necho "$@" >>"%s/sbatch.calls"\necho 42\n' "$tmp" >"$tmp/bin/sbatch"
printf '#!/bin/sh\necho "$@" >"%s/ran"\n' "$tmp" >"$tmp/pk"
chmod +x "$tmp/bin/sbatch" "$tmp/pk"
nl='
'
# bad STDERR_LINE ARGS...: submit.sh refuses ARGS with exactly that line, exit 2, nothing made.
bad() {
  want=$1
  shift
  rm -f "$tmp/sbatch.calls"
  PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ $rc -eq 2 ] || no "$*: exit $rc, expected 2"
  [ "$(cat "$tmp/stderr")" = "submit.sh: $want" ] || { no "$*: stderr is not 'submit.sh: $want':"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/sbatch.calls" ] || no "$*: sbatch was called"
  [ ! -e "$tmp/o" ] || { no "$*: OUT was made"; rm -rf "$tmp/o"; }
}
bad "--shards: 100001 is not a shard count from 1 to 100000" --out "$tmp/o" --pkbench "$tmp/pk" --shards 100001
bad "--shards: 99999999999999999999 is not a shard count from 1 to 100000" --out "$tmp/o" --pkbench "$tmp/pk" \
  --shards 99999999999999999999
bad "--shards: 07 is not a shard count from 1 to 100000" --out "$tmp/o" --pkbench "$tmp/pk" --shards 07
bad "--out: \$'$tmp/o\\nx' holds a newline, which the merge job cannot list" --out "$tmp/o${nl}x" --pkbench "$tmp/pk"
bad "--pkbench: /nonexistent/pkbench is not a program here (the nodes run the same path)" --out "$tmp/o" \
  --pkbench /nonexistent/pkbench
bad "--pkbench: $tmp is not a program here (the nodes run the same path)" --out "$tmp/o" --pkbench "$tmp"
bad "--pkbench: an empty name" --out "$tmp/o" --pkbench ""
bad "--throttle: 1234567 is not a count from 1 to 999999" --out "$tmp/o" --pkbench "$tmp/pk" --throttle 1234567
# Sweep flags the jobs give each task, or a --device fan-out whose folders the merge job cannot
# merge: refused up front (every task failed, or the merge failed after every shard had run).
each="each task is given its own (--shard i/N --out OUT/shard-i)"
bad "--out after --: $each" --out "$tmp/o" --pkbench "$tmp/pk" -- --backend host --out "$tmp/x"
bad "--shard after --: $each" --out "$tmp/o" --pkbench "$tmp/pk" -- --shard=0/2 --backend host
fan="all or a list runs one worker per device into OUT/shard-i/device-K/, which the merge job does not merge"
bad "--device after --: $fan; give one device" --out "$tmp/o" --pkbench "$tmp/pk" -- --backend host --device all
bad "--device after --: $fan; give one device" --out "$tmp/o" --pkbench "$tmp/pk" -- --device=0,1 --backend host
# An sbatch --array of one's own: other tasks than the N shards, and a merge that fails at the end.
arr="the array is --shards (and --throttle), not an sbatch flag"
bad "--sbatch --array=0-3: $arr" --out "$tmp/o" --pkbench "$tmp/pk" --sbatch --array=0-3
bad "--sbatch -a: $arr" --out "$tmp/o" --pkbench "$tmp/pk" --sbatch -a --sbatch 0-3
# An OUT that cannot be made (under a file): one line with mkdir's reason, not mkdir's line too.
: >"$tmp/file"
bad "--out: cannot create $tmp/file/o/logs: Not a directory" --out "$tmp/file/o" --pkbench "$tmp/pk"
# An OUT holding an earlier submission's shard or merge: refused, nothing submitted (a requeued
# task resumed the old, complete shard and kept it; the merge job refused OUT/merged at the end).
for old in shard-0 merged; do
  rm -rf "$tmp/e" && mkdir -p "$tmp/e/$old" && rm -f "$tmp/sbatch.calls"
  PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" --out "$tmp/e" --pkbench "$tmp/pk" -- --backend host \
    >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ $rc -eq 2 ] || no "OUT with $old: exit $rc, expected 2"
  tail=; [ $old = merged ] || tail=", or --resume after -- to finish its shards"
  [ "$(cat "$tmp/stderr")" = "submit.sh: --out: $tmp/e holds an earlier submission's $old; give a new folder$tail" ] ||
    { no "OUT with $old: stderr:"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/sbatch.calls" ] && [ ! -e "$tmp/e/logs" ] || no "OUT with $old: something was submitted or made"
done
# Its shards kept on purpose: --resume after -- submits (a resubmitted array finishes them).
rm -rf "$tmp/e" && mkdir -p "$tmp/e/shard-0" && rm -f "$tmp/sbatch.calls"
PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" --out "$tmp/e" --pkbench "$tmp/pk" -- --backend host --resume \
  >"$tmp/stdout" 2>"$tmp/stderr" || { no "a resubmission with --resume was refused:"; cat "$tmp/stderr"; }
# A good submission: the array, then the merge, and OUT/logs made.
rm -f "$tmp/sbatch.calls"
PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" --out "$tmp/o" --pkbench "$tmp/pk" --shards 100000 -- --backend host \
  >"$tmp/stdout" 2>"$tmp/stderr" || { no "a good submission failed:"; cat "$tmp/stderr"; }
[ "$(wc -l <"$tmp/sbatch.calls" 2>/dev/null)" = 2 ] || no "a good submission called sbatch $(wc -l <"$tmp/sbatch.calls" 2>/dev/null) times"
grep -q -- "--array=0-99999 " "$tmp/sbatch.calls" 2>/dev/null || no "no --array=0-99999: $(cat "$tmp/sbatch.calls")"
[ -d "$tmp/o/logs" ] || no "a good submission made no OUT/logs"
# One device (no fan-out) is a sweep flag like the others.
rm -rf "$tmp/o1" && PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" --out "$tmp/o1" --pkbench "$tmp/pk" -- --device 1 \
  >"$tmp/stdout" 2>"$tmp/stderr" || { no "a submission with --device 1 failed:"; cat "$tmp/stderr"; }
# An OUT holding %: sbatch reads --output as a pattern, so the logs' path doubles it (%% is a %);
# the job's own OUT is passed as it is.
rm -f "$tmp/sbatch.calls"
PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" --out "$tmp/x%j" --pkbench "$tmp/pk" -- --backend host \
  >"$tmp/stdout" 2>"$tmp/stderr" || { no "OUT with a % failed:"; cat "$tmp/stderr"; }
grep -q -- "--output=$tmp/x%%j/logs/sweep-%a.out .* $tmp/x%j --backend host" "$tmp/sbatch.calls" &&
  grep -q -- "--output=$tmp/x%%j/logs/merge.out " "$tmp/sbatch.calls" || no "OUT with a %: $(cat "$tmp/sbatch.calls")"
# The jobs: an empty OUT, a PKBENCH that is not a program.
job() {
  want=$1
  shift
  rm -f "$tmp/ran"
  env SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=1 SLURM_ARRAY_TASK_COUNT=2 \
    bash "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ $rc -eq 2 ] || no "$*: exit $rc, expected 2"
  [ "$(cat "$tmp/stderr")" = "$want" ] || { no "$*: stderr is not '$want':"; cat "$tmp/stderr"; }
  [ ! -e "$tmp/ran" ] || no "$*: pkbench ran: $(cat "$tmp/ran")"
}
job "sweep-shard.sbatch: OUT is empty (give the results folder)" "$dir/sweep-shard.sbatch" "$tmp/pk" "" --backend host
job "sweep-shard.sbatch: PKBENCH='/nonexistent/pkbench' is not a program this node can run" \
  "$dir/sweep-shard.sbatch" /nonexistent/pkbench "$tmp/o" --backend host
job "merge.sbatch: OUT is empty (give the results folder)" "$dir/merge.sbatch" "$tmp/pk" "" 2
job "merge.sbatch: PKBENCH='/nonexistent/pkbench' is not a program this node can run" \
  "$dir/merge.sbatch" /nonexistent/pkbench "$tmp/o" 2
# --wait with a stand-in scontrol giving the replies listed, one a poll (the last again after
# them; "RC|TEXT", TEXT on stdout when RC is 0, else on stderr): a poll that fails (a controller
# timing out) is asked again, as is a state Slurm leaves (STAGE_OUT); a held job is waited for and
# said once; six polls in a row without a state, or a state Slurm never leaves, end the wait.
cat >"$tmp/bin/scontrol" <<STANDIN
#!/bin/sh
n=\$(cat "$tmp/polls" 2>/dev/null || echo 0)
n=\$((n + 1))
echo \$n >"$tmp/polls"
line=\$(sed -n "\${n}p" "$tmp/replies")
[ -n "\$line" ] || line=\$(tail -n 1 "$tmp/replies")
rc=\${line%%|*}
if [ "\$rc" = 0 ]; then echo "\${line#*|}"; else echo "\${line#*|}" >&2; fi
exit \$rc
STANDIN
chmod +x "$tmp/bin/scontrol"
# waits RC LAST_LINE REPLY...: submit.sh --wait exits RC with LAST_LINE as its last line of output.
waits() {
  want_rc=$1 want=$2
  shift 2
  printf '%s\n' "$@" >"$tmp/replies"
  rm -rf "$tmp/polls" "$tmp/w"
  PATH="$tmp/bin:$PATH" bash "$dir/submit.sh" --out "$tmp/w" --pkbench "$tmp/pk" --wait --wait-timeout 30 -- \
    --backend host >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  [ $rc -eq "$want_rc" ] || no "--wait on '$*': exit $rc, expected $want_rc"
  [ "$(tail -n 1 "$tmp/stdout")" = "$want" ] || { no "--wait on '$*': last line is not '$want':"; cat "$tmp/stdout"; }
}
timeout="1|slurm_load_jobs error: Socket timed out on send/recv operation"
waits 0 "merge job 42 COMPLETED: $tmp/w/merged" "$timeout" "$timeout" "0|JobId=42 JobState=COMPLETED Reason=None"
waits 0 "merge job 42 COMPLETED: $tmp/w/merged" "0|JobId=42 JobState=STAGE_OUT" "0|JobId=42 JobState=SIGNALING" \
  "0|JobId=42 JobState=COMPLETED"
waits 0 "merge job 42 COMPLETED: $tmp/w/merged" "0|JobId=42 JobState=REQUEUE_HOLD" "0|JobId=42 JobState=REQUEUE_HOLD" \
  "0|JobId=42 JobState=COMPLETED"
[ "$(grep -c "is REQUEUE_HOLD (held or stopped); still waiting" "$tmp/stdout")" = 1 ] ||
  { no "a held merge job was not said once:"; cat "$tmp/stdout"; }
gone="slurm_load_jobs error: Invalid job id specified"
waits 1 "merge job 42 is no longer known to slurmctld (scontrol: $gone); see $tmp/w/logs" "1|$gone"
[ "$(cat "$tmp/polls")" = 6 ] || no "a job no longer known was polled $(cat "$tmp/polls") times, expected 6"
waits 1 "merge job 42 ended FAILED; see $tmp/w/logs" "$timeout" "0|JobId=42 JobState=FAILED"
[ $fail -eq 0 ] && echo "ok: submit.sh refuses up front what its jobs would refuse; the jobs refuse an empty OUT"
exit $fail
