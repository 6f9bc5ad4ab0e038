/* pkbench sweep's help text (cmd_sweep.c parses the flags it describes). */
#include <stdio.h>

#include "harness/commands.h"
#include "harness/sweep.h"
#include "harness/run_defaults.h"

void pk_cmd_sweep_usage(FILE *out)
{
    fprintf(out,
            "usage: pkbench sweep --backend NAME --out DIR [options] [--benchmark_* ...]\n\n"
            "Measures every (strategy, item_ns, batch, grid, block) point on the backend, each as one\n"
            "Google Benchmark benchmark, and writes DIR/measured.json (Google Benchmark JSON) and\n"
            "DIR/measured.csv (tidy CSV), both or neither (measured.csv alone with\n"
            "--benchmark_out_format other than json, or, exit 1, when Google Benchmark's JSON cannot\n"
            "be read back). A failed or interrupted run (Ctrl-C,\n"
            "SIGTERM, SIGHUP, SIGPIPE) writes the points it finished to DIR/measured.partial.csv and\n"
            "DIR/measured.partial.json and keeps an earlier complete pair; --resume carries them over.\n"
            "One sweep at a time writes a folder: a second is refused (exit 2).\n\n"
            "  --backend NAME       cuda, hip or host\n"
            "  --out DIR            output folder (created if missing)\n"
            "  --strategy LIST      standard,standard-sync,graph,persistent,persistent-resident (default: all)\n"
            "  --item-ns LIST       per-item kernel durations, ns (default " SWEEP_ITEMS ")\n"
            "  --batch LIST         batch sizes N (default " SWEEP_BATCH ")\n"
            "  --grid LIST          blocks per kernel / persistent grid (default 1; 0 = the default, 1)\n"
            "  --block LIST         threads per block (default 0 = backend default)\n"
            "  --noise F            stop a point once CV(wall) <= F (default 0.01)\n"
            "  --min-reps N         repetitions before the noise rule may stop (default 5; it needs 2)\n"
            "  --max-reps N         repetition cap per point (default 1000; at most 10000000)\n"
            "  --max-time-s F       time cap per point, after at least %d repetitions (or --min-reps,\n"
            "                       if fewer; default 0.1)\n",
            PK_SWEEP_TIME_FLOOR_REPS);
    fprintf(out,
            "  --replicates K       K interleaved passes over the whole grid (default 1): measured.csv\n"
            "                       keeps each pass's row; in measured.json each pass is a repetition\n"
            "  --abba               with --replicates: each point's strategies in reverse order in every\n"
            "                       second pass, so that no strategy always runs in another's wake\n"
            "  --canary             beside every point, %d runs of %u empty standard launches just before\n"
            "                       it and %d just after (and one between a long point's repetitions per\n"
            "                       ten times its own length): canary_host_ns, the host's launch cost at\n"
            "                       the time, which 'pkbench compare' conditions the model on (their\n"
            "                       median; canary_host_ns_min and _max the least and the most); beside a\n"
            "                       persistent-resident point also %d resident batches of %u empty items\n"
            "                       before it and %d after: canary_push_ns, the resident round trip B at\n"
            "                       the time (their median), and no canary between its repetitions\n"
            "  --hang-timeout-s F   bounded wait on a kernel or worker (default 10)\n"
            "  --device N|all|LIST  device index (default 0); 'all' or a list (0,1): one worker per device at\n"
            "                       once, into DIR/device-K/, indexed by DIR/devices.csv\n"
            "  --shard I/N          only shard I (0..N-1) of the grid, split by expected cost; N runs cover\n"
            "                       it once ('pkbench merge' joins their folders)\n"
            "  --resume             measure only the points DIR's partial pair lacks and write one pair of\n"
            "                       them all; it needs the same flags (else exit 2, naming what differs); a\n"
            "                       DIR already complete is left as it is (exit 0), an empty one swept whole\n"
            "  --benchmark_*        Google Benchmark flags, checked: filter, repetitions (1-1000),\n"
            "                       format, out (a regular file outside DIR, Google Benchmark's own\n"
            "                       output: bare NaN where a figure is missing), out_format, context\n"
            "                       (UTF-8, a key once), list_tests (lists the points and writes\n"
            "                       nothing), color, counters_tabular, enable_random_interleaving\n"
            "                       (not with --replicates), report_aggregates_only,\n"
            "                       display_aggregates_only\n"
            "  -h, --help           this text\n\n"
            "LIST: a,b,c or lo:hi:pow2, lo:hi:+step, lo:hi:*factor, mixed with commas. --item-ns, --batch,\n"
            "--grid and --block are sorted, and a value given twice (64 in 1:64:pow2,64) is measured once.\n"
            "A pow2 or *F range from 0 holds 0, then 1, 2, 4 ... or 1, F, F^2 ...; a range that holds\n"
            "no value (3:3:pow2) is refused.\n",
            PK_SWEEP_CANARY_RUNS, PK_SWEEP_CANARY_BATCH, PK_SWEEP_CANARY_RUNS, PK_SWEEP_PUSH_RUNS,
            PK_SWEEP_PUSH_N, PK_SWEEP_PUSH_RUNS);
    fputs("Progress goes to stderr: one line per point, with elapsed time and ETA; on a terminal,\n"
            "one status line redrawn in place.\n\n"
            "Every backend call is bounded (kernels/README.md, \"Hangs\"): one that never returns ends\n"
            "the run as a failed one, its finished points written.\n\n"
            "Exit: 0 done, 1 a run failed (partial files written), 2 bad usage (a host --device other\n"
            "than its devices too), 71 out of memory, 74 the files could not be written, 77 no GPU\n"
            "visible (none, or not --device N), 128 + the signal when interrupted (130 Ctrl-C, 143\n"
            "SIGTERM, 129 SIGHUP, 141 SIGPIPE; partial files written). With several devices: the\n"
            "workers' code when they agree, else 1.\n",
          out);
}
