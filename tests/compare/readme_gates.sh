#!/bin/sh
# Invariant: the README's "CI's gates" example, run as written (from the source tree, its --out
# moved to OUT_DIR), passes on the committed data it names: exit 0, every gate's verdict "pass".
# usage: readme_gates.sh PKBENCH SOURCE_DIR OUT_DIR
pk=$1 src=$2 out=$3
cmd=$(awk '/^    pkbench compare --measured results\/h100-sxm/ { on = 1 }
           on { line = $0; sub(/#.*/, "", line); more = sub(/\\[ \t]*$/, "", line); printf "%s ", line
                if (!more) exit }' "$src/README.md")
[ -n "$cmd" ] || { echo "README.md has no 'pkbench compare --measured results/h100-sxm' example"; exit 1; }
echo "$cmd" | grep -q -- "--max-" || { echo "the README example sets no gate: $cmd"; exit 1; }
args=$(echo "$cmd" | sed "s|^ *pkbench ||; s|--out out|--out $out|")
rm -rf "$out"
cd "$src" || exit 1
# shellcheck disable=SC2086
"$pk" $args >"$out.stdout" 2>&1
rc=$?
cat "$out.stdout"
[ $rc -eq 0 ] || { echo "the README's CI gates exit $rc on the data they name: pkbench $args"; exit 1; }
if grep "^gate " "$out.stdout" | grep -vq "^gate pass: "; then echo "a verdict is not 'pass'"; exit 1; fi
grep -q "^gate pass: " "$out.stdout" || { echo "no verdict printed"; exit 1; }
