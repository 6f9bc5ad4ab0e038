#!/bin/sh
# results/archive.sh on a folder made for it: pack removes every file but *.md, *.txt and *.sh and
# leaves an archive and a .gitignore; unpack gives every file back byte for byte (a .gz that
# gzip -9n reproduces, one it does not, nested folders); packing the same folder twice gives the
# same bytes; need tells a restored folder from one that is not; and each bad input is refused
# with exit 2, one line, and nothing changed.
# usage: archive.sh ARCHIVE_SH
set -u
a=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# refused CMD...: exit 2 and a one-line error naming results/archive.sh.
refused() {
  sh "$a" "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 2 ] || fail "archive.sh $*: exit $rc, not 2"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^results/archive.sh: ' "$tmp/err" || fail "archive.sh $*: not one line: $(cat "$tmp/err")"
}
mk() {
  mkdir -p "$1/run1/crosscheck" "$1/run2"
  echo "# the judgement" >"$1/README.md"
  printf '#!/bin/sh\necho judge\n' >"$1/judge.sh" && chmod +x "$1/judge.sh"
  echo "# run1's report" >"$1/run1/report.md"
  echo "the GPU tests: 29 of 29" >"$1/gpu-tests.txt"
  seq 1 5000 | sed 's/$/,standard,1000/' >"$1/run1/measured.csv"
  seq 1 3000 | sed 's/^/x,/' >"$1/run1/errors.csv" && gzip -9n "$1/run1/errors.csv"
  seq 1 3000 | sed 's/^/y,/' >"$1/run2/measured.csv" && gzip -1 "$1/run2/measured.csv" # not -9n: kept as it is
  echo '{"h": 3500}' >"$1/run2/params.json"
  seq 1 100 >"$1/run1/crosscheck/pairs.csv"
  printf 'a\nb\n' >"$1/run2/trace.csv" && gzip -9n -c "$1/run2/trace.csv" >"$1/run2/trace.csv.gz" # both names taken
  printf 'not gzip' >"$1/run2/odd.gz"
}
mk "$tmp/d" && cp -pR "$tmp/d" "$tmp/orig" && cp -pR "$tmp/d" "$tmp/d2" && chmod -R g+w "$tmp/d2" # another umask

out=$(sh "$a" pack "$tmp/d") || fail "pack exited $?"
echo "$out" | grep -q "$tmp/d: 8 files into [0-9]* bytes" || fail "pack's line: $out"
left=$(cd "$tmp/d" && find . -type f | LC_ALL=C sort | tr '\n' ' ')
[ "$left" = "./.gitignore ./README.md ./archive.tar.xz ./gpu-tests.txt ./judge.sh ./run1/report.md " ] || fail "pack left: $left"
[ ! -d "$tmp/d/run2" ] || fail "pack left the emptied folder run2"
xz -dc "$tmp/d/archive.tar.xz" | tar -tf - | grep -q 'run1/errors.csv$' || fail "errors.csv.gz not stored decompressed"
xz -dc "$tmp/d/archive.tar.xz" | tar -tf - | grep -q 'run2/measured.csv.gz$' || fail "a gzip -1 file not stored as it is"
xz -dc "$tmp/d/archive.tar.xz" | tar -tf - | grep -q 'run2/trace.csv.gz$' || fail "a .gz whose plain name is taken not stored as it is"

sh "$a" pack "$tmp/d2" >/dev/null || fail "second pack exited $?"
cmp -s "$tmp/d/archive.tar.xz" "$tmp/d2/archive.tar.xz" || fail "the same folder packed twice (modes 644, 664) differs"
(GZIP=--rsyncable XZ_OPT=-0 TAR_OPTIONS=--numeric-owner sh "$a" unpack "$tmp/d2" "$tmp/env") || fail "unpack with GZIP set"
diff -r "$tmp/orig" "$tmp/env" >/dev/null || fail "GZIP, XZ_OPT or TAR_OPTIONS changed the files given back"

sh "$a" unpack "$tmp/d" "$tmp/back" || fail "unpack to DEST exited $?"
diff -r "$tmp/orig" "$tmp/back" >"$tmp/diff" || fail "unpacked elsewhere differs: $(head -3 "$tmp/diff")"
sh "$a" unpack "$tmp/d" || fail "unpack in place exited $?"
rm "$tmp/d/archive.tar.xz" "$tmp/d/.gitignore"
diff -r "$tmp/orig" "$tmp/d" >"$tmp/diff" || fail "unpacked in place differs: $(head -3 "$tmp/diff")"

# git ignores the restored files and nothing else.
snap() { (cd "$1" && find . -type f -exec cksum {} + | LC_ALL=C sort); }
if command -v git >/dev/null; then
  g=$tmp/g && mkdir -p "$g" && cp -pR "$tmp/orig" "$g/lease" && git -C "$g" init -q || fail "git init"
  echo "a name git quotes" >"$g/lease/run1/résumé.csv" # packed and restored below
  # Nothing committed yet, then a scratch file beside committed ones, then a committed file
  # changed: each refused, the folder left as it was.
  b=$(snap "$g/lease")
  refused pack "$g/lease"
  grep -q "lease: nothing committed" "$tmp/err" || fail "pack before any commit: $(cat "$tmp/err")"
  git -C "$g" add lease && git -C "$g" -c user.name=t -c user.email=t@t commit -qm lease || fail "git commit"
  # A repository git will not read (as a checkout of another user's): refused, not packed unchecked.
  mkdir -p "$tmp/fakegit" && printf '#!/bin/sh\necho "fatal: detected dubious ownership in repository" >&2\nexit 128\n' >"$tmp/fakegit/git" &&
    chmod +x "$tmp/fakegit/git"
  opath=$PATH && PATH=$tmp/fakegit:$PATH
  refused pack "$g/lease"
  PATH=$opath
  grep -q "lease: git cannot read its repository (fatal: detected dubious ownership" "$tmp/err" || fail "pack with git refusing: $(cat "$tmp/err")"
  echo scratch >"$g/lease/run1/scratch.csv"
  refused pack "$g/lease"
  grep -q "lease/run1/scratch.csv: not committed as it is" "$tmp/err" || fail "pack of scratch: $(cat "$tmp/err")"
  rm "$g/lease/run1/scratch.csv" && echo changed >>"$g/lease/run2/params.json"
  refused pack "$g/lease"
  grep -q "lease/run2/params.json: not committed as it is" "$tmp/err" || fail "pack of a changed file: $(cat "$tmp/err")"
  git -C "$g" checkout -q -- lease && [ "$(snap "$g/lease")" = "$b" ] || fail "a refused pack in git changed the folder"
  # A folder a test names (a test reads its files as they are): refused, and packed once no test does.
  mkdir -p "$g/tests" && echo 'cp -R lease/run1 "$tmp"' >"$g/tests/reads.sh" && git -C "$g" add tests &&
    git -C "$g" -c user.name=t -c user.email=t@t commit -qm reader || fail "git commit of a reader"
  refused pack "$g/lease"
  grep -q "lease: tests/reads.sh names it: a test reads it as it is" "$tmp/err" || fail "pack of a folder a test reads: $(cat "$tmp/err")"
  echo 'cp -R lease2/run1 "$tmp"' >"$g/tests/reads.sh" && git -C "$g" -c user.name=t -c user.email=t@t commit -qam other ||
    fail "git commit of another reader"
  sh "$a" pack "$g/lease" >/dev/null || fail "pack in a git tree"
  git -C "$g" add -A lease && git -C "$g" -c user.name=t -c user.email=t@t commit -qm packed || fail "git commit of the pack"
  sh "$a" unpack "$g/lease" || fail "unpack in a git tree"
  st=$(git -C "$g" status --porcelain --untracked-files=all | LC_ALL=C sort | tr '\n' ' ')
  [ -z "$st" ] || fail "git sees, after unpack: $st"
  [ -f "$g/lease/run1/résumé.csv" ] || fail "a committed name git quotes was not packed and restored"
  tracked=$(git -C "$g" ls-files lease | LC_ALL=C sort | tr '\n' ' ')
  [ "$tracked" = "lease/.gitignore lease/README.md lease/archive.tar.xz lease/gpu-tests.txt lease/judge.sh lease/run1/report.md " ] ||
    fail "git tracks, after pack: $tracked"
fi

# Refusals, each leaving the folder as it was.
sh "$a" pack "$tmp/d" >/dev/null || fail "repack exited $?"
before=$(snap "$tmp/d")
refused pack "$tmp/d"
sh "$a" unpack "$tmp/d" "$tmp/back" || fail "unpack onto the same files exited $?"
echo changed >>"$tmp/back/run2/params.json"
refused unpack "$tmp/d" "$tmp/back"
grep -q "back/run2/params.json: already there, and not the same" "$tmp/err" || fail "unpack's line: $(cat "$tmp/err")"
refused pack "$tmp/nowhere"
refused unpack "$tmp/orig"
refused frobnicate "$tmp/d"
refused view "$tmp/d"
refused pack
[ "$(snap "$tmp/d")" = "$before" ] || fail "a refusal changed the folder"
mkdir "$tmp/empty" && echo '# only a note' >"$tmp/empty/README.md"
refused pack "$tmp/empty"
[ ! -e "$tmp/empty/archive.tar.xz" ] || fail "an empty pack left an archive"
cp -pR "$tmp/d" "$tmp/bad" && printf 'garbage' >"$tmp/bad/archive.tar.xz"
refused unpack "$tmp/bad" "$tmp/badout"
[ ! -e "$tmp/badout" ] || fail "a damaged archive left $tmp/badout"
# An archive whose file does not match its .sums: refused, nothing restored.
mkdir "$tmp/t" && xz -dc "$tmp/d/archive.tar.xz" | tar -xf - -C "$tmp/t" && echo x >>"$tmp/t/run1/crosscheck/pairs.csv" &&
  (cd "$tmp/t" && tar -cf - . | xz >"$tmp/bad/archive.tar.xz") || fail "could not make a tampered archive"
refused unpack "$tmp/bad" "$tmp/badout"
grep -q "does not come back as it was packed" "$tmp/err" && [ ! -e "$tmp/badout" ] || fail "a tampered archive: $(cat "$tmp/err")"
# Folders pack must refuse, each left as it was: one with a .gitignore of its own, and one whose
# files an archive cannot keep (a .sums of its own).
for k in gitignore sums; do
  mk "$tmp/k$k" && if [ $k = gitignore ]; then echo '*.tmp' >"$tmp/k$k/.gitignore"; else echo x >"$tmp/k$k/.sums"; fi
  b=$(snap "$tmp/k$k")
  refused pack "$tmp/k$k"
  [ "$(snap "$tmp/k$k")" = "$b" ] || fail "a refused pack ($k) changed the folder"
done
refused view "$tmp/d/../d" "$tmp/v"
# A pack whose archive loses a file (a tar that leaves one out): refused, nothing removed.
mkdir "$tmp/bin" && printf '#!/bin/sh\ncase "$*" in *-cf*) exec %s --exclude=./run2/params.json "$@" ;; esac\nexec %s "$@"\n' \
  "$(command -v tar)" "$(command -v tar)" >"$tmp/bin/tar" && chmod +x "$tmp/bin/tar"
mk "$tmp/lose" && b=$(snap "$tmp/lose")
opath=$PATH && PATH=$tmp/bin:$PATH
refused pack "$tmp/lose"
PATH=$opath
[ "$(snap "$tmp/lose")" = "$b" ] || fail "a pack that lost a file changed the folder"

# need: 0 for a plain folder or a restored one, 2 naming the unpack command for one not restored.
sh "$a" need "$tmp/orig" || fail "need on a plain folder exited $?"
refused need "$tmp/d"
grep -q "run sh results/archive.sh unpack $tmp/d first" "$tmp/err" || fail "need's line: $(cat "$tmp/err")"
cp -pR "$tmp/d" "$tmp/r" && sh "$a" unpack "$tmp/r" && sh "$a" need "$tmp/r" || fail "need on a restored folder exited $?"
rm "$tmp/r/run2/trace.csv.gz"
refused need "$tmp/r"

# view: the folder itself when it has no archive, else a restored copy under ROOT.
[ "$(sh "$a" view "$tmp/orig" "$tmp/v")" = "$tmp/orig" ] || fail "view of a plain folder"
v=$(sh "$a" view "$tmp/d" "$tmp/v") || fail "view exited $?"
[ "$v" = "$tmp/v$tmp/d" ] || fail "view printed $v"
diff -r "$tmp/orig" "$v" >/dev/null || fail "view's copy differs"
[ "$(sh "$a" view "$tmp/d" "$tmp/v")" = "$v" ] || fail "a second view did not reuse the copy"
echo "archive: pack, unpack, view, need and 19 refusals as expected"
