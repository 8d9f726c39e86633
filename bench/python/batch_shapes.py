"""What a batch's shape costs ONNX Runtime: CPU milliseconds per text for the SST-2 validation sentences run one at a
time, in batches taken in arrival order (padded to their longest), and in batches of texts sorted by length (padded
to almost nothing). It is the engine half of the service's dynamic batching (docs/benchmarks.md, "HTTP service"):
process CPU time rather than wall time, so a busy machine slows the figures less than it slows a rate.

    .venv/bin/python bench/python/batch_shapes.py --model models/distilbert-base-random [--texts 240] [--rounds 3]
"""

import argparse
import random
import statistics
import time

import numpy as np
import onnxruntime as ort
from transformers import AutoTokenizer

SHAPES = ["single", "arrival8", "sorted4", "sorted8", "sorted16", "sorted32"]


def batches(shape, encodings, count, seed):
    sample = random.Random(seed).sample(encodings, count)
    if shape == "single":
        return [[ids] for ids in sample]
    size = int(shape.removeprefix("arrival").removeprefix("sorted"))
    if shape.startswith("sorted"):
        sample = sorted(sample, key=len)
    return [sample[i : i + size] for i in range(0, count, size)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--texts", type=int, default=240, help="sentences per shape and round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--sentences", default="../shared/data/sst2-dev.tsv")
    args = p.parse_args()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # as each of the service's two workers runs a batch
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(f"{args.model}/model.onnx", options, providers=["CPUExecutionProvider"])
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    with open(args.sentences, encoding="utf-8") as f:
        sentences = [line.split("\t", 1)[0] for line in f.read().splitlines()[1:]]
    encodings = [tokenizer(s, truncation=True)["input_ids"] for s in sentences]

    def run(batch):
        longest = max(map(len, batch))
        ids = np.zeros((len(batch), longest), np.int64)
        mask = np.zeros((len(batch), longest), np.int64)
        for row, encoding in enumerate(batch):
            ids[row, : len(encoding)] = encoding
            mask[row, : len(encoding)] = 1
        session.run(None, {"input_ids": ids, "attention_mask": mask})
        return len(batch) * longest, sum(map(len, batch))

    for shape in SHAPES:  # warm-up
        for batch in batches(shape, encodings, 24, seed=99):
            run(batch)
    cpu = {shape: [] for shape in SHAPES}
    padding = {}
    for round_ in range(args.rounds):
        for shape in SHAPES:
            started = time.process_time()
            padded = real = 0
            for batch in batches(shape, encodings, args.texts, seed=round_):
                p_, r_ = run(batch)
                padded += p_
                real += r_
            cpu[shape].append(1000 * (time.process_time() - started) / args.texts)
            padding[shape] = 1 - real / padded
    print(
        f"{args.model}, {args.texts} SST-2 sentences per shape and round, {args.rounds} rounds interleaved,"
        f" onnxruntime {ort.__version__}, 1 intra-op thread"
    )
    print()
    print("| batches | padding | CPU ms per text (median) | each round |")
    print("|---|---:|---:|---|")
    for shape in SHAPES:
        print(
            f"| {shape} | {100 * padding[shape]:.1f}% | {statistics.median(cpu[shape]):.1f} |"
            f" {', '.join(f'{x:.1f}' for x in cpu[shape])} |"
        )


if __name__ == "__main__":
    main()
