#!/bin/sh
# Invariant: the tidy reader refuses what no pkbench writes, with one line naming FILE:LINE and
# exit 2, rather than reading it as something else: a NUL byte first on a line (read as a blank
# line, dropping its row) or in a last line without a newline (read as the number before it); a
# quoted cell (its quotes kept in the value); a canary out of order (its spread read as steady) or
# of 0 ns (a launch takes time); a
# '# context' line after the header (silently replacing the value a check reads) or twice; a
# measured.csv marked '# partial: true' (its wholeness check turned off). sweep --resume refuses a
# complete result cut short (it said "already complete"); merge reads a measured.json.gz.
# usage: reader_refusals.sh PKBENCH FIXTURE_DIR OUT_DIR
pk=$1 fix=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail=0
no() { echo "FAIL: $*"; fail=1; }
# refused CASE REGEX: compare --measured out/CASE is refused with one line matching REGEX, exit 2.
refused() {
  msg=$("$pk" compare --measured "$out/$1" --params "$fix/params.json" 2>&1 >/dev/null)
  rc=$?
  [ $rc -eq 2 ] && [ "$(printf '%s\n' "$msg" | wc -l)" -eq 1 ] && printf '%s' "$msg" | grep -Eq "$2" ||
    no "$1: exit $rc, '$msg'"
}
# mk CASE PYTHON: out/CASE/measured.csv from the fixture's, its bytes b edited by PYTHON.
mk() {
  mkdir -p "$out/$1"
  python3 -c "import sys
b = open(sys.argv[1], 'rb').read()
i = b.index(b'\ncuda,') + 1
$2
open(sys.argv[2], 'wb').write(b)" "$fix/measured.csv" "$out/$1/measured.csv" || no "$1 not made"
}
mk nul_first "b = b[:i] + b'\0' + b[i + 1:]"
refused nul_first "measured.csv:[0-9]+: a NUL byte in the line"
mk nul_last "b = b.rstrip(b'\n'); j = b.rindex(b'\n') + 1; f = b[j:].split(b','); f[9] = f[9][:2] + b'\0' + f[9][3:]
b = b[:j] + b','.join(f)"
refused nul_last "measured.csv:$(grep -c '' "$fix/measured.csv"): a NUL byte in the line"
mk quoted "b = b[:i] + b'\"cuda\"' + b[i + 4:]"
refused quoted "measured.csv:[0-9]+: bad value '\"cuda\"' in column 'backend'"
mk canary "b = b[:i] + b[i:].split(b'\n', 1)[0].rsplit(b',', 4)[0] + b',500,900,10,\n' + b[i:].split(b'\n', 1)[1]"
refused canary "measured.csv:[0-9]+: the canary \(min 900, median 500, max 10\) is not above 0 and in order"
mk canary_zero "b = b[:i] + b[i:].split(b'\n', 1)[0].rsplit(b',', 4)[0] + b',0,0,0,\n' + b[i:].split(b'\n', 1)[1]"
refused canary_zero "measured.csv:[0-9]+: the canary \(min 0, median 0, max 0\) is not above 0 and in order"
mk context_late "b = b + b'# context device=elsewhere\n'"
refused context_late "measured.csv:[0-9]+: context key 'device' after the header"
mk context_twice "b = b.replace(b'# context device=', b'# context device=x\n# context device=', 1)"
refused context_twice "measured.csv:[0-9]+: context key 'device' given twice"
mk marked "b = b.replace(b'\n', b'\n# partial: true (the run stopped before every point was measured)\n', 1)"
refused marked "measured.csv is marked '# partial: true', which only a measured.partial.csv is"
for c in nul_first nul_last quoted canary canary_zero context_late context_twice marked; do
  cmp -s "$fix/measured.csv" "$out/$c/measured.csv" && no "$c is the fixture unchanged"
done
# A complete sweep cut short after it was written: --resume refuses it, as merge and compare do.
f="--backend host --strategy standard --item-ns 0 --batch 1:8:pow2 --max-time-s 0.01 --max-reps 5"
"$pk" sweep $f --out "$out/cut" >/dev/null 2>&1 || no "the host sweep exited $?"
sed -i '$d' "$out/cut/measured.csv"
msg=$("$pk" sweep $f --out "$out/cut" --resume 2>&1 >/dev/null)
rc=$?
[ $rc -eq 2 ] && printf '%s' "$msg" | grep -q "holds 3 of the 4 points" || no "--resume of a cut result: exit $rc, '$msg'"
# merge reads measured.json.gz, as the committed folders keep it: its JSON is merged and checked.
"$pk" sweep $f --out "$out/gz" >/dev/null 2>&1 && gzip "$out/gz/measured.json" || no "the gz sweep failed"
"$pk" merge "$out/gz" --out "$out/gz-m" >/dev/null 2>&1 || no "merge of a folder with measured.json.gz exited $?"
[ -s "$out/gz-m/measured.json" ] || no "merge left out measured.json.gz"
[ $fail -eq 0 ] && echo "ok: the reader refuses what no pkbench writes"
exit $fail
