"""python-single: the seed's baseline, one CPython process with a Hugging Face transformers pipeline.

As in the MetaCall-ML-Go seed (textClassifier.py): `pipeline('text-classification', model=DIR, device='cpu')`,
the texts handed to the pipeline in lists of 8, one call per list, WITHOUT `batch_size`, so transformers
runs one sequence per forward pass (no padding). Two deliberate additions to the seed:
  * `truncation=True` on every call, so a text longer than the model's 512 tokens is cut instead of
    crashing the run (none of the first 1000 wine reviews is that long);
  * one warm-up call on the first 8 texts before the clock starts (reported as warmup_s).

`--batch-size 32` gives python-single-batched: the same pipeline, lists of 32 texts, `batch_size=32`
passed to each call, so each call is one forward pass over 32 sequences padded to the longest of them:
the best plain transformers does on CPU.

Threads: PyTorch's intra-op pool, by default torch's own choice (the number of physical cores);
`--threads N` calls torch.set_num_threads(N). The summary states the count in use.

Prints one JSON summary line on stdout; progress and messages go to stderr.
"""

import time

STARTED = time.monotonic()

import sys  # noqa: E402

import bench_common as common  # noqa: E402

SEED_CALL_SIZE = 8
WARMUP_TEXTS = 8


def parse_args():
    parser = common.common_arguments(__doc__)
    parser.add_argument(
        "--batch-size",
        type=common.positive_int,
        help="pass batch_size=N to each pipeline call, with N texts per call "
        "(default: none, the seed's 8 texts per call, one per forward pass)",
    )
    parser.add_argument(
        "--threads",
        type=common.positive_int,
        help="torch.set_num_threads(N) (default: torch's choice, the physical cores)",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    common.require_transformers_model(args.model)
    input_started = time.monotonic()
    texts = common.read_texts(args.input, args.limit)
    input_done = time.monotonic()

    import torch
    from transformers import pipeline

    imported = time.monotonic()

    if args.threads:
        torch.set_num_threads(args.threads)
    classifier = pipeline("text-classification", model=str(args.model), device="cpu")
    loaded = time.monotonic()

    call_size = args.batch_size or SEED_CALL_SIZE
    call_options = {"truncation": True}
    if args.batch_size:
        call_options["batch_size"] = args.batch_size
    classifier(texts[:WARMUP_TEXTS], **call_options)
    warmed = time.monotonic()

    results = []
    for start in range(0, len(texts), call_size):
        results.extend(classifier(texts[start : start + call_size], **call_options))
        common.log(f"classified {len(results)}/{len(texts)}")
    classified = time.monotonic()

    if len(results) != len(texts):
        raise RuntimeError(f"the pipeline returned {len(results)} results for {len(texts)} texts")
    common.write_results(args.output, [r["label"] for r in results], [r["score"] for r in results])

    lengths = [len(ids) for ids in classifier.tokenizer(texts, truncation=True)["input_ids"]]
    model = classifier.model
    common.print_summary(
        {
            "approach": "python-single-batched" if args.batch_size else "python-single",
            "model": str(args.model),
            "items": len(texts),
            "input_s": common.seconds(input_started, input_done),
            "startup_s": common.seconds(STARTED, input_started, input_done, imported),
            "load_s": common.seconds(imported, loaded),
            "warmup_s": common.seconds(loaded, warmed),
            "classify_s": common.seconds(warmed, classified),
            "total_s": common.seconds(STARTED, time.monotonic()),
            "texts_per_call": call_size,
            "batch_size": args.batch_size or 1,
            "threads": {"torch_intra_op": torch.get_num_threads(), "torch_inter_op": torch.get_num_interop_threads()},
            "model_dtype": str(next(model.parameters()).dtype),
            "parameters": sum(p.numel() for p in model.parameters()),
            "padded_work": common.padded_work(lengths, args.batch_size or 1),
            "labels": {
                label: sum(1 for r in results if r["label"] == label) for label in sorted({r["label"] for r in results})
            },
        }
    )


if __name__ == "__main__":
    sys.exit(common.run_main(main))
