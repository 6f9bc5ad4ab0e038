# Shared by the tests that interrupt a command in the background once it has reached a given
# point (sourced with `.`; POSIX sh). A test that never sees that point fails with a message:
# it does not signal a process that is somewhere else, nor judge what such a process left.

# wait_for_line FILE PATTERN TRIES DELAY [PID]: returns 0 once a line of FILE matches PATTERN (a
# grep basic regular expression), looking again every DELAY seconds, at most TRIES times after
# the first look; otherwise, or as soon as PID (when given) has ended, says so on stdout and
# returns 1. FILE need not exist yet.
wait_for_line() {
  _wfl_i=0
  until grep -q -- "$2" "$1" 2>/dev/null; do
    if [ -n "${5:-}" ] && ! kill -0 "$5" 2>/dev/null && ! grep -q -- "$2" "$1" 2>/dev/null; then
      echo "process $5 ended before a line matching '$2' appeared in $1"
      return 1
    fi
    if [ "$_wfl_i" -ge "$3" ]; then
      echo "timed out: no line matching '$2' in $1 after $(awk -v n="$3" -v d="$4" 'BEGIN { print n * d }') s"
      return 1
    fi
    sleep "$4"
    _wfl_i=$((_wfl_i + 1))
  done
}

# stop_child PID: ends a child of this shell that a test gave up on: SIGTERM first (pkbench passes
# it on to its own children and writes what it has), SIGKILL after 5 s, then reaps it.
stop_child() {
  kill -TERM "$1" 2>/dev/null
  _sc_i=0
  while kill -0 "$1" 2>/dev/null && [ "$_sc_i" -lt 50 ]; do
    sleep 0.1
    _sc_i=$((_sc_i + 1))
  done
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}

# signal_at_line PID SIGNAL FILE PATTERN TRIES DELAY: once FILE has a line matching PATTERN
# (wait_for_line, which gives up early when PID ends), sends SIGNAL to PID (a child of this
# shell), waits for it and leaves its exit status in signalled_rc; returns 0. Otherwise stops
# PID (stop_child) and returns 1.
signal_at_line() {
  if ! wait_for_line "$3" "$4" "$5" "$6" "$1"; then
    stop_child "$1"
    return 1
  fi
  kill -"$2" "$1"
  wait "$1"
  signalled_rc=$?
}
