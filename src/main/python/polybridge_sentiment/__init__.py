"""DistilBERT SST-2 text classification in pure Python: tokenizer, batching, softmax, labels.
The model runs in a host engine (see pipeline.py); nothing here needs a native extension."""

from .pipeline import TextClassificationPipeline, configure, describe, logits, process_batch
from .tokenizer import BertTokenizer

__all__ = ["BertTokenizer", "TextClassificationPipeline", "configure", "describe", "logits", "process_batch"]
