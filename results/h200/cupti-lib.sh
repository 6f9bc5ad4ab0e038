# shellcheck shell=bash
# Sourced (bash) by results/h200/produce.sh and results/h200/workloads/validate.sh: exports
# PKB_CUPTI_LIB, the libcupti that pkbench calibrate loads to time the item kernel as CUPTI
# times a kernel (item_kernel_ns), unless it is set already. Looks in the python3 packages'
# nvidia/ folder (torch's pip wheel nvidia-cuda-cupti: nvidia/cu13/lib or nvidia/cuda_cupti/lib),
# then in the CUDA toolkit's folders ($CUDA_HOME, /usr/local/cuda*). Leaves it unset when none
# is found: calibrate then notes "not measured" and pkbench's own search (the loader's path, the
# toolkit it was built with) is all there is. Prints one line saying what it chose.
if [ -z "${PKB_CUPTI_LIB:-}" ]; then
  _pkb_cupti=$(python3 -c '
import glob, os
try:
    import nvidia
    roots = list(nvidia.__path__)
except Exception:
    roots = []
for r in roots:
    for pat in ("cu13/lib/libcupti.so*", "cuda_cupti/lib/libcupti.so*", "*/lib/libcupti.so*"):
        hits = sorted(h for h in glob.glob(os.path.join(r, pat)) if os.path.isfile(h))
        if hits:
            print(hits[0])
            raise SystemExit(0)
' 2>/dev/null)
  if [ -z "$_pkb_cupti" ]; then
    for _d in ${CUDA_HOME:+"$CUDA_HOME"} /usr/local/cuda /usr/local/cuda-*; do
      for _f in "$_d"/extras/CUPTI/lib64/libcupti.so "$_d"/lib64/libcupti.so "$_d"/lib/libcupti.so \
                "$_d"/targets/x86_64-linux/lib/libcupti.so "$_d"/extras/CUPTI/lib64/libcupti.so.* \
                "$_d"/lib64/libcupti.so.* "$_d"/lib/libcupti.so.*; do
        if [ -f "$_f" ]; then _pkb_cupti=$_f; break 2; fi
      done
    done
  fi
  if [ -n "$_pkb_cupti" ]; then export PKB_CUPTI_LIB=$_pkb_cupti; fi
  unset _pkb_cupti _d _f
fi
echo "PKB_CUPTI_LIB=${PKB_CUPTI_LIB:-(none found: item_kernel_ns may be left unmeasured)}"
