"""The pipeline's engine interface (newLongArray, run) on CPython over ONNX Runtime, for tests and
golden files; in production the engine is the Java host object with the same two methods.

    engine = OrtEngine("models/tiny-distilbert-random/model.onnx")
    pipeline = TextClassificationPipeline("models/tiny-distilbert-random", engine)
"""

import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src/main/python"))


class OrtEngine:
    def __init__(self, model_path, threads=0):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])

    def newLongArray(self, n):  # noqa: N802 (the Java engine's method name)
        return np.zeros(n, dtype=np.int64)

    def run(self, input_ids, attention_mask, batch, seq_len):
        feeds = {
            "input_ids": np.asarray(input_ids, dtype=np.int64).reshape(batch, seq_len),
            "attention_mask": np.asarray(attention_mask, dtype=np.int64).reshape(batch, seq_len),
        }
        (logits,) = self.session.run(["logits"], feeds)
        return logits.reshape(-1).tolist()
