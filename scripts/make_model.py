"""Prepares models/<name>/: a Hugging Face model folder (config.json, tokenizer files, weights) plus
model.onnx (fp32) and model.int8.onnx (dynamic int8 quantization), each also as model.ort and model.int8.ort
(ONNX Runtime's own format, graph optimized ahead of time: what polybridge's engine maps and loads), and
manifest.json with the sha256 of every file, the source, the seed and the library versions.

    python scripts/make_model.py --name NAME [--from-dir HF_FOLDER] [--shared ../shared] [--out models] [--force]

NAME is one of
  distilbert-base-uncased-finetuned-sst-2-english  the real model: from --from-dir, from ../shared when its
                                                   weights are there, else from the Hugging Face hub
  sst2-minilm-distilbert-v2                        ../shared/models/sst2-minilm-distilbert-v2 (checked against its MODEL_CARD.md)
  distilbert-base-random                           full-size DistilBERT-base with seeded random weights (speed/memory twin)
  tiny-distilbert-random                           2-layer, 32-dim DistilBERT with seeded random weights (fast tests)
or any other name together with --from-dir.

Nothing is rebuilt when manifest.json matches both the recipe and the files on disk.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src/main/python"))

REAL = "distilbert-base-uncased-finetuned-sst-2-english"
HUB_REPO = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
MINILM = "sst2-minilm-distilbert-v2"
BASE_RANDOM = "distilbert-base-random"
TINY_RANDOM = "tiny-distilbert-random"
TOKENIZER_FILES = ["vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]
REQUIRED_FILES = ["config.json", "vocab.txt", "tokenizer_config.json"]
WEIGHT_FILES = ["model.safetensors", "pytorch_model.bin"]
SEED = 0
# Tiny model: with the usual init (0.02) the [CLS] state hardly depends on the text and every text gets
# the same label. Init 0.25 with this seed gives both labels on the golden test texts (about 60/40; no logit
# margin below 4e-3) while ONNX Runtime stays within 4e-6 of torch; larger inits drift further apart.
TINY_CONFIG = {"n_layers": 2, "dim": 32, "n_heads": 2, "hidden_dim": 64, "initializer_range": 0.25}
TINY_SEED = 0
EXPORT = {
    "exporter": "torch.onnx.export(dynamo=True)",
    "inputs": ["input_ids", "attention_mask"],
    "output": "logits",
    "dynamic_axes": ["batch", "sequence"],
}
QUANTIZATION = {
    "method": "onnxruntime.quantization.quantize_dynamic",
    "weight_type": "QInt8",
    "per_channel": True,
    "reduce_range": False,
    "op_types_to_quantize": ["MatMul", "Gemm"],
}
# polybridge's engine loads the ORT-format files: it maps them and ONNX Runtime uses their initializers in place,
# with the graph optimizations done here (ORT_ENABLE_EXTENDED, the highest level whose result is not specific to
# this CPU) instead of at every start (docs/memory.md, "Eighth round"). The ONNX files stay for the Python baselines.
ORT_FORMAT = {
    "method": "onnxruntime.InferenceSession, session.save_model_format=ORT",
    "graph_optimization_level": "ORT_ENABLE_EXTENDED",
    "files": {"model.onnx": "model.ort", "model.int8.onnx": "model.int8.ort"},
}
ONNX_TOLERANCE = 1e-4
CHECK_TEXTS = [
    "",
    "A wonderful, elegant wine with ripe cherry and a long finish.",
    "Flat, thin and sour. I would not buy it again.",
    "Château Lafite — très élégant! 这款葡萄酒非常好喝 😍",
    "ok",
    "berry " * 600,  # truncated to the full 512 positions
]


class ModelError(Exception):
    """A problem the user can fix; printed without a traceback."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def versions():
    import numpy
    import onnx
    import onnxruntime
    import tokenizers
    import torch
    import transformers

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
        "numpy": numpy.__version__,
    }


# ---------------------------------------------------------------- sources


def require_files(folder, names, how_to_get):
    for name in names:
        if not (folder / name).is_file():
            raise ModelError(f"{folder / name} is missing. {how_to_get}")


def weights_file(folder):
    return next((folder / w for w in WEIGHT_FILES if (folder / w).is_file()), None)


def card_checksums(card):
    """sha256 lines ('<hex>  <file>') of a MODEL_CARD.md."""
    return {
        m.group(2): m.group(1) for m in re.finditer(r"^([0-9a-f]{64})\s+(\S+)$", card.read_text(encoding="utf-8"), re.M)
    }


def from_folder(folder, how_to_get, checksums=None):
    """Recipe for copying an existing Hugging Face folder; verifies it first."""
    if not folder.is_dir():
        raise ModelError(f"{folder} does not exist. {how_to_get}")
    require_files(folder, REQUIRED_FILES, how_to_get)
    weights = weights_file(folder)
    if weights is None:
        raise ModelError(f"{folder} has no weights ({' or '.join(WEIGHT_FILES)}). {how_to_get}")
    files = [f for f in ["config.json", *TOKENIZER_FILES, weights.name, "MODEL_CARD.md"] if (folder / f).is_file()]
    hashes = {f: sha256(folder / f) for f in files}
    for name, expected in (checksums or {}).items():
        if name not in hashes:
            raise ModelError(f"{folder / name} is missing. {how_to_get}")
        if hashes[name] != expected:
            raise ModelError(
                f"{folder / name} is corrupt: sha256 {hashes[name]}, expected {expected} "
                f"(from {folder / 'MODEL_CARD.md'}). {how_to_get}"
            )
    return {"kind": "folder", "path": str(folder), "files": hashes}


def hub_unreachable_reason():
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        return "HF_HUB_OFFLINE is set"
    endpoint = urlparse(constants.ENDPOINT)
    try:
        socket.create_connection((endpoint.hostname, endpoint.port or 443), timeout=5).close()
        return None
    except OSError as e:
        return f"cannot connect to {endpoint.hostname}: {e}"


def from_hub(shared_real):
    how_to_get = (
        f"On a machine with internet run\n"
        f"  hf download {HUB_REPO} config.json model.safetensors {' '.join(TOKENIZER_FILES)} --local-dir DIR\n"
        f"copy DIR here and run\n"
        f"  make model MODEL={REAL} MODEL_DIR=DIR"
    )
    reason = hub_unreachable_reason()
    if reason:
        raise ModelError(
            f"the weights of {REAL} (model.safetensors) are not in {shared_real} and the Hugging Face hub "
            f"is unreachable ({reason}).\n{how_to_get}"
        )
    from huggingface_hub import snapshot_download

    folder = Path(
        snapshot_download(
            HUB_REPO, allow_patterns=["config.json", "model.safetensors", *TOKENIZER_FILES], etag_timeout=10
        )
    )
    recipe = from_folder(folder, how_to_get)
    recipe["hub_repo"] = HUB_REPO
    return recipe


def random_recipe(shared_real, overrides, seed):
    how_to_get = f"It ships with the checkout's shared/ folder (see {shared_real.parent.parent / 'README.md'})."
    require_files(shared_real, REQUIRED_FILES, how_to_get)
    files = [f for f in ["config.json", *TOKENIZER_FILES] if (shared_real / f).is_file()]
    return {
        "kind": "random",
        "config_from": str(shared_real),
        "overrides": overrides,
        "seed": seed,
        "files": {f: sha256(shared_real / f) for f in files},
    }


def plan(name, from_dir, shared):
    shared_real = shared / "models" / REAL
    if from_dir:
        return from_folder(from_dir, "Give --from-dir (MODEL_DIR) a Hugging Face model folder.")
    if name == MINILM:
        folder = shared / "models" / MINILM
        card = folder / "MODEL_CARD.md"
        how_to_get = f"It ships with the checkout's shared/ folder (see {shared / 'README.md'})."
        require_files(folder, ["MODEL_CARD.md"], how_to_get)
        return from_folder(folder, how_to_get, card_checksums(card))
    if name == REAL:
        if weights_file(shared_real):
            return from_folder(shared_real, f"See {shared / 'README.md'}.")
        return from_hub(shared_real)
    if name == BASE_RANDOM:
        return random_recipe(shared_real, {}, SEED)
    if name == TINY_RANDOM:
        return random_recipe(shared_real, TINY_CONFIG, TINY_SEED)
    raise ModelError(
        f"unknown model {name!r}: use {REAL}, {MINILM}, {BASE_RANDOM}, {TINY_RANDOM}, or any name with --from-dir"
    )


# ---------------------------------------------------------------- build


def build_hf_folder(recipe, target):
    """Writes the Hugging Face folder (config, tokenizer, weights) into target; returns the torch model."""
    import torch
    from transformers import AutoConfig, AutoModelForSequenceClassification

    if recipe["kind"] == "folder":
        source = Path(recipe["path"])
        for f in recipe["files"]:
            shutil.copyfile(source / f, target / f)
        try:
            return AutoModelForSequenceClassification.from_pretrained(target).eval()
        except Exception as e:  # whatever the loader says about a truncated or foreign file
            raise ModelError(f"cannot load the model in {source}: {type(e).__name__}: {e}") from None
    source = Path(recipe["config_from"])
    config = AutoConfig.from_pretrained(source)
    config.update(recipe["overrides"])
    torch.manual_seed(recipe["seed"])
    model = AutoModelForSequenceClassification.from_config(config).eval()
    model.save_pretrained(target)
    for f in TOKENIZER_FILES:
        if (source / f).is_file():
            shutil.copyfile(source / f, target / f)
    return model


def check_batches(folder):
    """Padded and unpadded batches of CHECK_TEXTS, tokenized by Hugging Face tokenizers."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    batches = [tokenizer(CHECK_TEXTS, padding=True, truncation=True, return_tensors="np")]
    batches += [tokenizer([t], truncation=True, return_tensors="np") for t in CHECK_TEXTS[1:3]]
    return [
        {"input_ids": b["input_ids"].astype("int64"), "attention_mask": b["attention_mask"].astype("int64")}
        for b in batches
    ]


def export_onnx(model, path, max_positions):
    import logging
    import warnings

    import torch

    ids = torch.tensor([[101, 2023, 2003, 1037, 2204, 4511, 999, 102], [101, 2919, 102, 0, 0, 0, 0, 0]])
    mask = (ids != 0).long()
    batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence", max=max_positions)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)  # the exporter's notes about optional torchvision ops
        try:
            torch.onnx.export(
                model,
                (ids, mask),
                str(path),
                input_names=["input_ids", "attention_mask"],
                output_names=["logits"],
                dynamo=True,
                external_data=False,
                verbose=False,
                dynamic_shapes={"input_ids": {0: batch, 1: sequence}, "attention_mask": {0: batch, 1: sequence}},
            )
        finally:
            logging.disable(logging.NOTSET)


def onnx_logits(path, batches):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return [session.run(["logits"], b)[0] for b in batches]


def verify_onnx(model, path, batches):
    import numpy as np
    import torch

    with torch.no_grad():
        expected = [
            model(
                input_ids=torch.from_numpy(b["input_ids"]), attention_mask=torch.from_numpy(b["attention_mask"])
            ).logits.numpy()
            for b in batches
        ]
    got = onnx_logits(path, batches)
    diff = max(float(np.abs(e - g).max()) for e, g in zip(expected, got, strict=False))
    if diff > ONNX_TOLERANCE:
        raise ModelError(f"{path}: ONNX logits differ from torch by {diff:.3g} (> {ONNX_TOLERANCE})")
    return diff, expected


def quantize(fp32, int8):
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(fp32)
    del model.graph.value_info[:]  # the exporter's recorded shapes trip the quantizer's shape inference
    unshaped = int8.with_name("unshaped.onnx")
    onnx.save(model, unshaped)
    logging.getLogger().setLevel(logging.ERROR)  # its advice to run shape pre-processing, which fails on this graph
    quantize_dynamic(
        str(unshaped),
        str(int8),
        weight_type=QuantType[QUANTIZATION["weight_type"]],
        per_channel=QUANTIZATION["per_channel"],
        reduce_range=QUANTIZATION["reduce_range"],
        op_types_to_quantize=QUANTIZATION["op_types_to_quantize"],
    )
    unshaped.unlink()


def to_ort_format(onnx_file, ort_file):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = getattr(ort.GraphOptimizationLevel, ORT_FORMAT["graph_optimization_level"])
    options.optimized_model_filepath = str(ort_file)
    options.add_session_config_entry("session.save_model_format", "ORT")
    ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])


def label_split(model, folder, texts):
    """How many of texts each label gets (the tiny model must not give one label to everything)."""
    import torch
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    with torch.no_grad():
        enc = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
        labels = model(**enc).logits.argmax(-1).tolist()
    return [labels.count(i) for i in range(model.config.num_labels)]


def tiny_label_texts(shared):
    import csv

    with open(shared / "data" / "wine-reviews-10k.csv", encoding="utf-8", newline="") as f:
        wine = [row["description"] for _, row in zip(range(200), csv.DictReader(f), strict=False)]
    with open(shared / "data" / "sst2-dev.tsv", encoding="utf-8") as f:
        sst2 = [line.split("\t")[0] for line in f.read().splitlines()[1:101]]
    return wine + sst2


# ---------------------------------------------------------------- manifest


def up_to_date(folder, recipe):
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("recipe") != recipe:
        return False
    files = manifest.get("files", {})
    return all((folder / f).is_file() and sha256(folder / f) == h for f, h in files.items()) and bool(files)


def make(name, recipe, out, shared):
    target = out / name
    work = out / f".{name}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        manifest = build(name, recipe, work, shared)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    return manifest


def build(name, recipe, work, shared):
    """Fills work with the Hugging Face folder, the ONNX files and manifest.json."""
    timings, checks = {}, {}
    started = time.perf_counter()
    model = build_hf_folder(recipe["source"], work)
    timings["hf_folder_s"] = round(time.perf_counter() - started, 2)

    from polybridge_sentiment.tokenizer import BertTokenizer

    try:
        BertTokenizer.from_model_dir(str(work))
    except (OSError, ValueError) as e:
        raise ModelError(f"the polybridge tokenizer cannot use this model's tokenizer: {e}") from None
    if name == TINY_RANDOM:
        split = label_split(model, work, tiny_label_texts(shared))
        checks["label_split_on_test_texts"] = split
        if min(split) < sum(split) // 10:
            raise ModelError(f"{name}: degenerate labels {split} on the test texts; change TINY_SEED/TINY_CONFIG")

    t = time.perf_counter()
    export_onnx(model, work / "model.onnx", model.config.max_position_embeddings)
    timings["export_s"] = round(time.perf_counter() - t, 2)
    batches = check_batches(work)
    checks["onnx_vs_torch_max_abs_diff"], expected = verify_onnx(model, work / "model.onnx", batches)

    t = time.perf_counter()
    quantize(work / "model.onnx", work / "model.int8.onnx")
    timings["quantize_s"] = round(time.perf_counter() - t, 2)
    int8 = onnx_logits(work / "model.int8.onnx", batches)
    import numpy as np

    checks["int8_vs_torch_max_abs_diff"] = float(max(np.abs(e - g).max() for e, g in zip(expected, int8, strict=False)))
    checks["int8_label_agreement_on_check_texts"] = float(
        np.mean(np.concatenate([e.argmax(-1) == g.argmax(-1) for e, g in zip(expected, int8, strict=False)]))
    )

    t = time.perf_counter()
    for onnx_name, ort_name in ORT_FORMAT["files"].items():
        to_ort_format(work / onnx_name, work / ort_name)
        expected_logits = onnx_logits(work / onnx_name, batches)
        got = onnx_logits(work / ort_name, batches)
        diff = float(max(np.abs(e - g).max() for e, g in zip(expected_logits, got, strict=False)))
        if diff > ONNX_TOLERANCE:
            raise ModelError(f"{ort_name}: logits differ from {onnx_name}'s by {diff:.3g} (> {ONNX_TOLERANCE})")
        checks[f"{ort_name}_vs_{onnx_name}_max_abs_diff"] = diff
    timings["ort_format_s"] = round(time.perf_counter() - t, 2)
    timings["total_s"] = round(time.perf_counter() - started, 2)

    files = sorted(p.name for p in work.iterdir() if p.is_file())
    manifest = {
        "name": name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "recipe": recipe,
        "versions": versions(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "timings": timings,
        "checks": checks,
        "files": {f: sha256(work / f) for f in files},
        "sizes": {f: (work / f).stat().st_size for f in files},
    }
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument("--name", required=True)
    parser.add_argument("--from-dir", type=Path, help="an existing Hugging Face model folder")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("POLYBRIDGE_SHARED", REPO / "../shared")))
    parser.add_argument("--out", type=Path, default=REPO / "models")
    parser.add_argument("--force", action="store_true", help="rebuild even when the manifest matches")
    args = parser.parse_args()
    try:
        recipe = {
            "source": plan(args.name, args.from_dir, args.shared),
            "export": EXPORT,
            "quantization": QUANTIZATION,
            "ort_format": ORT_FORMAT,
        }
        target = args.out / args.name
        if not args.force and up_to_date(target, recipe):
            print(f"{target} is up to date (manifest.json matches)")
            return 0
        print(f"building {target} ...", flush=True)
        manifest = make(args.name, recipe, args.out, args.shared)
    except ModelError as e:
        print(f"make_model: {args.name}: {e}", file=sys.stderr)
        return 2
    sizes = ", ".join(f"{f} {s / 1e6:.1f} MB" for f, s in manifest["sizes"].items() if f.endswith((".onnx", ".ort")))
    print(
        f"{target}: {manifest['parameters'] / 1e6:.1f}M parameters; {sizes}; timings {manifest['timings']}; "
        f"checks {manifest['checks']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
