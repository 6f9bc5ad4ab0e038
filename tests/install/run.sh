#!/bin/sh
# install.consumer: installs pkbench into a temporary prefix, then builds and runs an
# out-of-tree C program against it twice, through find_package(pkbench) and through
# pkg-config; the program checks the seed's verdicts.
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
"$work/consumer-pc"
