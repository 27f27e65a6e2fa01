"""Runs both engines over the same examples and scores them the same way."""
from __future__ import annotations

import time
from pathlib import Path

from .datasets import Example, load
from .engines import PdscanEngine, PresidioEngine
from .metrics import CategoryScorer, SpanScorer

ART9_CATEGORIES = {"religion", "sex_life", "ethnic_origin", "health"}


def evaluate(data: str | Path, fmt: str, entities: set[str] | None = None, presidio: bool = True,
             limit: int | None = None, engines: list | None = None) -> dict:
    """Score pdscan (and Presidio's default engine) on one dataset; the JSON shape of `pdscan eval --json`."""
    examples = load(data, fmt)[:limit] if limit else load(data, fmt)
    engines = engines or ([PdscanEngine(), PresidioEngine()] if presidio else [PdscanEngine()])
    result: dict = {"dataset": str(data), "format": fmt, "examples": len(examples)}
    sentence_level = all(ex.categories is not None for ex in examples)
    if not sentence_level:
        labelled = {s.label for ex in examples for s in ex.spans}
        # Score the types the dataset labels and pdscan claims to detect; Presidio on exactly the same set.
        entities = set(entities) if entities else labelled & engines[0].supported()
        result["entities"] = sorted(entities)
    for eng in engines:
        t0 = time.perf_counter()
        result[eng.name] = (_score_categories(eng, examples, entities or ART9_CATEGORIES) if sentence_level
                            else _score_spans(eng, examples, entities))
        result[eng.name]["seconds"] = round(time.perf_counter() - t0, 1)
    return result


def _score_spans(engine, examples: list[Example], entities: set[str]) -> dict:
    scorer = SpanScorer(entities)
    groups: dict[str, SpanScorer] = {}
    for ex in examples:
        gold = [(s.start, s.end, s.label) for s in ex.spans]
        pred = [(s, e, ent) for s, e, ent, _ in engine.analyze(ex.text, ex.language)]
        scorer.add(gold, pred)
        if ex.group:
            groups.setdefault(ex.group, SpanScorer(entities)).add(gold, pred)
    out = scorer.result()
    if groups:
        out["groups"] = {g: s.result()["overall"] for g, s in sorted(groups.items())}
    return out


def _score_categories(engine, examples: list[Example], categories: set[str]) -> dict:
    if not isinstance(engine, PdscanEngine):
        return {"note": "no special-category (Art. 9) recognisers"}
    scorer = CategoryScorer(categories)
    for ex in examples:
        pred = {special for *_, special in engine.analyze(ex.text, ex.language) if special}
        scorer.add(ex.categories, pred)
    return scorer.result()


def table(result: dict) -> str:
    """Side-by-side text table: one row per entity, pdscan and Presidio columns."""
    engines = [e for e in ("pdscan", "presidio") if isinstance(result.get(e), dict) and "overall" in result[e]]
    head = f"{'entity':<22}{'support':>8}" + "".join(f"  {e + ' P/R/F1/F2':>29}" for e in engines)
    lines = [f"dataset: {result['dataset']} ({result['format']}, {result['examples']} examples)", head,
             "-" * len(head)]
    keys = [k for k in result["pdscan"] if k not in ("overall", "groups", "seconds")] + ["overall"]
    for k in keys:
        row = f"{k:<22}{result['pdscan'][k]['support']:>8}"
        for e in engines:
            m = result[e].get(k)
            row += ("  " + " ".join(f"{m[x]:.3f}" for x in ("precision", "recall", "f1", "f2")).rjust(29)
                    if m else f"  {'-':>29}")
        lines.append(row)
    for e in ("pdscan", "presidio"):
        if isinstance(result.get(e), dict) and "note" in result[e]:
            lines.append(f"{e}: {result[e]['note']}")
    groups = result["pdscan"].get("groups")
    if groups:
        lines.append("pdscan by subset (overall P/R/F1/F2): " + "; ".join(
            f"{g} {m['precision']:.3f}/{m['recall']:.3f}/{m['f1']:.3f}/{m['f2']:.3f}" for g, m in groups.items()))
    return "\n".join(lines)
