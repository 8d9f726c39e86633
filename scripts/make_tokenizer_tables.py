"""Generates src/main/python/polybridge_sentiment/_unicode_tables.py from Hugging Face `tokenizers`.

The pure-Python tokenizer must give the ids of the Rust BertNormalizer + BertPreTokenizer, whose Unicode
data (old `unicode_categories` and `unicode-normalization-alignments` crates, Rust std) differ from any
Python `unicodedata`. So the tables are read off `tokenizers` itself, one code point at a time:

    python scripts/make_tokenizer_tables.py [--tokenizer ../shared/models/.../tokenizer.json]

Per code point c, G(c) is what normalization + punctuation isolation make of c alone:
'' (removed), ' c ' (CJK ideograph or punctuation), or another string (lower case, accents stripped).
The only effect across characters is NFD's canonical reordering of combining marks, which changes the
output only when two kept marks of different combining class meet; the tables carry what that needs.
"""

import argparse
import sys
import unicodedata
from pathlib import Path

import tokenizers
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src/main/python/polybridge_sentiment/_unicode_tables.py"
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
STEM, AUGMENTATION_DOT = "\U0001d165", "\U0001d16d"  # kept marks, combining classes 216 < 226


def code_points():
    return (cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def ranges(cps):
    out, start, prev = [], None, None
    for cp in sorted(cps):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            out += [start, prev + 1]
            start = prev = cp
    if start is not None:
        out += [start, prev + 1]
    return out


def wrapped(items, width=110):
    lines, line = [], "   "
    for item in items:
        if len(line) + 1 + len(item) > width:
            lines.append(line)
            line = "   "
        line += " " + item
    return lines + [line] if line.strip() else lines


def hangul(cp):
    s = cp - HANGUL_FIRST
    lead, vowel, trail = 0x1100 + s // 588, 0x1161 + (s % 588) // 28, 0x11A7 + s % 28
    return chr(lead) + chr(vowel) + (chr(trail) if trail != 0x11A7 else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tokenizer",
        default=str(REPO / "../shared/models/distilbert-base-uncased-finetuned-sst-2-english/tokenizer.json"),
    )
    args = parser.parse_args()
    tok = Tokenizer.from_file(args.tokenizer)
    normalize, pre_tokenize = tok.normalizer.normalize_str, tok.pre_tokenizer.pre_tokenize_str

    normalized = {cp: normalize(chr(cp)) for cp in code_points()}
    out_chars = set("".join(normalized.values()))
    pieces = {x: len(pre_tokenize("a" + x + "a")) for x in out_chars}
    assert {x for x, n in pieces.items() if n == 2} == {" "}, "only ' ' may remain as whitespace"
    assert not any(x.isspace() for x in out_chars if x != " "), "str.split() must split on ' ' only"
    punct = {x for x, n in pieces.items() if n == 3}
    g = {cp: "".join(f" {x} " if x in punct else x for x in s) for cp, s in normalized.items()}

    removed = {cp for cp, s in g.items() if s == ""}
    spaced = {cp for cp, s in g.items() if s == f" {chr(cp)} "}
    mapped = {
        cp: s
        for cp, s in g.items()
        if s != chr(cp) and cp not in removed and cp not in spaced and not HANGUL_FIRST <= cp <= HANGUL_LAST
    }
    assert all(g[cp] == hangul(cp) for cp in range(HANGUL_FIRST, HANGUL_LAST + 1))

    # Kept combining marks and the class the normalizer sorts them by (0 where its tables do not know them).
    def reorders(first, second):
        return normalize("a" + first + second) == "a" + second + first

    assert reorders(AUGMENTATION_DOT, STEM)
    mark_ccc = {}
    for x in sorted(out_chars):
        ccc = unicodedata.combining(x)
        if ccc and (reorders(AUGMENTATION_DOT, x) if ccc < 226 else reorders(x, STEM)):
            mark_ccc[x] = ccc
    marks = sorted(mark_ccc)
    for a in marks:
        for b in marks:
            assert a == b or reorders(a, b) == (mark_ccc[b] < mark_ccc[a]), (hex(ord(a)), hex(ord(b)))
    assert not any(x in punct for x in marks)
    # Removed characters that still end a run of marks (non-spacing marks of class 0, dropped after NFD).
    breakers = {
        cp for cp in removed if normalize("a" + AUGMENTATION_DOT + chr(cp) + STEM) != "a" + STEM + AUGMENTATION_DOT
    }

    lines = [
        f'"""BERT uncased normalization tables read off Hugging Face tokenizers {tokenizers.__version__} by',
        "scripts/make_tokenizer_tables.py (BertNormalizer + BertPreTokenizer, one code point at a time). Do not edit.",
        "",
        "Ranges are flattened half-open pairs: start0, stop0, start1, stop1, ... (a code point is inside when",
        "bisect_right(ranges, cp) is odd).",
        '"""',
        f'TOKENIZERS_VERSION = "{tokenizers.__version__}"',
        "# Code points that normalization removes.",
        "REMOVED_RANGES = (",
        *wrapped(f"{n}," for n in ranges(removed)),
        ")",
        "# Code points that become ' c ' (CJK ideographs, punctuation).",
        "SPACED_RANGES = (",
        *wrapped(f"{n}," for n in ranges(spaced)),
        ")",
        "# Other code points that change (lower case, accents stripped, compatibility ideographs); Hangul",
        "# syllables decompose algorithmically and are not listed.",
        "MAPPED = {",
        *wrapped(f"{cp}: {s!r}," for cp, s in sorted(mapped.items())),
        "}",
        "# Kept combining marks -> canonical combining class used for NFD reordering.",
        "MARK_CCC = {",
        *wrapped(f"{ord(x)}: {c}," for x, c in sorted(mark_ccc.items())),
        "}",
        "# Removed code points that still end a run of combining marks.",
        "RUN_BREAKER_RANGES = (",
        *wrapped(f"{n}," for n in ranges(breakers)),
        ")",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(
        f"{OUT.relative_to(REPO)}: {len(removed)} removed, {len(spaced)} spaced, {len(mapped)} mapped, "
        f"{len(mark_ccc)} reordering marks, {len(breakers)} run breakers; {OUT.stat().st_size} bytes"
    )

    sys.path.insert(0, str(OUT.parent.parent))
    from polybridge_sentiment import tokenizer as ours

    bad = [cp for cp in code_points() if ours.normalize_char(cp) != g[cp]]
    assert not bad, f"table mismatch at {[hex(cp) for cp in bad[:20]]}"
    print("verified: every code point maps as in tokenizers")


if __name__ == "__main__":
    main()
