#!/bin/sh
# Invariant: an installed pkbench finds its plot scripts under PREFIX/share/pkbench/plots (not
# in the source tree it was built from) and draws all six plots with them.
# usage: installed_plot.sh BUILD_DIR FIXTURE_DIR WORK_DIR CHECK_PLOTS_SH
build=$1 fix=$2 work=$3 check=$4
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null || { echo "cmake --install failed"; exit 1; }
out=$("$work/prefix/bin/pkbench" plot "$fix" --out "$work/plots" | head -n 1)
case $out in
  *"$work/prefix/bin/../share/pkbench/plots") ;;
  *) echo "the installed pkbench took its scripts elsewhere: $out"; exit 1 ;;
esac
sh "$check" "$work/prefix/bin/pkbench" "$fix" "$work/plots"
