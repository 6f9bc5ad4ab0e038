#!/bin/sh
# Invariant: --benchmark_context is a parameter of the sweep and never stands in for pkbench's
# own context (a host sweep's says backend=host and cpu_analogue=true in both files). Its KEY=VALUE list is recorded (benchmark_context in both files, its commas as
# ';'), so shards swept with other lists are refused by merge, naming the key. A key that pkbench
# or Google Benchmark writes itself is refused up front (exit 2, one line, nothing made): every
# context key of a host sweep's measured.csv and measured.json is tried (Google Benchmark keeps
# the first of a key, and the flag's came first: --benchmark_context=backend=cuda wrote
# "backend": "cuda" into a host sweep's JSON).
# usage: gb_context.sh PKBENCH EXPECT_SH OUT_DIR
pk=$1 expect=$2 out=$3
rm -rf "$out" && mkdir -p "$out" || exit 1
fail=0
grid="--backend host --strategy standard,graph --item-ns 0 --batch 1,2 --max-time-s 0.01 --max-reps 10"
# shellcheck disable=SC2086 # the grid splits on purpose
$pk sweep $grid --shard 0/2 --replicates 2 --abba --canary --benchmark_context=team=x,site=y --out "$out/s0" \
  >/dev/null 2>"$out/log" || { echo "the sweep failed:"; tail -3 "$out/log"; exit 1; }
grep -qx '# context benchmark_context=team=x;site=y' "$out/s0/measured.csv" || { echo "measured.csv lacks the list"; fail=1; }
# pkbench's own keys that say what ran: the host backend, a CPU analogue, in both files.
grep -qx '# context backend=host' "$out/s0/measured.csv" && grep -qx '# context cpu_analogue=true' "$out/s0/measured.csv" &&
  [ "$(jq -r '.context.backend + " " + .context.cpu_analogue' "$out/s0/measured.json")" = "host true" ] ||
  { echo "the host sweep is not said to be the host backend's, a CPU analogue"; fail=1; }
[ "$(jq -r '.context.benchmark_context + " " + .context.team' "$out/s0/measured.json")" = "team=x;site=y x" ] ||
  { echo "measured.json lacks the list or the user's key"; fail=1; }
{
  sed -n 's/^# context \([^=]*\)=.*/\1/p' "$out/s0/measured.csv"
  jq -r '.context | keys[]' "$out/s0/measured.json"
} | grep -vx 'team\|site' | sort -u >"$out/keys"
[ "$(wc -l <"$out/keys")" -gt 40 ] || { echo "too few keys read: $(cat "$out/keys")"; fail=1; }
# A debug-built library's "Timings may be affected" warning becomes pkbench's note saying why it
# does not apply (each point is timed by pkbench's own clock); a release build prints neither.
! grep -q "Library was built as DEBUG" "$out/log" || { echo "the library's DEBUG warning was passed on"; fail=1; }
if [ "$(jq -r .context.library_build_type "$out/s0/measured.json")" = debug ]; then
  grep -q '^note: this Google Benchmark library was built without NDEBUG' "$out/log" || { echo "no note on the DEBUG library"; fail=1; }
fi
while read -r k; do
  # shellcheck disable=SC2086
  sh "$expect" 2 - "^pkbench sweep: --benchmark_context: '$k' is a context key pkbench or Google Benchmark writes itself" -- \
    $pk sweep $grid --benchmark_context=mine=1,"$k"=v --out "$out/refused" >/dev/null || { echo "key $k not refused"; fail=1; }
done <"$out/keys"
# A list longer than a context value holds is refused: unrecorded, shards of other lists merged.
long=$(printf 'x%.0s' $(seq 1 170))
# shellcheck disable=SC2086
sh "$expect" 2 - "^pkbench sweep: --benchmark_context: longer than 159 characters$" -- \
  $pk sweep $grid --benchmark_context=team="$long" --out "$out/refused" >/dev/null || { echo "a long list was taken"; fail=1; }
[ ! -e "$out/refused" ] || { echo "a refused sweep made its folder"; fail=1; }
# shellcheck disable=SC2086
$pk sweep $grid --shard 1/2 --replicates 2 --abba --canary --benchmark_context=team=z,site=y --out "$out/s1" \
  >/dev/null 2>&1 || { echo "the second shard failed"; fail=1; }
sh "$expect" 2 - "s1: context benchmark_context is 'team=z;site=y' but .*s0 has 'team=x;site=y'" -- \
  $pk merge "$out/s0" "$out/s1" --out "$out/m" >/dev/null || { echo "shards of other lists were merged"; fail=1; }
exit $fail
