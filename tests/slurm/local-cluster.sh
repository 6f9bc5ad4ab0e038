#!/usr/bin/env bash
# Runs one command against a throwaway single-node Slurm on this machine: munged, slurmctld and
# slurmd (Debian's munge and slurm-wlm) configured in a fresh temporary folder, with their own
# key, socket, ports, state, spool, logs and pid files, and stopped on every exit path.
# usage: local-cluster.sh COMMAND [ARGS...]
# The command runs with SLURM_CONF set (so sbatch, squeue, scontrol talk to this cluster) and
# PKB_SLURM_DIR naming the temporary folder. Exit: the command's code; 77 with the reason on
# stdout when the Slurm or munge programs are missing or this is not root (slurmd must be);
# 1 with the daemons' logs when the cluster does not come up within PKB_SLURM_START_S (60) s.
# PKB_SLURM_KEEP=1 keeps the folder (its path is printed) for a look at the logs.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: local-cluster.sh COMMAND [ARGS...]" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: a local Slurm needs root (slurmd starts jobs as their user)"
  exit 77
fi
# Debian puts the daemons in /usr/sbin, which a non-login root shell may lack.
PATH=$PATH:/usr/sbin:/sbin
for prog in munged mungekey slurmctld slurmd sinfo scontrol sbatch squeue scancel; do
  if ! command -v "$prog" >/dev/null 2>&1; then
    echo "skipped: '$prog' is not on PATH (Debian's slurm-wlm and munge, which .ci/setup installs)"
    exit 77
  fi
done
start_s=${PKB_SLURM_START_S:-60}
if ! [[ $start_s =~ ^[1-9][0-9]*$ ]]; then
  echo "local-cluster.sh: PKB_SLURM_START_S: '$start_s' is not a positive integer" >&2
  exit 2
fi

dir="" munged_pid="" ctld_pid="" slurmd_pid="" cmd_pid=""

# The daemons' stderr, which holds their log (-D) and what came before it.
log_tails() {
  for f in "$dir"/log/*.out; do
    [ -f "$f" ] || continue
    echo "--- last lines of $f"
    tail -n 20 "$f"
  done
}

# Stops a daemon started here by its pid: TERM, up to 10 s, then KILL.
stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# slurmstepd detaches from slurmd (its parent becomes init), so a leftover one is found by the
# log file of this cluster it keeps open, and killed by its pid.
kill_leftovers() {
  local pid
  for pid in $(find /proc/[0-9]*/fd -maxdepth 1 -lname "$dir/*" 2>/dev/null | cut -d/ -f3 | sort -u); do
    [ "$pid" != "$$" ] && kill -KILL "$pid" 2>/dev/null
  done
  return 0
}

cleanup() {
  local rc=$? i
  trap - EXIT
  trap "" INT TERM HUP
  set +e
  if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
    # Jobs still queued or running are cancelled while the controller can still do it.
    scancel --quiet --user=root >/dev/null 2>&1
    for ((i = 0; i < 50; i++)); do
      [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  stop_pid "$slurmd_pid"
  stop_pid "$ctld_pid"
  stop_pid "$munged_pid"
  if [ -n "$dir" ]; then
    kill_leftovers
    if [ "${PKB_SLURM_KEEP:-0}" = 1 ]; then echo "local-cluster: kept $dir"; else rm -rf "$dir"; fi
  fi
  exit "$rc"
}
# A signal stops the command (which runs in the background so that the signal is not held
# until it ends), then the cluster.
on_signal() {
  [ -z "$cmd_pid" ] || kill -TERM "$cmd_pid" 2>/dev/null
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

dir=$(mktemp -d "${TMPDIR:-/tmp}/pkb-slurm.XXXXXX")
# munged refuses a socket whose folders are not searchable by everyone.
chmod 755 "$dir"
mkdir -m 700 "$dir/munge-key"
mkdir -m 755 "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
conf=$dir/slurm.conf
sock=$dir/munge/munge.socket

# Fails with the logs: the cluster did not come up.
die() {
  echo "local-cluster: $1"
  log_tails
  exit 1
}

# Two free TCP ports, slurmctld's and slurmd's, picked at random below Linux's ephemeral range.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port="" slurmd_port=""
for ((i = 0; i < 50; i++)); do
  p=$((20000 + (RANDOM % 6000) * 2))
  if port_free "$p" && port_free $((p + 1)); then
    ctld_port=$p slurmd_port=$((p + 1))
    break
  fi
done
[ -n "$ctld_port" ] || die "no two free TCP ports found in 20000-32000"

# The daemons run in sessions of their own: a signal to this process group (Ctrl-C, timeout(1),
# a CI runner) reaches this script, which cancels the jobs before it stops them in order.
t0=$EPOCHREALTIME
mungekey --create --keyfile="$dir/munge-key/munge.key"
setsid munged --foreground --origin=127.0.0.1 --socket="$sock" --key-file="$dir/munge-key/munge.key" \
  --pid-file="$dir/munge-key/munged.pid" --seed-file="$dir/munge-key/munged.seed" \
  >"$dir/log/munged.out" 2>&1 &
munged_pid=$!
for ((i = 0; i < 100; i++)); do
  [ -S "$sock" ] && break
  kill -0 "$munged_pid" 2>/dev/null || die "munged exited"
  sleep 0.1
done
[ -S "$sock" ] || die "munged made no socket in 10 s"

# The node's name is this host's short name, reached at 127.0.0.1, so that no name has to
# resolve; its CPUs and memory are what slurmd itself detects (slurmd -C), or it is drained.
host=$(uname -n)
host=${host%%.*}
node_hw=$(slurmd -C | sed -n 's/^NodeName=[^ ]* //p' | head -n 1)
[ -n "$node_hw" ] || die "slurmd -C printed no node line"

cat >"$conf" <<EOF
# Single-node Slurm written by local-cluster.sh for one run; everything lives in $dir.
ClusterName=pkb
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups, no accounting: this must run in containers and VMs without systemd.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
InactiveLimit=0
KillWait=5
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 $node_hw State=UNKNOWN
PartitionName=pkb Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$conf
export PKB_SLURM_DIR=$dir

deadline=$((SECONDS + start_s))
setsid slurmctld -D -c -f "$conf" >"$dir/log/slurmctld.out" 2>&1 &
ctld_pid=$!
while [ $SECONDS -lt $deadline ]; do
  scontrol ping 2>/dev/null | grep -q 'is UP' && break
  kill -0 "$ctld_pid" 2>/dev/null || die "slurmctld exited"
  sleep 0.2
done
scontrol ping 2>/dev/null | grep -q 'is UP' || die "slurmctld did not answer in $start_s s"

setsid slurmd -D -N "$host" -f "$conf" >"$dir/log/slurmd.out" 2>&1 &
slurmd_pid=$!
state=""
while [ $SECONDS -lt $deadline ]; do
  state=$(sinfo -h -N -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  kill -0 "$slurmd_pid" 2>/dev/null || die "slurmd exited"
  sleep 0.2
done
[ "$state" = idle ] || die "node $host is '${state:-unknown}', not idle, after $start_s s"
echo "local-cluster: node $host idle after $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s (ports $ctld_port/$slurmd_port, $dir)"

set +e
# A background command would read /dev/null: it gets this script's stdin explicitly.
exec 3<&0
"$@" <&3 3<&- &
cmd_pid=$!
wait "$cmd_pid"
