"""This machine's fp32 matrix-multiply rate, the ceiling the classifiers' GFLOP/s are read against.

Builds a MatMul-only ONNX graph with onnx.helper, A (M x K, input) times B (K x N, a constant
initializer, as model weights are), default shape 2048 x 768 times 768 x 3072: DistilBERT-base's first
FFN layer for 2048 tokens (e.g. 32 sequences of 64). Runs it on onnxruntime's CPU provider with the
one intra-op thread per physical core, set explicitly (ONNX Runtime 1.30's own default ran one thread on the
2-core benchmark machine of 2026-12-05; `--intra-op-threads` to change), and the same product
with numpy (its BLAS, own thread pool) as a cross-check. Each is warmed up, then timed `--runs` times;
the best run gives GFLOP/s = 2*M*K*N / seconds (median given too).

Prints JSON.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from importlib import metadata

import bench_common as common


def matmul_model(m, k, n, seed):
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = np.random.default_rng(seed).standard_normal((k, n), dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["A", "B"], ["C"])],
        "gemm_peak",
        [helper.make_tensor_value_info("A", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("C", TensorProto.FLOAT, [m, n])],
        [numpy_helper.from_array(weights, "B")],
    )
    # IR version 8 goes with opset 17; onnx's newest IR version can be ahead of what onnxruntime reads.
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    return model, weights


def time_runs(run, warmups, runs):
    for _ in range(warmups):
        run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def rates(times, flops):
    return {
        "best_s": min(times),
        "median_s": statistics.median(times),
        "best_gflop_per_s": flops / min(times) / 1e9,
        "median_gflop_per_s": flops / statistics.median(times) / 1e9,
    }


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), None)
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--m", type=int, default=2048, help="rows of A (tokens; default 2048)")
    parser.add_argument("--k", type=int, default=768, help="columns of A, rows of B (default 768)")
    parser.add_argument("--n", type=int, default=3072, help="columns of B (default 3072)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each (default 20)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument(
        "--intra-op-threads",
        type=int,
        default=common.cpu_counts()["physical"],
        help="onnxruntime intra-op threads (default: the physical cores, %(default)s here; "
        "0 = ONNX Runtime's own default)",
    )
    args = parser.parse_args()
    if min(args.m, args.k, args.n, args.runs) < 1 or args.warmups < 0 or args.intra_op_threads < 0:
        parser.error("--m, --k, --n and --runs must be at least 1; --warmups and --intra-op-threads at least 0")

    import numpy as np
    import onnxruntime as ort
    import psutil

    model, weights = matmul_model(args.m, args.k, args.n, seed=7)
    activations = np.random.default_rng(8).standard_normal((args.m, args.k), dtype=np.float32)
    flops = 2 * args.m * args.k * args.n

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.intra_op_threads
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    ort_result = session.run(["C"], {"A": activations})[0]
    numpy_result = activations @ weights
    relative_difference = float(np.abs(ort_result - numpy_result).max() / np.abs(numpy_result).max())

    ort_times = time_runs(lambda: session.run(["C"], {"A": activations}), args.warmups, args.runs)
    numpy_times = time_runs(lambda: activations @ weights, args.warmups, args.runs)

    print(
        json.dumps(
            {
                "shape": {"m": args.m, "k": args.k, "n": args.n},
                "gflop_per_run": flops / 1e9,
                "runs": args.runs,
                "warmups": args.warmups,
                "onnxruntime": {
                    **rates(ort_times, flops),
                    "intra_op_threads": args.intra_op_threads or "ONNX Runtime's default",
                },
                "numpy": {**rates(numpy_times, flops), "blas": blas_name(np)},
                "max_relative_difference": relative_difference,
                "cpu": {
                    "model": cpu_model(),
                    "logical": psutil.cpu_count(logical=True),
                    "physical": psutil.cpu_count(logical=False),
                    "load_average_1m": os.getloadavg()[0],
                },
                "versions": {
                    "python": platform.python_version(),
                    "onnxruntime": ort.__version__,
                    "onnx": metadata.version("onnx"),
                    "numpy": np.__version__,
                },
                "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
        )
    )


def blas_name(np):
    """The BLAS numpy was built with, as numpy reports it."""
    try:
        config = np.show_config(mode="dicts")
        return config["Build Dependencies"]["blas"]["name"]
    except (TypeError, KeyError):
        return None


if __name__ == "__main__":
    sys.exit(main())
