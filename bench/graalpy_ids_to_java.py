"""The Python side of bench/GraalPyIdsToJava.java, loaded into polybridge's own context: tokenizes the first 1000
reviews with the pipeline's tokenizer, sorts them by length, and times handing each batch of 8's token ids to a Java
host, two ways."""

import csv
import time

from polybridge_sentiment.tokenizer import BertTokenizer

_batches = []


def prepare(model_dir, csv_path):
    """Tokenizes and batches the reviews; returns the number of batches."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        column = next(reader).index("description")
        texts = [row[column] for _, row in zip(range(1000), reader, strict=False)]
    tokenizer = BertTokenizer.from_model_dir(model_dir)
    ids = sorted((tokenizer.encode(text)[0] for text in texts), key=len)
    _batches[:] = [ids[start : start + 8] for start in range(0, len(ids), 8)]
    return len(_batches)


def filled(host):
    """Milliseconds to fill zeroed host long[]s element by element, as the pipeline did before 2026-12-07."""
    started = time.perf_counter()
    for rows in _batches:
        batch, seq_len = len(rows), max(map(len, rows))
        ids, mask = host.newLongArray(batch * seq_len), host.newLongArray(batch * seq_len)
        for r, row in enumerate(rows):
            offset = r * seq_len
            for i, token_id in enumerate(row):
                ids[offset + i] = token_id
                mask[offset + i] = 1
        host.filled(ids, mask, batch, seq_len)
    return (time.perf_counter() - started) * 1000


def handed_over(host):
    """Milliseconds to hand the lists over whole, converted to long[][] by the bridge, as the pipeline does now."""
    started = time.perf_counter()
    for rows in _batches:
        host.handedOver(rows, 0)
    return (time.perf_counter() - started) * 1000
