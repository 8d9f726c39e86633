"""The pipeline's engine interface (run, runMaxRows) on CPython over ONNX Runtime, for tests and golden files; in
production the engine is the Java host object with the same methods.

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

    def runMaxRows(self):  # named as the Java engine names it
        """All rows of a call are padded together."""
        return sys.maxsize

    def run(self, rows, pad_id):
        """Pads the rows of token ids to the longest with pad_id and masks the padding, as the Java engine does."""
        seq_len = max(map(len, rows))
        input_ids = np.full((len(rows), seq_len), pad_id, dtype=np.int64)
        attention_mask = np.zeros((len(rows), seq_len), dtype=np.int64)
        for r, ids in enumerate(rows):
            input_ids[r, : len(ids)] = ids
            attention_mask[r, : len(ids)] = 1
        (logits,) = self.session.run(["logits"], {"input_ids": input_ids, "attention_mask": attention_mask})
        return logits.reshape(-1).tolist()
