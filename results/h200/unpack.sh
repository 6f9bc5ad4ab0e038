#!/bin/sh
# Unpacks a lease's tarball (what a lease's produce.sh packs into $OUT) into results/h200/LEASE/,
# tidied as the committed leases are (results/README.md): each main job's folder moved up from
# runN/cuda/ (its lock file dropped); the first line of gpu-tests.txt without the GPU machine's
# path; in the main jobs the tidy CSV and the two calibrations gzipped (measured.csv.gz,
# params-before.json.gz, params-after.json.gz); every log and decisions.csv gzipped, and
# errors.csv, predicted.csv and .txt files over 20 KB, and params.json over 100 KB (gzip -9n). Refuses to overwrite a file already there, and fails when a file
# still names the GPU machine's checkout or this one. Commit the result raw, before judging it.
# usage: results/h200/unpack.sh TARBALL   (repository root; TARBALL holds one folder, leaseNN)
set -eu
tgz=${1:?usage: results/h200/unpack.sh TARBALL}
[ -f results/h200/prelude.sh ] || { echo "unpack.sh: run from the repository root" >&2; exit 2; }
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar xzf "$tgz" -C "$tmp" 2>/dev/null || { echo "unpack.sh: $tgz: not a gzipped tarball" >&2; exit 2; }
set -- "$tmp"/*
if [ $# -ne 1 ] || [ ! -d "$1" ]; then echo "unpack.sh: $tgz: expected one top folder" >&2; exit 2; fi
lease=$(basename "$1")
case $lease in lease[0-9]*) ;; *) echo "unpack.sh: $tgz: top folder '$lease' is not leaseNN" >&2; exit 2 ;; esac
cd "$1"
remote=
if [ -f gpu-tests.txt ]; then
  remote=$(sed -n '1s|^Test project \(.*\)/build-gpu$|\1|p' gpu-tests.txt)
  sed -i '1s|^Test project .*/\(build-gpu\)$|Test project \1|' gpu-tests.txt
fi
for r in run*/; do
  [ -d "$r" ] || continue
  r=${r%/}
  if [ -d "$r/cuda" ]; then
    find "$r/cuda" -mindepth 1 -maxdepth 1 -exec mv {} "$r/" \;
    rmdir "$r/cuda"
  fi
  rm -f "$r/.pkbench.lock"
  for f in measured.csv params-before.json params-after.json; do
    [ -f "$r/$f" ] && gzip -9n "$r/$f"
  done
done
find . -type f \( -name '*.log' -o -name decisions.csv \) -exec gzip -9n {} \;
find . -type f \( -name errors.csv -o -name predicted.csv -o -name '*.txt' \) -size +20k \
  -exec gzip -9n {} \;
# a calibration of --reps 100 (lease 88 on) holds its raw runs: over 300 KB (pkbench reads either)
find . -type f -name params.json -size +100k -exec gzip -9n {} \;
for p in "$remote" "$root"; do
  [ -n "$p" ] || continue
  if grep -rlF "$p" . || find . -name '*.gz' -exec sh -c 'gzip -dc "$1" | grep -qF "$2"' sh {} "$p" \; -print | grep .; then
    echo "unpack.sh: the files above name the path $p" >&2
    exit 1
  fi
done
dest=$root/results/h200/$lease
clash=$(find . -type f | while read -r f; do if [ -e "$dest/$f" ]; then echo "${f#./}"; fi; done)
if [ -n "$clash" ]; then
  echo "unpack.sh: results/h200/$lease already has $(echo "$clash" | head -n 1)$([ "$(echo "$clash" | wc -l)" -gt 1 ] && echo ' and more'): nothing written" >&2
  exit 1
fi
mkdir -p "$dest"
cp -Rp . "$dest/"
echo "unpacked into results/h200/$lease ($(du -sb . | cut -f1) bytes)"
