"""python-onnxruntime: CPython with the fast tokenizer and ONNX Runtime, no torch, no transformers.

The same DIR/model.onnx (fp32) or DIR/model.int8.onnx (dynamic int8) files the JVM side runs, so this is
the "best plain CPython" reference for the same compute:
  * tokenisation: HF `tokenizers` from DIR/tokenizer.json, truncation to the model's
    max_position_embeddings (512), no padding at tokenisation time;
  * batching: 32 texts per run (`--batch-size`), sorted by token length first (`--sort-by-length`,
    default on; `--no-sort-by-length` keeps input order) so that little padding is computed; each batch
    is padded to its longest sequence with the tokenizer's pad id and attention_mask 0;
  * inference: one onnxruntime.InferenceSession on CPUExecutionProvider, inputs input_ids and
    attention_mask (int64), output logits;
  * softmax in numpy, the label from DIR/config.json id2label, results put back in input order.

Threads: an intra-op pool of one thread per physical core, set explicitly (ONNX Runtime 1.30's own default,
intra_op_num_threads = 0, ran one thread on the 2-core benchmark machine of 2026-12-05: 1.0 cores of CPU), and
sequential execution (inter-op 1); `--intra-op-threads N` sets the pool size, 0 leaves it to ONNX Runtime. The
summary states both. Tokenisation (`encode_batch`) uses the tokenizers crate's own Rayon pool, also one thread
per core.

classify_s covers tokenisation, batching, inference and softmax of all texts. first_result_s is the time from the
launch of the process to the end of the warm-up call, which classifies the first 8 texts. Prints one JSON summary line
on stdout; progress and messages go to stderr.
"""

import time

STARTED = time.monotonic()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

import bench_common as common  # noqa: E402

MODEL_FILES = {"fp32": "model.onnx", "int8": "model.int8.onnx"}
WARMUP_TEXTS = 8


def parse_args():
    parser = common.common_arguments(__doc__)
    parser.add_argument(
        "--precision",
        choices=tuple(MODEL_FILES),
        default="fp32",
        help="fp32: DIR/model.onnx, int8: DIR/model.int8.onnx (default: fp32)",
    )
    parser.add_argument("--batch-size", type=common.positive_int, default=32, help="texts per run (default: 32)")
    parser.add_argument(
        "--sort-by-length",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="batch texts in order of token length (default: on); results keep input order",
    )
    parser.add_argument(
        "--intra-op-threads",
        type=int,
        default=common.cpu_counts()["physical"],
        help="ONNX Runtime intra-op threads (default: the physical cores, %(default)s here; "
        "0 = ONNX Runtime's own default)",
    )
    args = parser.parse_args()
    if args.intra_op_threads < 0:
        parser.error(f"--intra-op-threads must be 0 (ORT default) or more, got {args.intra_op_threads}")
    return args


def read_config(config_path):
    """config.json and its labels in id order."""
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        id2label = config["id2label"]
        return config, [id2label[str(i)] for i in range(len(id2label))]
    except (KeyError, ValueError) as e:
        raise common.BenchError(f"{config_path}: not a model config with id2label ({e!r})") from e


class OnnxClassifier:
    def __init__(self, model_path, tokenizer_path, config, labels, intra_op_threads):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=config.get("max_position_embeddings", 512))
        self.pad_id = config.get("pad_token_id")
        if self.pad_id is None:
            self.pad_id = self.tokenizer.token_to_id("[PAD]")
        if self.pad_id is None:
            raise common.BenchError(f"{tokenizer_path}: no pad_token_id in config.json and no [PAD] token")
        self.labels = labels
        options = ort.SessionOptions()
        options.intra_op_num_threads = intra_op_threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        names = {i.name for i in self.session.get_inputs()}
        if names != {"input_ids", "attention_mask"}:
            raise common.BenchError(
                f"{model_path}: expected inputs input_ids and attention_mask, found {sorted(names)}"
            )

    def encode(self, texts):
        return [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]

    def run_batch(self, id_lists):
        """Pads to the longest, runs the model, returns (label index, probability) per sequence."""
        import numpy as np

        longest = max(len(ids) for ids in id_lists)
        input_ids = np.full((len(id_lists), longest), self.pad_id, dtype=np.int64)
        attention_mask = np.zeros((len(id_lists), longest), dtype=np.int64)
        for row, ids in enumerate(id_lists):
            input_ids[row, : len(ids)] = ids
            attention_mask[row, : len(ids)] = 1
        logits = self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention_mask})[0]
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = shifted / shifted.sum(axis=1, keepdims=True)
        best = probabilities.argmax(axis=1)
        return best, probabilities[np.arange(len(best)), best]

    def classify(self, texts, batch_size, sort_by_length):
        """(labels, scores, token lengths in the order they were run), all in input order but the last."""
        id_lists = self.encode(texts)
        order = sorted(range(len(texts)), key=lambda i: len(id_lists[i])) if sort_by_length else list(range(len(texts)))
        labels, scores = [None] * len(texts), [None] * len(texts)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            best, probability = self.run_batch([id_lists[i] for i in batch])
            for i, label_index, score in zip(batch, best, probability, strict=False):
                labels[i], scores[i] = self.labels[label_index], float(score)
        return labels, scores, [len(id_lists[i]) for i in order]


def main():
    args = parse_args()
    model_path, tokenizer_path, config_path = common.require_model_files(
        args.model, (MODEL_FILES[args.precision],), ("tokenizer.json",), ("config.json",)
    )
    config, labels_by_id = read_config(config_path)
    input_started = time.monotonic()
    texts = common.read_texts(args.input, args.limit)
    input_done = time.monotonic()

    import numpy  # noqa: F401
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401

    imported = time.monotonic()

    classifier = OnnxClassifier(model_path, tokenizer_path, config, labels_by_id, args.intra_op_threads)
    loaded = time.monotonic()
    classifier.classify(texts[:WARMUP_TEXTS], args.batch_size, args.sort_by_length)
    warmed = time.monotonic()
    first_result_s = common.seconds_since_process_start()
    labels, scores, lengths_in_run_order = classifier.classify(texts, args.batch_size, args.sort_by_length)
    classified = time.monotonic()
    common.log(f"classified {len(labels)}/{len(texts)}")
    common.write_results(args.output, labels, scores)

    common.print_summary(
        {
            "approach": f"python-onnxruntime-{args.precision}",
            "model": str(args.model),
            "model_file": str(model_path),
            "items": len(texts),
            "input_s": common.seconds(input_started, input_done),
            "startup_s": common.seconds(STARTED, input_started, input_done, imported),
            "load_s": common.seconds(imported, loaded),
            "warmup_s": common.seconds(loaded, warmed),
            "classify_s": common.seconds(warmed, classified),
            "total_s": common.seconds(STARTED, time.monotonic()),
            "first_result_s": first_result_s,
            "batch_size": args.batch_size,
            "sort_by_length": args.sort_by_length,
            "threads": {
                "ort_intra_op": args.intra_op_threads or "ONNX Runtime's default",
                "ort_inter_op": 1,
                "tokenizers_encode_batch": "Rayon pool, one per logical core",
            },
            "providers": classifier.session.get_providers(),
            "padded_work": common.padded_work(lengths_in_run_order, args.batch_size),
            "labels": {label: labels.count(label) for label in sorted(set(labels))},
        }
    )


if __name__ == "__main__":
    sys.exit(common.run_main(main))
