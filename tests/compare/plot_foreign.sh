#!/bin/sh
# Invariant: 'pkbench plot' with --params from another device than the measured rows draws from
# them, as compare does, but says so: a warning on stderr naming the file and both devices, and
# the params' device in every title's shape line (SHAPE) and in the simulated timeline's note
# (TLNOTE). The folder's own params draw no such warning.
# usage: plot_foreign.sh PKBENCH SOURCE_DIR OUT_DIR
pk=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out/in"
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$src/results/h200/lease110/run1
gzip -dc "$run/measured.csv.gz" >"$out/in/measured.csv" && gzip -dc "$run/predicted.csv.gz" >"$out/in/predicted.csv" ||
  { echo "cannot unpack $run"; exit 1; }
"$pk" plot "$out/in" --params "$src/results/h100-sxm/params.json" --out "$out/p" >/dev/null 2>"$out/err" ||
  no "plot with the H100's params exited $?"
[ "$(wc -l <"$out/err")" -eq 1 ] && grep -Eq "^pkbench plot: warning: .*h100-sxm/params.json comes from NVIDIA H100[^,]* \(cuda\), not from the measured device, NVIDIA H200 \(cuda\): " "$out/err" ||
  no "no warning about the H100's params: '$(cat "$out/err")'"
m=$out/p/plot-data/meta.gp
grep -q "^SHAPE = '.*params from NVIDIA H100.*not the measured device'" "$m" || no "SHAPE does not name the params' device: $(grep SHAPE "$m")"
grep -q "^TLNOTE = '.*simulated from the params of NVIDIA H100" "$m" || no "TLNOTE does not name the params' device: $(grep TLNOTE "$m")"
grep -q "params from NVIDIA H100" "$out/p/crossover.svg" || no "crossover.svg's title does not name the params' device"
# The folder's own params (params.json.gz beside measured.csv): no warning, no note.
cp "$run/params.json.gz" "$out/in/"
"$pk" plot "$out/in" --out "$out/own" >/dev/null 2>"$out/err-own" || no "plot with its own params exited $?"
[ ! -s "$out/err-own" ] || no "its own params drew: '$(cat "$out/err-own")'"
! grep -q "params from" "$out/own/plot-data/meta.gp" || no "its own params are said to be another device's"
[ $fail -eq 0 ] && echo "ok: parameters from another device are said"
exit $fail
