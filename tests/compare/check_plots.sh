#!/bin/sh
# Invariant: 'pkbench plot' on a complete results directory exits 0 (every gnuplot run exited 0)
# and leaves all six plots as non-empty PNG and SVG files, with no temporary file behind; the
# plot data holds crossovers.csv; every crossover batch size it lists (measured, the medians',
# simulated, seed) is printed as a label in the crossover, speedup and savings plots; every panel of
# every grid x block shape measured is drawn (its title is in the SVG); the decision map says
# how much each policy lost in words that add up ("of the best total", never "regret 0.00%");
# the savings plot's negative half has a tick label (-1); and no tick label is in exponent
# notation (1k, 10k, 1M, not 1e+06).
# usage: check_plots.sh PKBENCH RESULTS_DIR OUT_DIR
pk=$1 dir=$2 out=$3
rm -rf "$out"
"$pk" plot "$dir" --out "$out" || { echo "pkbench plot exited $?"; exit 1; }
fail=0
for p in crossover speedup savings accuracy decision-map timeline; do
  for f in png svg; do
    [ -s "$out/$p.$f" ] || { echo "missing $out/$p.$f"; fail=1; }
  done
  head -c 8 "$out/$p.png" | grep -q PNG || { echo "$p.png is not a PNG"; fail=1; }
  grep -q "<svg" "$out/$p.svg" || { echo "$p.svg is not an SVG"; fail=1; }
  if grep -q ">[-0-9.]*e[+-]0*[0-9]*<" "$out/$p.svg"; then echo "$p.svg has a tick label in exponent notation"; fail=1; fi
done
if ls -a "$out" | grep -q '\.tmp\.'; then echo "temporary files left in $out"; fail=1; fi
x=$out/plot-data/crossovers.csv
[ -s "$x" ] || { echo "missing $x"; exit 1; }
head -n 2 "$x" | grep -qx "grid,block,item_ns,measured,simulated,seed,overlap" || { echo "$x: bad header"; fail=1; }
rows=0
# Each row: its shape's panels are drawn, and its crossovers are labelled in the three plots.
while IFS=, read -r grid block item m s seed overlap; do
  case $grid in grid|\#*) continue ;; esac
  rows=$((rows + 1))
  for p in crossover speedup savings; do
    for pair in "measured (medians):$m" "simulated:$s" "seed:$seed"; do
      who=${pair%%:*} n=${pair#*:}
      case $n in
        never) want="$who: persistent never wins for good" ;;
        "") continue ;;
        *) want="$who N = $n" ;;
      esac
      grep -q ">$want[<;]" "$out/$p.svg" || { echo "$p.svg lacks the label '$want' (grid $grid block $block item $item)"; fail=1; }
    done
  done
done <"$x"
[ $rows -gt 0 ] || { echo "$x lists no crossover"; fail=1; }
nshapes=$(grep -v '^[#g]' "$x" | cut -d, -f1,2 | sort -u | wc -l)
if [ "$nshapes" -gt 1 ]; then
  for sh in $(grep -v '^[#g]' "$x" | cut -d, -f1,2 | sort -u); do
    g="grid ${sh%,*}" b="block ${sh#*,}"
    [ "${sh%,*}" = 0 ] && g="default grid"
    [ "${sh#*,}" = 0 ] && b="default block"
    want="$g × $b"
    for p in crossover speedup savings decision-map; do
      grep -q "$want" "$out/$p.svg" || { echo "$p.svg has no panel for $want"; fail=1; }
    done
  done
fi
grep -q ">Speedup over standard launches" "$out/speedup.svg" || { echo "speedup.svg: no title"; fail=1; }
grep -q "symlog" "$out/savings.svg" || { echo "savings.svg: the axis does not say symlog"; fail=1; }
grep -q ">-1<" "$out/savings.svg" || { echo "savings.svg: no '-1' tick label on the negative half"; fail=1; }
grep -Eq ">(lost [^<]* of the best total \(worst cell [0-9.]+%\)|no time lost)<" "$out/decision-map.svg" ||
  { echo "decision-map.svg: no policy summary"; fail=1; }
if grep -q "regret 0.00%" "$out/decision-map.svg"; then echo "decision-map.svg: 'regret 0.00%'"; fail=1; fi
grep -q ">1k<" "$out/crossover.svg" || { echo "crossover.svg: no '1k' tick"; fail=1; }
exit $fail
