"""Which language a segment is in (en, nb, nn): a function-word count, cheap enough to run on every segment.

The word lists are in detectors/language.yaml. Bokmål and Nynorsk share most function words; the words
only one of them uses (ikke/ikkje, jeg/eg, hva/kva) decide between them. `language_runs` cuts a text that
mixes English and Norwegian (an English signature, a quoted reply, a bilingual note) at its line ends.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .packs import load_word_lists

_WORD = re.compile(r"[^\W\d_]+")
SAMPLE_CHARS = 4000  # the opening of a long segment is enough to tell its language
MIN_HITS = 2  # fewer function words than this: not enough evidence (a cell, a number, a name)
BLOCK_CHARS = 40  # lines shorter than this join the next before their language is judged
CHUNK_CHARS = 2000  # a long text is first judged in chunks of lines this long, cheaper than line by line
# A block needs more evidence than a whole text to break away from its neighbours: "to" and "be" are
# Norwegian words too, so two English hits in a Norwegian line prove nothing.
BLOCK_MIN_HITS = 3


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    return load_word_lists("language.yaml")


@lru_cache(maxsize=1)
def _list_of_word() -> dict[str, str]:
    # The lists share no word (language.yaml keeps them apart), so one look-up per word is enough.
    return {word: lang for lang, words in _lists().items() for word in words}


def _hits(text: str) -> tuple[int, int, int, int]:
    """Function words: English, Norwegian (all), Bokmål only, Nynorsk only."""
    found = list(map(_list_of_word().get, _WORD.findall(text.lower())))
    nb, nn = found.count("nb"), found.count("nn")
    return found.count("en"), found.count("norwegian") + nb + nn, nb, nn


def detect_language(text: str) -> str | None:
    """'en', 'nb', 'nn', or None when the text has too few function words to say."""
    english, norwegian, nb, nn = _hits(text[:SAMPLE_CHARS])
    if max(norwegian, english) < MIN_HITS:
        return None
    if english >= norwegian:
        return "en"
    return "nn" if nn > nb else "nb"


def _pieces(text: str, start: int, end: int, size: int):
    """[start, end) cut at line ends into pieces of at least `size` characters (the last may be shorter)."""
    while start < end:
        cut = text.find("\n", start + size - 1, end)
        cut = end if cut < 0 else cut + 1
        yield start, cut
        start = cut


def _family(hits: tuple[int, int, int, int]) -> str | None:
    english, norwegian = hits[:2]
    if max(english, norwegian) < BLOCK_MIN_HITS or english == norwegian:
        return None
    return "en" if english > norwegian else "no"


def language_runs(text: str) -> list[tuple[int, int, str]]:
    """A text of English and Norwegian lines cut into runs of one language: [(start, end, 'en'|'nb'|'nn')],
    covering the text. [] when the text is in one language (or too short to tell), the usual case.
    Blocks with too few function words join the run before them (the first ones, the run after them);
    all Norwegian runs take the variant (nb, nn) of the Norwegian blocks taken together."""
    if "\n" not in text:  # one line, one block
        return []
    blocks: list[tuple[int, int, str | None]] = []
    nb = nn = 0
    for chunk_start, chunk_end in _pieces(text, 0, len(text), CHUNK_CHARS):
        hits = _hits(text[chunk_start:chunk_end])
        # Only a chunk with evidence of both languages is read line by line: most chunks are one language.
        if min(hits[:2]) < BLOCK_MIN_HITS:
            pieces = [((chunk_start, chunk_end), hits)]
        else:
            pieces = [((s, e), _hits(text[s:e])) for s, e in _pieces(text, chunk_start, chunk_end, BLOCK_CHARS)]
        for (start, end), piece_hits in pieces:
            family = _family(piece_hits)
            if family == "no":
                nb, nn = nb + piece_hits[2], nn + piece_hits[3]
            blocks.append((start, end, family))
    families = [family for *_, family in blocks if family]
    if len(set(families)) < 2:
        return []
    variant = "nn" if nn > nb else "nb"
    runs: list[tuple[int, int, str]] = []
    family = families[0]
    for start, end, found in blocks:
        family = found or family
        lang = "en" if family == "en" else variant
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], end, lang)
        else:
            runs.append((start, end, lang))
    return runs
