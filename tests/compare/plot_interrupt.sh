#!/bin/sh
# Invariant: a plot signalled alone (SIGTERM or SIGINT to its pid, as `timeout` and kill send it)
# while gnuplot draws stops gnuplot too: plot exits 128 + the signal (143, 130) with one line
# naming the image it was drawing, gnuplot is gone at once (not left drawing on), and no
# temporary image is left in OUT. A stand-in gnuplot records its pid, starts the image plot asks
# it for (its outfile, a temporary name in OUT's staging folder), and waits; like gnuplot, it
# exits 1 on SIGINT (plot said "gnuplot failed" then) and dies of SIGTERM. No gnuplot needed.
# usage: plot_interrupt.sh PKBENCH FIXTURE OUT_DIR
pk=$1 fix=$2 out=$3
. "$(dirname "$0")/../common/interrupt.sh"
rm -rf "$out" && mkdir -p "$out"
fake=$out/fake-gnuplot
cat >"$fake" <<FAKE
#!/bin/sh
echo \$\$ >"$out/gnuplot.pid"
f=\$(printf '%s' "\$2" | sed -n "s/.*outfile = '\\([^']*\\)'.*/\\1/p")
[ -n "\$f" ] && : >"\$f" || exit 3
sleep 60 &
s=\$!
trap 'kill \$s; exit 1' INT
trap 'kill \$s; trap - TERM; kill -TERM \$\$' TERM
wait \$s
FAKE
chmod +x "$fake"
fail=0
for pair in TERM:143 INT:130; do
  sig=${pair%:*} want=${pair#*:}
  rm -rf "$out/o" "$out/gnuplot.pid"
  GNUPLOT=$fake "$pk" plot "$fix" --out "$out/o" >"$out/stdout" 2>"$out/stderr" &
  pid=$!
  wait_for_line "$out/gnuplot.pid" . 200 0.05 $pid || { stop_child $pid; cat "$out/stderr"; exit 1; }
  gp=$(cat "$out/gnuplot.pid")
  kill -"$sig" $pid
  wait $pid
  rc=$?
  [ $rc -eq "$want" ] || { echo "SIG$sig: plot exited $rc, expected $want:"; cat "$out/stderr"; fail=1; }
  grep -q "^pkbench plot: interrupted while drawing $out/o/crossover.png$" "$out/stderr" ||
    { echo "SIG$sig: no line naming the image:"; cat "$out/stderr"; fail=1; }
  [ "$(wc -l <"$out/stderr")" -eq 1 ] || { echo "SIG$sig: more than one line:"; cat "$out/stderr"; fail=1; }
  if kill -0 "$gp" 2>/dev/null; then
    echo "SIG$sig: gnuplot (pid $gp) still runs after plot was stopped"
    kill -KILL "$gp"
    fail=1
  fi
  [ -z "$(find "$out/o" -name '*.tmp.*')" ] || { echo "SIG$sig: a temporary image was left:"; find "$out/o"; fail=1; }
done
exit $fail
