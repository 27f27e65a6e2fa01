"""Span-level results -> Findings: one per (item, entity, field), with count, best score, masked snippet, hashes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from presidio_analyzer import RecognizerResult

from ..model import Finding, Item, Segment
from ..store.keys import hash_value
from ..store.masking import snippet
from ..people.birthdate import NATIONAL_ID_ENTITIES, is_minor


@dataclass
class _Group:
    entity: str
    field: str
    category: str
    language: str | None
    special: str | None
    snippet: str
    reason: str
    score: float
    count: int = 0
    test_data: bool = True
    hashes: set[str] = field(default_factory=set)
    rows_matched: int = 0
    segments_with_rows: set[int] = field(default_factory=set)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Broken UTF-16 from extraction (lone surrogates) cannot be encoded for hashing or the store, nor
    tokenised by spaCy; each becomes U+FFFD, so offsets still hold."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def minor_markers(entity: str, values) -> set[str]:
    """`minor:<hex>` beside the keyed hash `id:<hex>` of each national ID whose birth date makes its holder a child
    today (the scan's date): `pdscan people` counts children from these without any birth date in the store."""
    today = date.today()
    return {"minor:" + hash_value(entity, v).split(":", 1)[1] for v in values if is_minor(v, today)}


def _rows_matched(seg: Segment, results: list[RecognizerResult]) -> int:
    """A column sample holds one value per line: the rows matched are the distinct lines with a match."""
    if seg.rows is None:
        return 0
    if "\n" not in seg.text.strip():
        return seg.rows
    lines = {seg.text.count("\n", 0, r.start) for r in results}
    return min(len(lines), seg.rows)


def aggregate(item: Item, segments: list[Segment], results: list[list[RecognizerResult]],
              categories: dict[str, str], default_category: str, show_data: bool = False) -> list[Finding]:
    groups: dict[tuple[str, str], _Group] = {}
    rows_by_field: dict[str, int] = {}
    for seg in segments:
        if seg.rows is not None:
            rows_by_field[seg.field] = rows_by_field.get(seg.field, 0) + seg.rows
    for index, (seg, seg_results) in enumerate(zip(segments, results)):
        spans = [(r.start, r.end) for r in seg_results]
        by_entity: dict[str, list[RecognizerResult]] = {}
        for r in sorted(seg_results, key=lambda r: r.start):
            by_entity.setdefault(r.entity_type, []).append(r)
        for entity, hits in by_entity.items():
            first, best = hits[0], max(hits, key=lambda r: r.score)
            meta = first.recognition_metadata or {}
            g = groups.get((entity, seg.field))
            if g is None:
                g = groups[(entity, seg.field)] = _Group(
                    entity=entity, field=seg.field,
                    category=meta.get("category") or categories.get(entity, default_category),
                    language=seg.language, special=meta.get("special"),
                    snippet=without_surrogates(snippet(seg.text, spans, (first.start, first.end), show=show_data)),
                    reason=_reason(best), score=best.score)
            if best.score > g.score:
                g.score, g.reason = best.score, _reason(best)
            g.count += len(hits)
            g.test_data = g.test_data and all((r.recognition_metadata or {}).get("test_data") for r in hits)
            g.hashes.update(hash_value(entity, without_surrogates(value))
                            for value in {seg.text[r.start:r.end] for r in hits})
            if entity in NATIONAL_ID_ENTITIES:
                g.hashes.update(minor_markers(entity, {without_surrogates(seg.text[r.start:r.end]) for r in hits}))
            if seg.rows is not None and index not in g.segments_with_rows:
                g.segments_with_rows.add(index)
                g.rows_matched += _rows_matched(seg, hits)
    return [
        Finding(uri=item.uri, entity=g.entity, category=g.category, score=round(g.score, 3), count=g.count,
                reason=g.reason, snippet=g.snippet, hashes=tuple(sorted(g.hashes)), special=g.special,
                field=g.field, language=g.language, test_data=g.test_data,
                rows_matched=g.rows_matched if g.field in rows_by_field else None,
                rows_sampled=rows_by_field.get(g.field))
        for g in groups.values()
    ]


def _reason(r: RecognizerResult) -> str:
    meta = r.recognition_metadata or {}
    return meta.get("reason") or str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY) or r.entity_type)
