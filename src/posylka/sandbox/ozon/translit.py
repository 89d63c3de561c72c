"""Latin transliteration of Russian addresses and names, for requests with ``translit: true``
(Ozon transliterates the buyer's address when asked). Uses the passport table of Russian
Federation Order No. 889 (ICAO Doc 9303 rules)."""

from __future__ import annotations

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

_MAP = {ord(k): v for k, v in _TABLE.items()} | {
    ord(k.upper()): v.capitalize() for k, v in _TABLE.items()
}


def transliterate(text: str) -> str:
    return text.translate(_MAP)
