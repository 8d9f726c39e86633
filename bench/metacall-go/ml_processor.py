"""The Python side of the Go + MetaCall program, as in the MetaCall-ML-Go seed (its ml_processor.py).

MetaCall imports this module once; the import builds the transformers pipeline
`pipeline('text-classification', model=DIR, device='cpu')`, and Go calls `process_batch(texts)` with lists of
32 texts. The Go program passes what it was asked for in the environment, read here at import:
  METACALL_CLASSIFY_MODEL                the model folder (Hugging Face layout)
  METACALL_CLASSIFY_PIPELINE_BATCH_SIZE  0: call the pipeline without batch_size, as the seed does (one sequence
                                         per forward pass); N: batch_size=N (go-metacall-batched)

Two deliberate differences from the seed, the same as bench/python/python_single.py's: `truncation=True` on every
call (a text over 512 tokens is cut instead of failing the batch), and an exception is printed and raised to Go
instead of being printed and answered with an empty list (the seed lost a failed batch's rows silently).
"""

import time

IMPORT_STARTED = time.monotonic()

import os  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

# bench_common: the padded-work count and the versions, shared with the Python baselines.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

import bench_common  # noqa: E402
import torch  # noqa: E402
from transformers import pipeline  # noqa: E402

MODEL = os.environ["METACALL_CLASSIFY_MODEL"]
PIPELINE_BATCH_SIZE = int(os.environ.get("METACALL_CLASSIFY_PIPELINE_BATCH_SIZE", "0"))

IMPORTED = time.monotonic()
classifier = pipeline("text-classification", model=MODEL, device="cpu")
LOADED = time.monotonic()
CALL_OPTIONS = {"truncation": True}
if PIPELINE_BATCH_SIZE:
    CALL_OPTIONS["batch_size"] = PIPELINE_BATCH_SIZE


def process_batch(texts):
    """The pipeline's [{label, score}, ...] for a list of texts, in their order."""
    try:
        return classifier(list(texts), **CALL_OPTIONS)
    except Exception:
        # MetaCall's Go port turns a Python exception into nil: the traceback is printed here so it is not lost.
        traceback.print_exc()
        raise


def describe(texts, texts_per_call):
    """Facts for the run's summary, outside the timed part: threads, versions, and the forward passes' padded work
    (texts_per_call texts per call; within a call one sequence per pass, or PIPELINE_BATCH_SIZE)."""
    lengths = [len(ids) for ids in classifier.tokenizer(list(texts), truncation=True)["input_ids"]]
    per_pass = PIPELINE_BATCH_SIZE or 1
    shapes = [lengths[start : start + texts_per_call] for start in range(0, len(lengths), texts_per_call)]
    works = [bench_common.padded_work(call, per_pass) for call in shapes]
    return {
        # As bench/python's load_s: building the pipeline, the imports apart (they count as start-up).
        "import_s": round(IMPORTED - IMPORT_STARTED, 4),
        "load_s": round(LOADED - IMPORTED, 4),
        "threads": {"torch_intra_op": torch.get_num_threads(), "torch_inter_op": torch.get_num_interop_threads()},
        "versions": bench_common.versions(),
        "cpus": bench_common.cpu_counts(),
        "model_dtype": str(next(classifier.model.parameters()).dtype),
        "parameters": sum(p.numel() for p in classifier.model.parameters()),
        "padded_work": bench_common.sum_work(works),
    }
