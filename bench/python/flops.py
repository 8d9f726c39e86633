"""FLOPs of a DistilBERT sequence classifier, from its config.json and the sequence lengths it ran.

Counted (one multiply-add = 2 FLOPs), per encoder layer:
  * linear layers, per token: Q, K, V and output projections 4*d*d, FFN 2*d*h weights, so
    2 * (4*d*d + 2*d*h) FLOPs per token (d = dim, h = hidden_dim);
  * attention, per sequence of padded length L: scores Q.K^T 2*L*L*d and context P.V 2*L*L*d, so
    4*L*L*d FLOPs (summed over heads, d = heads * head size);
and once per sequence the classification head on [CLS]: pre_classifier 2*d*d + classifier 2*d*labels.
Not counted: embeddings (lookups), biases, LayerNorm, softmax, GELU, dropout: elementwise work that is
well under 1% of the total at these sizes. DistilBERT-base (d 768, h 3072, 6 layers) does 85 MFLOP per
token in its linear layers.

Usage:
  flops.py --config DIR/config.json --seq-len 128 [--batch 32]
      FLOPs per token and per batch of that shape.
  flops.py --config DIR/config.json --summary SUMMARY.json
      SUMMARY.json is the one-line summary a baseline program printed (or '-' for stdin). Uses its
      padded_work (what the forward passes computed, padding included, and the real tokens without
      padding) and classify_s to give total GFLOP and achieved GFLOP/s. Achieved GFLOP/s counts the
      padded work (what the hardware did); useful GFLOP/s counts only real tokens.

Prints JSON.
"""

import argparse
import json
import sys
from pathlib import Path

REQUIRED_KEYS = ("dim", "hidden_dim", "n_layers", "n_heads", "id2label")


def read_config(path):
    try:
        config = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        sys.exit(f"error: cannot read {path}: {e}")
    missing = [key for key in REQUIRED_KEYS if key not in config]
    if missing:
        sys.exit(f"error: {path}: not a DistilBERT config, missing {', '.join(missing)}")
    return config


class DistilBertFlops:
    def __init__(self, config):
        self.d = config["dim"]
        self.h = config["hidden_dim"]
        self.layers = config["n_layers"]
        self.labels = len(config["id2label"])

    def per_token_linear(self):
        return self.layers * 2 * (4 * self.d * self.d + 2 * self.d * self.h)

    def per_sequence_attention(self, length):
        return self.layers * 4 * length * length * self.d

    def per_sequence_head(self):
        return 2 * (self.d * self.d + self.d * self.labels)

    def total(self, sequences, tokens, token_squares):
        """FLOPs of `sequences` sequences holding `tokens` tokens in all and sum of squared lengths `token_squares`."""
        return (
            tokens * self.per_token_linear()
            + self.layers * 4 * self.d * token_squares
            + sequences * self.per_sequence_head()
        )

    def describe(self):
        return {
            "dim": self.d,
            "hidden_dim": self.h,
            "layers": self.layers,
            "labels": self.labels,
            "linear_weights_per_layer": 4 * self.d * self.d + 2 * self.d * self.h,
            "linear_flops_per_token": self.per_token_linear(),
        }


def for_shape(model, length, batch):
    per_batch = model.total(batch, batch * length, batch * length * length)
    return {
        "seq_len": length,
        "batch": batch,
        "attention_flops_per_token": model.per_sequence_attention(length) // length,
        "flops_per_token": per_batch / (batch * length),
        "flops_per_batch": per_batch,
        "gflop_per_batch": per_batch / 1e9,
    }


def for_summary(model, summary):
    try:
        work, classify_s = summary["padded_work"], summary["classify_s"]
        padded = model.total(work["sequences"], work["padded_tokens"], work["padded_token_squares"])
        useful = model.total(work["sequences"], work["real_tokens"], work["real_token_squares"])
    except (KeyError, TypeError) as e:
        sys.exit(f"error: the summary has no usable padded_work/classify_s ({e!r})")
    return {
        "approach": summary.get("approach"),
        "items": summary.get("items"),
        "classify_s": classify_s,
        "padded_work": work,
        "padding_overhead": work["padded_tokens"] / work["real_tokens"] - 1,
        "gflop_computed": padded / 1e9,
        "gflop_useful": useful / 1e9,
        "achieved_gflop_per_s": padded / 1e9 / classify_s,
        "useful_gflop_per_s": useful / 1e9 / classify_s,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="the model's config.json")
    shape = parser.add_mutually_exclusive_group(required=True)
    shape.add_argument("--seq-len", type=int, help="padded sequence length")
    shape.add_argument("--summary", help="a baseline program's JSON summary line, or - for stdin")
    parser.add_argument("--batch", type=int, default=1, help="sequences per batch with --seq-len (default: 1)")
    args = parser.parse_args()
    model = DistilBertFlops(read_config(args.config))
    if args.seq_len is not None:
        if args.seq_len < 1 or args.batch < 1:
            parser.error("--seq-len and --batch must be at least 1")
        result = for_shape(model, args.seq_len, args.batch)
    else:
        text = sys.stdin.read() if args.summary == "-" else Path(args.summary).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            sys.exit(f"error: {args.summary} is empty")
        result = for_summary(model, json.loads(lines[-1]))
    print(json.dumps({"model": model.describe(), **result}))


if __name__ == "__main__":
    main()
