#!/bin/sh
# Runs a command that must fail for want of an AMD GPU, but skips (77) on a machine where the
# HIP backend does open one.
# usage: no_device.sh HIP_VISIBLE command args...
set -u
visible=$1
shift
"$visible"
case $? in
  0) echo "skipped: an AMD GPU is visible"; exit 77 ;;
  3) ;;
  *) echo "hip_visible failed: the HIP backend neither opened a device nor reported none"; exit 1 ;;
esac
"$@"
