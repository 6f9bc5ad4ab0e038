#!/bin/sh
# Invariant: in the HIP backend's device code for every offload target, the persistent kernel
# (both ring placements) loads its ring and abort words with system-scope coherence (gfx90a:
# glc; gfx94x: sc0 sc1) so that words written by the host or by host-issued copies are seen
# while it runs, backs its poll loop off with s_sleep (__nanosleep does nothing on ROCm), and
# holds no returning atomic (one whose old value the wave would wait for: gfx90a glc, gfx94x
# sc0 on a global_atomic). Exits 77 when the LLVM tools that read the code objects are missing.
# usage: check_disasm.sh LIBPKB_BACKEND_HIP.a
set -u
archive=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tool() {
  for d in $(printf '%s\n' "$(dirname "$(command -v hipcc 2>/dev/null || echo /x/x)")" /usr/lib/llvm-*/bin | sort -r); do
    [ -x "$d/$1" ] && { echo "$d/$1"; return 0; }
  done
  command -v "$1"
}
objcopy=$(tool llvm-objcopy) bundler=$(tool clang-offload-bundler) objdump=$(tool llvm-objdump)
if [ -z "$objcopy" ] || [ -z "$bundler" ] || [ -z "$objdump" ]; then
  echo "skipped: llvm-objcopy, clang-offload-bundler or llvm-objdump not found"
  exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && ar x "$archive") || { echo "cannot unpack $archive"; exit 1; }
obj=$(ls "$tmp"/*.o | head -n 1)
"$objcopy" --dump-section .hip_fatbin="$tmp/fat.bin" "$obj" || { echo "no .hip_fatbin in $obj"; exit 1; }
targets=$("$bundler" --list --type=o --input="$tmp/fat.bin" | sed -n 's/^hipv4-amdgcn-amd-amdhsa--//p')
[ -n "$targets" ] || { echo "no AMD code objects in $obj"; exit 1; }
bad=0
for t in $targets; do
  "$bundler" --unbundle --type=o --input="$tmp/fat.bin" --targets="hipv4-amdgcn-amd-amdhsa--$t" --output="$tmp/$t.co" &&
    "$objdump" -d --mcpu="$t" "$tmp/$t.co" > "$tmp/$t.s" || { echo "$t: cannot disassemble"; bad=1; continue; }
  case $t in gfx94*) coherent='sc0 sc1' returning=' sc0' ;; *) coherent='glc' returning=' glc' ;; esac
  # The persistent kernels' bodies: from each symbol line to the next blank line.
  awk '/^[0-9a-f]+ <.*pk_persistent_kernel/ {on = 1; print; next} on && /^$/ {on = 0} on' "$tmp/$t.s" > "$tmp/$t.pk"
  kernels=$(grep -c '^[0-9a-f]* <' "$tmp/$t.pk")
  loads=$(grep -c 'global_load_dword' "$tmp/$t.pk")
  incoherent=$(grep 'global_load_dword' "$tmp/$t.pk" | grep -v -- "$coherent" | sed 's@ *//.*@@')
  rtn=$(grep -E '(global|flat)_atomic' "$tmp/$t.pk" | sed 's@ *//.*@@' | grep -- "$returning")
  sleeps=$(grep -c 's_sleep' "$tmp/$t.pk")
  echo "$t: $kernels persistent kernels, $loads global loads, $sleeps s_sleep"
  if [ "$kernels" -ne 2 ] || [ "$loads" -eq 0 ]; then
    echo "$t: expected 2 persistent kernels with ring loads"; bad=1
  fi
  if [ -n "$incoherent" ]; then
    echo "$t: loads without '$coherent' (not system-coherent):"; echo "$incoherent"; bad=1
  fi
  if [ -n "$rtn" ]; then
    echo "$t: returning atomics in the persistent kernel:"; echo "$rtn"; bad=1
  fi
  if [ "$sleeps" -eq 0 ]; then
    echo "$t: no s_sleep back-off in the poll loop"; bad=1
  fi
done
exit $bad
