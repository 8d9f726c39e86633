"""BERT uncased WordPiece tokenizer in pure Python (runs in GraalPy: standard library only).

Gives the ids of the Hugging Face `tokenizers` fast tokenizer of bert-base-uncased models
(BertNormalizer with clean_text, handle_chinese_chars, lowercase and accent stripping;
BertPreTokenizer; WordPiece with '##'; [CLS] ... [SEP]; truncation to the model's maximum length).
The Unicode behaviour is not taken from this Python's `unicodedata` but from tables read off
`tokenizers` itself (see _unicode_tables.py), so the result does not depend on the Python it runs on.

Neither `re`, `json` nor `os` is imported at start: GraalPy parses them and what they import (enum, functools, the
regex compiler; abc, stat, posixpath and collections.abc) from source on every start, over a second of the context's
start-up (docs/memory.md).
"""

from bisect import bisect_right

from ._unicode_tables import MAPPED, MARK_CCC, REMOVED_RANGES, RUN_BREAKER_RANGES, SPACED_RANGES

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_CHAR_CACHE_LIMIT = 50_000
_WORD_CACHE_LIMIT = 100_000


def _inside(ranges, cp):
    return bisect_right(ranges, cp) & 1


def normalize_char(cp):
    """What normalization and punctuation splitting make of code point `cp` on its own:
    '' (removed), ' c ' (CJK ideograph or punctuation, split off), or its normalized text."""
    if 0xD800 <= cp <= 0xDFFF:
        raise ValueError(f"lone surrogate U+{cp:04X}")
    if _inside(REMOVED_RANGES, cp):
        return ""
    if _inside(SPACED_RANGES, cp):
        return f" {chr(cp)} "
    mapped = MAPPED.get(cp)
    if mapped is not None:
        return mapped
    if _HANGUL_FIRST <= cp <= _HANGUL_LAST:
        s = cp - _HANGUL_FIRST
        trail = s % 28
        return chr(0x1100 + s // 588) + chr(0x1161 + (s % 588) // 28) + (chr(0x11A7 + trail) if trail else "")
    return chr(cp)


class _CharMap(dict):
    """str.translate table: code point -> normalize_char(code point), filled as characters are seen."""

    def __missing__(self, cp):
        normalized = normalize_char(cp)
        if len(self) < _CHAR_CACHE_LIMIT:
            self[cp] = normalized
        return normalized


_CHAR_MAP = _CharMap()
for _cp in range(128):
    _CHAR_MAP[_cp] = normalize_char(_cp)

# Characters whose normalization leaves a combining mark that NFD may move past its neighbours.
_REORDER_TRIGGERS = frozenset(chr(cp) for cp in MARK_CCC) | frozenset(
    chr(cp) for cp, s in MAPPED.items() if any(ord(x) in MARK_CCC for x in s)
)


def _normalize_with_reordering(text):
    """The slow path for text holding kept combining marks: NFD's canonical ordering (stable sort by
    combining class within each run of marks) applied to what the marks' characters normalize to."""
    out, run = [], []

    def flush():
        if run:
            run.sort(key=lambda mark: mark[0])
            out.extend(x for _, x in run)
            run.clear()

    for ch in text:
        normalized = _CHAR_MAP[ord(ch)]
        if not normalized:
            if _inside(RUN_BREAKER_RANGES, ord(ch)):
                flush()
            continue
        for x in normalized:
            ccc = MARK_CCC.get(ord(x))
            if ccc:
                run.append((ccc, x))
            else:
                flush()
                out.append(x)
    flush()
    return "".join(out)


def normalize(text):
    """Normalized text with punctuation and CJK ideographs set apart by spaces: its words are text.split()."""
    try:
        normalized = text.translate(_CHAR_MAP)
    except ValueError as e:
        position = next(i for i, ch in enumerate(text, start=1) if 0xD800 <= ord(ch) <= 0xDFFF)
        raise ValueError(f"{e} at character {position}: the text is not valid Unicode") from None
    if not text.isascii() and not _REORDER_TRIGGERS.isdisjoint(text):
        normalized = _normalize_with_reordering(text)
    return normalized


def model_file(model_dir, name):
    """The path of file `name` in folder `model_dir` (without os.path: see the module's docstring)."""
    folder = str(model_dir)
    return f"{folder.rstrip('/')}/{name}" if folder else name


def read_json(path):
    """A JSON file, for hosts that do not pass the configuration in (CPython: tests and scripts)."""
    import json

    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for index, line in enumerate(f):
            vocab[line.rstrip("\n")] = index
    return vocab


class BertTokenizer:
    def __init__(
        self,
        vocab,
        *,
        unk_token="[UNK]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        pad_token="[PAD]",
        mask_token="[MASK]",
        max_length=512,
        max_input_chars_per_word=100,
    ):
        missing = [t for t in (unk_token, cls_token, sep_token, pad_token) if t not in vocab]
        if missing:
            raise ValueError(f"vocabulary lacks the special token(s) {', '.join(missing)}")
        if max_length < 2:
            raise ValueError(f"max_length must be at least 2, got {max_length}")
        self.vocab = vocab
        self.max_length = max_length
        self.max_input_chars_per_word = max_input_chars_per_word
        self.unk_id, self.cls_id, self.sep_id, self.pad_id = (
            vocab[t] for t in (unk_token, cls_token, sep_token, pad_token)
        )
        # Special tokens written in the text are matched before normalization, as `tokenizers` does.
        self._special_ids = {
            t: vocab[t] for t in (unk_token, cls_token, sep_token, pad_token, mask_token) if t in vocab
        }
        self._specials_longest_first = sorted(self._special_ids, key=len, reverse=True)
        self._special_initials = frozenset(t[0] for t in self._special_ids)
        self._word_cache = {}

    @classmethod
    def from_model_dir(cls, model_dir, config=None):
        """Reads vocab.txt and tokenizer_config.json of a Hugging Face BERT-uncased model folder; `config` is that
        tokenizer_config.json when the host has parsed it already."""
        config_path = model_file(model_dir, "tokenizer_config.json")
        if config is None:
            config = read_json(config_path)
        unsupported = {
            "do_lower_case": False,
            "tokenize_chinese_chars": False,
            "strip_accents": False,
            "do_basic_tokenize": False,
        }
        for key, bad in unsupported.items():
            if config.get(key) is bad:
                raise ValueError(
                    f"{config_path}: {key}={str(bad).lower()} is not supported (this tokenizer is BERT uncased)"
                )
        if config.get("never_split"):
            raise ValueError(f"{config_path}: never_split is not supported")
        max_length = config.get("model_max_length")
        if not isinstance(max_length, int) or max_length > 1_000_000:
            raise ValueError(f"{config_path}: model_max_length must be a real length, got {max_length!r}")
        specials = {
            k: config[k]
            for k in ("unk_token", "cls_token", "sep_token", "pad_token", "mask_token")
            if isinstance(config.get(k), str)
        }
        return cls(load_vocab(model_file(model_dir, "vocab.txt")), max_length=max_length, **specials)

    def encode(self, text):
        """Token ids of `text` with [CLS] and [SEP], cut to max_length; returns (ids, truncated)."""
        limit = self.max_length - 1  # room left for [SEP]
        ids = [self.cls_id]
        parts = (text,) if self._special_initials.isdisjoint(text) else self._split_specials(text)
        for i, part in enumerate(parts):
            if i & 1:
                ids.append(self._special_ids[part])
            elif part:
                self._add_words(part, ids, limit)
            if len(ids) > limit:
                break
        truncated = len(ids) > limit
        if truncated:
            del ids[limit:]
        ids.append(self.sep_id)
        return ids, truncated

    def _split_specials(self, text):
        """[text, special, text, special, ..., text]: at each position the leftmost special token, the longest one
        when several start there (what re.split with the tokens longest first as alternatives gives)."""
        # Each token's next occurrence is searched for again only once the split has passed it, so a text full of
        # special tokens costs one forward scan per token, not one per occurrence.
        next_at = {token: text.find(token) for token in self._specials_longest_first}
        parts, start = [], 0
        while True:
            found, token = -1, None
            for candidate, at in next_at.items():
                if at != -1 and at < start:
                    at = next_at[candidate] = text.find(candidate, start)
                if at != -1 and (found == -1 or at < found):
                    found, token = at, candidate
            if token is None:
                parts.append(text[start:])
                return parts
            parts += (text[start:found], token)
            start = found + len(token)

    def _add_words(self, text, ids, limit):
        cache = self._word_cache
        for word in normalize(text).split():
            pieces = cache.get(word)
            if pieces is None:
                pieces = self._wordpiece(word)
                if len(cache) < _WORD_CACHE_LIMIT:
                    cache[word] = pieces
            ids += pieces
            if len(ids) > limit:
                return

    def _wordpiece(self, word):
        """Greedy longest-match-first split into vocabulary pieces; (unk,) when impossible or too long."""
        if len(word) > self.max_input_chars_per_word:
            return (self.unk_id,)
        vocab, pieces, start, n = self.vocab, [], 0, len(word)
        while start < n:
            end = n
            while end > start:
                piece_id = vocab.get(word[start:end] if start == 0 else "##" + word[start:end])
                if piece_id is not None:
                    break
                end -= 1
            else:
                return (self.unk_id,)
            pieces.append(piece_id)
            start = end
        return tuple(pieces)
