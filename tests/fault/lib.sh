# Shared by the fault scripts (sourced): refused STDERR_RE -- COMMAND... runs the command through
# expect.sh ($expect) and checks it exits 2 with one stderr line matching STDERR_RE, and that it
# made none of $tmp/o.csv, $tmp/t.csv and $tmp/cmp; a failure is printed and sets fail=1.
refused() {
  re=$1; shift 2
  sh "$expect" 2 - "$re" -- "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail=1; }
  if [ -e "$tmp/o.csv" ] || [ -e "$tmp/t.csv" ] || [ -e "$tmp/cmp" ]; then
    echo "output written by: $*"; rm -rf "$tmp/o.csv" "$tmp/t.csv" "$tmp/cmp"; fail=1
  fi
}
