#!/bin/sh
# Old result folders, kept whole in one compressed file each (results/README.md, "Archived
# folders"). The device tool sends the working tree to the GPU machine only up to 64 MiB, and
# each lease adds 1-2 MB; packed, a lease's raw files take about half the room they took as
# separate gzipped files, because xz finds what the files repeat of one another.
#
#   pack DIR          every file of DIR but its *.md, *.txt and *.sh (the judgement, its tables
#                     and the commands, which stay in view) goes into DIR/archive.tar.xz, and a DIR/.gitignore
#                     ignores those files when they are restored. A .gz file that `gzip -9n`
#                     gives back byte for byte is stored decompressed (xz packs it better) and
#                     listed in the archive's .regzip; any other is stored as it is; .sums holds
#                     every file's SHA-256 as it was. Before anything is removed, the archive is
#                     restored elsewhere and compared byte for byte with every file it replaces;
#                     any difference leaves DIR as it was. Refuses a DIR with a .gitignore, and
#                     in a git work tree a DIR with a file to pack that is not committed as it is,
#                     or one that a file git tracks under the tree's tests/ names (a test reads it).
#   unpack DIR [DEST] restores DIR's files as they were before `pack`, byte for byte, into DEST
#                     (default DIR itself, where git ignores them, so every committed judge runs
#                     as written). With DEST elsewhere, DIR's *.md, *.txt and *.sh are copied too.
#                     Every file is checked against .sums before any is copied; a file already
#                     there is left alone when it holds the same bytes, else refused.
#   view DIR ROOT     prints a folder holding all of DIR's files: DIR itself when it has no
#                     archive, else ROOT/DIR, restored there on first use (for targets.sh and
#                     crosslease.sh, with ROOT their own temporary folder).
#   need DIR          exit 0 when DIR has no archive or its files are restored in place; else
#                     exit 2 with the unpack command to run (for scripts that read old leases).
#
# Archives are deterministic (sorted names, no owners, times or umask, xz -9e on one thread), so
# packing the same folder again gives the same bytes on any machine with GNU tar 1.28 or later.
# Exit 2 with one line for bad input.
set -eu
unset GZIP TAR_OPTIONS XZ_OPT XZ_DEFAULTS # each would change the bytes written or given back
me=results/archive.sh
die() { echo "$me: $*" >&2; exit 2; }
[ $# -ge 2 ] || die "usage: $me pack DIR | unpack DIR [DEST] | view DIR ROOT | need DIR"
verb=$1 dir=${2%/}
[ -d "$dir" ] || die "$dir: no such folder"
for t in xz tar gzip sha256sum; do command -v $t >/dev/null || die "$t: not found (results/archive.sh needs it)"; done
arc=$dir/archive.tar.xz

# The files that stay in view (the judgement, its tables and the commands), and those that go into
# an archive: all others but the archive's own two. NUL-separated.
# A .git inside DIR (a nested repository's) is never one of DIR's files.
view_files() { (cd "$1" && find . -name .git -prune -o -type f \( -name '*.md' -o -name '*.sh' -o -name '*.txt' \) -print0); }
packed_files() {
  (cd "$1" && find . -name .git -prune -o -type f ! -name '*.md' ! -name '*.sh' ! -name '*.txt' ! -path ./archive.tar.xz \
    ! -path ./.gitignore -print0)
}
# 0 when DIR or a folder above it holds a .git: DIR is in a git repository, whether git reads it or not.
in_repository() {
  d=$(cd "$1" && pwd -P)
  while :; do
    [ -e "$d/.git" ] && return 0
    [ "$d" = / ] && return 1
    d=$(dirname "$d")
  done
}
# copy_files FROM TO: copies the files named on stdin (NUL-separated, relative to FROM) into TO.
copy_files() { (cd "$1" && xargs -0 -r sh -c 'for f; do mkdir -p "$0/${f%/*}" && cp -p "$f" "$0/$f" || exit 255; done' "$2"); }

# restore ARCHIVE DEST: DEST (new, empty) gets the archived files as they were, checked against
# the archive's .sums.
restore() {
  xz -t "$1" 2>/dev/null || die "$1: not an xz file, or damaged"
  mkdir -p "$2"
  xz -dc "$1" | tar -xf - -C "$2" || die "$1: could not be unpacked"
  if [ -f "$2/.regzip" ]; then
    while IFS= read -r f; do
      [ -f "$2/$f" ] || die "$1: .regzip names $f, which it does not hold"
      gzip -9n -c "$2/$f" >"$2/$f.gz" && rm "$2/$f" || die "$1: could not gzip $f again"
    done <"$2/.regzip"
    rm -f "$2/.regzip"
  fi
  [ -f "$2/.sums" ] || die "$1: holds no .sums"
  (cd "$2" && sha256sum --quiet -c .sums >/dev/null 2>&1) || die "$1: a file does not come back as it was packed (.sums)"
  rm -f "$2/.sums"
}

case $verb in
pack)
  [ $# -eq 2 ] || die "usage: $me pack DIR"
  [ ! -e "$arc" ] || die "$arc: already there (unpack it, or remove it, first)"
  [ ! -e "$dir/.gitignore" ] || die "$dir/.gitignore: already there (pack writes its own)"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  packed_files "$dir" | tr '\0' '\n' >"$tmp/list"
  [ -s "$tmp/list" ] || die "$dir: nothing to archive"
  if grep -q -e '^\./\.regzip$' -e '^\./\.sums$' -e '\\' "$tmp/list"; then
    die "$dir: holds a .regzip, a .sums or a name with a backslash, which an archive cannot keep"
  fi
  # In a git work tree, only what is committed, as it is: scratch left in the folder (untracked, or
  # a committed file changed since) would be archived and removed with no record of it.
  # A repository that git cannot read (git missing, or a checkout it refuses as another user's)
  # stops pack rather than letting it pack unchecked.
  if in_repository "$dir"; then
    command -v git >/dev/null || die "$dir: in a git repository, and git is not found (pack needs it to tell committed files)"
    git -C "$dir" rev-parse --is-inside-work-tree >/dev/null 2>"$tmp/gerr" ||
      die "$dir: git cannot read its repository ($(head -n 1 "$tmp/gerr" | cut -c 1-160)); pack needs it to tell committed files"
    git -C "$dir" -c core.quotePath=false ls-tree -r -z --name-only HEAD -- . >"$tmp/z" 2>/dev/null && [ -s "$tmp/z" ] ||
      die "$dir: nothing committed (pack keeps committed files only)"
    tr '\0' '\n' <"$tmp/z" >"$tmp/committed"
    git -C "$dir" -c core.quotePath=false diff -z --name-only --relative HEAD -- . >"$tmp/z" 2>/dev/null ||
      die "$dir: git diff failed"
    tr '\0' '\n' <"$tmp/z" >"$tmp/changed"
    sed 's|^\./||' "$tmp/list" >"$tmp/names"
    while IFS= read -r f; do
      grep -qxF -e "$f" "$tmp/committed" && ! grep -qxF -e "$f" "$tmp/changed" ||
        die "$dir/$f: not committed as it is (pack keeps committed files only: commit it, or remove it, first)"
    done <"$tmp/names"
    # A folder a test names is read by CI as it is (results.readers once copied a lease's files):
    # packed, that test would fail on a clean clone. Point the test elsewhere first.
    rel=$(git -C "$dir" rev-parse --show-prefix) && rel=${rel%/} && top=$(git -C "$dir" rev-parse --show-toplevel) ||
      die "$dir: git rev-parse failed"
    reader=
    [ -n "$rel" ] && [ -d "$top/tests" ] &&
      reader=$(git -C "$top" grep -lE -e "$rel([^0-9A-Za-z_]|\$)" -- tests 2>/dev/null | head -n 1)
    [ -z "$reader" ] || die "$dir: $reader names it: a test reads it as it is; point the test elsewhere first"
  fi
  mkdir "$tmp/s"
  packed_files "$dir" | copy_files "$dir" "$tmp/s"
  (cd "$tmp/s" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) >"$tmp/sums"
  : >"$tmp/s/.regzip"
  (cd "$tmp/s" && find . -type f -name '*.gz' | LC_ALL=C sort) | while IFS= read -r g; do
    f=${g%.gz}
    [ -e "$tmp/s/$f" ] && continue # its decompressed name is taken: stored as it is
    gzip -dc "$tmp/s/$g" >"$tmp/s/$f" 2>/dev/null && gzip -9n -c "$tmp/s/$f" | cmp -s - "$tmp/s/$g" ||
      { rm -f "$tmp/s/$f"; continue; }
    rm -f "$tmp/s/$g"
    printf '%s\n' "$f" >>"$tmp/s/.regzip"
  done
  [ -s "$tmp/s/.regzip" ] || rm -f "$tmp/s/.regzip"
  mv "$tmp/sums" "$tmp/s/.sums"
  (cd "$tmp/s" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode=u=rwX,go=rX --format=gnu -cf - .) |
    xz -9e -T1 >"$tmp/archive.tar.xz"
  # The check: restored elsewhere, every file equals the one it replaces, and no file is extra.
  restore "$tmp/archive.tar.xz" "$tmp/v"
  while IFS= read -r f; do
    cmp -s "$dir/$f" "$tmp/v/$f" || die "$dir/$f: the archive does not give it back byte for byte; nothing removed"
  done <"$tmp/list"
  n=$(wc -l <"$tmp/list")
  m=$(cd "$tmp/v" && find . -type f | wc -l)
  [ "$n" -eq "$m" ] || die "$dir: the archive holds $m files for $n; nothing removed"
  # Into place whole (a copy, checked, then renamed) and its .gitignore written, before any removal.
  cp "$tmp/archive.tar.xz" "$arc.tmp" && cmp -s "$tmp/archive.tar.xz" "$arc.tmp" && mv "$arc.tmp" "$arc" ||
    { rm -f "$arc.tmp"; die "$arc: could not be written; nothing removed"; }
  printf '%s\n' '# Restored by results/archive.sh unpack (the data are in archive.tar.xz).' '*' '!*/' '!*.md' '!*.sh' \
    '!*.txt' '!/archive.tar.xz' '!/.gitignore' >"$dir/.gitignore"
  while IFS= read -r f; do rm -f "$dir/$f"; done <"$tmp/list"
  find "$dir" -mindepth 1 -type d -empty -delete
  echo "$me: $dir: $n files into $(wc -c <"$arc" | tr -d ' ') bytes"
  ;;
unpack)
  [ $# -le 3 ] || die "usage: $me unpack DIR [DEST]"
  [ -f "$arc" ] || die "$dir: no archive.tar.xz"
  dest=${3:-$dir}
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  restore "$arc" "$tmp/r"
  if [ "$dest" != "$dir" ]; then
    view_files "$dir" | copy_files "$dir" "$tmp/r"
  fi
  (cd "$tmp/r" && find . -type f | sed 's|^\./||') >"$tmp/list"
  while IFS= read -r f; do # a file already there: left alone when the same, else refused
    [ ! -e "$dest/$f" ] || cmp -s "$dest/$f" "$tmp/r/$f" || die "$dest/$f: already there, and not the same; nothing restored"
  done <"$tmp/list"
  mkdir -p "$dest"
  cp -pR "$tmp/r/." "$dest/"
  ;;
view)
  [ $# -eq 3 ] || die "usage: $me view DIR ROOT"
  case /$dir/ in */../*) die "$dir: a folder named through .. cannot be viewed under a root" ;; esac
  if [ ! -f "$arc" ]; then echo "$dir"; exit 0; fi
  v=${3%/}/${dir#/}
  [ -d "$v" ] || sh "$0" unpack "$dir" "$v" >/dev/null
  echo "$v"
  ;;
need)
  [ $# -eq 2 ] || die "usage: $me need DIR"
  [ -f "$arc" ] || exit 0
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # .sums names every file as it is restored (pack refuses names sha256sum would escape).
  xz -dc "$arc" | tar -xOf - ./.sums 2>/dev/null | sed 's|^[0-9a-f]*  \./||' >"$tmp/list" && [ -s "$tmp/list" ] ||
    die "$arc: could not be read"
  while IFS= read -r f; do
    [ -e "$dir/$f" ] || die "$dir is archived and not restored ($f): run sh $me unpack $dir first"
  done <"$tmp/list"
  ;;
*) die "$verb: not a verb (pack, unpack, view, need)" ;;
esac
