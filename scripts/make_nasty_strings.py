"""Writes src/test/resources/nasty-strings.json: hand-picked hard inputs for the tokenizer and the pipeline.

Invisible, control and surrogate characters are written as JSON escapes so the file stays readable.
Entries with "invalid" are not valid Unicode: Hugging Face tokenizers rejects them, the pipeline reports an error.
"""

import json
import random
import unicodedata
from pathlib import Path


def escape(ch):
    if ord(ch) < 128 or unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cn", "Cs", "Zs", "Zl", "Zp"):
        return ch
    if ord(ch) > 0xFFFF:
        high, low = divmod(ord(ch) - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
    return f"\\u{ord(ch):04x}"


rng = random.Random(20261123)
words = [
    "ripe",
    "black",
    "cherry",
    "plum",
    "tannins",
    "oak",
    "vanilla",
    "spice",
    "acidity",
    "finish",
    "crisp",
    "bright",
    "citrus",
    "mineral",
    "earthy",
    "smoky",
    "velvety",
    "lush",
    "jammy",
    "tart",
    "savory",
    "herbal",
    "floral",
    "pepper",
    "leather",
    "tobacco",
    "chocolate",
    "coffee",
    "structured",
    "elegant",
    "balanced",
    "complex",
]
long_text = " ".join(rng.choice(words) + ("," if rng.random() < 0.1 else "") for _ in range(10000))
N = [
    ("empty", ""),
    ("single-space", " "),
    ("whitespace-only", " \t\n\r\u3000\u00a0\u2003\u2028\u2029\u0085\u180e\u200a "),
    ("ascii-sentence", "A fine, balanced wine: 90-92 pts ($25)."),
    ("emoji", "I love this 😍🍷👍🏽 so much!!! 🥰🫠"),
    ("emoji-zwj-flags", "family 👨‍👩‍👧‍👦 flag 🇫🇷🇮🇹 keycap 1️⃣ skin 👋🏿"),
    (
        "accents-precomposed",
        "Château Lafite Rothschild, très élégant; Grüner Veltliner, Señor, crème brûlée, Øresund, Łódź, Ærø",
    ),
    ("accents-decomposed", "Cafe\u0301 vs Café, Cha\u0302teau, n\u0303"),
    ("cjk-chinese", "这款葡萄酒非常好喝，果香浓郁。"),
    ("cjk-japanese", "このワインは美味しいです。ｶﾀｶﾅ"),
    ("hangul", "이 와인은 정말 맛있다! ㄱㄴㄷ \u1100\u1161"),
    ("cjk-extensions-compat", "𠀀𪜀𫝀𫠠𬺰 \uf900\uf9ff\ufa6a \U0002f800 \u3400\u4dbf"),
    ("control-chars", "good\x00wine\x07\x1b[31m red\x7f\x01\x02\x03"),
    ("c0-whitespace-like-controls", "a\x0bb\x0cc\x1cd\x1de\x1ef\x1fg\x85h"),
    ("zero-width", "zero\u200bwidth\u200cnon\u200djoiner\ufeffbom\u2060word\u00adsoft"),
    ("combining-zalgo", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ wine"),
    ("rtl-arabic", "هذا النبيذ رائع جداً، مع نكهة الكرز."),
    ("rtl-hebrew", "היין הזה טעים מאוד!"),
    ("bidi-controls", "\u202eevil\u202c \u2066isolate\u2069 \u200fmark\u200e"),
    ("long-10000-words", long_text),
    ("word-300-chars", "a" * 300),
    ("word-100-chars", "x" * 100),
    ("word-101-chars", "x" * 101),
    ("word-100-after-removals", "a\u200b" * 100),
    ("word-100-accented", "e\u0301" * 100),
    ("no-spaces-5000", "abcdefghij" * 500),
    ("punct-600", "!" * 600),
    ("tokens-510", "a " * 510),
    ("tokens-511", "a " * 511),
    ("mixed-scripts", "Merlot мерло メルロー मेर्लो Μέρλο 梅洛 멀롯 ميرلو"),
    ("tabs-newlines", "line1\nline2\r\nline3\tcol\t\tx\r"),
    ("replacement-char", "bad\ufffdbyte \ufffd"),
    ("nul-only", "\x00"),
    ("nul-inside", "a\x00b \x00c"),
    ("special-tokens", "[CLS] great [SEP] wine [MASK] here [PAD] and [UNK]"),
    ("special-tokens-glued", "foo[MASK]bar[[SEP]][SEP[CLS"),
    ("special-tokens-lowercase", "[cls] [Sep] [mask]"),
    ("greek-final-sigma", "ΟΔΥΣΣΕΥΣ Σ ΣΑΣ σς"),
    ("turkish-german-case", "İstanbul ıi DİYARBAKIR STRASSE Straße ẞ"),
    ("ligatures-fullwidth", "ﬁne ﬂavor ｗｉｎｅ！ Ｗｉｎｅ ｏｋ"),
    ("math-alphanumerics", "𝐁𝐨𝐥𝐝 𝔣𝔯𝔞𝔨𝔱𝔲𝔯 𝟗𝟎"),
    ("numbers", "1,000.50 $20 90-92pts 2015/16 ½ ² ① ٣ ६"),
    ("unicode-punctuation", "“smart quotes” — em-dash… ‘single’ «guillemets» ¿qué? ¡sí! ・ 、。 ‽ ⁂"),
    ("ascii-symbols", "© ® ™ € £ ¥ ° ± × ÷ ^ ` ~ | \\ $ + < = > # % & * @ _"),
    ("symbols-not-punct", "★☆♥ ✓ → ∞ ♫ ⌘"),
    ("newer-marks-kept", "\u0898\u08d3 test \u1abf \U0001e000 \u0c3c x\u1ac1y"),
    ("mark-reordering", "a\U0001d16d\U0001d165 b \U0001d160\U0001d16d \u08d4\u08d3 \u302f\u0301\u302e"),
    ("mark-run-breaker", "a\U0001d16d\u0941\U0001d165 a\U0001d16d\u200b\U0001d165 a\U0001d16d\u0301\U0001d165"),
    ("private-use-unassigned", "\ue000\uf8ff \U000f0000 \u0378 \uffff \U0010ffff \ufdd0"),
    ("thai-no-spaces", "ไวน์นี้อร่อยมาก"),
    ("devanagari", "यह शराब बहुत अच्छी है। क्षत्रिय"),
    ("line-separators", "one\u2028two\u2029three\u0085four\u000bfive"),
    ("mojibake", "CafÃ© Ã©lÃ©gant â€” donâ€™t"),
    ("html-url-email", "<b>Great</b> &amp; wine https://example.com/wine?id=1&x=2 user@example.com"),
    ("repeated-spaces", "   lots    of     spaces   "),
    ("only-punct", "...!?"),
    ("only-combining", "\u0301\u0302\u0303"),
    ("variation-selectors", "♥\ufe0f ♥\ufe0e 葛\U000e0100"),
    ("tags", "\U000e0067\U000e0062 tag"),
    ("hangul-syllables-edge", "\uac00\ud7a3\ud7a4\u3131"),
    (
        "wine-review-like",
        "Aromas include tropical fruit, broom, brimstone and dried herb. The palate isn't overly expressive, offering unripened apple, citrus and dried sage alongside brisk acidity.",
    ),
]
out = [{"name": n, "text": t} for n, t in N]
assert len({o["name"] for o in out}) == len(out)
out.append(
    {
        "name": "lone-surrogate",
        "text": "bad \ud800 text",
        "invalid": "contains a lone surrogate (U+D800): not valid Unicode; Hugging Face tokenizers rejects it",
    }
)
text = "".join(escape(ch) for ch in json.dumps(out, ensure_ascii=False, indent=1))
path = Path(__file__).resolve().parent.parent / "src/test/resources/nasty-strings.json"
path.write_text(text + "\n", encoding="utf-8")
assert json.loads(path.read_text(encoding="utf-8")) == out
print(f"{path}: {len(out)} strings")
