#!/bin/sh
# Invariant: every quoted #include of the sources follows the layers (README "Architecture"):
#   common/   includes only common/
#   sim/      common/ and sim/ (pkbench/ is sim/'s installed header)
#   kernels/  common/ and kernels/
#   harness/  common/, sim/, pkbench/, harness/, and of kernels/ only kernels/registry.h
#   tests/    anything
# A violation is printed as FILE:LINE naming the include and the rule; then the test fails.
# usage: check_includes.sh SOURCE_DIR
root=$1
cd "$root" || exit 2
status=0
for dir in common sim kernels harness; do
  [ -d "$dir" ] || continue
  files=$(find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.cu' -o -name '*.cpp' \
          -o -name '*.inc' \) | sort)
  [ -n "$files" ] || continue
  # shellcheck disable=SC2086
  awk -v dir="$dir" '
    function allowed(inc) {
      if (dir == "common") return inc ~ /^common\//
      if (dir == "sim") return inc ~ /^(common|sim|pkbench)\//
      if (dir == "kernels") return inc ~ /^(common|kernels)\//
      if (dir == "harness") return inc ~ /^(common|sim|pkbench|harness)\// || inc == "kernels/registry.h"
      return 1
    }
    function rule() {
      if (dir == "common") return "common/ includes only common/"
      if (dir == "sim") return "sim/ includes only common/ and sim/"
      if (dir == "kernels") return "kernels/ includes only common/ and kernels/"
      return "harness/ includes common/, sim/, harness/ and kernels/registry.h only"
    }
    /^[ \t]*#[ \t]*include[ \t]*"/ {
      inc = $0
      sub(/^[^"]*"/, "", inc)
      sub(/".*/, "", inc)
      if (!allowed(inc)) {
        printf "%s:%d: includes \"%s\": %s\n", FILENAME, FNR, inc, rule()
        bad = 1
      }
    }
    END { exit bad }' $files || status=1
done
[ $status -eq 0 ] && echo "include rules hold"
exit $status
