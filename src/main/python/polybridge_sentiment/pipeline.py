"""Text classification as `transformers.pipeline("text-classification")` does it for DistilBERT SST-2:
tokenize (truncating to the model's maximum length), batch with padding to the longest sequence of each
batch, run the model, softmax, top-1 label from config.json's id2label.

The model itself runs in a host `engine` (in production a Java object over ONNX Runtime) with:
    engine.run(rows, pad_id) -> len(rows) * num_labels logits, row-major
    engine.runMaxRows() -> the most rows the engine pads together
where rows are the batch's lists of token ids, of different lengths: the engine pads each slice of up to runMaxRows()
rows to its longest with pad_id and masks the padding.
"""

import math
import time

from .tokenizer import BertTokenizer, model_file, read_json

# Encodings token_counts keeps for the classification of the same texts: two of classify's largest usual
# windows (4 x batch 64 x 16 workers). Past it they are all dropped, and those texts are simply encoded again.
_KEPT_ENCODINGS_LIMIT = 8192


class TextClassificationPipeline:
    def __init__(self, model_dir, engine, batch_size=32, sort_by_length=True, tokenizer=None, model_config=None):
        """`model_config` is the folder's config.json when the host has parsed it already."""
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        config_path = model_file(model_dir, "config.json")
        id2label = (read_json(config_path) if model_config is None else model_config).get("id2label")
        if not id2label or sorted(id2label) != sorted(str(i) for i in range(len(id2label))):
            raise ValueError(f"{config_path}: id2label must map 0..n-1 to labels, got {id2label!r}")
        self.labels = [id2label[str(i)] for i in range(len(id2label))]
        self.tokenizer = tokenizer or BertTokenizer.from_model_dir(model_dir)
        self.engine = engine
        self._rows_per_run = engine.runMaxRows()
        self.batch_size = batch_size
        self.sort_by_length = sort_by_length
        self.stats = {
            "calls": 0,
            "texts": 0,
            "sequences": 0,
            "tokens": 0,
            "padded_tokens": 0,
            "token_squares": 0,
            "padded_token_squares": 0,
            "tokenize_s": 0.0,
            "engine_s": 0.0,
        }
        # text -> (ids, truncated). Single dict operations, which the GIL makes atomic, and no threading.Lock:
        # with the threading module imported, closing the context waited forever on the Java entry threads.
        self._kept = {}

    def token_counts(self, texts):
        """Tokens per text after truncation, [CLS] and [SEP] included (0 for an invalid text). The encodings are
        kept until a call classifies the same text, so sorting by length does not tokenize every text twice."""
        started = time.perf_counter()
        counts = []
        for text in texts:
            kept = self._kept.get(text) if isinstance(text, str) else None
            if kept is not None:
                counts.append(len(kept[0]))
                continue
            ids, truncated, error = _encode_or_error(self.tokenizer.encode, text)
            if error is not None:
                counts.append(0)
                continue
            counts.append(len(ids))
            if len(self._kept) >= _KEPT_ENCODINGS_LIMIT:
                self._kept.clear()
            self._kept[text] = (ids, truncated)
        self.stats["tokenize_s"] += time.perf_counter() - started
        return counts

    def _encode(self, text):
        kept = self._kept.pop(text, None)
        return kept if kept is not None else self.tokenizer.encode(text)

    def __call__(self, texts, return_logits=False):
        """Per input, in input order: {"label", "score"} (+ "truncated": True when cut to the maximum
        length, + "logits" when asked), or {"error", "index"} for an input that is not a valid string."""
        results, encoded = [], []  # encoded: (index, ids, truncated)
        started = time.perf_counter()
        for index, text in enumerate(texts):
            ids, truncated, error = _encode_or_error(self._encode, text)
            if error is None:
                encoded.append((index, ids, truncated))
            results.append({"error": _item_error(index, text, error), "index": index} if error else None)
        self.stats["tokenize_s"] += time.perf_counter() - started
        self.stats["calls"] += 1
        self.stats["texts"] += len(texts)
        order = sorted(encoded, key=lambda e: len(e[1]), reverse=True) if self.sort_by_length else encoded
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            for (index, _, truncated), logits in zip(batch, self._run([ids for _, ids, _ in batch]), strict=False):
                results[index] = self._result(logits, truncated, return_logits)
        return results

    def _result(self, logits, truncated, return_logits):
        scores = _softmax(logits)
        best = max(range(len(scores)), key=scores.__getitem__)  # the first of equal scores, as numpy argmax
        result = {"label": self.labels[best], "score": scores[best]}
        if truncated:
            result["truncated"] = True
        if return_logits:
            result["logits"] = logits
        return result

    def _run(self, rows):
        """Logits (one list of floats per row) of a batch, which the engine pads slice by slice."""
        batch = len(rows)
        # Squared lengths drive attention's cost (bench/python/flops.py).
        self.stats["sequences"] += batch
        self.stats["tokens"] += sum(map(len, rows))
        self.stats["token_squares"] += sum(len(ids) * len(ids) for ids in rows)
        for start in range(0, batch, self._rows_per_run):
            run = rows[start : start + self._rows_per_run]
            seq_len = max(map(len, run))
            self.stats["padded_tokens"] += len(run) * seq_len
            self.stats["padded_token_squares"] += len(run) * seq_len * seq_len
        started = time.perf_counter()
        flat = self.engine.run(rows, self.tokenizer.pad_id)
        self.stats["engine_s"] += time.perf_counter() - started
        n = len(self.labels)
        if len(flat) != batch * n:
            raise RuntimeError(f"engine.run returned {len(flat)} logits for batch {batch} x {n} labels")
        flat = [float(x) for x in flat]
        return [flat[r * n : (r + 1) * n] for r in range(batch)]


def _type_name(value):
    name = type(value).__name__
    return "NoneType" if name == "ForeignNone" else name  # GraalPy's type of a Java null


def _softmax(logits):
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


# The module API the Java side calls: one pipeline per configure() call, found again by its key.
# Pipelines of one model folder share its tokenizer (vocabulary and word cache).
_pipelines = {}
_tokenizers = {}


def load_tokenizer(model_dir, tokenizer_config=None):
    """Reads the model folder's vocabulary, once for every pipeline on it. The Java host calls it while the ONNX Runtime
    session is being created, so configure finds it ready."""
    _tokenizer(model_dir, tokenizer_config)


def _tokenizer(model_dir, tokenizer_config):
    tokenizer = _tokenizers.get(model_dir)
    if tokenizer is None:
        tokenizer = _tokenizers[model_dir] = BertTokenizer.from_model_dir(model_dir, tokenizer_config)
    return tokenizer


def configure(model_dir, engine, batch_size=32, sort_by_length=True, model_config=None, tokenizer_config=None):
    """Creates a pipeline for the model folder over `engine`; returns its key for process_batch and logits. The Java
    host passes config.json and tokenizer_config.json parsed, so the context never imports json."""
    tokenizer = _tokenizer(model_dir, tokenizer_config)
    pipeline = TextClassificationPipeline(model_dir, engine, batch_size, sort_by_length, tokenizer, model_config)
    key = f"{model_dir}#{len(_pipelines) + 1}"
    _pipelines[key] = pipeline
    return key


def describe(model_key):
    """Labels, maximum length, vocabulary size and batching of a configured pipeline."""
    p = _pipeline(model_key)
    return {
        "labels": list(p.labels),
        "max_length": p.tokenizer.max_length,
        "vocab_size": len(p.tokenizer.vocab),
        "batch_size": p.batch_size,
        "sort_by_length": p.sort_by_length,
    }


def statistics(model_key):
    """Work done so far: calls, texts, sequences, real and padded tokens and their squares, seconds tokenizing and
    inside engine.run; and kept_encodings, the encodings token_counts holds for texts not classified yet."""
    p = _pipeline(model_key)
    return dict(p.stats, kept_encodings=len(p._kept))


def _encode_or_error(encode, text):
    """(ids, truncated, None) for a text the tokenizer takes; (None, False, reason) for a non-string or one it refuses."""
    if not isinstance(text, str):
        return None, False, f"expected str, got {_type_name(text)}"
    try:
        ids, truncated = encode(text)
        return ids, truncated, None
    except ValueError as e:
        return None, False, str(e)


def _item_error(index, text, error):
    """A non-string is named by its position in the call; a text the tokenizer refuses is not, since its position in
    one engine batch means nothing to the caller, who names the text by its own position."""
    return error if isinstance(text, str) else f"item {index}: {error}"


def tokenize(model_key, texts):
    """Token ids per text as the model sees them: {"ids", "truncated"}, or {"error"} for an invalid text."""
    tokenizer = _pipeline(model_key).tokenizer
    out = []
    for index, text in enumerate(texts):
        ids, truncated, error = _encode_or_error(tokenizer.encode, text)
        if error is None:
            out.append({"ids": ids, "truncated": truncated})
        else:
            out.append({"error": _item_error(index, text, error)})
    return out


def token_counts(model_key, texts):
    """Tokens per text as the model sees it (after truncation), to batch texts of similar length; 0 when invalid.
    The pipeline keeps the encodings for the process_batch call that classifies the same texts."""
    return _pipeline(model_key).token_counts(texts)


def process_batch(model_key, texts):
    """Classifies texts; per input, in input order, {"label", "score"[, "truncated": True]} or {"error", "index"}."""
    return _pipeline(model_key)(texts)


def logits(model_key, texts):
    """Raw logits per input (for parity checks); an invalid input raises ValueError naming it."""
    results = _pipeline(model_key)(texts, return_logits=True)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise ValueError("; ".join(errors))
    return [r["logits"] for r in results]


def _pipeline(model_key):
    pipeline = _pipelines.get(model_key)
    if pipeline is None:
        raise KeyError(f"no pipeline {model_key!r}: call configure(model_dir, engine, ...) first")
    return pipeline
