#!/bin/sh
# Invariant: no source file (.c .h .cc .cu .cpp .inc) of common/, sim/, kernels/, harness/ and
# tests/ is longer than 600 lines, and no function longer than 120 (from the line of its
# opening brace, which stands at column 0, to the line of its closing brace; braces inside
# strings, characters and comments do not count); no line of a source file of common/, sim/,
# harness/ and kernels/ is longer than 120 characters (characters of UTF-8, not bytes: µ is one).
# Each breach is printed as FILE:LINE; then the test fails.
# usage: check_limits.sh SOURCE_DIR [MAX_FILE_LINES MAX_FUNCTION_LINES [MAX_LINE_CHARACTERS]]
root=$1 max_file=${2:-600} max_fn=${3:-120} max_col=${4:-120}
cd "$root" || exit 2
files=$(find common sim kernels harness tests -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' \
        -o -name '*.cu' -o -name '*.cpp' -o -name '*.inc' \) 2>/dev/null | sort)
[ -n "$files" ] || { echo "no sources under $root"; exit 2; }
# Bytes in awk (LC_ALL=C, whichever awk it is): a line's characters are its bytes less its UTF-8
# continuation bytes (0x80-0xBF).
# shellcheck disable=SC2086
LC_ALL=C awk -v max_file="$max_file" -v max_fn="$max_fn" -v max_col="$max_col" '
  FNR == 1 {
    if (prev_file != "" && prev_lines > max_file) {
      printf "%s:%d: %d lines (limit %d)\n", prev_file, prev_lines, prev_lines, max_file
      bad = 1
    }
    depth = 0; start = 0; in_comment = 0
  }
  {
    prev_file = FILENAME; prev_lines = FNR
    if (FILENAME ~ /^(common|sim|harness|kernels)\//) {
      line = $0; chars = length(line)
      chars -= gsub(/[\200-\277]/, "", line)
      if (chars > max_col) {
        printf "%s:%d: %d characters (limit %d)\n", FILENAME, FNR, chars, max_col
        bad = 1
      }
    }
    line = $0
    # Comments: the rest of a block comment, whole ones, then a block comment left open.
    if (in_comment) {
      if (index(line, "*/") == 0) next
      line = substr(line, index(line, "*/") + 2); in_comment = 0
    }
    gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
    gsub(/\047([^\047\\]|\\.)*\047/, "\047\047", line)
    gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", line)
    sub(/\/\/.*/, "", line)
    if (index(line, "/*") > 0) { line = substr(line, 1, index(line, "/*") - 1); in_comment = 1 }
    if (depth == 0 && line ~ /^\{/) { start = FNR; name = sig }
    opens = gsub(/\{/, "{", line); closes = gsub(/\}/, "}", line)
    depth += opens - closes
    if (start && depth == 0) {
      len = FNR - start + 1
      if (len > max_fn) {
        printf "%s:%d: function %s is %d lines (limit %d)\n", FILENAME, start, name, len, max_fn
        bad = 1
      }
      start = 0
    }
    if (depth == 0 && $0 ~ /^[A-Za-z_]/ && $0 ~ /\(/) {
      sig = $0; sub(/\(.*/, "", sig); sub(/.*[ *]/, "", sig)
    }
  }
  END {
    if (prev_lines > max_file) {
      printf "%s:%d: %d lines (limit %d)\n", prev_file, prev_lines, prev_lines, max_file
      bad = 1
    }
    exit bad
  }' $files || exit 1
echo "every file <= $max_file lines, every function <= $max_fn lines, every line <= $max_col characters"
