#!/bin/sh
# Packs the build dependencies that the GPU machine lacks into .deps.txz at the repository root,
# for a lease's call to carry (`tar xJf .deps.txz` there; the lease scripts point
# CMAKE_PREFIX_PATH at .deps): the headers and static archives of jansson, GSL, yajl, zlib and
# SQLite, and Google Benchmark's shared library, static main and CMake package, from this
# machine's Debian 12 packages (.ci/setup installs them), laid out as under /usr so that the
# benchmark package's relative paths hold. .deps/ and .deps.txz belong in .git/info/exclude:
# they are this machine's copies, not the project's.
# usage: results/h200/pack-deps.sh   (repository root, after .ci/setup)
set -eu
[ -f results/h200/prelude.sh ] || { echo "pack-deps.sh: run from the repository root" >&2; exit 2; }
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
lib=/usr/lib/$arch
for f in /usr/include/jansson.h /usr/include/gsl /usr/include/benchmark /usr/include/yajl /usr/include/zlib.h \
  /usr/include/sqlite3.h "$lib/libjansson.a" "$lib/libgsl.a" "$lib/libgslcblas.a" "$lib/libyajl_s.a" "$lib/libz.a" \
  "$lib/libsqlite3.a" "$lib/libbenchmark_main.a" "$lib/cmake/benchmark"; do
  [ -e "$f" ] || { echo "pack-deps.sh: $f is missing (run .ci/setup first)" >&2; exit 2; }
done
rm -rf .deps .deps.txz
mkdir -p .deps/include ".deps/lib/$arch/cmake"
cp -a /usr/include/jansson.h /usr/include/jansson_config.h /usr/include/zlib.h /usr/include/zconf.h \
  /usr/include/sqlite3.h /usr/include/sqlite3ext.h /usr/include/gsl /usr/include/benchmark /usr/include/yajl .deps/include/
cp -a "$lib/libjansson.a" "$lib/libgsl.a" "$lib/libgslcblas.a" "$lib/libyajl_s.a" "$lib/libz.a" "$lib/libsqlite3.a" \
  "$lib"/libbenchmark.so* "$lib/libbenchmark_main.a" ".deps/lib/$arch/"
cp -a "$lib/cmake/benchmark" ".deps/lib/$arch/cmake/"
tar cJf .deps.txz .deps
for p in /.deps/ /.deps.txz; do
  grep -qxF "$p" .git/info/exclude 2>/dev/null || echo "$p" >>.git/info/exclude
done
echo "packed .deps.txz ($(du -k .deps.txz | cut -f1) KiB)"
