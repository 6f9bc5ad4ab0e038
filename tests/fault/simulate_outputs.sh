#!/bin/sh
# `pkbench simulate --out F --timeline T` publishes both files or neither, and a failure never
# touches the user's earlier files: the same file given twice is refused (exit 2) with F kept, and
# so is a timeline whose folder cannot be made (checked before any work); a write that fails part
# way (here the file-size limit standing in for a full disk) exits 74 with F and T as they were
# and no temporary file left. An output that is one of the inputs (--out or --timeline naming the
# --params or --workload file, by another spelling, a hard link or the NAME.gz its reader takes
# too) is refused with the input kept.
# usage: simulate_outputs.sh PKBENCH
set -u
pk=$1
params=$(cd "$(dirname "$0")/../../results/host" && pwd)/params.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
sim() { "$pk" simulate --preset seed-native --strategy standard --item-ns 0 "$@"; }
kept() { # FILE TEXT: the file still holds exactly TEXT
  [ "$(cat "$1" 2>/dev/null)" = "$2" ] || { echo "$1 was changed or removed: '$(cat "$1" 2>/dev/null)'"; fail=1; }
}
echo keep >x.csv
sim --batch 4 --timeline x.csv --out x.csv 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "^pkbench simulate: --timeline: 'x.csv' is the --out file$" err ||
  { echo "same file: exit $rc: $(cat err)"; fail=1; }
kept x.csv keep
sim --batch 4 --timeline ./x.csv --out x.csv 2>err; rc=$?
[ $rc -eq 2 ] || { echo "same file, other spelling: exit $rc"; fail=1; }
kept x.csv keep

cp "$params" p.json
printf 'duration_ns\n1000\n2000\n' >w.csv
ln p.json link.json
for c in "--out ./p.json|--out: './p.json' is the --params file" \
         "--out link.json|--out: 'link.json' is the --params file" \
         "--out w.csv --workload w.csv|--out: 'w.csv' is the --workload file" \
         "--out x.csv --workload w.csv --timeline ./w.csv|--timeline: './w.csv' is the --workload file" \
         "--out x.csv --workload w.csv --timeline p.json|--timeline: 'p.json' is the --params file"; do
  # shellcheck disable=SC2086 # the flags split on purpose
  "$pk" simulate --params p.json --strategy standard ${c%%|*} 2>err; rc=$?
  [ $rc -eq 2 ] && [ "$(cat err)" = "pkbench simulate: ${c#*|}" ] || { echo "${c%%|*}: exit $rc: $(cat err)"; fail=1; }
done
cmp -s p.json "$params" || { echo "the --params file was overwritten"; fail=1; }
# An input read as NAME.gz (NAME absent): an --out of NAME.gz is that file.
mkdir g && gzip -c p.json >g/p.json.gz
"$pk" simulate --params g/p.json --strategy standard --out g/p.json.gz 2>err; rc=$?
[ $rc -eq 2 ] && [ "$(cat err)" = "pkbench simulate: --out: 'g/p.json.gz' is the --params file" ] ||
  { echo "--out the gzipped --params: exit $rc: $(cat err)"; fail=1; }
gzip -dc g/p.json.gz | cmp -s - "$params" || { echo "the gzipped --params file was overwritten"; fail=1; }
kept w.csv "$(printf 'duration_ns\n1000\n2000')"
kept x.csv keep

echo file >notdir
sim --batch 4 --timeline notdir/t.csv --out x.csv 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "^pkbench simulate: --timeline: notdir/t.csv: cannot write: Not a directory" err ||
  { echo "a timeline under a file: exit $rc: $(cat err)"; fail=1; }
kept x.csv keep

# Refused for a time past 1e18 ns (which neither reader takes): the folders made for the outputs go too.
sim --batch 2000 --host-work-ns 1e15 --out n1/sub/a.csv --timeline n2/t.csv 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "wall_ns is .*: beyond 1e18, which a results table may not hold" err || { echo "a timeline past 1e18 ns: exit $rc: $(cat err)"; fail=1; }
[ ! -e n1 ] && [ ! -e n2 ] || { echo "a refused simulate left folders: $(find n1 n2 2>/dev/null)"; fail=1; }

echo old-timeline >t.csv
# 20 blocks hold the CSV of one point but not the timeline of 4096 items: its write fails.
( trap '' XFSZ; ulimit -f 20; exec "$pk" simulate --preset seed-native --strategy standard --item-ns 0 \
    --batch 4096 --timeline t.csv --out x.csv ) 2>err; rc=$?
[ $rc -eq 74 ] && grep -q "^pkbench simulate: --timeline: cannot write 't.csv': File too large (no file changed)$" err ||
  { echo "full timeline: exit $rc: $(cat err)"; fail=1; }
kept x.csv keep
kept t.csv old-timeline
ls | grep -q '\.tmp\.' && { echo "temporary files left:"; ls; fail=1; }

# And when everything can be written, both files are replaced.
sim --batch 4 --timeline t.csv --out x.csv >/dev/null 2>err || { echo "exit $?: $(cat err)"; fail=1; }
head -n 1 t.csv | grep -q '^strategy,actor,what' && head -n 1 x.csv | grep -q '^# pkbench tidy csv' ||
  { echo "the outputs were not written"; fail=1; }
[ $fail -eq 0 ] && echo "ok: simulate outputs"
exit $fail
