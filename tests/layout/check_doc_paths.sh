#!/bin/sh
# Invariant: every source file that the repository's reference pages name (README.md,
# results/SCHEMA.md, kernels/README.md, results/README.md) exists: a name of the form
# common|sim|kernels|harness|tests|plots|cmake|fleet|fuzz/NAME.EXT (EXT one of h c cc cu cpp inc sh
# cmake gp sbatch) that no file has is printed as DOC:LINE naming it; then the test fails.
# usage: check_doc_paths.sh SOURCE_DIR
root=$1
cd "$root" || exit 2
status=0
roots='common|sim|kernels|harness|tests|plots|cmake|fleet|fuzz'
exts='h|c|cc|cu|cpp|inc|sh|cmake|gp|sbatch'
re="(^|[^A-Za-z0-9_./-])($roots)/[A-Za-z0-9_/-]+\\.($exts)([^A-Za-z0-9_]|\$)"
for doc in README.md results/SCHEMA.md kernels/README.md results/README.md; do
  [ -f "$doc" ] || continue
  # One "LINE PATH" per name met; a name cut by a line break is not met.
  names=$(grep -noE "$re" "$doc" | sed -E 's/^([0-9]+):[^a-z]*([a-z][A-Za-z0-9_/.-]*[A-Za-z0-9_]).*$/\1 \2/')
  [ -n "$names" ] || continue
  while read -r line path; do
    if [ ! -e "$path" ]; then
      echo "$doc:$line: names $path, which does not exist"
      status=1
    fi
  done <<EOF
$names
EOF
done
[ $status -eq 0 ] && echo "every source file the reference pages name exists"
exit $status
