"""Compares dynamic int8 quantization settings on sst2-dev: accuracy and time of our pipeline over ONNX Runtime.
The numbers behind the choice in scripts/make_model.py (QUANTIZATION) and models/README.md.

    make models-test && .venv/bin/python scripts/compare_quantization.py [--model sst2-minilm-distilbert-v2]
"""

import argparse
import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import onnx
import onnxruntime
from onnxruntime.quantization import QuantType, quantize_dynamic

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from ort_engine import OrtEngine  # noqa: E402
from polybridge_sentiment.pipeline import TextClassificationPipeline  # noqa: E402

VARIANTS = {
    "int8 per tensor": {"per_channel": False, "reduce_range": False},
    "int8 per tensor, reduced range": {"per_channel": False, "reduce_range": True},
    "int8 per channel": {"per_channel": True, "reduce_range": False},
    "int8 per channel, reduced range": {"per_channel": True, "reduce_range": True},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="sst2-minilm-distilbert-v2")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("POLYBRIDGE_SHARED", REPO / "../shared")))
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = REPO / "models" / args.model
    with open(args.shared / "data/sst2-dev.tsv", encoding="utf-8") as f:
        rows = [line.split("\t") for line in f.read().splitlines()[1:]]
    texts, gold = [r[0] for r in rows], [int(r[1]) for r in rows]
    logging.getLogger().setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        unshaped = Path(tmp) / "unshaped.onnx"
        model = onnx.load(folder / "model.onnx")
        del model.graph.value_info[:]
        onnx.save(model, unshaped)
        paths = {"fp32": folder / "model.onnx"}
        for name, settings in VARIANTS.items():
            paths[name] = Path(tmp) / f"{len(paths)}.onnx"
            quantize_dynamic(
                str(unshaped),
                str(paths[name]),
                weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul", "Gemm"],
                **settings,
            )
        print(
            f"{args.model}, sst2-dev ({len(texts)} sentences), batch {args.batch_size}, best of {args.rounds} rounds; "
            f"onnxruntime {onnxruntime.__version__}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
        )
        print("| variant | accuracy | seconds |\n|---|---|---|")
        for name, path in paths.items():
            pipeline = TextClassificationPipeline(str(folder), OrtEngine(path), batch_size=args.batch_size)
            seconds = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                results = pipeline(texts)
                seconds.append(time.perf_counter() - start)
            accuracy = sum((r["label"] == "POSITIVE") == bool(g) for r, g in zip(results, gold, strict=False)) / len(
                texts
            )
            print(f"| {name} | {accuracy:.2%} | {min(seconds):.2f} |", flush=True)


if __name__ == "__main__":
    main()
