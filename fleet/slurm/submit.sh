#!/usr/bin/env bash
# Submits a sharded pkbench sweep to Slurm: a job array of N tasks, task i running
# `pkbench sweep --shard i/N --out OUT/shard-i FLAGS...` (sweep-shard.sbatch), then a merge job
# that runs once every task succeeded (afterok), `pkbench merge --from - --out OUT/merged` with
# OUT/shard-0 ... on its standard input (merge.sbatch). Prints both job ids; with --wait, waits for the merge job and exits by its end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
  cat <<'USAGE'
usage: submit.sh --out DIR [options] [-- pkbench sweep flags...]

  --out DIR          results folder on a filesystem every node sees (shard-i/, merged/, logs/)
  --shards N         array tasks, one shard each, 1 to 100000 (default $PKB_SHARDS or 4)
  --pkbench PATH     pkbench as the nodes run it (default $PKBENCH, else pkbench on PATH)
  --sbatch ARG       extra sbatch flag for the sweep array, repeatable (--gres=gpu:1, --time=...; not --array)
  --throttle K       at most K shards run at once (sbatch --array=0-(N-1)%K)
  --merge-arg ARG    extra pkbench merge flag, repeatable
  --wait             wait for the merge job; exit 0 when it completed, 1 otherwise
  --wait-timeout S   give up waiting after S seconds (default 0: no limit), exit 1
  -h, --help         this text

Everything after -- goes to every `pkbench sweep` (e.g. --backend cuda --item-ns 0,1000), but
--out and --shard (each task is given its own) and --device all or a list (one folder per
device, which the merge job does not merge): those are refused.
Partition, account, QOS: sbatch's own SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_QOS variables,
which both jobs honour. Exit: 0 submitted (or, with --wait, merged), 1 a job failed or the
wait timed out, 2 bad usage.
USAGE
}

bad() { echo "submit.sh: $1" >&2; exit 2; }

out="" shards=${PKB_SHARDS:-4} pk=${PKBENCH:-pkbench} wait=0 wait_timeout=0 throttle=""
sbatch_args=() merge_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --out | --shards | --pkbench | --sbatch | --throttle | --merge-arg | --wait-timeout)
      [ $# -ge 2 ] || bad "$1: missing value"
      case $1 in
        --out) out=$2 ;;
        --shards) shards=$2 ;;
        --pkbench) pk=$2 ;;
        --sbatch) sbatch_args+=("$2") ;;
        --throttle) throttle=$2 ;;
        --merge-arg) merge_args+=("$2") ;;
        --wait-timeout) wait_timeout=$2 ;;
      esac
      shift 2 ;;
    --wait) wait=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) bad "unknown option '$1' (pkbench sweep flags go after --)" ;;
  esac
done
# The checks the jobs make, made here before anything is queued or created: a shard count of 1
# to 100000 (pkbench's most shards; bash arithmetic would wrap a longer number), an OUT without a
# newline (the merge job lists the shards one a line), a pkbench path that runs. A value is shown as
# printf %q writes it, so that a control byte in it cannot split the line.
[ -n "$out" ] || bad "--out is required"
[[ $out != *$'\n'* ]] || bad "--out: $(printf '%q' "$out") holds a newline, which the merge job cannot list"
{ [[ $shards =~ ^[1-9][0-9]{0,5}$ ]] && [ "$shards" -le 100000 ]; } ||
  bad "--shards: $(printf '%q' "$shards") is not a shard count from 1 to 100000"
[ -z "$throttle" ] || [[ $throttle =~ ^[1-9][0-9]{0,5}$ ]] ||
  bad "--throttle: $(printf '%q' "$throttle") is not a count from 1 to 999999"
[[ $wait_timeout =~ ^[0-9]{1,9}$ ]] || bad "--wait-timeout: $(printf '%q' "$wait_timeout") is not a whole number of seconds"
# A path must run here too (the nodes share it, as they share OUT). A bare name found on this
# PATH is sent to the nodes as the path found here; one not found here, as it is, for the nodes'
# own PATH.
[ -n "$pk" ] || bad "--pkbench: an empty name"
[[ $pk != */* ]] || { [ -f "$pk" ] && [ -x "$pk" ]; } ||
  bad "--pkbench: $(printf '%q' "$pk") is not a program here (the nodes run the same path)"
# An earlier submission's shards or merge: a requeued task resumes its shard, and would find the
# old one complete and keep it; the merge job would refuse OUT/merged after every shard had run.
# A resubmission with --resume after -- keeps the shards on purpose (not a merge, which it redoes).
resuming=0
for a in "$@"; do [ "$a" != --resume ] || resuming=1; done
# Sweep flags that the jobs set for each task (two --out fail every task), or that leave no
# OUT/shard-i/measured.csv for the merge (a --device fan-out writes OUT/shard-i/device-K/: the
# merge job failed once every shard had run): refused here.
prev=""
own="each task is given its own (--shard i/N --out OUT/shard-i)"
fan="all or a list runs one worker per device into OUT/shard-i/device-K/, which the merge job does not merge"
for a in "$@"; do
  dev=""
  case $a in
    --out | --out=* | --shard | --shard=*) bad "${a%%=*} after --: $own" ;;
    --device=*) dev=${a#--device=} ;;
    *) [ "$prev" != --device ] || dev=$a ;;
  esac
  case $dev in all | *,*) bad "--device after --: $fan; give one device" ;; esac
  prev=$a
done
# The array is submit.sh's to size (--shards, --throttle): another --array runs other tasks than
# the N shards, and the merge job fails once they have run.
for a in ${sbatch_args[@]+"${sbatch_args[@]}"}; do
  case $a in --array | --array=* | -a*) bad "--sbatch $a: the array is --shards (and --throttle), not an sbatch flag" ;; esac
done
for f in "$out"/shard-* "$out"/merged; do
  case $f in */merged) ;; *) [ $resuming = 0 ] || continue ;; esac
  [ ! -e "$f" ] || bad "--out: $(printf '%q' "$out") holds an earlier submission's $(basename "$f"); give a new folder$(
    [ "${f##*/}" = merged ] || printf ', or --resume after -- to finish its shards')"
done
command -v sbatch >/dev/null 2>&1 || bad "sbatch is not on PATH (is this a Slurm login node?)"
# The nodes get absolute paths: their jobs start in this directory, but a path is clearer in logs.
if resolved=$(command -v "$pk" 2>/dev/null) && [ -n "$resolved" ]; then
  pk=$(cd "$(dirname "$resolved")" && pwd)/$(basename "$resolved")
fi
# mkdir's own message is kept to its reason, so that the refusal stays one line.
if ! why=$(mkdir -p -- "$out/logs" 2>&1); then
  why=${why%%$'\n'*}
  bad "--out: cannot create $(printf '%q' "$out/logs"): ${why##*: }"
fi
out=$(cd "$out" && pwd)

array="0-$((shards - 1))${throttle:+%$throttle}"
# --open-mode=append: a task that Slurm requeues (it then resumes its shard) adds to its log
# rather than replacing the stopped run's lines. sbatch reads % in --output as a pattern: OUT's
# own are doubled (%% is a %). An empty array is spelled ${a[@]+...}: bash before 4.4 calls
# "${a[@]}" of an empty array unbound under set -u.
logs=${out//%/%%}/logs
if ! array_job=$(sbatch --parsable --array="$array" --output="$logs/sweep-%a.out" --open-mode=append \
  ${sbatch_args[@]+"${sbatch_args[@]}"} "$here/sweep-shard.sbatch" "$pk" "$out" "$@"); then
  echo "submit.sh: sbatch refused the sweep array (its message is above)" >&2
  exit 1
fi
array_job=${array_job%%;*}
# An array task that fails makes afterok unsatisfiable: the merge job is then cancelled rather
# than left pending for ever.
if ! merge_job=$(sbatch --parsable --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$logs/merge.out" "$here/merge.sbatch" "$pk" "$out" "$shards" ${merge_args[@]+"${merge_args[@]}"}); then
  scancel "$array_job" || true
  echo "submit.sh: sbatch refused the merge job, so sweep array $array_job was cancelled" >&2
  exit 1
fi
merge_job=${merge_job%%;*}
echo "sweep array job $array_job ($shards shards), merge job $merge_job: $out/merged, logs in $out/logs"
[ "$wait" = 1 ] || exit 0

# Polls the merge job's state from the controller (no accounting database needed): twice a
# second for half a minute, then every 5 s to spare a shared slurmctld. A poll that gets no state
# (scontrol timed out on a busy controller, or the job is no longer known) is tried again: only
# six in a row end the wait. Only a state that Slurm never leaves ends it; a held or stopped
# merge job (REQUEUE_HOLD, SPECIAL_EXIT, STOPPED...) is waited for, and said once.
start=$SECONDS
state="" last="" misses=0
while :; do
  if reply=$(scontrol show job -o "$merge_job" 2>&1); then
    state=$(printf '%s\n' "$reply" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  else
    state=""
  fi
  case $state in
    COMPLETED) echo "merge job $merge_job COMPLETED: $out/merged"; exit 0 ;;
    BOOT_FAIL | CANCELLED | DEADLINE | FAILED | NODE_FAIL | OUT_OF_MEMORY | PREEMPTED | REVOKED | TIMEOUT)
      echo "merge job $merge_job ended $state; see $out/logs"; exit 1 ;;
    "")
      misses=$((misses + 1))
      if [ $misses -ge 6 ]; then
        why=$(printf '%s\n' "$reply" | head -n 1)
        echo "merge job $merge_job is no longer known to slurmctld (scontrol: ${why:-no state}); see $out/logs"
        exit 1
      fi ;;
    *)
      misses=0
      case $state in
        PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED | REQUEUED | RESIZING | STAGE_OUT | SIGNALING) ;;
        *) [ "$state" = "$last" ] || echo "merge job $merge_job is $state (held or stopped); still waiting" ;;
      esac
      last=$state ;;
  esac
  if [ "$wait_timeout" -gt 0 ] && [ $((SECONDS - start)) -ge "$wait_timeout" ]; then
    echo "merge job $merge_job still ${state:-unknown} after $wait_timeout s; see $out/logs"
    exit 1
  fi
  if [ $((SECONDS - start)) -lt 30 ]; then sleep 0.5; else sleep 5; fi
done
