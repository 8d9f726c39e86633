"""Unit tests of the pure-Python pipeline with a fake engine (standard library only: CPython or GraalPy).

python -m unittest discover -s src/test/python
"""

import os
import sys
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "src/main/python"))

from polybridge_sentiment import pipeline as module  # noqa: E402
from polybridge_sentiment.pipeline import TextClassificationPipeline  # noqa: E402
from polybridge_sentiment.tokenizer import BertTokenizer  # noqa: E402

MODEL_DIR = (
    Path(os.environ.get("POLYBRIDGE_SHARED", REPO / "../shared"))
    / "models/distilbert-base-uncased-finetuned-sst-2-english"
)


class FakeEngine:
    """Logits [-n, n] where n is the number of real tokens: long texts are POSITIVE, [CLS][SEP] is NEGATIVE-ish."""

    def __init__(self, run_max_rows=8):
        self.calls = []
        self.run_max_rows = run_max_rows

    def runMaxRows(self):  # named as the Java engine names it
        return self.run_max_rows

    def run(self, rows, pad_id):
        self.calls.append(([list(ids) for ids in rows], pad_id))
        logits = []
        for ids in rows:
            n = len(ids) - 2.5
            logits += [-n, n]
        return logits


class PipelineTest(unittest.TestCase):
    def setUp(self):
        self.engine = FakeEngine()
        self.pipeline = TextClassificationPipeline(str(MODEL_DIR), self.engine, batch_size=2)

    def test_results_come_back_in_input_order_with_softmax_scores(self):
        texts = ["a b c d e", "", "a", "a b c"]
        results = self.pipeline(texts, return_logits=True)
        self.assertEqual([r["logits"][1] for r in results], [4.5, -0.5, 0.5, 2.5])
        self.assertEqual([r["label"] for r in results], ["POSITIVE", "NEGATIVE", "POSITIVE", "POSITIVE"])
        self.assertAlmostEqual(results[1]["score"], 1 / (1 + 2.718281828459045**-1), places=12)

    def test_batches_are_sorted_by_length_and_handed_over_with_the_pad_id(self):
        self.pipeline(["a b c d e", "", "a", "a b c"])
        self.assertEqual([[len(ids) for ids in rows] for rows, _ in self.engine.calls], [[7, 5], [3, 2]])
        self.assertEqual(self.engine.calls[1], ([[101, 1037, 102], [101, 102]], 0))
        self.assertEqual(self.pipeline.stats["padded_tokens"], 7 * 2 + 3 * 2)

    def test_padding_is_counted_per_slice_the_engine_pads_together(self):
        pipeline = TextClassificationPipeline(str(MODEL_DIR), FakeEngine(run_max_rows=3), batch_size=4)
        pipeline(["a b c d e", "", "a", "a b c"])
        # One call of 7, 5, 3 and 2 tokens: slices [7, 5, 3] and [2], not one batch padded to 7.
        self.assertEqual(pipeline.stats["padded_tokens"], 3 * 7 + 2)
        self.assertEqual(pipeline.stats["tokens"], 7 + 5 + 3 + 2)

    def test_unsorted_batches_keep_input_order(self):
        self.pipeline.sort_by_length = False
        self.pipeline(["a b c d e", "", "a"])
        self.assertEqual([[len(ids) for ids in rows] for rows, _ in self.engine.calls], [[7, 2], [3]])

    def test_invalid_items_get_an_error_and_the_rest_is_classified(self):
        results = self.pipeline(["good", None, 3, "bad \ud800 text", "fine"])
        self.assertEqual(results[1], {"error": "item 1: expected str, got NoneType", "index": 1})
        self.assertEqual(results[2], {"error": "item 2: expected str, got int", "index": 2})
        self.assertEqual(results[3]["index"], 3)
        self.assertEqual(results[3]["error"], "lone surrogate U+D800 at character 5: the text is not valid Unicode")
        self.assertEqual({results[0]["label"], results[4]["label"]}, {"POSITIVE"})

    def test_too_long_texts_are_truncated_and_flagged(self):
        short, long = self.pipeline(["wine " * 510, "wine " * 511], return_logits=True)
        self.assertNotIn("truncated", short)
        self.assertTrue(long["truncated"])
        self.assertEqual(long["logits"][1], 509.5)

    def test_an_engine_returning_the_wrong_number_of_logits_is_reported(self):
        self.engine.run = lambda *args: [0.0]
        with self.assertRaisesRegex(RuntimeError, "engine.run returned 1 logits for batch 1 x 2 labels"):
            self.pipeline(["x"])

    def test_module_api(self):
        key = module.configure(str(MODEL_DIR), FakeEngine(), batch_size=8)
        other = module.configure(str(MODEL_DIR), FakeEngine(), 4, False)
        self.assertNotEqual(key, other)
        self.assertEqual(
            module.describe(key),
            {
                "labels": ["NEGATIVE", "POSITIVE"],
                "max_length": 512,
                "vocab_size": 30522,
                "batch_size": 8,
                "sort_by_length": True,
            },
        )
        self.assertIs(module._pipelines[key].tokenizer, module._pipelines[other].tokenizer)
        self.assertEqual(module.process_batch(key, ["nice"])[0]["label"], "POSITIVE")
        self.assertEqual(module.process_batch(other, []), [])
        self.assertEqual(module.logits(key, ["a", ""]), [[-0.5, 0.5], [0.5, -0.5]])
        with self.assertRaisesRegex(ValueError, "item 1: expected str, got NoneType"):
            module.logits(key, ["a", None])
        with self.assertRaisesRegex(KeyError, "no pipeline 'nope': call configure"):
            module.process_batch("nope", ["a"])

    def test_bad_batch_size_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "batch_size must be a positive integer, got 0"):
            TextClassificationPipeline(str(MODEL_DIR), FakeEngine(), batch_size=0)


class TokenizerTest(unittest.TestCase):
    tokenizer = BertTokenizer.from_model_dir(str(MODEL_DIR))

    def test_special_tokens_in_text_are_matched_case_sensitively(self):
        ids, _ = self.tokenizer.encode("a [MASK] [mask]")
        self.assertEqual(ids, [101, 1037, 103, 1031, 7308, 1033, 102])

    def test_special_tokens_split_as_a_regex_alternation_longest_first_would(self):
        import re

        specials = sorted(self.tokenizer._special_ids, key=len, reverse=True)
        pattern = re.compile("(" + "|".join(re.escape(t) for t in specials) + ")")
        for text in [
            "[CLS]",
            "[CLS][SEP]",
            "a[SEP]b [PAD]c[MASK]",
            "[[SEP]]",
            "[SEP",
            "x [UNK] [UNK]",
            "[MASK][MASK]",
            "no specials [ at all ]",
            "é[SEP]ü",
            "[SEP][MASK]" * 1000 + "[PAD",
        ]:
            self.assertEqual(self.tokenizer._split_specials(text), pattern.split(text), text)

    def test_words_longer_than_100_characters_become_unk(self):
        self.assertEqual(self.tokenizer.encode("x" * 101)[0], [101, 100, 102])

    def test_unsupported_tokenizer_configs_are_rejected(self):
        import json
        import shutil
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            shutil.copy(MODEL_DIR / "vocab.txt", d)
            config = json.loads((MODEL_DIR / "tokenizer_config.json").read_text(encoding="utf-8"))
            config["do_lower_case"] = False
            Path(d, "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
            with self.assertRaisesRegex(ValueError, "do_lower_case=false is not supported"):
                BertTokenizer.from_model_dir(d)

    def test_vocabulary_ids_are_line_numbers_whatever_the_line_endings(self):
        import tempfile

        from polybridge_sentiment.tokenizer import load_vocab

        cases = {
            "a\nb\n": {"a": 0, "b": 1},
            "a\r\nb": {"a": 0, "b": 1},
            "a\n\nb\n": {"a": 0, "": 1, "b": 2},
            "x\ny\nx\n": {"x": 2, "y": 1},
            "[UNK]\n##é\n": {"[UNK]": 0, "##é": 1},
            "": {},
        }
        with tempfile.TemporaryDirectory() as d:
            for content, ids in cases.items():
                path = Path(d, "vocab.txt")
                path.write_bytes(content.encode("utf-8"))
                self.assertEqual(load_vocab(str(path)), ids, repr(content))
        self.assertEqual(len(self.tokenizer.vocab), 30522)
        self.assertEqual(self.tokenizer.vocab["[PAD]"], 0)


if __name__ == "__main__":
    unittest.main()
