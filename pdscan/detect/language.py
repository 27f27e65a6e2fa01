"""Which language a segment is in (en, nb, nn): a function-word count, cheap enough to run on every segment.

The word lists are in detectors/language.yaml. Bokmål and Nynorsk share most function words; the words
only one of them uses (ikke/ikkje, jeg/eg, hva/kva) decide between them.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .packs import load_word_lists

_WORD = re.compile(r"[^\W\d_]+")
SAMPLE_CHARS = 4000  # the opening of a long segment is enough to tell its language
MIN_HITS = 2  # fewer function words than this: not enough evidence (a cell, a number, a name)


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return load_word_lists("language.yaml")


def detect_language(text: str) -> str | None:
    """'en', 'nb', 'nn', or None when the text has too few function words to say."""
    lists = _lists()
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text[:SAMPLE_CHARS].lower()):
        for lang, words in lists.items():
            if word in words:
                counts[lang] += 1
    norwegian = counts["norwegian"] + counts["nb"] + counts["nn"]
    english = counts["en"]
    if max(norwegian, english) < MIN_HITS:
        return None
    if english >= norwegian:
        return "en"
    return "nn" if counts["nn"] > counts["nb"] else "nb"
