/* The flat GPU compatibility header: neutral pk_gpu* names for the runtime API (streams,
 * memory, events, graphs, attributes, errors) and pk_dev_* device helpers (clocks,
 * acquire/release memory operations), mapped to CUDA under __CUDACC__ and to HIP under
 * __HIP_PLATFORM_AMD__. Kernel and glue sources use only these names, so one source compiles
 * for both runtimes. */
#ifndef PK_KERNELS_PK_GPU_H
#define PK_KERNELS_PK_GPU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/status.h"

#if defined(__HIP_PLATFORM_AMD__)
/* ------------------------------------------------------------------------------------------
 * HIP (AMD), for hipcc's AMD platform (HIP 5.2 and later). Differences from CUDA that the
 * names below absorb:
 *  - the device clock is wall_clock64(), a constant-rate counter whose rate (kHz) the host
 *    reads with pk_gpuDeviceTimerKhz and passes to the kernels as clock_khz;
 *  - the wavefront is 64 wide on CDNA: the width always comes from pk_gpuDevAttrWarpSize;
 *  - __nanosleep is a no-op on ROCm, so the poll loop backs off with s_sleep;
 *  - hipMalloc memory is coarse-grained (coherent only at kernel boundaries), so words a
 *    running kernel polls while host-issued copies write them would not be guaranteed to
 *    change: pk_gpuMalloc allocates fine-grained device memory, and mapped host memory is
 *    allocated coherent (fine-grained) for the same reason.
 * ------------------------------------------------------------------------------------------ */
#include <hip/hip_runtime.h>
#include <string.h>

#define PK_GPU_RUNTIME_NAME "hip"

/* Types */
typedef hipError_t pk_gpuError_t;
typedef hipStream_t pk_gpuStream_t;
typedef hipEvent_t pk_gpuEvent_t;
typedef hipGraph_t pk_gpuGraph_t;
typedef hipGraphExec_t pk_gpuGraphExec_t;

/* Errors */
#define pk_gpuSuccess hipSuccess
#define pk_gpuErrorNotReady hipErrorNotReady
#define pk_gpuGetErrorString hipGetErrorString
#define pk_gpuGetErrorName hipGetErrorName
#define pk_gpuGetLastError hipGetLastError

/* Devices and attributes */
#define pk_gpuGetDeviceCount hipGetDeviceCount
#define pk_gpuSetDevice hipSetDevice
#define pk_gpuDeviceSynchronize hipDeviceSynchronize
#define pk_gpuDeviceGetPCIBusId hipDeviceGetPCIBusId
#define pk_gpuDevAttrMultiProcessorCount hipDeviceAttributeMultiprocessorCount
#define pk_gpuDevAttrWarpSize hipDeviceAttributeWarpSize
#define pk_gpuDevAttrClockRate hipDeviceAttributeClockRate /* kHz */
#define pk_gpuDevAttrMemoryClockRate hipDeviceAttributeMemoryClockRate /* kHz */
#define pk_gpuDevAttrComputeCapabilityMajor hipDeviceAttributeComputeCapabilityMajor
#define pk_gpuDevAttrComputeCapabilityMinor hipDeviceAttributeComputeCapabilityMinor
#define pk_gpuDevAttrMaxThreadsPerBlock hipDeviceAttributeMaxThreadsPerBlock
#define pk_gpuDevAttrCanMapHostMemory hipDeviceAttributeCanMapHostMemory
#define pk_gpuDevAttrMaxBlocksPerMultiprocessor hipDeviceAttributeMaxBlocksPerMultiProcessor
#define pk_gpuFuncAttributes hipFuncAttributes
#define pk_gpuFuncGetAttributes hipFuncGetAttributes
/* hipDeviceGetAttribute, except that the blocks-per-CU limit, documented as CUDA only in HIP
 * 5.2, is derived (resident threads per CU / wavefront width) where the runtime gives none. */
static inline pk_gpuError_t pk_gpuDeviceGetAttribute(int *v, hipDeviceAttribute_t attr, int dev)
{
    hipError_t e = hipDeviceGetAttribute(v, attr, dev);
    if (attr != hipDeviceAttributeMaxBlocksPerMultiProcessor || (e == hipSuccess && *v > 0))
        return e;
    (void)hipGetLastError();
    int threads = 0, width = 0;
    if ((e = hipDeviceGetAttribute(&threads, hipDeviceAttributeMaxThreadsPerMultiProcessor, dev)) != hipSuccess)
        return e;
    if ((e = hipDeviceGetAttribute(&width, hipDeviceAttributeWarpSize, dev)) != hipSuccess)
        return e;
    *v = width > 0 ? threads / width : 0;
    return hipSuccess;
}
/* HIP reports versions as major * 10^7 + minor * 10^5 + patch; the glue reads the CUDA
 * encoding (major * 1000 + minor * 10), so these convert. */
static inline int hip_version_as_cuda(int v)
{
    return v >= 10000000 ? (v / 10000000) * 1000 + ((v / 100000) % 100) * 10 : v;
}
static inline pk_gpuError_t pk_gpuDriverGetVersion(int *v)
{
    hipError_t e = hipDriverGetVersion(v);
    if (e == hipSuccess)
        *v = hip_version_as_cuda(*v);
    return e;
}
static inline pk_gpuError_t pk_gpuRuntimeGetVersion(int *v)
{
    hipError_t e = hipRuntimeGetVersion(v);
    if (e == hipSuccess)
        *v = hip_version_as_cuda(*v);
    return e;
}
/* The device's name, with its architecture ("AMD Instinct MI250X (gfx90a:sramecc+:xnack-)"). */
static inline pk_gpuError_t pk_gpuDeviceGetName(char *name, int len, int dev)
{
    hipDeviceProp_t p;
    hipError_t e = hipGetDeviceProperties(&p, dev);
    if (e == hipSuccess && len > 0)
        snprintf(name, (size_t)len, "%s (%s)", p.name, p.gcnArchName);
    return e;
}
/* The rate of wall_clock64(), in kHz. The runtime reports it as hipDeviceAttributeWallClockRate
 * from ROCm 5.4; HIP 5.2's header lacks the name, so it is asked for by its value (10017). A
 * runtime that does not answer gets the published rates: 100 MHz on gfx94x (MI300), 25 MHz on
 * earlier CDNA (MI100/MI200, CDNA2 ISA S_MEMREALTIME). */
static inline pk_gpuError_t pk_gpuDeviceTimerKhz(unsigned *khz, int dev)
{
#if HIP_VERSION >= 50400000
    const hipDeviceAttribute_t attr = hipDeviceAttributeWallClockRate;
#else
    const hipDeviceAttribute_t attr = (hipDeviceAttribute_t)10017;
#endif
    int v = 0;
    if (hipDeviceGetAttribute(&v, attr, dev) == hipSuccess && v > 0) {
        *khz = (unsigned)v;
        return hipSuccess;
    }
    (void)hipGetLastError(); /* the failed query must not surface at a later check */
    hipDeviceProp_t p;
    hipError_t e = hipGetDeviceProperties(&p, dev);
    if (e == hipSuccess)
        *khz = strncmp(p.gcnArchName, "gfx94", 5) == 0 ? 100000u : 25000u;
    return e;
}

/* Memory */
template <typename T> static inline pk_gpuError_t pk_gpuMalloc(T **p, size_t bytes)
{
    return hipExtMallocWithFlags((void **)p, bytes, hipDeviceMallocFinegrained);
}
#define pk_gpuFree hipFree
#define pk_gpuMemset hipMemset
#define pk_gpuMemsetAsync hipMemsetAsync
#define pk_gpuMemcpy hipMemcpy
#define pk_gpuMemcpyAsync hipMemcpyAsync
#define pk_gpuMemcpyHostToDevice hipMemcpyHostToDevice
#define pk_gpuMemcpyDeviceToHost hipMemcpyDeviceToHost
template <typename T> static inline pk_gpuError_t pk_gpuHostAlloc(T **p, size_t bytes, unsigned flags)
{
    return hipHostMalloc((void **)p, bytes, flags);
}
#define pk_gpuHostAllocMapped (hipHostMallocMapped | hipHostMallocCoherent)
#define pk_gpuHostAllocPortable hipHostMallocPortable
#define pk_gpuHostGetDevicePointer hipHostGetDevicePointer
#define pk_gpuFreeHost hipHostFree

/* Streams and events */
#define pk_gpuStreamCreateWithFlags hipStreamCreateWithFlags
#define pk_gpuStreamNonBlocking hipStreamNonBlocking
#define pk_gpuStreamDestroy hipStreamDestroy
#define pk_gpuStreamSynchronize hipStreamSynchronize
#define pk_gpuStreamQuery hipStreamQuery
#define pk_gpuEventCreateWithFlags hipEventCreateWithFlags
#define pk_gpuEventDefault hipEventDefault
#define pk_gpuEventRecord hipEventRecord
#define pk_gpuEventSynchronize hipEventSynchronize
#define pk_gpuEventElapsedTime hipEventElapsedTime
#define pk_gpuEventDestroy hipEventDestroy
#define pk_gpuEventDisableTiming hipEventDisableTiming
#define pk_gpuEventQuery hipEventQuery
/* A 32-bit write the stream performs once its earlier work is done (HIP: beta in ROCm). */
#define pk_gpuStreamWriteValue32(stream, dptr, value) hipStreamWriteValue32((stream), (dptr), (value), 0)

/* Launches and occupancy (hipLaunchKernel returns the launch error, as cudaLaunchKernel does). */
#define pk_gpuLaunchKernel hipLaunchKernel
#define pk_gpuOccupancyMaxActiveBlocksPerMultiprocessor hipOccupancyMaxActiveBlocksPerMultiprocessor

/* Graphs */
#define pk_gpuStreamBeginCapture hipStreamBeginCapture
#define pk_gpuStreamCaptureModeThreadLocal hipStreamCaptureModeThreadLocal
#define pk_gpuStreamEndCapture hipStreamEndCapture
#define pk_gpuGraphLaunch hipGraphLaunch
#define pk_gpuGraphDestroy hipGraphDestroy
#define pk_gpuGraphExecDestroy hipGraphExecDestroy
static inline pk_gpuError_t pk_gpuGraphInstantiate(pk_gpuGraphExec_t *exec, pk_gpuGraph_t graph)
{
    return hipGraphInstantiate(exec, graph, NULL, NULL, 0);
}
#if HIP_VERSION >= 60000000
#define pk_gpuGraphUpload hipGraphUpload
#else
/* HIP 5 has no hipGraphUpload; the first replay uploads instead (warm-up absorbs it). */
static inline pk_gpuError_t pk_gpuGraphUpload(pk_gpuGraphExec_t exec, pk_gpuStream_t stream)
{
    (void)exec;
    (void)stream;
    return hipSuccess;
}
#endif

/* Device side: wall_clock64() ticks at clock_khz kHz, so ns = ticks * 1e6 / clock_khz. It
 * exists only in the device pass; the host pass never runs device code. */
__device__ __forceinline__ uint64_t pk_dev_now_ns(unsigned clock_khz)
{
#if defined(__HIP_DEVICE_COMPILE__)
    return (uint64_t)((double)wall_clock64() * (1.0e6 / (double)clock_khz));
#else
    (void)clock_khz;
    return 0;
#endif
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
#define pk_gpuEventDisableTiming cudaEventDisableTiming
#define pk_gpuEventQuery cudaEventQuery
/* A 32-bit write the stream performs once its earlier work is done: the driver API's
 * cuStreamWriteValue32 (the runtime has none), looked up once through the runtime, so that
 * nothing links libcuda. cudaErrorNotSupported when the driver does not offer it. */
static inline cudaError_t pk_gpuStreamWriteValue32(cudaStream_t stream, void *dptr, uint32_t value)
{
    typedef int (*write32_fn)(cudaStream_t, unsigned long long, unsigned, unsigned);
    static write32_fn fn;
    static int state; /* 0 not looked up yet, 1 found, 2 missing; threads that race look it up alike */
    int st = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
    if (st == 0) {
        void *p = NULL;
        cudaDriverEntryPointQueryResult q = cudaDriverEntryPointSymbolNotFound;
#if CUDART_VERSION >= 12050
        cudaError_t e = cudaGetDriverEntryPointByVersion("cuStreamWriteValue32", &p, 12000, cudaEnableDefault, &q);
#else
        cudaError_t e = cudaGetDriverEntryPoint("cuStreamWriteValue32", &p, cudaEnableDefault, &q);
#endif
        st = e == cudaSuccess && q == cudaDriverEntryPointSuccess && p ? 1 : 2;
        if (st == 1)
            __atomic_store_n(&fn, (write32_fn)p, __ATOMIC_RELAXED);
        __atomic_store_n(&state, st, __ATOMIC_RELEASE);
    }
    if (st != 1)
        return cudaErrorNotSupported;
    /* The driver's CUresult codes and the runtime's cudaError_t codes coincide (700: an illegal
     * address, 719: a launch failure, ...), so the driver's answer is passed on as it is. */
    return (cudaError_t)__atomic_load_n(&fn, __ATOMIC_RELAXED)(stream, (unsigned long long)(uintptr_t)dptr, value, 0);
}

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
/* The warp width the persistent kernel's lane arithmetic is written for. */
#define PK_DEV_WARP 32
/* SM cycle counter of the executing multiprocessor. */
__device__ __forceinline__ uint64_t pk_dev_cycles(void) { return (uint64_t)clock64(); }
/* The SM the calling thread runs on (%smid). */
__device__ __forceinline__ uint32_t pk_dev_smid(void)
{
    uint32_t v;
    asm volatile("mov.u32 %0, %%smid;" : "=r"(v));
    return v;
}
/* A relaxed load at system scope (ld.relaxed.sys): a word of host-mapped memory that host
 * stores write. Each ring word carries its own sequence tag, so no acquire is needed. */
__device__ __forceinline__ uint64_t pk_dev_ring_load_sys(const uint64_t *p)
{
    uint64_t v;
    asm volatile("ld.relaxed.sys.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
/* The same at device scope (ld.relaxed.gpu, never a stale L1 line): a device-memory word that
 * host-issued copies write. */
__device__ __forceinline__ uint64_t pk_dev_ring_load_gpu(const uint64_t *p)
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
/* A store that every earlier memory operation of the block (ordered before it by a barrier)
 * precedes, visible to the host: st.release.sys (release is cumulative, so no separate
 * fence.sc.sys, which costs a full L1 invalidate, is needed). */
__device__ __forceinline__ void pk_dev_store_release_sys(uint64_t *p, uint64_t v)
{
    asm volatile("st.release.sys.global.u64 [%0], %1;" ::"l"(p), "l"(v) : "memory");
}
/* A fire-and-forget store the host reads by polling (st.relaxed.sys). */
__device__ __forceinline__ void pk_dev_store_relaxed_sys(uint64_t *p, uint64_t v)
{
    asm volatile("st.relaxed.sys.global.u64 [%0], %1;" ::"l"(p), "l"(v) : "memory");
}
/* Adds n to a counter without waiting for the old value (red, not atom: a returning atomic in
 * a loop stalls the warp for the round trip). */
__device__ __forceinline__ void pk_dev_count_add(unsigned *p, unsigned n)
{
    asm volatile("red.relaxed.gpu.global.add.u32 [%0], %1;" ::"l"(p), "r"(n) : "memory");
}
/* Orders every lane's earlier memory operations before any lane's later ones (a vote does not:
 * only __syncwarp promises memory ordering among the warp's threads). */
__device__ __forceinline__ void pk_dev_warp_sync(void) { __syncwarp(); }
/* Warp votes and shuffles over the whole warp (every lane of warp 0 takes part). */
__device__ __forceinline__ uint64_t pk_dev_ballot(bool p) { return __ballot_sync(0xffffffffu, p); }
__device__ __forceinline__ bool pk_dev_any(bool p) { return __any_sync(0xffffffffu, p) != 0; }
__device__ __forceinline__ uint64_t pk_dev_shfl64(uint64_t v, unsigned lane)
{
    return __shfl_sync(0xffffffffu, (unsigned long long)v, (int)lane);
}
/* Backs a poll loop off for about ns nanoseconds (0: not at all). */
__device__ __forceinline__ void pk_dev_backoff(unsigned ns)
{
    if (ns)
        __nanosleep(ns);
}
#else
/* HIP: the same operations through clang's scoped atomic builtins. Words a kernel polls are
 * written by agents outside the GPU (host stores, host-issued copies), hence system scope. */
/* The wavefront's width from the target's family, not __AMDGCN_WAVEFRONT_SIZE: clang deprecates
 * that macro from ROCm 6.4 (a warning, an error under PKB_WERROR) and ROCm 7.2 removes it. */
#if defined(__HIP_DEVICE_COMPILE__) && (defined(__GFX10__) || defined(__GFX11__) || defined(__GFX12__))
#define PK_DEV_WARP 32 /* RDNA: wave32, hipcc's default there; this build never passes -mwavefrontsize64 */
#else
#define PK_DEV_WARP 64 /* GCN and CDNA (gfx9: gfx90a, gfx94x); the host pass never runs device code */
#endif
/* Shader-clock counter (s_memtime) of the executing compute unit. */
__device__ __forceinline__ uint64_t pk_dev_cycles(void) { return (uint64_t)clock64(); }
/* The compute unit and shader engine the calling wave runs on (__smid). */
__device__ __forceinline__ uint32_t pk_dev_smid(void) { return __smid(); }
__device__ __forceinline__ uint64_t pk_dev_ring_load_sys(const uint64_t *p)
{
    return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_SYSTEM);
}
__device__ __forceinline__ uint64_t pk_dev_ring_load_gpu(const uint64_t *p)
{
    return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_SYSTEM);
}
__device__ __forceinline__ uint32_t pk_dev_load_sys(const uint32_t *p)
{
    return __hip_atomic_load(p, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_SYSTEM);
}
__device__ __forceinline__ void pk_dev_store_release_sys(uint64_t *p, uint64_t v)
{
    __hip_atomic_store(p, v, __ATOMIC_RELEASE, __HIP_MEMORY_SCOPE_SYSTEM);
}
__device__ __forceinline__ void pk_dev_store_relaxed_sys(uint64_t *p, uint64_t v)
{
    __hip_atomic_store(p, v, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_SYSTEM);
}
/* Adds n to a counter; the result is unused, so the compiler emits a no-return atomic. */
__device__ __forceinline__ void pk_dev_count_add(unsigned *p, unsigned n)
{
    (void)__hip_atomic_fetch_add(p, n, __ATOMIC_RELAXED, __HIP_MEMORY_SCOPE_AGENT);
}
/* The wavefront's lanes issue in lockstep; the fences make the ordering a promise of the memory
 * model too (as HIP's own __syncwarp does). */
__device__ __forceinline__ void pk_dev_warp_sync(void)
{
#if defined(__HIP_DEVICE_COMPILE__)
    __builtin_amdgcn_fence(__ATOMIC_RELEASE, "wavefront");
    __builtin_amdgcn_wave_barrier();
    __builtin_amdgcn_fence(__ATOMIC_ACQUIRE, "wavefront");
#endif
}
__device__ __forceinline__ uint64_t pk_dev_ballot(bool p) { return (uint64_t)__ballot(p); }
__device__ __forceinline__ bool pk_dev_any(bool p) { return __any(p) != 0; }
__device__ __forceinline__ uint64_t pk_dev_shfl64(uint64_t v, unsigned lane)
{
    const unsigned lo = (unsigned)__shfl((int)(unsigned)v, (int)lane);
    const unsigned hi = (unsigned)__shfl((int)(unsigned)(v >> 32), (int)lane);
    return ((uint64_t)hi << 32) | lo;
}
/* __nanosleep is a no-op on ROCm: s_sleep 1 idles the wave for about 64 clocks (~32 ns). */
__device__ __forceinline__ void pk_dev_backoff(unsigned ns)
{
#if defined(__HIP_DEVICE_COMPILE__)
    for (unsigned t = 0; t < ns; t += 32)
        __builtin_amdgcn_s_sleep(1);
#else
    (void)ns;
#endif
}
#endif

/* Turns a failed runtime call into PK_EDEVICE with "<call> failed at <file>:<line>: <name>:
 * <text>" in err (the file without its directories). */
static inline int gpu_call_failed(char *err, size_t errlen, const char *call, const char *file, int line,
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
            return gpu_call_failed(err, errlen, #call, __FILE__, __LINE__, pk_gpu_e_);         \
    } while (0)

#endif
