#!/bin/sh
# Gzipped tidy CSVs and params (common/gzin.h): a committed folder whose measured.csv is stored as
# measured.csv.gz, and its params.json as params.json.gz (named as params.json, or as the .gz),
# compares exactly as its plain twin (also named as DIR/measured.csv, only the .gz there; a
# measured.partial.csv.gz alone is read as the partial result), and a truncated params.json.gz is
# refused naming it; as does one of two gzip members or one
# beside a leftover measured.partial.csv; a gzipped --predicted file is read; and a truncated,
# corrupt or endless (inflating past 256 MiB) gzip file, or one whose second member is damaged or
# cut, is refused with exit 2, one line naming the .gz file and no output, as is a row error
# inside it (naming its line). The inflating goes into $TMPDIR.
# usage: gz_inputs.sh PKBENCH EXPECT_SH RESULT_DIR (a folder with measured.csv.gz and params.json(.gz))
set -u
pk=$1 expect=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
. "$(dirname "$0")/lib.sh"
[ -f "$src/measured.csv.gz" ] || { echo "$src has no measured.csv.gz"; exit 1; }
mkdir "$tmp/gz" "$tmp/plain"
pj=$src/params.json
[ -f "$pj" ] || pj=$src/params.json.gz
cp "$src/measured.csv.gz" "$tmp/gz/"
gzip -dc "$src/measured.csv.gz" >"$tmp/plain/measured.csv"
gzip -dcf "$pj" >"$tmp/plain/params.json"
gzip -c "$tmp/plain/params.json" >"$tmp/gz/params.json.gz" # the gz folder has no plain params.json
for k in gz plain; do
  "$pk" compare --measured "$tmp/$k" --params "$tmp/$k/params.json" --out "$tmp/out-$k" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; echo "compare of the $k folder failed"; fail=1; }
done
"$pk" compare --measured "$tmp/gz" --params "$tmp/gz/params.json.gz" --out "$tmp/out-gzp" >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; echo "compare with --params params.json.gz failed"; fail=1; }
cmp -s "$tmp/out-gzp/errors.csv" "$tmp/out-plain/errors.csv" ||
  { echo "errors.csv differs with params.json.gz named as it is"; fail=1; }
# --measured DIR/measured.csv, only its .gz there: the folder, as every reader takes NAME.gz; the
# same name with neither there is said so, not read as a folder named measured.csv.
"$pk" compare --measured "$tmp/gz/measured.csv" --params "$tmp/gz/params.json" --out "$tmp/out-gzf" >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; echo "compare --measured gz/measured.csv (only its .gz there) failed"; fail=1; }
cmp -s "$tmp/out-gzf/errors.csv" "$tmp/out-plain/errors.csv" ||
  { echo "errors.csv differs with --measured gz/measured.csv"; fail=1; }
refused "^pkbench compare: --measured: $tmp/ptrunc/measured.csv: no such file \\(nor its .gz\\)$" -- \
  "$pk" compare --measured "$tmp/ptrunc/measured.csv" --params "$tmp/plain/params.json" --out "$tmp/cmp"
# A partial result stored gzipped (measured.partial.csv.gz alone) is read as the partial result.
mkdir "$tmp/pgz" && head -n -20 "$tmp/plain/measured.csv" | gzip -n >"$tmp/pgz/measured.partial.csv.gz"
"$pk" compare --measured "$tmp/pgz/measured.partial.csv" --params "$tmp/plain/params.json" --out "$tmp/out-pgz" \
  >"$tmp/log" 2>&1 && grep -q "holds only a partial result: reading $tmp/pgz/measured.partial.csv.gz$" "$tmp/log" ||
  { cat "$tmp/log"; echo "a folder with only measured.partial.csv.gz was not read as its partial result"; fail=1; }
mkdir "$tmp/ptrunc"
psize=$(wc -c <"$tmp/gz/params.json.gz")
head -c $((psize / 2)) "$tmp/gz/params.json.gz" >"$tmp/ptrunc/params.json.gz"
refused "^pkbench compare: --params: $tmp/ptrunc/params.json.gz: truncated gzip data" -- \
  "$pk" compare --measured "$tmp/plain" --params "$tmp/ptrunc/params.json" --out "$tmp/cmp"
rows=$(wc -l <"$tmp/out-plain/errors.csv")
[ "$rows" -gt 10 ] || { echo "errors.csv of the plain folder has $rows lines"; fail=1; }
cmp -s "$tmp/out-gz/errors.csv" "$tmp/out-plain/errors.csv" ||
  { echo "errors.csv differs between measured.csv.gz and measured.csv"; fail=1; }
# A gzipped --predicted file, named as given, against the same file plain.
gzip -c "$tmp/out-plain/predicted.csv" >"$tmp/pred.csv.gz"
for k in "$tmp/out-plain/predicted.csv" "$tmp/pred.csv.gz"; do
  "$pk" compare --measured "$tmp/plain" --predicted "$k" --out "$tmp/out-pred-${k##*.}" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; echo "compare with --predicted $k failed"; fail=1; }
done
cmp -s "$tmp/out-pred-gz/errors.csv" "$tmp/out-pred-csv/errors.csv" ||
  { echo "errors.csv differs with a gzipped --predicted"; fail=1; }

# Two gzip members (as `cat a.gz b.gz` makes) read whole; a complete measured.csv.gz is the
# folder's result even beside a measured.partial.csv that a later failed sweep left.
mkdir "$tmp/two" "$tmp/left"
lines=$(wc -l <"$tmp/plain/measured.csv")
head -n $((lines / 2)) "$tmp/plain/measured.csv" | gzip >"$tmp/m1.gz"
tail -n +$((lines / 2 + 1)) "$tmp/plain/measured.csv" | gzip >"$tmp/m2.gz"
cat "$tmp/m1.gz" "$tmp/m2.gz" >"$tmp/two/measured.csv.gz"
cp "$src/measured.csv.gz" "$tmp/left/"
grep -v '^#' "$tmp/plain/measured.csv" | head -n 3 >"$tmp/left/measured.partial.csv"
for k in two left; do
  "$pk" compare --measured "$tmp/$k" --params "$tmp/plain/params.json" --out "$tmp/out-$k" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; echo "compare of the $k folder failed"; fail=1; }
  cmp -s "$tmp/out-$k/errors.csv" "$tmp/out-plain/errors.csv" ||
    { echo "errors.csv of the $k folder differs from the plain folder's"; fail=1; }
done
grep -q 'partial' "$tmp/log" && { echo "a complete measured.csv.gz was read as a partial result"; fail=1; }

mkdir "$tmp/trunc" "$tmp/bad" "$tmp/row" "$tmp/bomb" "$tmp/second" "$tmp/cut"
size=$(wc -c <"$src/measured.csv.gz")
head -c $((size / 2)) "$src/measured.csv.gz" >"$tmp/trunc/measured.csv.gz"
refused "^pkbench compare: --measured: $tmp/trunc/measured.csv.gz: truncated gzip data" -- \
  "$pk" compare --measured "$tmp/trunc" --predicted "$tmp/plain/measured.csv" --out "$tmp/cmp"
# Bytes changed in the middle of the deflate stream (or its CRC): corrupt, never half read.
{ head -c $((size / 2)) "$src/measured.csv.gz"; printf 'XXXXXXXXXXXXXXXX'; tail -c +$((size / 2 + 17)) "$src/measured.csv.gz"; } \
  >"$tmp/bad/measured.csv.gz"
refused "^pkbench compare: --measured: $tmp/bad/measured.csv.gz: corrupt gzip data in member 1: [a-z]" -- \
  "$pk" compare --measured "$tmp/bad" --predicted "$tmp/plain/measured.csv" --out "$tmp/cmp"
grep -v '^#' "$tmp/plain/measured.csv" | sed -n '1p; 2s/,measured,standard,/,measured,nonesuch,/p' >"$tmp/row/measured.csv"
gzip "$tmp/row/measured.csv"
refused "^pkbench compare: --measured: $tmp/row/measured.csv.gz:2: .*nonesuch" -- \
  "$pk" compare --measured "$tmp/row" --predicted "$tmp/plain/measured.csv" --out "$tmp/cmp"
# A damaged second member, or a file cut one byte into it, is refused, never half read.
m1=$(wc -c <"$tmp/m1.gz")
{ cat "$tmp/m1.gz"; printf 'X'; tail -c +2 "$tmp/m2.gz"; } >"$tmp/second/measured.csv.gz"
refused "^pkbench compare: --measured: $tmp/second/measured.csv.gz: trailing bytes after gzip member 1 that are not gzip data$" -- \
  "$pk" compare --measured "$tmp/second" --predicted "$tmp/plain/measured.csv" --out "$tmp/cmp"
head -c $((m1 + 1)) "$tmp/two/measured.csv.gz" >"$tmp/cut/measured.csv.gz"
refused "^pkbench compare: --measured: $tmp/cut/measured.csv.gz: trailing bytes after gzip member 1" -- \
  "$pk" compare --measured "$tmp/cut" --predicted "$tmp/plain/measured.csv" --out "$tmp/cmp"
head -c 300000000 /dev/zero | gzip -1 >"$tmp/bomb/measured.csv.gz"
refused "^pkbench compare: --measured: $tmp/bomb/measured.csv.gz: inflates to more than 268435456 bytes$" -- \
  "$pk" compare --measured "$tmp/bomb" --predicted "$tmp/plain/measured.csv" --out "$tmp/cmp"
# The inflated text goes to a temporary file in $TMPDIR, not always /tmp: one that cannot hold it
# is named in the refusal, and one that can is left empty.
mkdir "$tmp/tdir"
TMPDIR="$tmp/tdir" "$pk" compare --measured "$tmp/gz" --params "$tmp/gz/params.json" --out "$tmp/out-tdir" >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; echo "compare with TMPDIR set failed"; fail=1; }
[ -z "$(ls -A "$tmp/tdir")" ] || { echo "the temporary file was left in TMPDIR: $(ls -A "$tmp/tdir")"; fail=1; }
refused "^pkbench compare: --measured: $tmp/gz/measured.csv.gz: cannot make a temporary file in $tmp/missing: No such file or directory$" -- \
  env TMPDIR="$tmp/missing" "$pk" compare --measured "$tmp/gz" --params "$tmp/gz/params.json" --out "$tmp/cmp"
exit $fail
