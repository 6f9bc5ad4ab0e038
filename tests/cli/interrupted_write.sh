#!/bin/sh
# Invariant: a command stopped by a signal while it writes an output file leaves no temporary
# (OUT.tmp.PID.N) behind, and ends by that signal as before. Here simulate writes its table under
# a file size limit of 1 block (SIGXFSZ, as a full quota sends it, deterministic where a timed
# SIGINT is not); the temporaries used to stay until a later writer of the same path, 10 minutes
# on, removed them. SIGINT, SIGTERM and SIGHUP take the same path (common/afile.c).
# usage: interrupted_write.sh PKBENCH OUT_DIR
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
(ulimit -f 1 && exec "$pk" simulate --preset seed-native --mode additive --out "$out/big.csv") 2>"$out/stderr"
rc=$?
fail=0
[ $rc -eq 153 ] || { echo "simulate ended with $rc, expected 153 (SIGXFSZ)"; cat "$out/stderr"; fail=1; }
left=$(ls -A "$out" | grep -v '^stderr$')
[ -z "$left" ] || { echo "left behind: $left"; fail=1; }
exit $fail
