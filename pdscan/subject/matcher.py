"""The person-matching detector for fresh subject scans: the pipeline's detector, with no NER at all.

Each form of each identifier is one compiled pattern that skips fast to its first character (see
pdscan.subject.patterns); where two forms overlap, the earlier match wins, and at the same place the more
certain form. A hit becomes
a Finding whose `hashes` hold the identifier's canonical keyed hash — exactly what a full scan stores —
so fresh scans and stored scans are answered by the same store lookup (pdscan.subject.lookup).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Finding, Item, Segment
from ..store.masking import snippet
from .identifiers import Identifier
from .patterns import Form, forms

EXCERPTS = 3  # per identifier and item: enough to show the context without copying a whole table
EXCERPT_WIDTH = 80
EXCERPT_SEPARATOR = "\n"


@dataclass
class _Hits:
    ident: Identifier
    field: str
    count: int = 0
    confidence: float = 0.0
    reasons: set[str] = field(default_factory=set)
    excerpts: list[str] = field(default_factory=list)


class SubjectDetector:
    """`detect(item, segments) -> [Finding]` for one person's identifiers; picklable for worker processes.

    With `nearby`, an item where the person appears also goes through the pattern recognisers of the full
    engine (no NER), so the answer says what else is held there (health data, account numbers...). The
    engine is built on the first hit only: items without the person cost one regex pass.
    """

    def __init__(self, identifiers: list[Identifier], options=None, nearby: bool = False):
        self.identifiers = list(identifiers)
        self.options = options
        self.show_data = bool(getattr(options, "show_data", False))
        self.nearby = nearby
        self._engine = None
        self._forms: list[tuple[Identifier, Form, re.Pattern]] = [
            (i, f, re.compile(f.regex)) for i in self.identifiers for f in forms(i)]

    def describe(self) -> dict:
        return {"subject": {"identifiers": [i.label for i in self.identifiers], "forms": len(self._forms)}}

    def detect(self, item: Item, segments: list[Segment]) -> list[Finding]:
        hits: dict[str, _Hits] = {}
        for seg in segments:
            matches = self._matches(seg.text)
            spans = [span for span, _ in matches]
            for span, (ident, form, _) in matches:
                h = hits.setdefault(ident.label, _Hits(ident, seg.field))
                h.count += 1
                h.confidence = max(h.confidence, form.confidence)
                h.reasons.add(f"{ident.label}: {form.reason}")
                if len(h.excerpts) < EXCERPTS:
                    h.excerpts.append(snippet(seg.text, spans, span, EXCERPT_WIDTH, self.show_data))
        found = [self._finding(item, h) for h in hits.values()]
        return found + self._nearby(item, segments) if found and self.nearby else found

    def _nearby(self, item: Item, segments: list[Segment]) -> list[Finding]:
        if self._engine is None:
            from ..detect import build_detector

            self._engine = build_detector(replace(self.options, ner=False))
        # Only the kinds of data beside the person matter here: their values are not kept, not even hashed.
        return [replace(f, hashes=()) for f in self._engine.detect(item, segments)]

    def _matches(self, text: str) -> list[tuple[tuple[int, int], tuple]]:
        found = sorted((m.start(), n, m.end()) for n, (_, _, rx) in enumerate(self._forms) for m in rx.finditer(text))
        out, end = [], -1
        for start, n, stop in found:
            if start >= end:
                out.append(((start, stop), self._forms[n]))
                end = stop
        return out

    def _finding(self, item: Item, h: _Hits) -> Finding:
        return Finding(
            uri=item.uri, entity=h.ident.entity, category=h.ident.category, score=h.confidence, count=h.count,
            reason="; ".join(sorted(h.reasons)), snippet=EXCERPT_SEPARATOR.join(h.excerpts),
            hashes=(h.ident.hash,), field=h.field,
        )

