#!/bin/sh
# The committed result folders against results/README.md's size policy: each archive
# (results/archive.sh) is whole, holds no *.md, *.txt or *.sh (they stay in view) and sits beside the
# .gitignore that hides its restored files; and the tracked tree leaves the device tool room for
# the carried toolchain and one more lease (results/README.md, "Archived folders"). Skips (77)
# outside a git checkout.
# usage: committed.sh SOURCE_DIR
set -u
src=$1
fail() { echo "FAIL: $*"; exit 1; }
command -v git >/dev/null && git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || { echo "SKIP: not a git checkout"; exit 77; }
cd "$src" || exit 1
n=0
for a in $(git ls-files 'results/*archive.tar.xz'); do
  d=$(dirname "$a")
  xz -t "$a" 2>/dev/null || fail "$a: not a whole xz file"
  inner=$(xz -dc "$a" | tar -tf -) || fail "$a: not a tar archive"
  [ -n "$inner" ] || fail "$a: empty"
  echo "$inner" | grep -qx '\./\.sums' || fail "$a: holds no .sums"
  # Names that stay in view, but for a *.txt.gz stored decompressed (named in .regzip).
  regz=$(xz -dc "$a" | tar -xOf - ./.regzip 2>/dev/null || :)
  echo "$inner" | grep -E '\.(md|sh|txt)$' | while read -r f; do
    printf '%s\n' "$regz" | grep -qxF -e "$f" || { echo "$f"; exit 1; }
  done || fail "$a: holds files that stay in view"
  git ls-files --error-unmatch "$d/.gitignore" >/dev/null 2>&1 || fail "$d: no .gitignore beside the archive"
  grep -qx '!/archive.tar.xz' "$d/.gitignore" && grep -qx '\*' "$d/.gitignore" || fail "$d/.gitignore: not the one pack writes"
  n=$((n + 1))
done
# What travels: the tracked files' bytes (the tool's 64 MiB also holds .deps.txz, about 2.1 MiB,
# and a lease's 1-2 MB come back into the tree after each call).
bytes=$(git ls-files -z | xargs -0 stat -c %s -- 2>/dev/null | awk '{s += $1} END {print s + 0}')
limit=$((56 * 1024 * 1024))
[ "$bytes" -le "$limit" ] || fail "the tracked files take $bytes bytes, over the $limit that leave room for a lease (pack old ones: results/README.md)"
echo "committed: $n archives whole; tracked files $bytes bytes of $limit"
