/* The flat GPU compatibility header: neutral pk_gpu* names for the runtime API (streams,
 * memory, events, graphs, attributes, errors) and pk_dev_* device helpers (clocks,
 * acquire/release memory operations), mapped to CUDA under __CUDACC__ and to HIP under
 * __HIP_PLATFORM_AMD__. Kernel and glue sources use only these names, so one source compiles
 * for both runtimes. The HIP branch is a skeleton for the HIP backend to complete. */
#ifndef PK_KERNELS_PK_GPU_H
#define PK_KERNELS_PK_GPU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/status.h"

#if defined(__HIP_PLATFORM_AMD__)
/* ------------------------------------------------------------------------------------------
 * HIP (AMD). TO BE COMPLETED by the HIP backend: every name of the CUDA branch below needs
 * its hip* counterpart here. Notes for whoever completes it:
 *  - pk_gpuGraphInstantiate: hipGraphInstantiate(exec, graph, NULL, NULL, 0).
 *  - pk_dev_now_ns: wall_clock64() ticks at a constant rate (hipDeviceAttributeWallClockRate,
 *    in kHz); the kernels receive that rate as `clock_khz` and pass it in.
 *  - __nanosleep is a no-op on ROCm: pk_dev_pause() should use __builtin_amdgcn_s_sleep(1).
 *  - the wavefront is 64 wide: the warp size always comes from the device attribute.
 * ------------------------------------------------------------------------------------------ */
#include <hip/hip_runtime.h>

#define PK_GPU_RUNTIME_NAME "hip"
typedef hipError_t pk_gpuError_t;
typedef hipStream_t pk_gpuStream_t;
typedef hipEvent_t pk_gpuEvent_t;
typedef hipGraph_t pk_gpuGraph_t;
typedef hipGraphExec_t pk_gpuGraphExec_t;
#define pk_gpuSuccess hipSuccess
#define pk_gpuErrorNotReady hipErrorNotReady
#define pk_gpuGetErrorString hipGetErrorString
#define pk_gpuGetErrorName hipGetErrorName
#define pk_gpuGetLastError hipGetLastError
#define pk_gpuGetDeviceCount hipGetDeviceCount
#define pk_gpuSetDevice hipSetDevice
/* ... (remaining names: see the CUDA branch) ... */

__device__ __forceinline__ uint64_t pk_dev_now_ns(unsigned clock_khz)
{
    /* wall_clock64() counts at clock_khz kHz: ns = ticks * 1e6 / kHz. */
    return (uint64_t)((double)wall_clock64() * (1.0e6 / (double)clock_khz));
}

#elif defined(__CUDACC__)
/* ------------------------------------------------------------------------------------------
 * CUDA (NVIDIA)
 * ------------------------------------------------------------------------------------------ */
#include <cuda_runtime.h>

#define PK_GPU_RUNTIME_NAME "cuda"

/* Types */
typedef cudaError_t pk_gpuError_t;
typedef cudaStream_t pk_gpuStream_t;
typedef cudaEvent_t pk_gpuEvent_t;
typedef cudaGraph_t pk_gpuGraph_t;
typedef cudaGraphExec_t pk_gpuGraphExec_t;

/* Errors */
#define pk_gpuSuccess cudaSuccess
#define pk_gpuErrorNotReady cudaErrorNotReady
#define pk_gpuGetErrorString cudaGetErrorString
#define pk_gpuGetErrorName cudaGetErrorName
#define pk_gpuGetLastError cudaGetLastError

/* Devices and attributes */
#define pk_gpuGetDeviceCount cudaGetDeviceCount
#define pk_gpuSetDevice cudaSetDevice
#define pk_gpuDeviceSynchronize cudaDeviceSynchronize
#define pk_gpuDeviceGetAttribute cudaDeviceGetAttribute
#define pk_gpuDeviceGetPCIBusId cudaDeviceGetPCIBusId
#define pk_gpuDriverGetVersion cudaDriverGetVersion
#define pk_gpuRuntimeGetVersion cudaRuntimeGetVersion
#define pk_gpuDevAttrMultiProcessorCount cudaDevAttrMultiProcessorCount
#define pk_gpuDevAttrWarpSize cudaDevAttrWarpSize
#define pk_gpuDevAttrClockRate cudaDevAttrClockRate /* kHz */
#define pk_gpuDevAttrMemoryClockRate cudaDevAttrMemoryClockRate /* kHz */
#define pk_gpuDevAttrComputeCapabilityMajor cudaDevAttrComputeCapabilityMajor
#define pk_gpuDevAttrComputeCapabilityMinor cudaDevAttrComputeCapabilityMinor
#define pk_gpuDevAttrMaxThreadsPerBlock cudaDevAttrMaxThreadsPerBlock
#define pk_gpuDevAttrCanMapHostMemory cudaDevAttrCanMapHostMemory
#define pk_gpuDevAttrMaxBlocksPerMultiprocessor cudaDevAttrMaxBlocksPerMultiprocessor
#define pk_gpuFuncAttributes cudaFuncAttributes
#define pk_gpuFuncGetAttributes cudaFuncGetAttributes
/* The device's name (cudaDeviceProp::name is still present in CUDA 13). */
static inline pk_gpuError_t pk_gpuDeviceGetName(char *name, int len, int dev)
{
    cudaDeviceProp p;
    cudaError_t e = cudaGetDeviceProperties(&p, dev);
    if (e == cudaSuccess && len > 0) {
        int i = 0;
        for (; i < len - 1 && p.name[i]; i++)
            name[i] = p.name[i];
        name[i] = '\0';
    }
    return e;
}
/* The rate of the clock behind pk_dev_now_ns, in kHz: 0 on CUDA (%globaltimer counts ns). */
static inline pk_gpuError_t pk_gpuDeviceTimerKhz(unsigned *khz, int dev)
{
    (void)dev;
    *khz = 0;
    return cudaSuccess;
}

/* Memory */
#define pk_gpuMalloc cudaMalloc
#define pk_gpuFree cudaFree
#define pk_gpuMemset cudaMemset
#define pk_gpuMemsetAsync cudaMemsetAsync
#define pk_gpuMemcpy cudaMemcpy
#define pk_gpuMemcpyAsync cudaMemcpyAsync
#define pk_gpuMemcpyHostToDevice cudaMemcpyHostToDevice
#define pk_gpuMemcpyDeviceToHost cudaMemcpyDeviceToHost
#define pk_gpuHostAlloc cudaHostAlloc
#define pk_gpuHostAllocMapped cudaHostAllocMapped
#define pk_gpuHostAllocPortable cudaHostAllocPortable
#define pk_gpuHostGetDevicePointer cudaHostGetDevicePointer
#define pk_gpuFreeHost cudaFreeHost

/* Streams and events */
#define pk_gpuStreamCreateWithFlags cudaStreamCreateWithFlags
#define pk_gpuStreamNonBlocking cudaStreamNonBlocking
#define pk_gpuStreamDestroy cudaStreamDestroy
#define pk_gpuStreamSynchronize cudaStreamSynchronize
#define pk_gpuStreamQuery cudaStreamQuery
#define pk_gpuEventCreateWithFlags cudaEventCreateWithFlags
#define pk_gpuEventDefault cudaEventDefault
#define pk_gpuEventRecord cudaEventRecord
#define pk_gpuEventSynchronize cudaEventSynchronize
#define pk_gpuEventElapsedTime cudaEventElapsedTime
#define pk_gpuEventDestroy cudaEventDestroy

/* Launches and occupancy. pk_gpuLaunchKernel takes (const void *)kernel and returns the launch
 * error directly, so no separate pk_gpuGetLastError is needed after it. */
#define pk_gpuLaunchKernel cudaLaunchKernel
#define pk_gpuOccupancyMaxActiveBlocksPerMultiprocessor cudaOccupancyMaxActiveBlocksPerMultiprocessor

/* Graphs */
#define pk_gpuStreamBeginCapture cudaStreamBeginCapture
#define pk_gpuStreamCaptureModeThreadLocal cudaStreamCaptureModeThreadLocal
#define pk_gpuStreamEndCapture cudaStreamEndCapture
#define pk_gpuGraphLaunch cudaGraphLaunch
#define pk_gpuGraphUpload cudaGraphUpload
#define pk_gpuGraphDestroy cudaGraphDestroy
#define pk_gpuGraphExecDestroy cudaGraphExecDestroy
static inline pk_gpuError_t pk_gpuGraphInstantiate(pk_gpuGraphExec_t *exec, pk_gpuGraph_t graph)
{
    return cudaGraphInstantiate(exec, graph, 0);
}

/* Device side: %globaltimer is the device's own nanosecond clock (clock_khz is unused). */
__device__ __forceinline__ uint64_t pk_dev_now_ns(unsigned clock_khz)
{
    (void)clock_khz;
    uint64_t t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}

#else
#error "pk_gpu.h needs a CUDA (nvcc) or HIP (hipcc, __HIP_PLATFORM_AMD__) compiler"
#endif

/* ------------------------------------------------------------------------------------------
 * Device helpers common to both runtimes (built on the compilers' scoped atomic builtins).
 * ------------------------------------------------------------------------------------------ */
#if defined(__CUDACC__) && !defined(__HIP_PLATFORM_AMD__)
/* SM cycle counter of the executing multiprocessor. */
__device__ __forceinline__ uint64_t pk_dev_cycles(void) { return (uint64_t)clock64(); }
/* A load that later loads cannot pass, from a word other agents (host copies, other blocks)
 * write: ld.acquire.gpu, which also never returns a stale L1 line. */
__device__ __forceinline__ uint64_t pk_dev_load_acquire(const uint64_t *p)
{
    uint64_t v;
    asm volatile("ld.acquire.gpu.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
/* A load from device memory that bypasses the (incoherent) L1: ld.relaxed.gpu. */
__device__ __forceinline__ uint64_t pk_dev_load_relaxed(const uint64_t *p)
{
    uint64_t v;
    asm volatile("ld.relaxed.gpu.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
/* A system-scope load of host-mapped memory the host writes. */
__device__ __forceinline__ uint32_t pk_dev_load_sys(const uint32_t *p)
{
    uint32_t v;
    asm volatile("ld.relaxed.sys.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
    return v;
}
/* A store that earlier memory operations cannot pass, visible to the host: st.release.sys
 * (callers also issue pk_dev_fence_system() first so every earlier write is host-visible). */
__device__ __forceinline__ void pk_dev_store_release_sys(uint64_t *p, uint64_t v)
{
    asm volatile("st.release.sys.global.u64 [%0], %1;" ::"l"(p), "l"(v) : "memory");
}
__device__ __forceinline__ void pk_dev_fence_system(void) { __threadfence_system(); }
/* Eases the poll loop's pressure on L2 while the queue is empty. */
__device__ __forceinline__ void pk_dev_pause(void) { __nanosleep(32); }
#else
/* HIP: TO BE COMPLETED. Suggested mapping:
 *   pk_dev_cycles            -> clock64()
 *   pk_dev_load_acquire      -> __hip_atomic_load(p, __ATOMIC_ACQUIRE, __HIP_MEMORY_SCOPE_AGENT)
 *   pk_dev_load_relaxed      -> __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT)
 *   pk_dev_load_sys          -> __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_SYSTEM)
 *   pk_dev_store_release_sys -> __hip_atomic_store(p, v, __ATOMIC_RELEASE, __HIP_MEMORY_SCOPE_SYSTEM)
 *   pk_dev_fence_system      -> __threadfence_system()
 *   pk_dev_pause             -> __builtin_amdgcn_s_sleep(1) */
#endif

/* Turns a failed runtime call into PK_EDEVICE with "<call> failed at <file>:<line>: <name>:
 * <text>" in err (the file without its directories). */
static inline int pk__gpu_fail(char *err, size_t errlen, const char *call, const char *file, int line,
                               pk_gpuError_t e)
{
    const char *base = file;
    for (const char *c = file; *c; c++)
        if (*c == '/')
            base = c + 1;
    if (err && errlen)
        snprintf(err, errlen, "%s failed at %s:%d: %s: %s", call, base, line, pk_gpuGetErrorName(e),
                 pk_gpuGetErrorString(e));
    return PK_EDEVICE;
}

/* One check for every runtime call in host glue: on failure it writes
 * "<call> failed at <file>:<line>: <error name>: <error text>" into err (a char * with errlen
 * in scope) and returns PK_EDEVICE from the enclosing function. */
#define PK_GPU_CHECK(call)                                                                  \
    do {                                                                                    \
        pk_gpuError_t pk_gpu_e_ = (call);                                                   \
        if (pk_gpu_e_ != pk_gpuSuccess)                                                     \
            return pk__gpu_fail(err, errlen, #call, __FILE__, __LINE__, pk_gpu_e_);         \
    } while (0)

#endif
