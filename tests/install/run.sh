#!/bin/sh
# install.consumer: installs pkbench into a temporary prefix, then builds and runs an
# out-of-tree C program against it twice, through find_package(pkbench) and through
# pkg-config; the program checks the seed's verdicts; and the installed pkbench gives the same.
# usage: run.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/tests/install/consumer" -B "$work/cm" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/cm" >/dev/null
"$work/cm/consumer"
libdir=$(ls -d "$work"/prefix/lib*/pkgconfig | head -n 1)
PKG_CONFIG_PATH=$libdir
export PKG_CONFIG_PATH
cc -std=c11 -Wall -Werror $(pkg-config --cflags pkbench-policy) "$src/tests/install/consumer/consumer.c" \
   -o "$work/consumer-pc" $(pkg-config --libs pkbench-policy)
# (a shared library in a prefix of its own is found as pkg-config users find it: their loader path)
LD_LIBRARY_PATH=${libdir%/pkgconfig}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$work/consumer-pc"
# The installed pkbench runs from the prefix (with a shared policy library too: its RUNPATH).
verdict=$("$work/prefix/bin/pkbench" decide --batch 100 --launch-overhead-ns 5000 --item-ns 1000 --setup-ns 50000)
[ "$verdict" = persistent-kernel:450000 ] || { echo "installed pkbench decide: '$verdict'"; exit 1; }
