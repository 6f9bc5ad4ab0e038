#!/bin/sh
# The host loop run again and again, one Markdown table row per run, for results/host/README.md:
# the 1-minute load average before the run, the exit status, the gate verdicts, the noise probes
# (largest share of CPU time lost over the loop's CPUs, before and after), h and g, the g check,
# and the wall time of the whole command.
# usage: series.sh PKBENCH OUT_DIR MODE [RUNS]
#   MODE gate:    pkbench run --backend host --gate   (the CI gate; target: exit 0 in >= 9 of 10)
#        plain:   pkbench run                          (the README's main job: H100 reference + host)
#        one-cpu: taskset -c FIRST_CPU pkbench run --backend host
pk=$1 out=$2 mode=$3 runs=${4:-10}
mkdir -p "$out"
echo "| run | UTC | load (1/5/15 min) | exit | gates pass/fail/inconclusive | lost before / after | h / g (ns) | g check | wall s |"
echo "| --- | --- | --- | ---: | --- | --- | --- | --- | ---: |"
cpu=$(taskset -pc $$ 2>/dev/null | sed 's/.*: *//; s/[-,].*//')
i=1
while [ "$i" -le "$runs" ]; do
  d=$out/$mode$i
  rm -rf "$d"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  utc=$(date -u +%H:%M:%S)
  t0=$(date +%s.%N)
  case $mode in
    gate) "$pk" run --backend host --gate --out "$d" >"$d.log" 2>&1 ;;
    plain) "$pk" run --out "$d" >"$d.log" 2>&1 ;;
    one-cpu) taskset -c "$cpu" "$pk" run --backend host --out "$d" >"$d.log" 2>&1 ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  rc=$?
  t1=$(date +%s.%N)
  v=$(awk '/: gate pass:/ {p++} /: gate fail:/ {f++} /: gate inconclusive/ {n++} END {printf "%d/%d/%d", p, f, n}' "$d.log")
  figs=$(python3 - "$d/host/params.json" <<'PY'
import json, sys
try:
    p = json.load(open(sys.argv[1]))
except Exception:
    print("– | – | –"); sys.exit()
c, v = p["context"], p["params"]
lost = lambda k: c.get(k, "–") + ("%" if k in c else "")
chk = c.get("kernel_gap_check", "–").split(":")[0]
print("%s / %s | %.0f / %.0f | %s" % (lost("noise_before_lost_pct"), lost("noise_after_lost_pct"),
      v["launch_host_ns"], v["kernel_gap_ns"], chk))
PY
)
  printf "| %s%d | %s | %s | %d | %s | %s | %.1f |\n" "$mode" "$i" "$utc" "$load" "$rc" "$v" "$figs" \
    "$(echo "$t1 - $t0" | bc)"
  i=$((i + 1))
done
