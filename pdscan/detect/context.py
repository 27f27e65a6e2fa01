"""Context words near a match, within a character window: the evidence that turns a checksum into a finding.

Our own scorer instead of Presidio's lemma-based enhancer: that one needs spaCy lemmas for every token, i.e.
the full pipeline on all text, which is the cost we avoid. A window in characters works for any language and
for tables, where the column name (the segment's field) is the best context there is.
"""
from __future__ import annotations

import re
from typing import Iterable


class ContextScorer:
    def __init__(self, words: Iterable[str], window: tuple[int, int]):
        words = sorted({w.lower() for w in words if w}, key=len, reverse=True)
        self.before, self.after = window
        self.regex = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
                      if words else None)

    def words_near(self, text: str, start: int, end: int, field: str = "") -> list[str]:
        """The context words (lower-cased, sorted) before and after text[start:end], and in the field name."""
        if self.regex is None:
            return []
        found = {m.group(0).lower() for m in self.regex.finditer(text, max(0, start - self.before), start)}
        found.update(m.group(0).lower() for m in self.regex.finditer(text, end, min(len(text), end + self.after)))
        if field:
            found.update(m.group(0).lower() for m in self.regex.finditer(field.replace("_", " ")))
        return sorted(found)
