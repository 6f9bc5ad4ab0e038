#!/bin/sh
# Invariant: what compare writes, its readers take back. Parameters whose prediction passes 1e18 ns
# are refused (exit 2, one line, nothing written), as simulate refuses them, not written into a
# predicted.csv that --predicted then refuses; a prior fitted from histories that agree beyond the
# reader's largest df is clamped to it and read back; a report with no cell of both standard and
# persistent says so in its regret section, without an empty table or an oracle of 0 ns.
# usage: model_inputs.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail=0
no() { echo "FAIL: $*"; fail=1; }
sed 's/"launch_host_ns": [0-9.e+]*,/"launch_host_ns": 1e15,/' "$fix/params.json" >"$out/huge.json"
grep -q '"launch_host_ns": 1e15,' "$out/huge.json" || no "the huge parameters were not made"
msg=$("$pk" compare --measured "$fix" --params "$out/huge.json" --out "$out/c" 2>&1)
rc=$?
[ $rc -eq 2 ] && [ "$(printf '%s\n' "$msg" | wc -l)" -eq 1 ] && printf '%s' "$msg" | grep -q "past 1e18 ns" ||
  no "compare --params huge.json: exit $rc, '$msg'"
[ ! -e "$out/c" ] || no "compare --params huge.json wrote $out/c"
# Two histories whose spreads agree to 1e-8 (exactly would be one copied, which is refused): the
# fitted df is the reader's largest, 1e9.
for h in h1:0.01 h2:0.0100000001; do
  mkdir "$out/${h%:*}" && printf 'strategy,item_ns,batch,grid,block,judgement,sd,df\nstandard,0,1,1,0,measured,%s,1000000000\n' \
    "${h#*:}" >"$out/${h%:*}/spread.csv"
done
"$pk" compare --fit-prior "$out/h1,$out/h2" --out "$out/prior" >/dev/null || no "the fit exited $?"
tail -n 1 "$out/prior/prior.csv" | grep -q ',1e+09$' || no "the fitted df is not clamped: $(tail -n 1 "$out/prior/prior.csv")"
msg=$("$pk" compare --baseline "$fix" --candidate "$fix-slow" --prior "$out/prior/prior.csv" 2>&1 >/dev/null)
rc=$?
[ $rc -le 1 ] || no "the fitted prior was refused by --prior: exit $rc, '$msg'"
# Standard and graph alone: no cell to judge a policy on.
mkdir "$out/sg" && awk -F, '/^#/ || $1 == "backend" || $4 == "standard" || $4 == "graph"' "$fix/measured.csv" \
  >"$out/sg/measured.csv"
"$pk" compare --measured "$out/sg" --params "$fix/params.json" --out "$out/sgc" >/dev/null || no "compare of standard and graph exited $?"
grep -q "No cell has both standard and persistent measured, so there is no regret to judge." "$out/sgc/report.md" ||
  no "the regret section does not say why it is empty"
! grep -q "summed over 0 cells" "$out/sgc/report.md" || no "the regret section gives an oracle of 0 cells"
[ $fail -eq 0 ] && echo "ok: compare's outputs read back; an empty regret section says why"
exit $fail
