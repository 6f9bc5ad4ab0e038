#!/bin/sh
# Invariant: the layout checks catch what they are for: check_includes.sh fails naming the file
# and line of a kernels/ file that includes sim/ and of a harness/ file that includes a kernels/
# header other than the registry, and passes the same tree without them; check_limits.sh fails
# on a 601-line file and on a 121-line function, naming them, and passes 600 and 120 lines
# (braces inside strings, characters and comments not counted); it fails on a line of 121
# characters in harness/ and in kernels/ (a .cu too), naming each, and passes one of 120 whose µ
# takes two bytes, and the same long line in tests/; check_doc_paths.sh fails naming the page and
# line of a source file that no file has, and passes once the file exists.
# usage: detects.sh CHECK_INCLUDES CHECK_LIMITS CHECK_DOC_PATHS
inc=$1 lim=$2 doc=$3
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
mkdir -p "$t/common" "$t/sim" "$t/kernels" "$t/harness" "$t/tests"
printf '#include "common/status.h"\n#include "sim/model.h"\n' >"$t/kernels/bad.c"
printf '#include "kernels/registry.h"\n#include "kernels/host.h"\n' >"$t/harness/bad.c"
printf '#include "common/status.h"\n#include "pkbench/policy.h"\n' >"$t/sim/ok.c"
printf '#include "harness/cli.h"\n#include "kernels/host.h"\n' >"$t/tests/ok.c"
out=$(sh "$inc" "$t") && { echo "check_includes passed a bad tree"; fail=1; }
echo "$out" | grep -q '^kernels/bad.c:2: includes "sim/model.h"' || { echo "kernels/bad.c:2 not named: $out"; fail=1; }
echo "$out" | grep -q '^harness/bad.c:2: includes "kernels/host.h"' || { echo "harness/bad.c:2 not named: $out"; fail=1; }
[ "$(echo "$out" | wc -l)" -eq 2 ] || { echo "check_includes named more than the two lines: $out"; fail=1; }
rm "$t/kernels/bad.c" "$t/harness/bad.c"
sh "$inc" "$t" >/dev/null || { echo "check_includes failed a good tree"; fail=1; }

# A function of n lines (brace to brace) with braces in a string, a character and a comment.
fn() {
  printf 'static int %s(void)\n{\n    const char *s = "{{"; /* { */\n    char c = \047}\047;\n' "$1"
  i=4
  while [ $i -lt $(($2 - 1)) ]; do echo "    (void)s;"; i=$((i + 1)); done
  printf '    return c;\n}\n'
}
fn ok 120 >"$t/harness/f.c"
fn long 121 >>"$t/harness/f.c"
out=$(sh "$lim" "$t") && { echo "check_limits passed a 121-line function"; fail=1; }
echo "$out" | grep -q '^harness/f.c:123: function long is 121 lines (limit 120)' ||
  { echo "the long function is not named: $out"; fail=1; }
echo "$out" | grep -q ' ok ' && { echo "a 120-line function was refused: $out"; fail=1; }
fn ok 120 >"$t/harness/f.c"
i=122; while [ $i -le 600 ]; do echo "/* filler */" >>"$t/harness/f.c"; i=$((i + 1)); done
sh "$lim" "$t" >/dev/null || { echo "check_limits refused a 600-line file"; fail=1; }
echo "/* one more */" >>"$t/harness/f.c"
out=$(sh "$lim" "$t") && { echo "check_limits passed a 601-line file"; fail=1; }
echo "$out" | grep -q '^harness/f.c:601: 601 lines (limit 600)' || { echo "the long file is not named: $out"; fail=1; }

# A line of 120 characters, 121 bytes (µ is two), then one of 121 characters; the long line's
# copies in kernels/ are this check's too, its copy in tests/ is not.
fn ok 120 >"$t/harness/f.c"
x=$(printf '%113s' '' | tr ' ' x)
printf 'int w;\n/* µ%s */\n' "$x" >"$t/harness/w.c"
sh "$lim" "$t" >/dev/null || { echo "check_limits refused a line of 120 characters (121 bytes)"; fail=1; }
printf '/* µ%sx */\n' "$x" >>"$t/harness/w.c"
cp "$t/harness/w.c" "$t/kernels/w.c"
cp "$t/harness/w.c" "$t/kernels/w.cu"
cp "$t/harness/w.c" "$t/tests/w.c"
out=$(sh "$lim" "$t") && { echo "check_limits passed a line of 121 characters"; fail=1; }
for f in harness/w.c kernels/w.c kernels/w.cu; do
  echo "$out" | grep -q "^$f:3: 121 characters (limit 120)" || { echo "the long line of $f is not named: $out"; fail=1; }
done
[ "$(echo "$out" | wc -l)" -eq 3 ] || { echo "check_limits named other lines than the three: $out"; fail=1; }

# A page naming two sources, one of them missing (and a path under another root, not checked).
mkdir -p "$t/results"
printf '# x\nSee `common/here.h` and (harness/gone.c),\nbuilt as build/sim/x.c.\n' >"$t/results/SCHEMA.md"
touch "$t/common/here.h"
out=$(sh "$doc" "$t") && { echo "check_doc_paths passed a page naming a missing file"; fail=1; }
[ "$out" = "results/SCHEMA.md:2: names harness/gone.c, which does not exist" ] ||
  { echo "the missing file is not named alone: $out"; fail=1; }
touch "$t/harness/gone.c"
sh "$doc" "$t" >/dev/null || { echo "check_doc_paths failed a page whose files exist"; fail=1; }
[ $fail -eq 0 ] && echo "ok"
exit $fail
