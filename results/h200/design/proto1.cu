// Prototype: persistent-kernel protocol variants, graph replay, standard launch, bare refs.
// Build: nvcc -O2 -arch=sm_90 -std=c++17 proto.cu -o proto
#include <cuda_runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <algorithm>
#include <vector>

#define CK(x)                                                                                   \
    do {                                                                                        \
        cudaError_t e_ = (x);                                                                   \
        if (e_ != cudaSuccess) {                                                                \
            fprintf(stderr, "%s failed at %d: %s\n", #x, __LINE__, cudaGetErrorString(e_));    \
            exit(1);                                                                            \
        }                                                                                       \
    } while (0)

static double now_ns()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}
static double med(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

#define STOP (1ull << 63)
#define CHUNK 256

__device__ __forceinline__ uint64_t gtime()
{
    uint64_t t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}
__device__ __forceinline__ uint64_t ld_acq_sys(const uint64_t *p)
{
    uint64_t v;
    asm volatile("ld.acquire.sys.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ uint64_t ld_acq_gpu(const uint64_t *p)
{
    uint64_t v;
    asm volatile("ld.acquire.gpu.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ uint64_t ld_rlx_sys(const uint64_t *p)
{
    uint64_t v;
    asm volatile("ld.relaxed.sys.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ uint32_t ld_rlx_sys32(const uint32_t *p)
{
    uint32_t v;
    asm volatile("ld.relaxed.sys.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ void st_rel_sys(uint64_t *p, uint64_t v)
{
    asm volatile("st.release.sys.global.u64 [%0], %1;" ::"l"(p), "l"(v) : "memory");
}
__device__ __forceinline__ void st_rlx_sys(uint64_t *p, uint64_t v)
{
    asm volatile("st.relaxed.sys.global.u64 [%0], %1;" ::"l"(p), "l"(v) : "memory");
}
__device__ __forceinline__ void red_add(unsigned *p) { asm volatile("red.relaxed.gpu.global.add.u32 [%0], 1;" ::"l"(p) : "memory"); }

struct Rec {
    uint64_t t0, t1, cycles;
};
struct Acc {
    uint64_t sum, tmin, tmax, cyc, cyc_ns;
};

enum { B_BARE = 0, B_FULL = 1, B_NOCYC = 2, B_ACC = 3 };

template <int BODY>
__device__ __forceinline__ void body(unsigned *count, Rec *rec, uint64_t slot, uint64_t item_ns, Acc &acc)
{
    if (BODY == B_BARE) {
        if (item_ns) {
            const uint64_t t0 = gtime();
            while (gtime() - t0 < item_ns) {
            }
        }
        __syncthreads();
        if (threadIdx.x == 0)
            red_add(&count[slot]);
        return;
    }
    const uint64_t t0 = gtime();
    uint64_t c0 = 0;
    const bool cyc = BODY == B_FULL || item_ns >= 5000;
    if (cyc)
        c0 = clock64();
    if (item_ns)
        while (gtime() - t0 < item_ns) {
        }
    __syncthreads();
    const uint64_t t1 = gtime();
    const uint64_t c1 = cyc ? (uint64_t)clock64() : 0;
    if (threadIdx.x == 0) {
        red_add(&count[slot]);
        if (BODY == B_ACC) {
            acc.sum += t1 - t0;
            acc.tmin = t0 < acc.tmin ? t0 : acc.tmin;
            acc.tmax = t1 > acc.tmax ? t1 : acc.tmax;
            if (cyc) {
                acc.cyc += c1 - c0;
                acc.cyc_ns += t1 - t0;
            }
        } else {
            Rec r;
            r.t0 = t0;
            r.t1 = t1;
            r.cycles = c1 - c0;
            rec[slot] = r;
        }
    }
}

struct PArgs {
    const uint64_t *desc; // ring of item_ns (mapped or device)
    const uint64_t *tail; // mapped or device
    uint64_t *done;       // mapped, per block
    uint64_t *ack;        // mapped, per block
    const uint32_t *abort;
    unsigned *count;
    Rec *rec;
    Acc *acc; // per block (device)
    uint64_t mask, epoch;
};

// TAIL_SYS: tail in host-mapped memory (else device memory written by copies).
// DESC_SYS: descriptors in host-mapped memory.
template <int BODY, bool TAIL_SYS, bool DESC_SYS, bool PREFETCH>
__global__ void pkern(PArgs a)
{
    __shared__ uint64_t s_ns[CHUNK];
    __shared__ uint64_t s_tail;
    __shared__ int s_stop;
    const unsigned tid = threadIdx.x;
    uint64_t seq = blockIdx.x;
    const uint64_t stride = gridDim.x;
    uint64_t tail = 0, done = 0, reported = 0;
    unsigned spins = 0;
    Acc acc = {0, ~0ull, 0, 0, 0};
    if (tid == 0)
        st_rlx_sys(&a.ack[blockIdx.x], a.epoch);
    for (;;) {
        if (tid == 0) {
            int stop = 0;
            if (seq >= tail) {
                if (done != reported) {
                    __threadfence_system();
                    st_rel_sys(&a.done[blockIdx.x], done);
                    reported = done;
                }
                for (;;) {
                    const uint64_t w = TAIL_SYS ? ld_acq_sys(a.tail) : ld_acq_gpu(a.tail);
                    const uint64_t t = w & ~STOP;
                    if (t > seq) {
                        tail = t;
                        break;
                    }
                    if (w & STOP) {
                        stop = 1;
                        break;
                    }
                    if ((++spins & 255u) == 0 && ld_rlx_sys32(a.abort)) {
                        stop = 1;
                        break;
                    }
                    if (!TAIL_SYS)
                        __nanosleep(32);
                }
            }
            s_tail = tail;
            s_stop = stop;
        }
        __syncthreads();
        if (s_stop)
            break;
        const uint64_t t = s_tail;
        while (seq < t) {
            const uint64_t left = (t - seq + stride - 1) / stride;
            const unsigned m = left < CHUNK ? (unsigned)left : CHUNK;
            for (unsigned i = tid; i < m; i += blockDim.x) {
                const uint64_t *p = &a.desc[(seq + i * stride) & a.mask];
                s_ns[i] = DESC_SYS ? ld_rlx_sys(p) : __ldcg((const unsigned long long *)p);
            }
            __syncthreads();
            for (unsigned i = 0; i < m; i++)
                body<BODY>(a.count, a.rec, (seq + i * stride) & a.mask, s_ns[i], acc);
            seq += (uint64_t)m * stride;
            done += m;
        }
    }
    if (tid == 0) {
        if (BODY == B_ACC)
            a.acc[blockIdx.x] = acc;
        if (done != reported) {
            __threadfence_system();
            st_rel_sys(&a.done[blockIdx.x], done);
        }
    }
}

// The issue's minimal reference: one block, mapped tail, thread 0 polls and broadcasts,
// __syncthreads per item, count per item, sentinel ends it. No descriptors.
__global__ void refkern(const uint64_t *tail, unsigned *count, uint64_t item_ns, uint64_t *done)
{
    __shared__ uint64_t s_t;
    uint64_t seq = 0;
    for (;;) {
        if (threadIdx.x == 0) {
            uint64_t w;
            do
                w = ld_acq_sys(tail);
            while ((w & ~STOP) <= seq && !(w & STOP));
            s_t = w;
        }
        __syncthreads();
        const uint64_t w = s_t;
        const uint64_t t = w & ~STOP;
        if (t <= seq)
            break;
        for (; seq < t; seq++) {
            if (item_ns) {
                const uint64_t t0 = gtime();
                while (gtime() - t0 < item_ns) {
                }
            }
            __syncthreads();
            if (threadIdx.x == 0)
                red_add(&count[seq]);
        }
        if (threadIdx.x == 0) {
            __threadfence_system();
            st_rel_sys(done, seq);
        }
    }
}

// Item kernel (standard / graph): full body or bare body.
template <int BODY> __global__ void itemk(unsigned *count, Rec *rec, uint64_t item, uint64_t item_ns)
{
    Acc acc;
    body<BODY>(count, rec, item, item_ns, acc);
}

__global__ void clockcost(uint64_t *out, int what)
{
    uint64_t c0 = clock64(), x = 0;
    for (int i = 0; i < 1024; i++) {
        if (what == 0)
            x += gtime();
        else if (what == 1)
            x += clock64();
        else
            __syncthreads();
    }
    uint64_t c1 = clock64();
    if (threadIdx.x == 0) {
        out[0] = c1 - c0;
        out[1] = x;
    }
}

// ------------------------------------------------------------------------------------------
struct Ctx {
    int sms;
    unsigned *d_count;
    Rec *d_rec;
    Acc *d_acc;
    unsigned *h_count;
    Rec *h_rec;
    uint64_t *h_map; // mapped: [0]=tail (own line), done[4096] at +16, ack at +16+4096, abort
    uint64_t *d_map;
    uint64_t *h_tail, *h_done, *h_ack;
    uint32_t *h_abort;
    uint64_t *d_tail_m, *d_done, *d_ack;
    uint32_t *d_abort;
    uint64_t *h_desc_m, *d_desc_m; // mapped desc ring
    uint64_t *d_desc;              // device desc ring
    uint64_t *h_stage;             // pinned staging for device ring
    uint64_t *d_tail;              // device tail
    uint64_t *h_tstage;
    unsigned *h_zero;
    size_t cap;
    cudaStream_t s, ks, cs;
};

static void ctx_init(Ctx &c, size_t cap)
{
    c.cap = cap;
    CK(cudaDeviceGetAttribute(&c.sms, cudaDevAttrMultiProcessorCount, 0));
    CK(cudaMalloc(&c.d_count, cap * 4));
    CK(cudaMalloc(&c.d_rec, cap * sizeof(Rec)));
    CK(cudaMalloc(&c.d_acc, 4096 * sizeof(Acc)));
    c.h_count = (unsigned *)malloc(cap * 4);
    c.h_rec = (Rec *)malloc(cap * sizeof(Rec));
    const size_t mb = (16 + 2 * 4096 + 16) * 8;
    CK(cudaHostAlloc(&c.h_map, mb, cudaHostAllocMapped));
    memset(c.h_map, 0, mb);
    CK(cudaHostGetDevicePointer((void **)&c.d_map, c.h_map, 0));
    c.h_tail = c.h_map;
    c.h_done = c.h_map + 16;
    c.h_ack = c.h_done + 4096;
    c.h_abort = (uint32_t *)(c.h_ack + 4096);
    c.d_tail_m = c.d_map;
    c.d_done = c.d_map + 16;
    c.d_ack = c.d_done + 4096;
    c.d_abort = (uint32_t *)(c.d_ack + 4096);
    CK(cudaHostAlloc(&c.h_desc_m, cap * 8, cudaHostAllocMapped));
    CK(cudaHostGetDevicePointer((void **)&c.d_desc_m, c.h_desc_m, 0));
    CK(cudaMalloc(&c.d_desc, cap * 8));
    CK(cudaHostAlloc(&c.h_stage, cap * 8, cudaHostAllocDefault));
    CK(cudaMalloc(&c.d_tail, 64));
    CK(cudaMemset(c.d_tail, 0, 64));
    CK(cudaHostAlloc(&c.h_tstage, 64 * 8, cudaHostAllocDefault));
    CK(cudaHostAlloc(&c.h_zero, cap * 4, cudaHostAllocDefault));
    memset(c.h_zero, 0, cap * 4);
    CK(cudaStreamCreateWithFlags(&c.s, cudaStreamNonBlocking));
    CK(cudaStreamCreateWithFlags(&c.ks, cudaStreamNonBlocking));
    CK(cudaStreamCreateWithFlags(&c.cs, cudaStreamNonBlocking));
}

static void reset_counts(Ctx &c, size_t n)
{
    CK(cudaMemcpyAsync(c.d_count, c.h_zero, n * 4, cudaMemcpyHostToDevice, c.s));
    CK(cudaStreamSynchronize(c.s));
}

// Verifies slots [base, base+n) ran `expect` times. Returns number wrong.
static size_t verify(Ctx &c, uint64_t base, uint64_t n, unsigned expect)
{
    CK(cudaMemcpy(c.h_count, c.d_count, c.cap * 4, cudaMemcpyDeviceToHost));
    size_t bad = 0;
    for (uint64_t i = 0; i < n; i++)
        if (c.h_count[(base + i) & (c.cap - 1)] != expect)
            bad++;
    return bad;
}

static void wait_stream(cudaStream_t s, double to_s)
{
    const double dl = now_ns() + to_s * 1e9;
    for (;;) {
        cudaError_t e = cudaStreamQuery(s);
        if (e == cudaSuccess)
            return;
        if (e != cudaErrorNotReady) {
            fprintf(stderr, "stream error %s\n", cudaGetErrorString(e));
            exit(1);
        }
        if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT waiting for stream\n");
            exit(3);
        }
    }
}

typedef void (*KFn)(PArgs);

struct Variant {
    const char *name;
    KFn k;
    bool tail_sys, desc_sys;
};

static PArgs pargs(Ctx &c, const Variant &v, uint64_t epoch)
{
    PArgs a;
    a.desc = v.desc_sys ? c.d_desc_m : c.d_desc;
    a.tail = v.tail_sys ? c.d_tail_m : c.d_tail;
    a.done = c.d_done;
    a.ack = c.d_ack;
    a.abort = c.d_abort;
    a.count = c.d_count;
    a.rec = c.d_rec;
    a.acc = c.d_acc;
    a.mask = c.cap - 1;
    a.epoch = epoch;
    return a;
}

// Publishes n items (item_ns each) after `base`, tail value base+n | flags.
static void publish(Ctx &c, const Variant &v, uint64_t base, uint64_t n, uint64_t item_ns, uint64_t flags,
                    cudaStream_t st)
{
    const uint64_t mask = c.cap - 1;
    if (v.desc_sys) {
        for (uint64_t i = 0; i < n; i++)
            c.h_desc_m[(base + i) & mask] = item_ns;
    } else {
        for (uint64_t i = 0; i < n; i++)
            c.h_stage[(base + i) & mask] = item_ns;
        const uint64_t first = base & mask, n1 = std::min<uint64_t>(n, c.cap - first);
        CK(cudaMemcpyAsync(c.d_desc + first, c.h_stage + first, n1 * 8, cudaMemcpyHostToDevice, st));
        if (n1 < n)
            CK(cudaMemcpyAsync(c.d_desc, c.h_stage, (n - n1) * 8, cudaMemcpyHostToDevice, st));
    }
    const uint64_t w = (base + n) | flags;
    if (v.tail_sys) {
        __atomic_store_n(c.h_tail, w, __ATOMIC_RELEASE);
    } else {
        static unsigned slot = 0;
        uint64_t *stg = &c.h_tstage[slot++ % 64];
        *stg = w;
        CK(cudaMemcpyAsync(c.d_tail, stg, 8, cudaMemcpyHostToDevice, st));
    }
}

static uint64_t done_sum(Ctx &c, unsigned grid)
{
    uint64_t s = 0;
    for (unsigned k = 0; k < grid; k++)
        s += __atomic_load_n(&c.h_done[k], __ATOMIC_ACQUIRE);
    return s;
}

static uint64_t g_epoch = 0;

// Mode "persistent": publish (with STOP) + launch + wait exit. Returns wall ns.
static double run_persistent(Ctx &c, const Variant &v, uint64_t n, uint64_t item_ns, unsigned grid, unsigned block,
                             double *setup, double *tear, size_t *bad)
{
    reset_counts(c, n);
    for (unsigned k = 0; k < grid; k++)
        c.h_done[k] = c.h_ack[k] = 0;
    *c.h_abort = 0;
    if (v.tail_sys)
        *c.h_tail = 0;
    else {
        CK(cudaMemsetAsync(c.d_tail, 0, 8, c.ks));
        CK(cudaStreamSynchronize(c.ks));
    }
    const uint64_t ep = ++g_epoch;
    PArgs a = pargs(c, v, ep);
    const double t0 = now_ns();
    // publish first (batch known at launch), stop flag with it, then launch.
    publish(c, v, 0, n, item_ns, STOP, c.ks);
    v.k<<<grid, block, 0, c.ks>>>(a);
    CK(cudaGetLastError());
    double t_ack = 0, t_done = 0;
    const double dl = t0 + 5e9;
    for (unsigned i = 0;; i++) {
        if (!t_ack) {
            unsigned k = 0;
            while (k < grid && __atomic_load_n(&c.h_ack[k], __ATOMIC_ACQUIRE) == ep)
                k++;
            if (k == grid)
                t_ack = now_ns();
        }
        if (!t_done && done_sum(c, grid) >= n)
            t_done = now_ns();
        if (t_done) {
            cudaError_t e = cudaStreamQuery(c.ks);
            if (e == cudaSuccess)
                break;
            if (e != cudaErrorNotReady) {
                fprintf(stderr, "err %s\n", cudaGetErrorString(e));
                exit(1);
            }
        }
        if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT persistent %s n=%llu\n", v.name, (unsigned long long)n);
            exit(3);
        }
    }
    const double t1 = now_ns();
    *setup = t_ack ? t_ack - t0 : 0;
    *tear = t1 - t_done;
    *bad = verify(c, 0, n, 1);
    return t1 - t0;
}

// Mode "persistent": launch + wait exit by cudaStreamSynchronize only (no done polling).
static double run_persistent_sync(Ctx &c, const Variant &v, uint64_t n, uint64_t item_ns, unsigned grid,
                                  unsigned block, size_t *bad)
{
    reset_counts(c, n);
    for (unsigned k = 0; k < grid; k++)
        c.h_done[k] = c.h_ack[k] = 0;
    *c.h_tail = 0;
    PArgs a = pargs(c, v, ++g_epoch);
    const double t0 = now_ns();
    publish(c, v, 0, n, item_ns, STOP, c.ks);
    v.k<<<grid, block, 0, c.ks>>>(a);
    CK(cudaStreamSynchronize(c.ks));
    const double t1 = now_ns();
    *bad = verify(c, 0, n, 1);
    return t1 - t0;
}

struct Resident {
    bool running = false;
    uint64_t tail = 0;
    unsigned grid = 0, block = 0;
    const Variant *v = nullptr;
};

static void resident_stop(Ctx &c, Resident &r)
{
    if (!r.running)
        return;
    if (r.v->tail_sys)
        __atomic_store_n(c.h_tail, r.tail | STOP, __ATOMIC_RELEASE);
    else {
        c.h_tstage[63] = r.tail | STOP;
        CK(cudaMemcpyAsync(c.d_tail, &c.h_tstage[63], 8, cudaMemcpyHostToDevice, c.cs));
    }
    wait_stream(c.ks, 5);
    r.running = false;
}

static void resident_start(Ctx &c, Resident &r, const Variant &v, unsigned grid, unsigned block)
{
    resident_stop(c, r);
    for (unsigned k = 0; k < grid; k++)
        c.h_done[k] = c.h_ack[k] = 0;
    *c.h_tail = 0;
    CK(cudaMemsetAsync(c.d_tail, 0, 8, c.ks));
    PArgs a = pargs(c, v, ++g_epoch);
    v.k<<<grid, block, 0, c.ks>>>(a);
    CK(cudaGetLastError());
    r = Resident();
    r.running = true;
    r.grid = grid;
    r.block = block;
    r.v = &v;
    r.tail = 0;
    // wait until resident (untimed)
    const double dl = now_ns() + 5e9;
    unsigned k = 0;
    while (k < grid) {
        if (__atomic_load_n(&c.h_ack[k], __ATOMIC_ACQUIRE) == g_epoch)
            k++;
        else if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT resident ack\n");
            exit(3);
        }
    }
}

static double run_resident(Ctx &c, Resident &r, uint64_t n, uint64_t item_ns, size_t *bad)
{
    // counts for slots [tail, tail+n): reset whole ring cheaply (n small) - untimed
    CK(cudaMemcpyAsync(c.d_count, c.h_zero, c.cap * 4, cudaMemcpyHostToDevice, c.s));
    CK(cudaStreamSynchronize(c.s));
    const uint64_t base = r.tail;
    const double t0 = now_ns();
    publish(c, *r.v, base, n, item_ns, 0, c.cs);
    r.tail = base + n;
    const double dl = t0 + 5e9;
    while (done_sum(c, r.grid) < r.tail) {
        if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT resident done\n");
            exit(3);
        }
    }
    const double t1 = now_ns();
    *bad = verify(c, base, n, 1);
    return t1 - t0;
}

// Reference: launch + publish + exit observed.
static double run_ref(Ctx &c, uint64_t n, uint64_t item_ns, unsigned block, bool publish_first, size_t *bad)
{
    reset_counts(c, n);
    *c.h_tail = 0;
    c.h_done[0] = 0;
    const double t0 = now_ns();
    if (publish_first)
        __atomic_store_n(c.h_tail, n | STOP, __ATOMIC_RELEASE);
    refkern<<<1, block, 0, c.ks>>>(c.d_tail_m, c.d_count, item_ns, c.d_done);
    if (!publish_first)
        __atomic_store_n(c.h_tail, n | STOP, __ATOMIC_RELEASE);
    CK(cudaStreamSynchronize(c.ks));
    const double t1 = now_ns();
    *bad = verify(c, 0, n, 1);
    return t1 - t0;
}

static double run_standard(Ctx &c, bool bare, uint64_t n, uint64_t item_ns, unsigned block, bool sync_each)
{
    reset_counts(c, n);
    const double t0 = now_ns();
    for (uint64_t i = 0; i < n; i++) {
        if (bare)
            itemk<B_BARE><<<1, block, 0, c.s>>>(c.d_count, c.d_rec, i, item_ns);
        else
            itemk<B_FULL><<<1, block, 0, c.s>>>(c.d_count, c.d_rec, i, item_ns);
        if (sync_each)
            CK(cudaStreamSynchronize(c.s));
    }
    CK(cudaStreamSynchronize(c.s));
    return now_ns() - t0;
}

static cudaGraphExec_t make_graph(Ctx &c, bool bare, uint64_t n, uint64_t item_ns, unsigned block, double *inst_ns)
{
    cudaGraph_t g;
    cudaGraphExec_t ge;
    const double t0 = now_ns();
    CK(cudaStreamBeginCapture(c.s, cudaStreamCaptureModeThreadLocal));
    for (uint64_t i = 0; i < n; i++) {
        if (bare)
            itemk<B_BARE><<<1, block, 0, c.s>>>(c.d_count, c.d_rec, i, item_ns);
        else
            itemk<B_FULL><<<1, block, 0, c.s>>>(c.d_count, c.d_rec, i, item_ns);
    }
    CK(cudaStreamEndCapture(c.s, &g));
    CK(cudaGraphInstantiate(&ge, g, 0));
    CK(cudaGraphUpload(ge, c.s));
    CK(cudaStreamSynchronize(c.s));
    *inst_ns = now_ns() - t0;
    CK(cudaGraphDestroy(g));
    return ge;
}

static double replay(Ctx &c, cudaGraphExec_t ge)
{
    const double t0 = now_ns();
    CK(cudaGraphLaunch(ge, c.s));
    CK(cudaStreamSynchronize(c.s));
    return now_ns() - t0;
}

#define NV 12
template <int B, bool T, bool D, bool P> static KFn kfn()
{
    return pkern<B, T, D, P>;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "all";
    int reps = argc > 2 ? atoi(argv[2]) : 31;
    Ctx c;
    ctx_init(c, 16384);
    cudaDeviceProp p;
    CK(cudaGetDeviceProperties(&p, 0));
    printf("# device %s, %d SMs\n", p.name, c.sms);
    // warm up
    for (int i = 0; i < 200; i++)
        itemk<B_FULL><<<1, 32, 0, c.s>>>(c.d_count, c.d_rec, 0, 0);
    CK(cudaStreamSynchronize(c.s));

    Variant vs[] = {
        {"map/map full", kfn<B_FULL, true, true, false>(), true, true},
        {"map/map nocyc", kfn<B_NOCYC, true, true, false>(), true, true},
        {"map/map acc", kfn<B_ACC, true, true, false>(), true, true},
        {"map/map bare", kfn<B_BARE, true, true, false>(), true, true},
        {"dev/dev full", kfn<B_FULL, false, false, false>(), false, false},
        {"dev/dev nocyc", kfn<B_NOCYC, false, false, false>(), false, false},
        {"dev/dev bare", kfn<B_BARE, false, false, false>(), false, false},
    };
    const int nv = sizeof vs / sizeof vs[0];
    for (int i = 0; i < nv; i++)
        CK(cudaFuncSetAttribute((const void *)vs[i].k, cudaFuncAttributePreferredSharedMemoryCarveout, 0));
    CK(cudaFuncSetAttribute((const void *)refkern, cudaFuncAttributePreferredSharedMemoryCarveout, 0));
    {
        cudaFuncAttributes fa;
        for (int i = 0; i < nv; i++) {
            CK(cudaFuncGetAttributes(&fa, (const void *)vs[i].k));
            printf("# %-16s regs %d smem %zu\n", vs[i].name, fa.numRegs, fa.sharedSizeBytes);
        }
    }

    if (!strcmp(mode, "sanitize")) {
        // small runs of everything for compute-sanitizer
        for (int i = 0; i < nv; i++) {
            double s, t;
            size_t bad;
            run_persistent(c, vs[i], 8, 0, 1, 32, &s, &t, &bad);
            run_persistent(c, vs[i], 100, 1000, 4, 64, &s, &t, &bad);
            Resident r;
            resident_start(c, r, vs[i], 2, 32);
            run_resident(c, r, 5, 0, &bad);
            run_resident(c, r, 300, 0, &bad);
            resident_stop(c, r);
        }
        size_t bad;
        run_ref(c, 10, 0, 128, true, &bad);
        printf("sanitize workload done\n");
        return 0;
    }

    // clock costs
    {
        uint64_t *d, h[2];
        CK(cudaMalloc(&d, 16));
        for (int w = 0; w < 3; w++) {
            clockcost<<<1, 32>>>(d, w);
            CK(cudaMemcpy(h, d, 16, cudaMemcpyDeviceToHost));
            printf("# clockcost %s: %.1f cycles/op\n", w == 0 ? "globaltimer" : w == 1 ? "clock64" : "syncthreads(32)",
                   h[0] / 1024.0);
        }
    }

    const uint64_t Ns[] = {1, 16, 256, 4096, 16384};
    printf("\n== persistent (publish+stop before launch; wait done then exit), item_ns 0, grid 1\n");
    printf("%-16s %5s %6s %12s %10s %10s %10s %6s\n", "variant", "block", "N", "wall_med", "ns/item", "setup", "tear", "bad");
    for (unsigned block : {32u, 128u})
        for (int i = 0; i < nv; i++)
            for (uint64_t n : Ns) {
                std::vector<double> w, s, t;
                size_t badt = 0;
                for (int r = 0; r < reps; r++) {
                    double ss, tt;
                    size_t bad;
                    w.push_back(run_persistent(c, vs[i], n, 0, 1, block, &ss, &tt, &bad));
                    s.push_back(ss);
                    t.push_back(tt);
                    badt += bad;
                }
                printf("%-16s %5u %6llu %12.0f %10.2f %10.0f %10.0f %6zu\n", vs[i].name, block, (unsigned long long)n,
                       med(w), med(w) / n, med(s), med(t), badt);
            }
    printf("\n== persistent via cudaStreamSynchronize (no polling), map/map full and bare\n");
    for (unsigned block : {32u, 128u})
        for (int i : {0, 3})
            for (uint64_t n : {1ull, 16384ull}) {
                std::vector<double> w;
                size_t bad, badt = 0;
                for (int r = 0; r < reps; r++) {
                    w.push_back(run_persistent_sync(c, vs[i], n, 0, 1, block, &bad));
                    badt += bad;
                }
                printf("%-16s %5u %6llu %12.0f %10.2f bad=%zu\n", vs[i].name, block, (unsigned long long)n, med(w),
                       med(w) / n, badt);
            }
    printf("\n== reference kernel (issue's 40-line ref): launch + tail + exit via sync\n");
    for (unsigned block : {32u, 128u})
        for (bool pf : {true, false})
            for (uint64_t n : Ns) {
                std::vector<double> w;
                size_t bad, badt = 0;
                for (int r = 0; r < reps; r++) {
                    w.push_back(run_ref(c, n, 0, block, pf, &bad));
                    badt += bad;
                }
                printf("ref block %3u %s N=%6llu wall %10.0f ns/item %8.2f bad=%zu\n", block,
                       pf ? "pub-first" : "pub-after", (unsigned long long)n, med(w), med(w) / n, badt);
            }

    printf("\n== persistent-resident (publish -> done observed), item_ns 0\n");
    for (unsigned grid : {1u, 132u})
        for (unsigned block : {32u, 128u})
            for (int i = 0; i < nv; i++) {
                Resident r;
                resident_start(c, r, vs[i], grid, block);
                for (uint64_t n : Ns) {
                    std::vector<double> w;
                    size_t bad, badt = 0;
                    run_resident(c, r, n, 0, &bad);
                    for (int k = 0; k < reps; k++) {
                        w.push_back(run_resident(c, r, n, 0, &bad));
                        badt += bad;
                    }
                    printf("res %-16s grid %3u block %3u N=%6llu wall %10.0f ns/item %8.2f bad=%zu\n", vs[i].name, grid,
                           block, (unsigned long long)n, med(w), med(w) / n, badt);
                }
                resident_stop(c, r);
            }
    printf("\n== persistent grid 132 (publish+stop first), item_ns 0 and 1000\n");
    for (int i : {0, 2, 4})
        for (uint64_t ins : {0ull, 1000ull})
            for (uint64_t n : {132ull, 4096ull, 16384ull}) {
                std::vector<double> w;
                size_t badt = 0;
                for (int r = 0; r < reps; r++) {
                    double ss, tt;
                    size_t bad;
                    w.push_back(run_persistent(c, vs[i], n, ins, 132, 32, &ss, &tt, &bad));
                    badt += bad;
                }
                printf("grid132 %-16s item %5llu N=%6llu wall %10.0f ns/item %8.2f bad=%zu\n", vs[i].name,
                       (unsigned long long)ins, (unsigned long long)n, med(w), med(w) / n, badt);
            }

    printf("\n== item_ns 1000/5000 persistent N=4096 grid 1 block 32 (achieved check)\n");
    for (int i : {0, 1, 2, 3})
        for (uint64_t ins : {1000ull, 5000ull}) {
            std::vector<double> w;
            size_t badt = 0;
            for (int r = 0; r < 5; r++) {
                double ss, tt;
                size_t bad;
                w.push_back(run_persistent(c, vs[i], 4096, ins, 1, 32, &ss, &tt, &bad));
                badt += bad;
            }
            printf("%-16s item %5llu wall %10.0f ns/item-over %8.2f bad=%zu\n", vs[i].name, (unsigned long long)ins,
                   med(w), med(w) / 4096 - ins, badt);
        }

    printf("\n== standard: full vs bare item kernel, item_ns 0, block 32\n");
    for (uint64_t n : {64ull, 1024ull, 16384ull}) {
        std::vector<double> a, b;
        for (int r = 0; r < 11; r++) {
            a.push_back(run_standard(c, false, n, 0, 32, false));
            b.push_back(run_standard(c, true, n, 0, 32, false));
        }
        printf("standard N=%6llu full %8.1f ns/launch bare %8.1f\n", (unsigned long long)n, med(a) / n, med(b) / n);
    }
    printf("\n== graph: fresh exec first replay vs warmed replays vs bare body\n");
    for (uint64_t n : {1ull, 8ull, 64ull, 1024ull, 4096ull}) {
        for (bool bare : {false, true}) {
            std::vector<double> first, warm, inst;
            for (int r = 0; r < 7; r++) {
                double in;
                cudaGraphExec_t ge = make_graph(c, bare, n, 0, 32, &in);
                inst.push_back(in);
                first.push_back(replay(c, ge));
                for (int k = 0; k < 5; k++)
                    warm.push_back(replay(c, ge));
                CK(cudaGraphExecDestroy(ge));
            }
            printf("graph %s N=%5llu first %10.0f (%.1f/node) warm %10.0f (%.1f/node) inst %.0f\n", bare ? "bare" : "full",
                   (unsigned long long)n, med(first), med(first) / n, med(warm), med(warm) / n, med(inst));
        }
        // with counts reset memcpy on same stream before each replay (as the harness does)
        {
            double in;
            cudaGraphExec_t ge = make_graph(c, false, n, 0, 32, &in);
            std::vector<double> w;
            for (int k = 0; k < 15; k++) {
                reset_counts(c, n);
                w.push_back(replay(c, ge));
            }
            CK(cudaGraphExecDestroy(ge));
            printf("graph full+reset N=%5llu warm %10.0f (%.1f/node)\n", (unsigned long long)n, med(w), med(w) / n);
        }
    }
    CK(cudaDeviceSynchronize());
    printf("done\n");
    return 0;
}
