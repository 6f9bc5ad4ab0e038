#!/bin/sh
# Invariant: the README's "A first look, without a GPU" block runs as written: every command
# exits 0, with P the pkbench under test and the committed results/ beside the folder it writes.
# usage: readme_first_look.sh PKBENCH SOURCE_DIR OUT_DIR
pk=$1 src=$2 out=$3
block=$(awk '/^    P=build\/harness\/pkbench$/ { on = 1; next }
             on && /^$/ { exit }
             on { line = $0; sub(/#.*/, "", line); more = sub(/\\[ \t]*$/, "", line)
                  printf "%s%s", line, more ? " " : "\n" }' "$src/README.md")
[ -n "$block" ] || { echo "README.md has no block starting 'P=build/harness/pkbench'"; exit 1; }
rm -rf "$out" && mkdir -p "$out" && ln -s "$src/results" "$out/results" && cd "$out" || exit 1
n=0
echo "$block" | while IFS= read -r cmd; do
  [ -n "$cmd" ] || continue
  echo "+ $cmd"
  # shellcheck disable=SC2086
  P=$pk eval "$cmd" >/dev/null 2>cmd.err || { echo "exit $?: $cmd"; cat cmd.err; exit 1; }
done || exit 1
for f in try/measured.csv try/params.json try/compare/report.md try/kernels.csv try/replay.csv; do
  [ -s "$f" ] || { echo "the block wrote no $f"; exit 1; }
done
echo "ok: the README's first look runs"
