#!/usr/bin/env python3
"""Compares pkbench's workload predictions with what capture.py measured (issue 16).

For each model it puts side by side:
  - the as-traced prediction (`standard` of `pkbench simulate --workload` on the eager trace),
    per step, against the trace's own step span (the mean of the ProfilerStep markers' spans):
    target within 5 %;
  - the `graph` prediction from the same eager trace (each step one replayed graph, per-node
    cost the gap graph_node_ns - item_kernel_ns where the calibration has item_kernel_ns, else
    graph_node_ns) against the measured median of torch.cuda.CUDAGraph
    replays (no profiler): target within 10 %;
  - beside them, for reading the errors: the eager step measured without the profiler, the
    graph predicted from the graph trace's own kernel durations, the kernels' device time per
    step in either trace, the node-to-node gap the graph trace shows, and the persistent-kernel
    predictions (nothing measures those here).
Targets: at least 3 models within each bound.

usage: compare.py --summary summary.json[.gz] --params params.json --work DIR --out-md F.md --out-csv F.csv
DIR holds, per model M, what validate.sh makes: M.workload.csv and M.prediction.csv (the eager
trace imported and predicted), and when the graph trace exists, M.graph.workload.csv and
M.graph.prediction.csv. Python standard library only. Exit 0 when the comparison is written, 2
on missing or malformed inputs.
"""
import argparse
import csv
import gzip
import json
import math
import os
import statistics
import sys
import tempfile

STANDARD_BOUND = 5.0
GRAPH_BOUND = 10.0
MIN_MODELS = 3


class InputError(Exception):
    pass


def read_json(path):
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise InputError("%s: %s" % (path, e))


def read_workload(path):
    """The step lines and rows of a workload CSV (pkbench trace import)."""
    steps, lines = [], []
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("# step "):
                    steps.append(dict(kv.split("=", 1) for kv in line[7:].split()))
                elif not line.startswith("#") and line.strip():
                    lines.append(line)
    except OSError as e:
        raise InputError("%s: %s" % (path, e))
    rows = list(csv.DictReader(lines))
    if not steps or not rows:
        raise InputError("%s: no step lines or no rows (not a pkbench workload file?)" % path)
    return steps, rows


def read_prediction(path):
    """strategy -> row of a workload prediction CSV (pkbench simulate --workload)."""
    try:
        with open(path) as f:
            rows = list(csv.DictReader(l for l in f if not l.startswith("#")))
    except OSError as e:
        raise InputError("%s: %s" % (path, e))
    out = {r["strategy"]: r for r in rows}
    if not out:
        raise InputError("%s: no prediction rows" % path)
    return out


def num(row, key):
    v = row.get(key, "") if row else ""
    return float(v) if v not in ("", None) else math.nan


def err_pct(pred, meas):
    return 100.0 * (pred - meas) / meas if meas and not math.isnan(pred) and not math.isnan(meas) else math.nan


def device_per_step(steps, rows):
    return sum(float(r["duration_ns"]) for r in rows) / len(steps)


def node_gap(rows):
    """Median device idle time between consecutive operations of one step (by device start)."""
    gaps, by_step = [], {}
    for r in rows:
        by_step.setdefault(r["step"], []).append((int(r["start_ns"]), int(r["duration_ns"])))
    for ops in by_step.values():
        ops.sort()
        gaps += [b[0] - (a[0] + a[1]) for a, b in zip(ops, ops[1:])]
    return statistics.median(gaps) if gaps else math.nan


def model_row(name, m, work):
    steps, rows = read_workload(os.path.join(work, name + ".workload.csv"))
    pred = read_prediction(os.path.join(work, name + ".prediction.csv"))
    span = statistics.mean(float(s["span_ns"]) for s in steps)
    r = {
        "model": name,
        "steps": len(steps),
        "ops_per_step": len(rows) / len(steps),
        "eager_device_per_step_ns": device_per_step(steps, rows),
        "eager_measured_ns": num(m.get("eager"), "median_ns"),
        "profiled_wall_ns": num((m.get("profiled") or {}).get("wall"), "median_ns"),
        "trace_span_ns": span,
        "standard_predicted_ns": num(pred.get("standard"), "step_ns"),
        "graph_measured_ns": num(m.get("graph"), "median_ns"),
        "graph_predicted_ns": num(pred.get("graph"), "step_ns"),
        "persistent_predicted_ns": num(pred.get("persistent"), "step_ns"),
        "persistent_resident_predicted_ns": num(pred.get("persistent-resident"), "step_ns"),
        "graph_trace_device_per_step_ns": math.nan,
        "graph_trace_node_gap_ns": math.nan,
        "graph_from_graph_trace_ns": math.nan,
    }
    gw = os.path.join(work, name + ".graph.workload.csv")
    if os.path.exists(gw):
        gsteps, grows = read_workload(gw)
        r["graph_trace_device_per_step_ns"] = device_per_step(gsteps, grows)
        r["graph_trace_node_gap_ns"] = node_gap(grows)
        r["graph_from_graph_trace_ns"] = num(read_prediction(os.path.join(work, name + ".graph.prediction.csv"))
                                             .get("graph"), "step_ns")
    r["standard_error_pct"] = err_pct(r["standard_predicted_ns"], span)
    r["graph_error_pct"] = err_pct(r["graph_predicted_ns"], r["graph_measured_ns"])
    r["graph_from_graph_trace_error_pct"] = err_pct(r["graph_from_graph_trace_ns"], r["graph_measured_ns"])
    r["standard_within_bound"] = int(abs(r["standard_error_pct"]) <= STANDARD_BOUND)
    r["graph_within_bound"] = int(abs(r["graph_error_pct"]) <= GRAPH_BOUND)
    return r


COLUMNS = ["model", "steps", "ops_per_step", "eager_device_per_step_ns", "eager_measured_ns", "profiled_wall_ns",
           "trace_span_ns", "standard_predicted_ns", "standard_error_pct", "standard_within_bound",
           "graph_measured_ns", "graph_predicted_ns", "graph_error_pct", "graph_within_bound",
           "graph_from_graph_trace_ns", "graph_from_graph_trace_error_pct", "graph_trace_device_per_step_ns",
           "graph_trace_node_gap_ns", "persistent_predicted_ns", "persistent_resident_predicted_ns"]


def fmt(v):
    if isinstance(v, float):
        return "" if math.isnan(v) else "%.10g" % v
    return str(v)


def us(v):
    return "-" if math.isnan(v) else "%.1f" % (v / 1e3)


def pct(v):
    return "-" if math.isnan(v) else "%+.1f%%" % v


def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def markdown(rows, summary, params, params_path):
    ctx = summary.get("context", {})
    pv = params.get("params", {})
    gpu = ctx.get("gpu", "?")
    same = params.get("device") == gpu
    n_std = sum(r["standard_within_bound"] for r in rows)
    n_graph = sum(r["graph_within_bound"] for r in rows)
    out = ["# Real workloads: predicted against measured", ""]
    out.append("Captured %s on %s (torch %s, CUDA %s) by capture.py; parameters from `%s` (%s, %s)." % (
        ctx.get("captured_utc", "?"), gpu, ctx.get("torch", "?"), ctx.get("torch_cuda", "?"),
        params_path if not os.path.isabs(params_path) else os.path.basename(params_path),
        params.get("device", "?"), params.get("source", "?")))
    if not same:
        out += ["", "**The parameters were not calibrated on the capture's device (%s, not %s): a stand-in. "
                "The graph figures below are not the validation; rerun validate.sh with the same lease's "
                "calibration.**" % (params.get("device", "?"), gpu)]
    out += ["", "Per step, µs. As traced: `standard` predicted from the eager trace against the trace's own "
            "step span (target ±%g%%). Graph: `graph` predicted from the same trace against the measured "
            "CUDA-graph replay (target ±%g%%)." % (STANDARD_BOUND, GRAPH_BOUND), ""]
    out.append("| model | ops/step | eager, no profiler | trace span | as traced, predicted | error | "
               "graph replay, measured | graph, predicted | error | persistent-resident, predicted |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        out.append("| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["model"], r["ops_per_step"], us(r["eager_measured_ns"]), us(r["trace_span_ns"]),
            us(r["standard_predicted_ns"]), pct(r["standard_error_pct"]), us(r["graph_measured_ns"]),
            us(r["graph_predicted_ns"]), pct(r["graph_error_pct"]), us(r["persistent_resident_predicted_ns"])))
    out += ["", "As traced within ±%g%%: %d of %d models (target: %d) — %s." % (
        STANDARD_BOUND, n_std, len(rows), MIN_MODELS, "met" if n_std >= MIN_MODELS else "NOT met"),
        "Graph within ±%g%%: %d of %d models (target: %d) — %s." % (
            GRAPH_BOUND, n_graph, len(rows), MIN_MODELS, "met" if n_graph >= MIN_MODELS else "NOT met"), ""]
    out += ["Reading the graph errors, per step, µs: the kernels' device time in the eager trace and in the "
            "graph trace, the graph trace's median idle time between consecutive nodes (against the "
            "calibrated graph_node_ns), and the graph predicted from the graph trace's own durations.", ""]
    out.append("| model | device time, eager trace | device time, graph trace | node gap, graph trace (ns) | "
               "graph from graph-trace durations | error |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        gap = r["graph_trace_node_gap_ns"]
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            r["model"], us(r["eager_device_per_step_ns"]), us(r["graph_trace_device_per_step_ns"]),
            "-" if math.isnan(gap) else "%.0f" % gap, us(r["graph_from_graph_trace_ns"]),
            pct(r["graph_from_graph_trace_error_pct"])))
    keys = ["launch_host_ns", "launch_latency_ns", "kernel_gap_ns", "sync_ns", "graph_node_ns", "item_kernel_ns",
            "persistent_item_ns", "persistent_batch_ns", "persistent_window_items", "persistent_window_ns",
            "persistent_setup_ns", "persistent_teardown_ns"]
    extra = [k for k in sorted(pv) if k.startswith("graph_launch")]
    out += ["", "Parameters used (ns): " + ", ".join(
        "%s %.0f" % (k, pv[k]) for k in keys + extra if isinstance(pv.get(k), (int, float))) + ".", ""]
    node, kern = pv.get("graph_node_ns"), pv.get("item_kernel_ns")
    probe = params.get("context", {}).get("item_kernel_probe", "not recorded")
    if isinstance(node, (int, float)) and isinstance(kern, (int, float)) and kern > 0:
        out += ["Graph node cost: the gap graph_node_ns − item_kernel_ns = %.0f ns per node (item_kernel_ns: %s)."
                % (max(node - kern, 0.0), probe), ""]
    else:
        out += ["Graph node cost: graph_node_ns as calibrated, the item kernel's own run included (item_kernel_ns "
                "not in the parameters: %s)." % probe, ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--summary", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out-md", required=True)
    ap.add_argument("--out-csv", required=True)
    a = ap.parse_args()
    try:
        summary = read_json(a.summary)
        params = read_json(a.params)
        models = summary.get("models")
        if not isinstance(models, dict) or not models:
            raise InputError("%s: no models (not capture.py's summary?)" % a.summary)
        rows = [model_row(name, m, a.work) for name, m in models.items()
                if os.path.exists(os.path.join(a.work, name + ".workload.csv"))]
        if not rows:
            raise InputError("%s: no imported workload for any model of the summary" % a.work)
    except InputError as e:
        print("compare.py: %s" % e, file=sys.stderr)
        return 2
    lines = [",".join(COLUMNS)] + [",".join(fmt(r[c]) for c in COLUMNS) for r in rows]
    write_atomic(a.out_csv, "\n".join(lines) + "\n")
    md = markdown(rows, summary, params, a.params)
    write_atomic(a.out_md, md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
