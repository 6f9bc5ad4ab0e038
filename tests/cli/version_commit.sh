#!/bin/sh
# Invariant: the commit pkbench --version names is the source tree's as it was built: git's HEAD,
# with "-dirty" when a tracked file differs from it (read at every build, not at configure). A
# tree that is not a git checkout, or a build given its commit (-DPKB_GIT_COMMIT), is skipped.
# usage: version_commit.sh PKBENCH SOURCE_DIR
set -u
pk=$1 src=$2
head=$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null) || { echo "not a git checkout: skipped"; exit 77; }
grep -q '^PKB_GIT_COMMIT:' "$(dirname "$pk")/../CMakeCache.txt" 2>/dev/null && { echo "commit given at configure: skipped"; exit 77; }
want=$head
[ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ] || want=$head-dirty
got=$("$pk" --version | sed -n 's/^pkbench .* (commit \(.*\))$/\1/p')
echo "pkbench --version: $got; the tree: $want"
[ "$got" = "$want" ]
