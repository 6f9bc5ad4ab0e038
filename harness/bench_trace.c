/* pkb_bench_trace: writes synthetic PyTorch profiler Chrome traces for the trace-import
 * benchmark (not a test; figures in results/trace-bench/README.md). The events have the shape
 * and field names that torch.profiler writes (Kineto's JSON): per kernel a python_function, a
 * cpu_op with input shapes, a cudaLaunchKernel, the kernel with its args, and the ac2g flow
 * pair; a ProfilerStep#N and a cudaDeviceSynchronize per step.
 * usage: pkb_bench_trace FILE MB [--kernels N]
 *   MB: the file's size in MiB (approximately, from above);
 *   --kernels N: at most N kernels, the rest of the size made of CPU-side events, so that file
 *   size and kernel count can be varied apart. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KERNELS_PER_STEP 88

static const char *const kernel_names[] = {
    "void at::native::vectorized_elementwise_kernel<4, at::native::GeluCUDAKernelImpl(at::TensorIteratorBase&, "
    "at::native::GeluType)::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}, "
    "std::array<char*, 2ul> >(int, at::native::GeluCUDAKernelImpl(at::TensorIteratorBase&, at::native::GeluType)"
    "::{lambda()#1}::operator()() const::{lambda()#2}::operator()() const::{lambda(float)#1}, std::array<char*, 2ul>)",
    "sm90_xmma_gemm_f32f32_tf32f32_f32_tn_n_tilesize128x128x32_warpgroupsize1x1x1_"
    "execute_segment_k_off_kernel__5x_cublas",
    "void at::native::(anonymous namespace)::vectorized_layer_norm_kernel<float, float>(int, float, float const*, "
    "float const*, float const*, float*, float*, float*)",
    "void pytorch_flash::flash_fwd_kernel<Flash_fwd_kernel_traits<64, 128, 128, 4, false, false, float, "
    "Flash_kernel_traits<64, 128, 128, 4, float> >, false, true, false, false, true, true, false, false>"
    "(pytorch_flash::Flash_fwd_params)",
};
static const char *const op_names[] = {"aten::gelu", "aten::addmm", "aten::native_layer_norm",
                                       "aten::_scaled_dot_product_flash_attention"};

int main(int argc, char **argv)
{
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--kernels") == 0)) {
        fprintf(stderr, "usage: pkb_bench_trace FILE MB [--kernels N]\n");
        return 2;
    }
    double mb = atof(argv[2]);
    uint64_t max_kernels = argc == 5 ? strtoull(argv[4], NULL, 10) : UINT64_MAX;
    if (!(mb > 0)) {
        fprintf(stderr, "pkb_bench_trace: MB must be > 0\n");
        return 2;
    }
    FILE *fp = fopen(argv[1], "w");
    if (!fp) {
        perror(argv[1]);
        return 2;
    }
    uint64_t target = (uint64_t)(mb * 1048576.0);
    fprintf(fp,
            "{\n  \"schemaVersion\": 1,\n  \"deviceProperties\": [\n    {\n      \"id\": 0, \"name\": \"NVIDIA H200\", "
            "\"totalGlobalMem\": 150011805696,\n      \"computeMajor\": 9, \"computeMinor\": 0,\n"
            "      \"numSms\": 132\n"
            "    }\n  ],\n  \"displayTimeUnit\": \"ms\",\n  \"baseTimeNanoseconds\": 1764600000000000000,\n"
            "  \"traceEvents\": [");
    uint64_t ns = 1000000, corr = 1, ext = 1, kernels = 0, events = 0, step = 0, pad = 0;
    const char *sep = "\n";
    while ((uint64_t)ftell(fp) < target) {
        uint64_t step_start = ns;
        /* The step's own marker comes first in Kineto's files; its duration is known at the end,
         * so it is written with a duration fixed in advance (steps are 400 us apart). */
        fprintf(fp,
                "%s  {\n    \"ph\": \"X\", \"cat\": \"user_annotation\", \"name\": \"ProfilerStep#%" PRIu64 "\", "
                "\"pid\": 4242, \"tid\": 4242,\n    \"ts\": %" PRIu64 ".%03u, \"dur\": 399.000,\n    \"args\": {\n"
                "      \"External id\": %" PRIu64 ", \"Record function id\": 0, \"Ev Idx\": %" PRIu64 "\n    }\n  }",
                sep, step, step_start / 1000, (unsigned)(step_start % 1000), ext++, events++);
        sep = ",\n";
        ns += 2000;
        for (int k = 0; k < KERNELS_PER_STEP && (uint64_t)ftell(fp) < target; k++) {
            int which = k % 4;
            fprintf(fp,
                    "%s  {\n"
                    "    \"ph\": \"X\", \"cat\": \"python_function\", \"name\": \"torch/nn/modules/module.py(1762): "
                    "_call_impl\", \"pid\": 4242, \"tid\": 4242,\n    \"ts\": %" PRIu64 ".%03u, \"dur\": 3.100,\n"
                    "    \"args\": {\n      \"Python parent id\": %" PRIu64 ", \"Python id\": %" PRIu64
                    ", \"Ev Idx\": %" PRIu64 "\n    }\n  }",
                    sep, ns / 1000, (unsigned)(ns % 1000), events, events + 1, events);
            events++;
            int is_kernel = kernels < max_kernels;
            fprintf(fp,
                    ",\n  {\n    \"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"%s\", \"pid\": 4242, \"tid\": 4242,\n"
                    "    \"ts\": %" PRIu64 ".%03u, \"dur\": 2.700,\n    \"args\": {\n      \"External id\": %" PRIu64
                    ", \"Record function id\": 0, \"Sequence number\": %" PRIu64 ", \"Fwd thread id\": 0, "
                    "\"Ev Idx\": %" PRIu64 ",\n"
                    "      \"Input Dims\": [[1, 32, 256], [1024, 256], [1024]], \"Input type\": [\"float\", \"float\", "
                    "\"float\"], \"Input Strides\": [[8192, 256, 1], [256, 1], [1]], "
                    "\"Concrete Inputs\": [\"\", \"\", \"\"]\n"
                    "    }\n  }",
                    op_names[which], ns / 1000 + 0, (unsigned)(ns % 1000), ext, events, events);
            events++;
            if (is_kernel) {
                uint64_t launch = ns + 1000, start = ns + 3500;
                fprintf(fp,
                        ",\n  {\n"
                        "    \"ph\": \"X\", \"cat\": \"cuda_runtime\", \"name\": \"cudaLaunchKernel\", \"pid\": 4242, "
                        "\"tid\": 4242,\n    \"ts\": %" PRIu64 ".%03u, \"dur\": 2.400,\n"
                        "    \"args\": {\n      \"External id\": %" PRIu64
                        ", \"cbid\": 211, \"correlation\": %" PRIu64 "\n    }\n  },\n"
                        "  {\n    \"ph\": \"s\", \"id\": %" PRIu64
                        ", \"pid\": 4242, \"tid\": 4242, \"ts\": %" PRIu64 ".%03u,\n"
                        "    \"cat\": \"ac2g\", \"name\": \"ac2g\"\n  }",
                        launch / 1000, (unsigned)(launch % 1000), ext, corr, corr, launch / 1000,
                        (unsigned)(launch % 1000));
                fprintf(fp,
                        ",\n  {\n    \"ph\": \"X\", \"cat\": \"kernel\", \"name\": \"%s\", \"pid\": 0, \"tid\": 7,\n"
                        "    \"ts\": %" PRIu64 ".%03u, \"dur\": 2.%03u,\n"
                        "    \"args\": {\n      \"External id\": %" PRIu64 ",\n"
                        "      \"queued\": 0, \"device\": 0, \"context\": 1,\n"
                        "      \"stream\": 7, \"correlation\": %" PRIu64 ",\n"
                        "      \"registers per thread\": 32,\n      \"shared memory\": 0,\n"
                        "      \"blocks per SM\": 0.242424,\n"
                        "      \"warps per SM\": 0.969697,\n      \"grid\": [32, 1, 1],\n"
                        "      \"block\": [128, 1, 1],\n"
                        "      \"est. achieved occupancy %%\": 2\n    }\n  },\n  {\n    \"ph\": \"f\", \"id\": %" PRIu64
                        ", \"pid\": 0, \"tid\": 7, \"ts\": %" PRIu64 ".%03u,\n"
                        "    \"cat\": \"ac2g\", \"name\": \"ac2g\", \"bp\": \"e\"\n  }",
                        kernel_names[which], start / 1000, (unsigned)(start % 1000), (unsigned)(100 * which + 17), ext,
                        corr, corr, start / 1000, (unsigned)(start % 1000));
                corr++;
                kernels++;
                events += 4;
            } else {
                pad++;
            }
            ext++;
            ns += 4000;
        }
        uint64_t sync = step_start + 360000;
        fprintf(fp,
                ",\n  {\n"
                "    \"ph\": \"X\", \"cat\": \"cuda_runtime\", \"name\": \"cudaDeviceSynchronize\", \"pid\": 4242, "
                "\"tid\": 4242,\n    \"ts\": %" PRIu64 ".%03u, \"dur\": 30.000,\n    \"args\": {\n      \"cbid\": 165, "
                "\"correlation\": %" PRIu64 "\n    }\n  }",
                sync / 1000, (unsigned)(sync % 1000), corr++);
        events++;
        ns = step_start + 400000;
        step++;
    }
    fprintf(fp, "\n  ],\n  \"traceName\": \"synthetic\"\n}\n");
    long size = ftell(fp);
    if (fclose(fp) != 0) {
        perror(argv[1]);
        return 1;
    }
    printf("%s: %.1f MiB, %" PRIu64 " events, %" PRIu64 " kernels, %" PRIu64 " steps%s\n", argv[1],
           (double)size / 1048576.0, events, kernels, step, pad ? " (the rest CPU-side events)" : "");
    return 0;
}
