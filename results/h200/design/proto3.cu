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

// ---------------------------------------------------------------------------------------
// Round 2: tagged ring (8-byte words: tag = seq low 24 bits << 40 | item_ns 40 bits), lean
// body with lane-batched counts, per-chunk stamps; item-kernel variants for standard/graph.
#define NSBITS 40
#define NSMASK ((1ull << NSBITS) - 1)
#define TAGMASK ((1ull << 24) - 1)
#define STOPNS NSMASK
__host__ __device__ __forceinline__ uint64_t mkword(uint64_t seq, uint64_t ns) { return ((seq & TAGMASK) << NSBITS) | ns; }

struct Acc2 {
    uint64_t spin_sum, spun, tmin, tmax, cyc, cyc_ns;
};
struct TArgs {
    const uint64_t *ring; // words
    uint64_t mask, seq0;
    unsigned *count;      // per slot
    Acc2 *acc;            // per block
    uint64_t *done;       // mapped per block
    uint64_t *ack;        // mapped per block
    const uint32_t *abort;
    uint64_t epoch;
    unsigned backoff_ns;
};

template <bool SYS> __device__ __forceinline__ uint64_t ldw(const uint64_t *p)
{
    uint64_t v;
    if (SYS)
        asm volatile("ld.relaxed.sys.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    else
        asm volatile("ld.relaxed.gpu.global.u64 %0, [%1];" : "=l"(v) : "l"(p) : "memory");
    return v;
}
__device__ __forceinline__ void red_addn(unsigned *p, unsigned n) { asm volatile("red.relaxed.gpu.global.add.u32 [%0], %1;" ::"l"(p), "r"(n) : "memory"); }

// CNT: 0 = lane-batched counts; 1 = thread 0 red per item.
template <bool SYS, int CNT> __global__ void tk(TArgs a)
{
    __shared__ uint64_t s_ns[256];
    __shared__ unsigned s_m;
    __shared__ int s_stop;
    const unsigned tid = threadIdx.x, lane = tid & 31;
    const uint64_t G = gridDim.x, first = a.seq0 + blockIdx.x;
    uint64_t j = 0, done = 0, reported = 0;
    uint64_t w[8];
    unsigned ran = 0, spins = 0;
    Acc2 acc = {0, 0, ~0ull, 0, 0, 0};
    if (tid == 0)
        st_rlx_sys(&a.ack[blockIdx.x], a.epoch);
    if (tid < 32) {
#pragma unroll
        for (int k = 0; k < 8; k++)
            w[k] = ldw<SYS>(&a.ring[(first + (j + k * 32 + lane) * G) & a.mask]);
    }
    for (;;) {
        if (tid < 32) {
            unsigned m = 0;
            int stop = 0, open = 1;
#pragma unroll
            for (int k = 0; k < 8; k++) {
                const uint64_t seq = first + (j + k * 32 + lane) * G;
                const bool tag = (w[k] >> NSBITS) == (seq & TAGMASK);
                const bool ok = tag && (w[k] & NSMASK) != STOPNS;
                const unsigned b = __ballot_sync(0xffffffffu, ok);
                const unsigned sb = __ballot_sync(0xffffffffu, tag && (w[k] & NSMASK) == STOPNS);
                if (open) {
                    if (b == 0xffffffffu)
                        m += 32;
                    else {
                        const unsigned f = __ffs(~b) - 1;
                        m += f;
                        stop = (sb >> f) & 1;
                        open = 0;
                    }
                }
            }
            if (m == 0 && !stop) {
                // Out of work: report, then poll.
                if (done != reported) {
                    if (lane == 0)
                        st_rel_sys(&a.done[blockIdx.x], done);
                    reported = done;
                }
                for (;;) {
                    uint64_t v;
                    const uint64_t seq = first + (j + lane) * G;
                    if (G == 1 || lane == 0)
                        v = ldw<SYS>(&a.ring[seq & a.mask]);
                    else
                        v = 0;
                    const bool tag = (v >> NSBITS) == (seq & TAGMASK) && (G == 1 || lane == 0);
                    const unsigned b = __ballot_sync(0xffffffffu, tag);
                    if (b & 1u) {
                        w[0] = v;
                        break;
                    }
                    if ((++spins & 255u) == 0) {
                        uint32_t ab = lane == 0 ? ld_rlx_sys32(a.abort) : 0;
                        if (__shfl_sync(0xffffffffu, ab, 0)) {
                            stop = 2;
                            break;
                        }
                    }
                    if (a.backoff_ns)
                        __nanosleep(a.backoff_ns);
                }
                if (stop == 2) {
                    stop = 1;
                    m = 0;
                } else {
                    if (G > 1) { // only lane 0's word is known: reload the window
                        w[0] = ldw<SYS>(&a.ring[(first + (j + lane) * G) & a.mask]);
                    }
                    const uint64_t seq = first + (j + lane) * G;
                    const bool tag = (w[0] >> NSBITS) == (seq & TAGMASK);
                    const bool ok = tag && (w[0] & NSMASK) != STOPNS;
                    const unsigned b = __ballot_sync(0xffffffffu, ok);
                    const unsigned sb = __ballot_sync(0xffffffffu, tag && (w[0] & NSMASK) == STOPNS);
                    const unsigned f = b == 0xffffffffu ? 32 : __ffs(~b) - 1;
                    m = f;
                    stop = f < 32 ? (sb >> f) & 1 : 0;
                }
            }
#pragma unroll
            for (int k = 0; k < 8; k++)
                if (k * 32 + lane < m)
                    s_ns[k * 32 + lane] = w[k] & NSMASK;
            // prefetch the next chunk (in flight while the items run)
            if (!stop) {
#pragma unroll
                for (int k = 0; k < 8; k++)
                    w[k] = ldw<SYS>(&a.ring[(first + (j + m + k * 32 + lane) * G) & a.mask]);
            }
            if (lane == 0) {
                s_m = m;
                s_stop = stop;
            }
        }
        __syncthreads();
        const unsigned m = s_m;
        const int stop = s_stop;
        if (m) {
            const uint64_t tc0 = gtime();
            uint64_t nsn = s_ns[0];
            for (unsigned i = 0; i < m; i++) {
                const uint64_t ns = nsn;
                if (i + 1 < m)
                    nsn = s_ns[i + 1];
                if (ns) {
                    const uint64_t t0 = gtime();
                    const bool cyc = ns >= 5000;
                    const uint64_t c0 = cyc ? (uint64_t)clock64() : 0;
                    uint64_t t;
                    do
                        t = gtime();
                    while (t - t0 < ns);
                    if (tid == 0) {
                        acc.spin_sum += t - t0;
                        acc.spun++;
                        if (cyc) {
                            acc.cyc += (uint64_t)clock64() - c0;
                            acc.cyc_ns += gtime() - t0;
                        }
                    }
                }
                __syncthreads();
                if (CNT == 1) {
                    if (tid == 0)
                        red_add(&a.count[(first + (j + i) * G) & a.mask]);
                } else if (lane == (i & 31u))
                    ran += 1u << ((i >> 5) << 2);
            }
            const uint64_t tc1 = gtime();
            if (tid == 0) {
                acc.tmin = tc0 < acc.tmin ? tc0 : acc.tmin;
                acc.tmax = tc1 > acc.tmax ? tc1 : acc.tmax;
            }
            if (CNT == 0 && tid < 32) {
#pragma unroll
                for (int k = 0; k < 8; k++) {
                    const unsigned c = (ran >> (4 * k)) & 15u;
                    if (c)
                        red_addn(&a.count[(first + (j + k * 32 + lane) * G) & a.mask], c);
                }
                ran = 0;
            }
            j += m;
            done += m;
        }
        if (stop)
            break;
    }
    if (tid == 0) {
        a.acc[blockIdx.x] = acc;
        if (done != reported)
            st_rel_sys(&a.done[blockIdx.x], done);
    }
}

// Refs: minimal persistent with lane-batched count (no descriptors, tail word).
__global__ void refkern2(const uint64_t *tail, unsigned *count, uint64_t item_ns)
{
    __shared__ uint64_t s_t;
    uint64_t seq = 0;
    unsigned ran = 0;
    const unsigned lane = threadIdx.x & 31;
    for (;;) {
        if (threadIdx.x == 0) {
            uint64_t w;
            do
                w = ld_acq_sys(tail);
            while ((w & ~STOP) <= seq && !(w & STOP));
            s_t = w;
        }
        __syncthreads();
        const uint64_t t = s_t & ~STOP;
        if (t <= seq)
            break;
        for (; seq < t; seq++) {
            if (item_ns) {
                const uint64_t t0 = gtime();
                while (gtime() - t0 < item_ns) {
                }
            }
            __syncthreads();
            if (lane == (seq & 31u))
                ran++;
            if ((seq & 31u) == 31u || seq + 1 == t) {
                if (threadIdx.x < 32 && ran)
                    red_addn(&count[(seq & ~31ull) + lane], ran);
                ran = 0;
            }
        }
    }
}

// Item kernels: 0 bare (spin, bar, red), 1 full (current), 2 lean (t0/t1 rec, no cycles < 5us), 3 empty
__global__ void ik_empty() {}
template <int V> __global__ void ik(unsigned *count, Rec *rec, uint64_t item, uint64_t item_ns)
{
    if (V == 0) {
        if (item_ns) {
            const uint64_t t0 = gtime();
            while (gtime() - t0 < item_ns) {
            }
        }
        __syncthreads();
        if (threadIdx.x == 0)
            red_add(&count[item]);
        return;
    }
    const uint64_t t0 = gtime();
    const bool cyc = V == 1 || item_ns >= 5000;
    const uint64_t c0 = cyc ? (uint64_t)clock64() : 0;
    uint64_t t1 = t0;
    if (item_ns)
        do
            t1 = gtime();
        while (t1 - t0 < item_ns);
    __syncthreads();
    if (V == 1 || !item_ns)
        t1 = gtime();
    const uint64_t c1 = cyc ? (uint64_t)clock64() : 0;
    if (threadIdx.x == 0) {
        red_add(&count[item]);
        if (blockIdx.x == 0) {
            Rec r;
            r.t0 = t0;
            r.t1 = t1;
            r.cycles = c1 - c0;
            rec[item] = r;
        }
    }
}
// Round 3: grouped item loop (32 per group), early done report, no divergent acc.
template <bool SYS, bool RED1> __global__ void tk3(TArgs a)
{
    __shared__ uint64_t s_ns[256];
    __shared__ unsigned s_m;
    __shared__ int s_stop;
    const unsigned tid = threadIdx.x, lane = tid & 31;
    const uint64_t G = gridDim.x, first = a.seq0 + blockIdx.x;
    uint64_t j = 0, done = 0, reported = 0;
    uint64_t w[8];
    unsigned spins = 0;
    Acc2 acc = {0, 0, ~0ull, 0, 0, 0};
    if (tid == 0)
        st_rlx_sys(&a.ack[blockIdx.x], a.epoch);
    if (tid < 32) {
#pragma unroll
        for (int k = 0; k < 8; k++)
            w[k] = ldw<SYS>(&a.ring[(first + (j + k * 32 + lane) * G) & a.mask]);
    }
    for (;;) {
        if (tid < 32) {
            unsigned m = 0;
            int stop = 0, open = 1;
#pragma unroll
            for (int k = 0; k < 8; k++) {
                const uint64_t seq = first + (j + k * 32 + lane) * G;
                const bool tag = (w[k] >> NSBITS) == (seq & TAGMASK);
                const bool isstop = (w[k] & NSMASK) == STOPNS;
                const unsigned b = __ballot_sync(0xffffffffu, tag && !isstop);
                const unsigned sb = __ballot_sync(0xffffffffu, tag && isstop);
                if (open) {
                    if (b == 0xffffffffu)
                        m += 32;
                    else {
                        const unsigned f = __ffs(~b) - 1;
                        m += f;
                        stop = (sb >> f) & 1;
                        open = 0;
                    }
                }
            }
            if (m == 0 && !stop) {
                if (done != reported) {
                    if (lane == 0)
                        st_rel_sys(&a.done[blockIdx.x], done);
                    reported = done;
                }
                for (;;) {
                    const uint64_t seq = first + (j + lane) * G;
                    const bool mine = G == 1 || lane == 0;
                    const uint64_t v = mine ? ldw<SYS>(&a.ring[seq & a.mask]) : 0;
                    const unsigned b = __ballot_sync(0xffffffffu, mine && (v >> NSBITS) == (seq & TAGMASK));
                    if (b & 1u) {
                        w[0] = v;
                        break;
                    }
                    if ((++spins & 255u) == 0) {
                        uint32_t ab = lane == 0 ? ld_rlx_sys32(a.abort) : 0;
                        if (__shfl_sync(0xffffffffu, ab, 0)) {
                            stop = 2;
                            break;
                        }
                    }
                    if (a.backoff_ns)
                        __nanosleep(a.backoff_ns);
                }
                if (stop == 2) {
                    stop = 1;
                } else {
                    if (G > 1)
                        w[0] = ldw<SYS>(&a.ring[(first + (j + lane) * G) & a.mask]);
                    const uint64_t seq = first + (j + lane) * G;
                    const bool tag = (w[0] >> NSBITS) == (seq & TAGMASK);
                    const bool isstop = (w[0] & NSMASK) == STOPNS;
                    const unsigned b = __ballot_sync(0xffffffffu, tag && !isstop);
                    const unsigned sb = __ballot_sync(0xffffffffu, tag && isstop);
                    const unsigned f = b == 0xffffffffu ? 32 : __ffs(~b) - 1;
                    m = f;
                    stop = f < 32 ? (sb >> f) & 1 : 0;
                }
            }
#pragma unroll
            for (int k = 0; k < 8; k++)
                if (k * 32 + lane < m)
                    s_ns[k * 32 + lane] = w[k] & NSMASK;
            if (!stop) {
#pragma unroll
                for (int k = 0; k < 8; k++)
                    w[k] = ldw<SYS>(&a.ring[(first + (j + m + k * 32 + lane) * G) & a.mask]);
            }
            if (lane == 0) {
                s_m = m;
                s_stop = stop;
            }
        }
        __syncthreads();
        const unsigned m = s_m;
        const int stop = s_stop;
        if (m) {
            unsigned ran = 0;
            const uint64_t tc0 = gtime();
            for (unsigned g = 0; g * 32 < m; g++) {
                const unsigned cnt = m - g * 32 < 32 ? m - g * 32 : 32;
                const uint64_t nsl = lane < cnt ? s_ns[g * 32 + lane] : 0;
                unsigned execd = 0;
                if (!__any_sync(0xffffffffu, nsl != 0)) {
                    if (cnt == 32) {
#pragma unroll
                        for (int k = 0; k < 32; k++) {
                            __syncthreads();
                            if (RED1 && tid == 0)
                                red_add(&a.count[(first + (j + g * 32 + k) * G) & a.mask]);
                        }
                        execd = 32;
                    } else {
                        for (; execd < cnt; execd++) {
                            __syncthreads();
                            if (RED1 && tid == 0)
                                red_add(&a.count[(first + (j + g * 32 + execd) * G) & a.mask]);
                        }
                    }
                } else {
                    for (; execd < cnt; execd++) {
                        const uint64_t ns = __shfl_sync(0xffffffffu, nsl, execd);
                        if (ns) {
                            const uint64_t t0 = gtime();
                            const bool cyc = ns >= 5000;
                            const uint64_t c0 = cyc ? (uint64_t)clock64() : 0;
                            uint64_t t;
                            do
                                t = gtime();
                            while (t - t0 < ns);
                            acc.spin_sum += t - t0;
                            acc.spun++;
                            if (cyc) {
                                acc.cyc += (uint64_t)clock64() - c0;
                                acc.cyc_ns += t - t0;
                            }
                        }
                        __syncthreads();
                        if (RED1 && tid == 0)
                            red_add(&a.count[(first + (j + g * 32 + execd) * G) & a.mask]);
                    }
                }
                ran += (lane < execd ? 1u : 0u) << (4 * g);
            }
            const uint64_t tc1 = gtime();
            acc.tmin = tc0 < acc.tmin ? tc0 : acc.tmin;
            acc.tmax = tc1 > acc.tmax ? tc1 : acc.tmax;
            if (!RED1 && tid < 32) {
#pragma unroll
                for (int k = 0; k < 8; k++) {
                    const unsigned c = (ran >> (4 * k)) & 15u;
                    if (c)
                        red_addn(&a.count[(first + (j + k * 32 + lane) * G) & a.mask], c);
                }
            }
            j += m;
            done += m;
            if (m < 256 && !stop) { // ran out of what was visible: report now
                __syncthreads();
                if (tid == 0)
                    st_rel_sys(&a.done[blockIdx.x], done);
                reported = done;
            }
        }
        if (stop)
            break;
    }
    if (tid == 0) {
        a.acc[blockIdx.x] = acc;
        if (done != reported)
            st_rel_sys(&a.done[blockIdx.x], done);
    }
}

// The issue's reference without any count (barrier only).
__global__ void refkern0(const uint64_t *tail, uint64_t item_ns)
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
        const uint64_t t = s_t & ~STOP;
        if (t <= seq)
            break;
        for (; seq < t; seq++) {
            if (item_ns) {
                const uint64_t t0 = gtime();
                while (gtime() - t0 < item_ns) {
                }
            }
            __syncthreads();
        }
    }
}
// ---------------------------------------------------------------------------------------
struct C2 {
    int sms;
    size_t cap;
    unsigned *d_count, *h_count, *h_zero;
    Rec *d_rec;
    Acc2 *d_acc, h_acc[4096];
    uint64_t *h_map, *d_map, *h_done, *h_ack, *d_done, *d_ack;
    uint32_t *h_abort, *d_abort;
    uint64_t *h_tail, *d_tail_m;
    uint64_t *h_ringm, *d_ringm; // mapped ring
    uint64_t *d_ringd, *h_stage; // device ring + staging
    uint64_t hseq;
    cudaStream_t s, ks, cs;
};

static void c2_init(C2 &c, size_t cap)
{
    c.cap = cap;
    CK(cudaDeviceGetAttribute(&c.sms, cudaDevAttrMultiProcessorCount, 0));
    CK(cudaMalloc(&c.d_count, cap * 4));
    CK(cudaMalloc(&c.d_rec, cap * sizeof(Rec)));
    CK(cudaMalloc(&c.d_acc, 4096 * sizeof(Acc2)));
    c.h_count = (unsigned *)malloc(cap * 4);
    CK(cudaHostAlloc(&c.h_zero, cap * 4, cudaHostAllocDefault));
    memset(c.h_zero, 0, cap * 4);
    const size_t mb = (16 + 2 * 4096 + 16) * 8;
    CK(cudaHostAlloc(&c.h_map, mb, cudaHostAllocMapped));
    memset(c.h_map, 0, mb);
    CK(cudaHostGetDevicePointer((void **)&c.d_map, c.h_map, 0));
    c.h_tail = c.h_map;
    c.d_tail_m = c.d_map;
    c.h_done = c.h_map + 16;
    c.h_ack = c.h_done + 4096;
    c.h_abort = (uint32_t *)(c.h_ack + 4096);
    c.d_done = c.d_map + 16;
    c.d_ack = c.d_done + 4096;
    c.d_abort = (uint32_t *)(c.d_ack + 4096);
    CK(cudaHostAlloc(&c.h_ringm, cap * 8, cudaHostAllocMapped));
    CK(cudaHostGetDevicePointer((void **)&c.d_ringm, c.h_ringm, 0));
    CK(cudaMalloc(&c.d_ringd, cap * 8));
    CK(cudaHostAlloc(&c.h_stage, cap * 8, cudaHostAllocDefault));
    for (size_t s = 0; s < cap; s++)
        c.h_ringm[s] = c.h_stage[s] = mkword(s - cap, 0);
    CK(cudaMemcpy(c.d_ringd, c.h_stage, cap * 8, cudaMemcpyHostToDevice));
    c.hseq = 0;
    CK(cudaStreamCreateWithFlags(&c.s, cudaStreamNonBlocking));
    CK(cudaStreamCreateWithFlags(&c.ks, cudaStreamNonBlocking));
    CK(cudaStreamCreateWithFlags(&c.cs, cudaStreamNonBlocking));
}

static void c2_reset_counts(C2 &c)
{
    CK(cudaMemcpyAsync(c.d_count, c.h_zero, c.cap * 4, cudaMemcpyHostToDevice, c.s));
    CK(cudaStreamSynchronize(c.s));
}

static size_t c2_verify(C2 &c, uint64_t base, uint64_t n)
{
    CK(cudaMemcpy(c.h_count, c.d_count, c.cap * 4, cudaMemcpyDeviceToHost));
    size_t bad = 0;
    for (uint64_t i = 0; i < n; i++)
        if (c.h_count[(base + i) & (c.cap - 1)] != 1)
            bad++;
    return bad;
}

// Writes words for seqs [c.hseq, c.hseq + n) (ns) then, if stops, G stop words; advances hseq.
static void c2_publish(C2 &c, bool sys, uint64_t n, uint64_t ns, unsigned stops, cudaStream_t st)
{
    const uint64_t mask = c.cap - 1, base = c.hseq, tot = n + stops;
    uint64_t *dst = sys ? c.h_ringm : c.h_stage;
    for (uint64_t i = 0; i < tot; i++)
        dst[(base + i) & mask] = mkword(base + i, i < n ? ns : STOPNS);
    if (!sys) {
        const uint64_t first = base & mask, n1 = std::min<uint64_t>(tot, c.cap - first);
        CK(cudaMemcpyAsync(c.d_ringd + first, c.h_stage + first, n1 * 8, cudaMemcpyHostToDevice, st));
        if (n1 < tot)
            CK(cudaMemcpyAsync(c.d_ringd, c.h_stage, (tot - n1) * 8, cudaMemcpyHostToDevice, st));
    } else
        __atomic_thread_fence(__ATOMIC_RELEASE);
    c.hseq = base + tot;
}

typedef void (*TFn)(TArgs);
struct V2 {
    const char *name;
    TFn k;
    bool sys;
};

static TArgs c2_args(C2 &c, const V2 &v, uint64_t seq0, unsigned backoff)
{
    TArgs a;
    a.ring = v.sys ? c.d_ringm : c.d_ringd;
    a.mask = c.cap - 1;
    a.seq0 = seq0;
    a.count = c.d_count;
    a.acc = c.d_acc;
    a.done = c.d_done;
    a.ack = c.d_ack;
    a.abort = c.d_abort;
    a.epoch = ++g_epoch;
    a.backoff_ns = backoff;
    return a;
}

static uint64_t c2_done(C2 &c, unsigned grid)
{
    uint64_t s = 0;
    for (unsigned k = 0; k < grid; k++)
        s += __atomic_load_n(&c.h_done[k], __ATOMIC_ACQUIRE);
    return s;
}

struct P2Res {
    double wall, setup, device, achieved;
    size_t bad;
};

static P2Res c2_persistent(C2 &c, const V2 &v, uint64_t n, uint64_t ns, unsigned grid, unsigned block, unsigned backoff)
{
    c2_reset_counts(c);
    for (unsigned k = 0; k < grid; k++)
        c.h_done[k] = 0;
    *c.h_abort = 0;
    const uint64_t seq0 = c.hseq;
    TArgs a = c2_args(c, v, seq0, backoff);
    const double t0 = now_ns();
    c2_publish(c, v.sys, n, ns, grid, c.ks);
    v.k<<<grid, block, 0, c.ks>>>(a);
    CK(cudaGetLastError());
    double t_ack = 0;
    const double dl = t0 + 5e9;
    for (;;) {
        if (!t_ack) {
            unsigned k = 0;
            while (k < grid && __atomic_load_n(&c.h_ack[k], __ATOMIC_ACQUIRE) == a.epoch)
                k++;
            if (k == grid)
                t_ack = now_ns();
        }
        cudaError_t e = cudaStreamQuery(c.ks);
        if (e == cudaSuccess)
            break;
        if (e != cudaErrorNotReady) {
            fprintf(stderr, "err %s\n", cudaGetErrorString(e));
            exit(1);
        }
        if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT p2 %s n=%llu grid %u\n", v.name, (unsigned long long)n, grid);
            *c.h_abort = 1;
            wait_stream(c.ks, 5);
            exit(3);
        }
    }
    P2Res r;
    r.wall = now_ns() - t0;
    r.setup = t_ack ? t_ack - t0 : NAN;
    CK(cudaMemcpy(c.h_acc, c.d_acc, grid * sizeof(Acc2), cudaMemcpyDeviceToHost));
    uint64_t tmin = ~0ull, tmax = 0, ss = 0, sp = 0;
    for (unsigned k = 0; k < grid; k++) {
        if (c.h_acc[k].tmax) {
            tmin = std::min(tmin, c.h_acc[k].tmin);
            tmax = std::max(tmax, c.h_acc[k].tmax);
        }
        ss += c.h_acc[k].spin_sum;
        sp += c.h_acc[k].spun;
    }
    r.device = tmax > tmin ? (double)(tmax - tmin) : 0;
    r.achieved = sp ? (double)ss / sp : 0;
    r.bad = c2_verify(c, seq0, n);
    return r;
}

struct Res2 {
    bool on = false;
    const V2 *v;
    unsigned grid;
};

static void c2_res_stop(C2 &c, Res2 &r)
{
    if (!r.on)
        return;
    c2_publish(c, r.v->sys, 0, 0, r.grid, c.cs);
    wait_stream(c.ks, 5);
    r.on = false;
}

static void c2_res_start(C2 &c, Res2 &r, const V2 &v, unsigned grid, unsigned block, unsigned backoff)
{
    c2_res_stop(c, r);
    for (unsigned k = 0; k < grid; k++)
        c.h_done[k] = 0;
    *c.h_abort = 0;
    TArgs a = c2_args(c, v, c.hseq, backoff);
    v.k<<<grid, block, 0, c.ks>>>(a);
    CK(cudaGetLastError());
    r.on = true;
    r.v = &v;
    r.grid = grid;
    const double dl = now_ns() + 5e9;
    for (unsigned k = 0; k < grid;)
        if (__atomic_load_n(&c.h_ack[k], __ATOMIC_ACQUIRE) == a.epoch)
            k++;
        else if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT res ack\n");
            exit(3);
        }
}

static double c2_resident(C2 &c, Res2 &r, uint64_t n, uint64_t ns, size_t *bad)
{
    c2_reset_counts(c);
    const uint64_t base = c.hseq, target = c2_done(c, r.grid) + n;
    const double t0 = now_ns();
    c2_publish(c, r.v->sys, n, ns, 0, c.cs);
    const double dl = t0 + 5e9;
    while (c2_done(c, r.grid) < target)
        if (now_ns() > dl) {
            fprintf(stderr, "TIMEOUT res done %s n=%llu\n", r.v->name, (unsigned long long)n);
            exit(3);
        }
    const double t1 = now_ns();
    *bad = c2_verify(c, base, n);
    return t1 - t0;
}

static double c2_ref2(C2 &c, uint64_t n, uint64_t ns, unsigned block, size_t *bad)
{
    c2_reset_counts(c);
    *c.h_tail = 0;
    const double t0 = now_ns();
    __atomic_store_n(c.h_tail, n | STOP, __ATOMIC_RELEASE);
    refkern2<<<1, block, 0, c.ks>>>(c.d_tail_m, c.d_count, ns);
    CK(cudaStreamSynchronize(c.ks));
    const double t1 = now_ns();
    *bad = c2_verify(c, 0, n);
    return t1 - t0;
}
static double c2_ref1(C2 &c, uint64_t n, uint64_t ns, unsigned block, size_t *bad)
{
    c2_reset_counts(c);
    *c.h_tail = 0;
    const double t0 = now_ns();
    __atomic_store_n(c.h_tail, n | STOP, __ATOMIC_RELEASE);
    refkern<<<1, block, 0, c.ks>>>(c.d_tail_m, c.d_count, ns, c.d_done);
    CK(cudaStreamSynchronize(c.ks));
    const double t1 = now_ns();
    *bad = c2_verify(c, 0, n);
    return t1 - t0;
}

template <int V> static void launch_item(C2 &c, uint64_t i, uint64_t ns, unsigned block)
{
    if (V == 3)
        ik_empty<<<1, block, 0, c.s>>>();
    else
        ik<V><<<1, block, 0, c.s>>>(c.d_count, c.d_rec, i, ns);
}
template <int V> static double c2_standard(C2 &c, uint64_t n, uint64_t ns)
{
    const double t0 = now_ns();
    for (uint64_t i = 0; i < n; i++)
        launch_item<V>(c, i, ns, 32);
    CK(cudaStreamSynchronize(c.s));
    return now_ns() - t0;
}
template <int V> static cudaGraphExec_t c2_graph(C2 &c, uint64_t n, uint64_t ns)
{
    cudaGraph_t g;
    cudaGraphExec_t ge;
    CK(cudaStreamBeginCapture(c.s, cudaStreamCaptureModeThreadLocal));
    for (uint64_t i = 0; i < n; i++)
        launch_item<V>(c, i, ns, 32);
    CK(cudaStreamEndCapture(c.s, &g));
    CK(cudaGraphInstantiate(&ge, g, 0));
    CK(cudaGraphUpload(ge, c.s));
    CK(cudaStreamSynchronize(c.s));
    CK(cudaGraphDestroy(g));
    return ge;
}


static double c2_ref0(C2 &c, uint64_t n, unsigned block)
{
    *c.h_tail = 0;
    const double t0 = now_ns();
    __atomic_store_n(c.h_tail, n | STOP, __ATOMIC_RELEASE);
    refkern0<<<1, block, 0, c.ks>>>(c.d_tail_m, 0);
    CK(cudaStreamSynchronize(c.ks));
    return now_ns() - t0;
}
int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "all";
    const int reps = argc > 2 ? atoi(argv[2]) : 31;
    C2 c;
    c2_init(c, 32768);
    cudaDeviceProp p;
    CK(cudaGetDeviceProperties(&p, 0));
    printf("# device %s, %d SMs\n", p.name, c.sms);
    for (int i = 0; i < 300; i++)
        ik<1><<<1, 32, 0, c.s>>>(c.d_count, c.d_rec, 0, 0);
    CK(cudaStreamSynchronize(c.s));
    V2 vs[] = {
        {"t3-map", tk3<true, false>, true},
        {"t3-dev", tk3<false, false>, false},
        {"t3-map-red1", tk3<true, true>, true},
        {"t2-map", tk<true, 0>, true},
    };
    const int nv = 4;
    for (int i = 0; i < nv; i++) {
        cudaFuncAttributes fa;
        CK(cudaFuncGetAttributes(&fa, (const void *)vs[i].k));
        printf("# %-14s regs %d smem %zu local %zu\n", vs[i].name, fa.numRegs, fa.sharedSizeBytes, fa.localSizeBytes);
    }
    if (!strcmp(mode, "sanitize")) {
        for (int i = 0; i < 2; i++) {
            c2_persistent(c, vs[i], 7, 0, 1, 32, 0);
            c2_persistent(c, vs[i], 300, 1000, 4, 64, 100);
            c2_persistent(c, vs[i], 600, 0, 3, 128, 100);
            c2_persistent(c, vs[i], 77, 0, 1, 96, 0);
            Res2 r;
            c2_res_start(c, r, vs[i], 2, 32, 100);
            size_t bad;
            c2_resident(c, r, 5, 0, &bad);
            c2_resident(c, r, 700, 0, &bad);
            c2_resident(c, r, 40, 2000, &bad);
            c2_res_stop(c, r);
        }
        printf("sanitize3 done\n");
        return 0;
    }
    const uint64_t Ns[] = {1, 4, 16, 256, 4096, 16384};
    printf("\n== refs: ref0 (barrier only), ref1 (red per item), ref2 (lane-batched)\n");
    for (unsigned block : {32u, 128u})
        for (uint64_t n : {1ull, 4096ull, 16384ull}) {
            std::vector<double> a0, a1, a2;
            size_t bad;
            for (int r = 0; r < reps; r++) {
                a0.push_back(c2_ref0(c, n, block));
                a1.push_back(c2_ref1(c, n, 0, block, &bad));
                a2.push_back(c2_ref2(c, n, 0, block, &bad));
            }
            printf("ref b%-4u N=%6llu ref0 %10.0f (%7.2f) ref1 %10.0f (%7.2f) ref2 %10.0f (%7.2f)\n", block,
                   (unsigned long long)n, med(a0), med(a0) / n, med(a1), med(a1) / n, med(a2), med(a2) / n);
        }
    printf("\n== persistent (publish+stops before launch), grid 1\n");
    for (unsigned block : {32u, 128u})
        for (int i = 0; i < nv; i++)
            for (uint64_t ns : {0ull, 1000ull})
                for (uint64_t n : Ns) {
                    if (ns && n < 256) continue;
                    std::vector<double> w, s;
                    size_t bt = 0;
                    double ach = 0;
                    for (int r = 0; r < reps; r++) {
                        P2Res x = c2_persistent(c, vs[i], n, ns, 1, block, 0);
                        w.push_back(x.wall);
                        s.push_back(x.setup);
                        bt += x.bad;
                        ach = x.achieved;
                    }
                    printf("p3 %-12s b%-4u item %5llu N=%6llu wall %10.0f per-item-over %8.2f setup %7.0f ach %.1f bad=%zu\n",
                           vs[i].name, block, (unsigned long long)ns, (unsigned long long)n, med(w), med(w) / n - ns, med(s), ach, bt);
                }
    printf("\n== resident grid 1 (mapped bo 0, dev bo 0) and grid 132 dev (bo 512/1024/2048)\n");
    struct Cfg { int v; unsigned grid, bo; } cfgs[] = {{0, 1, 0}, {1, 1, 0}, {3, 1, 0}, {1, 132, 512}, {1, 132, 1024}, {1, 132, 2048}, {1, 16, 1024}};
    for (auto cf : cfgs) {
        Res2 r;
        c2_res_start(c, r, vs[cf.v], cf.grid, 32, cf.bo);
        for (uint64_t ns : {0ull, 1000ull})
            for (uint64_t n : Ns) {
                if (ns && n != 16 && n != 4096) continue;
                std::vector<double> w;
                size_t bad, bt = 0;
                c2_resident(c, r, n, ns, &bad);
                for (int k = 0; k < reps; k++) {
                    w.push_back(c2_resident(c, r, n, ns, &bad));
                    bt += bad;
                }
                printf("res %-12s grid %3u bo %4u item %4llu N=%6llu wall %10.0f per-item-over %9.2f bad=%zu\n", vs[cf.v].name, cf.grid,
                       cf.bo, (unsigned long long)ns, (unsigned long long)n, med(w), med(w) / n - ns, bt);
            }
        c2_res_stop(c, r);
    }
    printf("\n== persistent grid 132 / 16, dev ring, bo 1024\n");
    for (unsigned grid : {16u, 132u})
        for (uint64_t ns : {0ull, 1000ull})
            for (uint64_t n : {1ull, 132ull, 4096ull, 16384ull}) {
                std::vector<double> w;
                size_t bt = 0;
                for (int r = 0; r < reps; r++) {
                    P2Res x = c2_persistent(c, vs[1], n, ns, grid, 32, 1024);
                    w.push_back(x.wall);
                    bt += x.bad;
                }
                printf("pg %-10s grid %3u item %5llu N=%6llu wall %10.0f ns/item %8.2f bad=%zu\n", vs[1].name, grid,
                       (unsigned long long)ns, (unsigned long long)n, med(w), med(w) / n, bt);
            }
    CK(cudaDeviceSynchronize());
    printf("done\n");
    return 0;
}
