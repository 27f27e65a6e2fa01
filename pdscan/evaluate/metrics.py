"""Precision, recall, F1 and F2 per entity type, with overlap matching.

A predicted span is correct when it overlaps a gold span of the same type; a gold span is found when a
prediction of its type overlaps it. Counting the two sides separately keeps the score fair when one engine
returns "Ola Nordmann" as one span and the gold has first and last name apart.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass
class Counts:
    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    gold_found: int = 0

    def scores(self) -> dict:
        p = self.pred_ok / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.gold_found / self.gold if self.gold else (1.0 if not self.pred else 0.0)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f_beta(p, r, 1), 4),
                "f2": round(f_beta(p, r, 2), 4), "support": self.gold, "predicted": self.pred}


def f_beta(p: float, r: float, beta: float) -> float:
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if (p + r) else 0.0


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class SpanScorer:
    def __init__(self, entities: set[str]):
        self.entities = entities
        self.counts: dict[str, Counts] = defaultdict(Counts)

    def add(self, gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> None:
        gold = [g for g in gold if g[2] in self.entities]
        pred = [p for p in pred if p[2] in self.entities]
        for g in gold:
            c = self.counts[g[2]]
            c.gold += 1
            c.gold_found += any(p[2] == g[2] and _overlaps(p, g) for p in pred)
        for p in pred:
            c = self.counts[p[2]]
            c.pred += 1
            c.pred_ok += any(g[2] == p[2] and _overlaps(p, g) for g in gold)

    def result(self) -> dict:
        out = {e: self.counts[e].scores() for e in sorted(self.entities)}
        total = Counts()
        for c in self.counts.values():
            total.pred += c.pred
            total.pred_ok += c.pred_ok
            total.gold += c.gold
            total.gold_found += c.gold_found
        out["overall"] = total.scores()
        return out


class CategoryScorer(SpanScorer):
    """Sentence-level multi-label scoring for Art. 9 categories."""

    def add(self, gold: frozenset[str], pred: set[str]) -> None:
        for cat in self.entities:
            c = self.counts[cat]
            g, p = cat in gold, cat in pred
            c.gold += g
            c.pred += p
            c.gold_found += g and p
            c.pred_ok += g and p
