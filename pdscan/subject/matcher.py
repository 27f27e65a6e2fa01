"""The person-matching detector for fresh subject scans: the pipeline's detector, with no NER at all.

One compiled alternation of every form of every identifier runs once over each Segment. A hit becomes
a Finding whose `hashes` hold the identifier's canonical keyed hash — exactly what a full scan stores —
so fresh scans and stored scans are answered by the same store lookup (pdscan.subject.lookup).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    """`detect(item, segments) -> [Finding]` for one person's identifiers; picklable for worker processes."""

    def __init__(self, identifiers: list[Identifier], options=None):
        self.identifiers = list(identifiers)
        self.show_data = bool(getattr(options, "show_data", False))
        self._forms: list[tuple[Identifier, Form]] = [(i, f) for i in self.identifiers for f in forms(i)]
        alternation = "|".join(f"(?P<f{n}>{f.regex})" for n, (_, f) in enumerate(self._forms))
        self._rx = re.compile(alternation, re.IGNORECASE)

    def describe(self) -> dict:
        return {"subject": {"identifiers": [i.label for i in self.identifiers], "forms": len(self._forms)}}

    def detect(self, item: Item, segments: list[Segment]) -> list[Finding]:
        hits: dict[str, _Hits] = {}
        for seg in segments:
            matches = list(self._rx.finditer(seg.text))
            spans = [m.span() for m in matches]
            for m in matches:
                ident, form = self._forms[int(m.lastgroup[1:])]
                h = hits.setdefault(ident.label, _Hits(ident, seg.field))
                h.count += 1
                h.confidence = max(h.confidence, form.confidence)
                h.reasons.add(f"{ident.label}: {form.reason}")
                if len(h.excerpts) < EXCERPTS:
                    h.excerpts.append(snippet(seg.text, spans, m.span(), EXCERPT_WIDTH, self.show_data))
        return [self._finding(item, h) for h in hits.values()]

    def _finding(self, item: Item, h: _Hits) -> Finding:
        return Finding(
            uri=item.uri, entity=h.ident.entity, category=h.ident.category, score=h.confidence, count=h.count,
            reason="; ".join(sorted(h.reasons)), snippet=EXCERPT_SEPARATOR.join(h.excerpts),
            hashes=(h.ident.hash,), field=h.field,
        )

