#!/usr/bin/env python3
"""Captures real PyTorch workloads on one GPU for pkbench's trace replay (issue 16).

For each model (different kernel sizes, inference mode, fixed seeds) it measures:
  1. eager steps: per-step wall time (host clock around step + torch.cuda.synchronize) and,
     in a separate loop, CUDA-event time per step;
  2. CUDA-graph replays of one captured step (torch.cuda.CUDAGraph, static input, warm-up
     on a side stream as the PyTorch docs require), timed the same two ways;
  (1 and 2 for every model before any profiling, which can leave hooks that slow launches)
  3. a few eager steps under torch.profiler (CPU + CUDA, schedule wait/warmup/active,
     prof.step() per step so ProfilerStep#N markers exist), exported as a Chrome trace and
     gzipped; the host wall time of each profiled step is kept too, since the profiler
     slows the host down and the trace's own step span is what an as-traced replay predicts;
  4. the same for a few graph replays (kernels of a replay, for the comparison);
and records the machine context. It finally probes for Nsight Systems (never depends on it).

usage: python3 results/h200/workloads/capture.py OUTDIR [--models a,b] [--steps N] [--no-nsys]
Writes into OUTDIR (at most 4 files, so that they all come back from a lease):
  summary.json   per model: eager / graph / profiled figures (ns) with all samples, errors
  traces.tar     <model>.trace.json.gz (eager) and <model>.graph.trace.json.gz per model,
                 plus nsys files when the probe made any
  log.txt        what ran, with timings and any tracebacks
Every model runs in its own try/except; a failure is logged and the others still run.
"""
import argparse
import contextlib
import glob
import gzip
import io
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import traceback

T0 = time.monotonic()
LOG = None


def log(msg):
    line = "[%7.2fs] %s" % (time.monotonic() - T0, msg)
    print(line, flush=True)
    if LOG:
        LOG.write(line + "\n")
        LOG.flush()


def quantile(sorted_vals, q):
    """Linear interpolation between order statistics (GSL's convention, as pkbench uses)."""
    n = len(sorted_vals)
    if n == 0:
        return None
    if n == 1:
        return float(sorted_vals[0])
    pos = q * (n - 1)
    lo = int(pos)
    hi = min(lo + 1, n - 1)
    return float(sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (pos - lo))


def stats(samples):
    s = sorted(samples)
    return {
        "median_ns": quantile(s, 0.5),
        "p25_ns": quantile(s, 0.25),
        "p75_ns": quantile(s, 0.75),
        "min_ns": float(s[0]) if s else None,
        "max_ns": float(s[-1]) if s else None,
        "n": len(s),
        "samples_ns": [float(x) for x in samples],
    }


# ---------------------------------------------------------------- models

def build_models(torch):
    nn = torch.nn
    F = torch.nn.functional

    class Block(nn.Module):
        """Pre-norm transformer block written out op by op (no fused encoder fast path)."""

        def __init__(self, d, heads):
            super().__init__()
            self.heads = heads
            self.ln1 = nn.LayerNorm(d)
            self.qkv = nn.Linear(d, 3 * d)
            self.proj = nn.Linear(d, d)
            self.ln2 = nn.LayerNorm(d)
            self.fc1 = nn.Linear(d, 4 * d)
            self.fc2 = nn.Linear(4 * d, d)

        def forward(self, x):
            b, t, d = x.shape
            q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
            q = q.view(b, t, self.heads, d // self.heads).transpose(1, 2)
            k = k.view(b, t, self.heads, d // self.heads).transpose(1, 2)
            v = v.view(b, t, self.heads, d // self.heads).transpose(1, 2)
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.proj(a.transpose(1, 2).reshape(b, t, d))
            return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))

    class Transformer(nn.Module):
        def __init__(self, layers=8, d=256, heads=4):
            super().__init__()
            self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
            self.ln = nn.LayerNorm(d)

        def forward(self, x):
            for blk in self.blocks:
                x = blk(x)
            return self.ln(x)

    class MLP(nn.Module):
        def __init__(self, d=128, layers=8):
            super().__init__()
            self.layers = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))

        def forward(self, x):
            for lin in self.layers:
                x = torch.relu(lin(x))
            return x

    class ResBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.b1 = nn.BatchNorm2d(cout)
            self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.b2 = nn.BatchNorm2d(cout)
            self.down = None
            if stride != 1 or cin != cout:
                self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            y = torch.relu(self.b1(self.c1(x)))
            y = self.b2(self.c2(y))
            return torch.relu(y + (x if self.down is None else self.down(x)))

    class ConvNet(nn.Module):
        """ResNet-18-like trunk on 8 x 3 x 96 x 96 images."""

        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU())
            self.body = nn.Sequential(ResBlock(64, 64, 1), ResBlock(64, 64, 1), ResBlock(64, 128, 2),
                                      ResBlock(128, 128, 1), ResBlock(128, 256, 2), ResBlock(256, 256, 1))
            self.fc = nn.Linear(256, 10)

        def forward(self, x):
            y = self.body(self.stem(x))
            return self.fc(torch.flatten(F.adaptive_avg_pool2d(y, 1), 1))

    class LSTMLoop(nn.Module):
        """An LSTM cell stepped 16 times from Python: a few small kernels per time step."""

        def __init__(self, d=256, steps=16):
            super().__init__()
            self.cell = nn.LSTMCell(d, d)
            self.steps = steps

        def forward(self, x):
            h = torch.zeros_like(x[:, 0])
            c = torch.zeros_like(h)
            for t in range(self.steps):
                h, c = self.cell(x[:, t], (h, c))
            return h

    class EmbedLN(nn.Module):
        """Embedding lookup then 6 x (LayerNorm, Linear, GELU, residual add)."""

        def __init__(self, vocab=32000, d=512, layers=6):
            super().__init__()
            self.emb = nn.Embedding(vocab, d)
            self.lns = nn.ModuleList(nn.LayerNorm(d) for _ in range(layers))
            self.lins = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))

        def forward(self, ids):
            x = self.emb(ids)
            for ln, lin in zip(self.lns, self.lins):
                x = x + F.gelu(lin(ln(x)))
            return x

    def tok(shape, high):
        return lambda dev: torch.randint(0, high, shape, device=dev)

    def rnd(*shape):
        return lambda dev: torch.randn(*shape, device=dev)

    # name -> (description, module factory, input factory)
    return {
        "transformer8": ("8 pre-norm transformer blocks, d=256, 4 heads, batch 1, 32 tokens (many 2-5 us kernels)",
                         Transformer, rnd(1, 32, 256)),
        "mlp": ("8 x (Linear 128->128, ReLU), batch 1 (tiny kernels)", MLP, rnd(1, 128)),
        "convnet": ("ResNet-18-like conv trunk, batch 8, 3x96x96 (larger kernels)", ConvNet, rnd(8, 3, 96, 96)),
        "lstm": ("LSTMCell d=256 stepped 16 times, batch 4", LSTMLoop, rnd(4, 16, 256)),
        "embed_ln": ("Embedding(32000, 512) + 6 x (LayerNorm, Linear, GELU, add), batch 4 x 64 tokens",
                     EmbedLN, tok((4, 64), 32000)),
    }


# ---------------------------------------------------------------- measurements

def time_steps(torch, fn, steps):
    """Per-step wall time (ns): host clock around fn() + synchronize."""
    out = []
    sync = torch.cuda.synchronize
    for _ in range(steps):
        t0 = time.perf_counter_ns()
        fn()
        sync()
        out.append(time.perf_counter_ns() - t0)
    return out


def time_steps_events(torch, fn, steps):
    """Per-step device-side time (ns) between two CUDA events around fn()."""
    out = []
    for _ in range(steps):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        out.append(a.elapsed_time(b) * 1e6)
    return out


def trace_summary(path):
    """Figures read back from an exported Chrome trace (a cross-check for pkbench's importer)."""
    with gzip.open(path, "rt") as f:
        tr = json.load(f)
    if isinstance(tr, list):  # the JSON array form of the Chrome trace format
        tr = {"traceEvents": tr}
    ev = [e for e in tr.get("traceEvents", []) if isinstance(e, dict) and e.get("ph") == "X"]
    kernels = [e for e in ev if e.get("cat") == "kernel"]
    steps = [e for e in ev if str(e.get("name", "")).startswith("ProfilerStep#")]
    runtime = [e for e in ev if e.get("cat") in ("cuda_runtime", "cuda_driver")]
    kd = sorted(float(e.get("dur", 0)) * 1e3 for e in kernels)
    sd = [float(e["dur"]) * 1e3 for e in sorted(steps, key=lambda e: e["ts"])]
    launches = [e for e in runtime if "aunch" in str(e.get("name", ""))]
    cats = {}
    for e in ev:
        cats[e.get("cat")] = cats.get(e.get("cat"), 0) + 1
    return {
        "events_X": len(ev),
        "events_by_cat": cats,
        "kernels": len(kernels),
        "kernel_median_ns": quantile(kd, 0.5),
        "kernel_p10_ns": quantile(kd, 0.1),
        "kernel_p90_ns": quantile(kd, 0.9),
        "kernel_sum_ns": sum(kd),
        "launch_calls": len(launches),
        "launch_names": sorted({str(e.get("name")) for e in launches}),
        "profiler_steps": len(steps),
        "profiler_step_span_ns": sd,
        "base_time_ns": tr.get("baseTimeNanoseconds"),
    }


def export_gz(prof, path_gz):
    raw = path_gz[:-3]
    prof.export_chrome_trace(raw)
    with open(raw, "rb") as fin, gzip.open(path_gz, "wb", compresslevel=9) as fout:
        shutil.copyfileobj(fin, fout)
    os.remove(raw)


def profile_steps(torch, fn, path_gz, wait, warmup, active):
    """Runs fn under torch.profiler for wait+warmup+active steps (one sync and prof.step() each);
    returns the host wall time of every active step."""
    from torch.profiler import ProfilerActivity, profile, schedule
    walls = []
    done = {}

    def ready(p):
        export_gz(p, path_gz)
        done["ok"] = True

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA],
                 schedule=schedule(wait=wait, warmup=warmup, active=active, repeat=1),
                 on_trace_ready=ready, record_shapes=False, with_stack=False) as prof:
        for i in range(wait + warmup + active):
            t0 = time.perf_counter_ns()
            fn()
            torch.cuda.synchronize()
            t1 = time.perf_counter_ns()
            if i >= wait + warmup:
                walls.append(t1 - t0)
            prof.step()
    if not done.get("ok"):
        raise RuntimeError("the profiler never called on_trace_ready")
    return walls


def measure_model(torch, name, desc, make, make_input, args):
    """Eager and CUDA-graph step times, with no profiler attached yet in this process. Returns
    the results and what the profiling phase needs (model, input, graph)."""
    res = {"model": name, "description": desc, "errors": []}
    state = {}
    dev = torch.device("cuda")
    torch.manual_seed(0)
    torch.cuda.manual_seed_all(0)
    model = make().to(dev).eval()
    res["parameters"] = sum(p.numel() for p in model.parameters())
    with torch.inference_mode():
        x = make_input(dev)
        state.update(model=model, x=x)
        res["input_shape"] = list(x.shape)
        step = lambda: model(x)  # noqa: E731
        t = time.monotonic()
        for _ in range(args.warmup):
            step()
        torch.cuda.synchronize()
        res["eager"] = stats(time_steps(torch, step, args.steps))
        res["eager"]["events"] = stats(time_steps_events(torch, step, args.steps))
        log("%s: eager median %.1f us (events %.1f us), %.1fs" % (
            name, res["eager"]["median_ns"] / 1e3, res["eager"]["events"]["median_ns"] / 1e3, time.monotonic() - t))
        try:
            t = time.monotonic()
            static_x = x.clone()
            gstep = lambda: model(static_x)  # noqa: E731
            s = torch.cuda.Stream()
            s.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(s):
                for _ in range(3):
                    gstep()
            torch.cuda.current_stream().wait_stream(s)
            torch.cuda.synchronize()
            g = torch.cuda.CUDAGraph()
            c0 = time.perf_counter_ns()
            with torch.cuda.graph(g):
                static_y = gstep()
            torch.cuda.synchronize()
            capture_ns = time.perf_counter_ns() - c0
            ref = model(static_x)
            g.replay()
            torch.cuda.synchronize()
            max_err = float((static_y.float() - ref.float()).abs().max())
            for _ in range(args.warmup):
                g.replay()
            torch.cuda.synchronize()
            res["graph"] = stats(time_steps(torch, g.replay, args.steps))
            res["graph"]["events"] = stats(time_steps_events(torch, g.replay, args.steps))
            res["graph"]["capture_instantiate_ns"] = capture_ns
            res["graph"]["replay_max_abs_diff_vs_eager"] = max_err
            res["graph_speedup"] = res["eager"]["median_ns"] / res["graph"]["median_ns"]
            # The graph reads static_x and writes static_y at the addresses it was captured with:
            # both must live as long as the graph is replayed. Freed with this function's locals,
            # static_x's block went back to the caching allocator, later tensors overwrote it, and
            # embed_ln's profiled replays looked up garbage token ids: the embedding kernel's
            # index check fired ("device-side assert triggered", lease b).
            state.update(graph=g, static_x=static_x, static_y=static_y)
            log("%s: graph replay median %.1f us (events %.1f us), capture %.1f us, |diff| %.2g, %.1fs" % (
                name, res["graph"]["median_ns"] / 1e3, res["graph"]["events"]["median_ns"] / 1e3,
                capture_ns / 1e3, max_err, time.monotonic() - t))
        except Exception as e:
            res["errors"].append("graph: %r" % (e,))
            log("%s: graph FAILED\n%s" % (name, traceback.format_exc()))
    return res, state


def profile_model(torch, name, res, state, args, outdir):
    """A few eager steps and graph replays under torch.profiler, exported as gzipped Chrome
    traces; then the eager steps timed again without the profiler, to show what it left behind."""
    model, x, g = state["model"], state["x"], state.get("graph")  # state keeps the graph's static tensors
    step = lambda: model(x)  # noqa: E731
    with torch.inference_mode():
        eager_trace = os.path.join(outdir, name + ".trace.json.gz")
        try:
            t = time.monotonic()
            walls = profile_steps(torch, step, eager_trace, 1, 2, args.profile_steps)
            res["profiled"] = {"steps": args.profile_steps, "wall": stats(walls),
                               "trace_file": os.path.basename(eager_trace),
                               "trace_bytes": os.path.getsize(eager_trace)}
            res["profiled"]["trace"] = trace_summary(eager_trace)
            k = res["profiled"]["trace"]["kernels"]
            res["kernels_per_step"] = k / args.profile_steps
            log("%s: profiled %d steps, %d kernels (%.1f per step), trace %d bytes, %.1fs" % (
                name, args.profile_steps, k, k / args.profile_steps, res["profiled"]["trace_bytes"],
                time.monotonic() - t))
        except Exception as e:  # keep the other phases
            res["errors"].append("profile: %r" % (e,))
            log("%s: profile FAILED\n%s" % (name, traceback.format_exc()))
        if g is not None:
            graph_trace = os.path.join(outdir, name + ".graph.trace.json.gz")
            try:
                walls = profile_steps(torch, g.replay, graph_trace, 1, 1, args.profile_steps)
                res["graph"]["profiled"] = {"steps": args.profile_steps, "wall": stats(walls),
                                            "trace_file": os.path.basename(graph_trace)}
                res["graph"]["profiled"]["trace"] = trace_summary(graph_trace)
            except Exception as e:
                res["errors"].append("graph profile: %r" % (e,))
                log("%s: graph profile FAILED\n%s" % (name, traceback.format_exc()))
        try:
            for _ in range(args.warmup):
                step()
            torch.cuda.synchronize()
            res["eager_after_profiler"] = stats(time_steps(torch, step, args.steps))
        except Exception as e:
            res["errors"].append("eager after profiler: %r" % (e,))


# ---------------------------------------------------------------- context and nsys probe

def sh(cmd, timeout=20):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return (p.stdout + p.stderr).strip()
    except Exception as e:
        return "unavailable: %r" % (e,)


def machine_context(torch):
    ctx = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "hostname": socket.gethostname(),
        "torch": torch.__version__,
        "torch_cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
        "captured_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if torch.cuda.is_available():
        p = torch.cuda.get_device_properties(0)
        ctx.update({"gpu": p.name, "capability": "%d.%d" % (p.major, p.minor),
                    "sm_count": p.multi_processor_count, "gpu_memory_bytes": p.total_memory})
    if shutil.which("nvidia-smi"):
        ctx["nvidia_smi"] = sh(["nvidia-smi", "--query-gpu=name,driver_version,clocks.sm,clocks.max.sm,"
                                "clocks.mem,power.draw,temperature.gpu,pstate", "--format=csv"])
    else:
        ctx["nvidia_smi"] = "not on PATH"
    return ctx


NSYS_CHILD = r'''
import sys, time, torch
sys.path.insert(0, sys.argv[1])
import capture
models = capture.build_models(torch)
desc, make, make_input = models[sys.argv[2]]
torch.manual_seed(0)
m = make().cuda().eval()
with torch.inference_mode():
    x = make_input(torch.device("cuda"))
    for _ in range(5):
        m(x)
    torch.cuda.synchronize()
    for i in range(6):
        torch.cuda.nvtx.range_push("ProfilerStep#%d" % i)
        m(x)
        torch.cuda.synchronize()
        torch.cuda.nvtx.range_pop()
print("child done")
'''


def run_bounded(cmd, timeout, cwd=None):
    """Runs cmd in its own process group; kills the whole group on timeout."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out
    except subprocess.TimeoutExpired:
        with contextlib.suppress(Exception):
            os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return "timeout", out


def nsys_probe(outdir, budget_s):
    """Looks for nsys, records what it is, and tries one small capture + SQLite export of the
    mlp model. Never raises; returns a dict for summary.json and the files it made."""
    found = []
    if shutil.which("nsys"):
        found.append(shutil.which("nsys"))
    for pat in ("/opt/nvidia/nsight-systems*/*/bin/nsys", "/opt/nvidia/nsight-systems/*/bin/nsys",
                "/opt/nvidia/nsight-systems*/bin/nsys", "/opt/nvidia/nsight-compute/*/host/target-linux-x64/nsys",
                "/usr/local/cuda*/bin/nsys", "/usr/local/cuda*/nsight-systems*/bin/nsys"):
        found += [p for p in sorted(glob.glob(pat)) if os.access(p, os.X_OK) and p not in found]
    res = {"candidates": found, "importers": sorted(glob.glob("/opt/nvidia/**/QdstrmImporter", recursive=True))}
    files = []
    if not found:
        res["result"] = "no nsys found"
        return res, files
    nsys = found[0]
    res["used"] = nsys
    res["version"] = sh([nsys, "--version"])
    deadline = time.monotonic() + budget_s
    work = os.path.join(outdir, "nsys-work")
    os.makedirs(work, exist_ok=True)
    child = os.path.join(work, "child.py")
    with open(child, "w") as f:
        f.write(NSYS_CHILD)
    here = os.path.dirname(os.path.abspath(__file__))
    rep = os.path.join(work, "mlp")
    rc, out = run_bounded([nsys, "profile", "--trace=cuda,nvtx", "--sample=none", "--cpuctxsw=none",
                           "--force-overwrite=true", "-o", rep, sys.executable, child, here, "mlp"],
                          max(5, deadline - time.monotonic()))
    res["profile_rc"] = rc
    res["profile_output_tail"] = out[-3000:]
    made = sorted(os.listdir(work))
    res["files_after_profile"] = made
    nsysrep = rep + ".nsys-rep"
    qdstrm = rep + ".qdstrm"
    if not os.path.exists(nsysrep) and os.path.exists(qdstrm) and res["importers"] and time.monotonic() < deadline:
        rc, out = run_bounded([res["importers"][0], "--input-file", qdstrm], max(5, deadline - time.monotonic()))
        res["import_rc"] = rc
        res["import_output_tail"] = out[-2000:]
    if os.path.exists(nsysrep) and time.monotonic() < deadline:
        rc, out = run_bounded([nsys, "export", "--type", "sqlite", "--force-overwrite", "true",
                               "-o", rep + ".sqlite", nsysrep], max(5, deadline - time.monotonic()))
        res["export_rc"] = rc
        res["export_output_tail"] = out[-2000:]
    for suffix in (".sqlite", ".nsys-rep"):
        p = rep + suffix
        if os.path.exists(p) and os.path.getsize(p) < 12 << 20:
            gz = os.path.join(outdir, "mlp.nsys" + suffix + ".gz")
            with open(p, "rb") as fin, gzip.open(gz, "wb") as fout:
                shutil.copyfileobj(fin, fout)
            files.append(gz)
    res["result"] = "sqlite export made" if os.path.exists(rep + ".sqlite") else "no sqlite export"
    shutil.rmtree(work, ignore_errors=True)
    return res, files


# ---------------------------------------------------------------- main

def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--models", default="transformer8,mlp,convnet,lstm,embed_ln")
    ap.add_argument("--steps", type=int, default=300, help="timed eager steps and graph replays (each way)")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--profile-steps", type=int, default=4, help="active profiler steps per model")
    ap.add_argument("--no-nsys", action="store_true", help="skip the Nsight Systems probe")
    ap.add_argument("--nsys-budget-s", type=float, default=60)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    tracedir = os.path.join(args.outdir, "traces")
    os.makedirs(tracedir, exist_ok=True)
    LOG = open(os.path.join(args.outdir, "log.txt"), "w")
    log("capture.py %s" % " ".join(sys.argv[1:]))
    summary = {"schema_version": 1, "kind": "pkbench-workload-capture", "settings": vars(args), "models": {}}

    def write_summary():
        tmp = os.path.join(args.outdir, "summary.json.tmp")
        with open(tmp, "w") as f:
            json.dump(summary, f, indent=1)
        os.replace(tmp, os.path.join(args.outdir, "summary.json"))

    try:
        import torch
    except Exception:
        log("cannot import torch:\n" + traceback.format_exc())
        summary["error"] = "no torch"
        write_summary()
        return 1
    summary["context"] = machine_context(torch)
    log("context: %s" % json.dumps({k: v for k, v in summary["context"].items() if k != "nvidia_smi"}))
    log("nvidia-smi: %s" % summary["context"].get("nvidia_smi"))
    write_summary()
    if not torch.cuda.is_available():
        log("no CUDA device visible")
        summary["error"] = "no CUDA device"
        write_summary()
        return 77
    torch.backends.cudnn.benchmark = False
    models = build_models(torch)
    # Every model is timed before any is profiled: a profiler session can leave CUPTI hooks
    # behind that slow later launches down in the same process.
    states = {}
    for name in [m for m in args.models.split(",") if m]:
        if name not in models:
            log("unknown model %s (known: %s)" % (name, ", ".join(models)))
            continue
        desc, make, make_input = models[name]
        t = time.monotonic()
        try:
            summary["models"][name], states[name] = measure_model(torch, name, desc, make, make_input, args)
        except Exception as e:
            summary["models"][name] = {"model": name, "description": desc, "errors": ["%r" % (e,)]}
            log("%s: FAILED\n%s" % (name, traceback.format_exc()))
        summary["models"][name]["seconds"] = time.monotonic() - t
        write_summary()
    for name, state in states.items():
        t = time.monotonic()
        try:
            profile_model(torch, name, summary["models"][name], state, args, tracedir)
        except Exception as e:
            summary["models"][name]["errors"].append("profiling: %r" % (e,))
            log("%s: profiling FAILED\n%s" % (name, traceback.format_exc()))
        summary["models"][name]["seconds"] += time.monotonic() - t
        write_summary()
    states.clear()
    torch.cuda.empty_cache()

    if not args.no_nsys:
        try:
            summary["nsys"], made = nsys_probe(tracedir, args.nsys_budget_s)
        except Exception as e:
            summary["nsys"] = {"result": "probe failed: %r" % (e,)}
        log("nsys probe: %s" % json.dumps(summary["nsys"])[:3000])
        write_summary()

    tar = os.path.join(args.outdir, "traces.tar")
    with tarfile.open(tar + ".tmp", "w") as tf:
        for f in sorted(os.listdir(tracedir)):
            tf.add(os.path.join(tracedir, f), arcname=f)
    os.replace(tar + ".tmp", tar)
    shutil.rmtree(tracedir, ignore_errors=True)
    summary["seconds"] = time.monotonic() - T0
    write_summary()
    log("table (us): model, kernels/step, eager median, profiled step wall, eager after profiler, graph replay median, speedup")
    for name, r in summary["models"].items():
        def us(v):
            return "%.1f" % (v / 1e3) if isinstance(v, (int, float)) else "-"
        log("  %-13s %6s %9s %9s %9s %9s %6s %s" % (
            name, "%.0f" % r["kernels_per_step"] if "kernels_per_step" in r else "-",
            us(r.get("eager", {}).get("median_ns")), us(r.get("profiled", {}).get("wall", {}).get("median_ns")),
            us(r.get("eager_after_profiler", {}).get("median_ns")), us(r.get("graph", {}).get("median_ns")),
            "%.1fx" % r["graph_speedup"] if "graph_speedup" in r else "-", "; ".join(r.get("errors", []))))
    log("done in %.1fs: %s" % (time.monotonic() - T0, ", ".join(sorted(os.listdir(args.outdir)))))
    LOG.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
