#!/bin/sh
# Invariant: pkbench ab ends with a clear error, never a hang, when a worker stops answering:
# before its hello (exit 1, "gave no hello within"), or after it, in the middle of a point (exit
# 1, naming the side), each within its bound (capped at 2 s here by PKB_TEST_AB_WAIT_S) and
# with the hung worker killed. A worker that dies (its pipe closed before the first request) is
# a failed run naming the side (exit 1), not an interruption (the SIGPIPE of the request sent to
# it read as one: exit 141, "interrupted").
# usage: ab_hung_worker.sh PKBENCH OUT
set -u
pk=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
fail=0
# A worker that never says a word, and one that says its hello, then hangs on the first request.
# Each writes its pid first (exec keeps it), so that the test can see it was killed.
printf '#!/bin/sh\necho $$ >"%s/silent.pid"\nexec sleep 300\n' "$out" >"$out/silent.sh"
printf '#!/bin/sh\necho $$ >"%s/stuck.pid"\necho "pkbench-ab-worker 1"\necho "backend host"\necho "device fake"\necho ready\nexec sleep 300\n' \
  "$out" >"$out/stuck.sh"
chmod +x "$out/silent.sh" "$out/stuck.sh"
for w in silent stuck; do
  start=$(date +%s)
  PKB_TEST_AB_WAIT_S=2 timeout 60 "$pk" ab --backend host --strategy standard --item-ns 0 --batch 1 --blocks 2 \
    --a "$out/$w.sh" --out "$out/$w" >"$out/$w.stdout" 2>"$out/$w.stderr"
  rc=$? took=$(($(date +%s) - start))
  [ $rc -eq 1 ] || { echo "$w: exit $rc, expected 1"; cat "$out/$w.stderr"; fail=1; }
  [ $took -le 20 ] || { echo "$w: took $took s"; fail=1; }
  what=answer
  [ $w = silent ] && what=hello
  grep -q "^pkbench ab: .*gave no $what within 2 s" "$out/$w.stderr" ||
    { echo "$w: no bounded-wait message"; cat "$out/$w.stderr"; fail=1; }
  # The hung worker was killed, not left behind.
  pid=$(cat "$out/$w.pid" 2>/dev/null)
  [ -n "$pid" ] || { echo "$w: the worker wrote no pid"; fail=1; }
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "$w: the worker ($pid) is still running"; kill -9 "$pid"; fail=1
  fi
done
printf '#!/bin/sh\nexec 0<&-\necho "pkbench-ab-worker 1"\necho "backend host"\necho "device fake"\necho ready\nsleep 1\nexit 3\n' \
  >"$out/dead.sh"
chmod +x "$out/dead.sh"
timeout 60 "$pk" ab --backend host --strategy standard --item-ns 0 --batch 1 --blocks 2 --a "$out/dead.sh" \
  --out "$out/dead" >"$out/dead.stdout" 2>"$out/dead.stderr"
rc=$?
[ $rc -eq 1 ] || { echo "dead: exit $rc, expected 1"; cat "$out/dead.stderr"; fail=1; }
grep -q "^pkbench ab: side A (.*dead.sh): the worker ended (exit code 3) without an answer" "$out/dead.stderr" ||
  { echo "dead: the side and its end not named"; cat "$out/dead.stderr"; fail=1; }
exit $fail
