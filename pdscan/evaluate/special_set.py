"""Labelled Art. 9/10 sentences (English, Norwegian) expanded from the templates in pdscan/evaluate/data/special/.

One directory per split (`tune`: the rules may be fitted to it; `heldout`: other templates and other words, never
looked at while writing rules). One file per category: `slots` (word lists per language) and `positive` /
`negative` templates per language. `{slot}` takes a word of the file's or common.yaml's slot of that name,
`{a|b}` one of the words written inline. Each template yields up to `per_template` distinct sentences (one
number, or one per kind), drawn with a fixed seed, so the set is the same on every run. A positive is labelled with its file's category; a
negative (false friends, generic mentions, negation, policy text) with none.

    python -m pdscan.evaluate.special_set OUT.jsonl [--split tune|heldout] [--language en|no]
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "special"
SPLITS = ("tune", "heldout")
LANGUAGE_GROUPS = {"en": ("en",), "no": ("nb", "nn")}  # a Norwegian template is bokmål unless marked `nn:`
CATEGORIES = ("health", "religion", "trade_union", "political_opinion", "sex_life", "ethnic_origin", "art10")
_SLOT = re.compile(r"\{([^{}]+)\}")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def expand(template: str, slots: dict[str, list[str]], rng: random.Random, limit: int) -> list[str]:
    """Up to `limit` distinct fillings of the template's slots, drawn without replacement."""
    names = _SLOT.findall(template)
    choices = []
    for name in names:
        if "|" in name:
            choices.append(name.split("|"))
        elif name in slots:
            choices.append(slots[name])
        else:
            raise KeyError(f"template {template!r}: no slot named {name!r}")
    combos = list(itertools.product(*choices))
    rng.shuffle(combos)
    out: list[str] = []
    for combo in combos:
        words = iter(combo)
        text = _SLOT.sub(lambda _: next(words), template)
        text = text[0].upper() + text[1:] if text else text
        if text not in out:
            out.append(text)
        if len(out) == limit:
            break
    return out


def _templates(entries: list) -> list[tuple[str, str | None, list[str]]]:
    """A template is a string, `{nn: string}` for a nynorsk one, or `{text:, language:, also: [categories]}` for
    a sentence that reveals further categories too (a sexually transmitted infection is health data as well)."""
    out = []
    for entry in entries or []:
        if isinstance(entry, str):
            out.append((entry, None, []))
        elif "text" in entry:
            out.append((entry["text"], entry.get("language"), list(entry.get("also") or [])))
        else:
            (lang, text), = entry.items()
            out.append((text, lang, []))
    return out


def generate(split: str = "tune", language: str = "en", seed: int = 12) -> list[dict]:
    """Sentence records {text, language, categories, group}; group = category:positive|negative."""
    if split not in SPLITS or language not in LANGUAGE_GROUPS:
        raise ValueError(f"split must be one of {SPLITS}, language one of {sorted(LANGUAGE_GROUPS)}")
    directory = DATA / split
    common = _load(directory / "common.yaml")
    records: list[dict] = []
    seen: set[str] = set()
    for category in CATEGORIES:
        doc = _load(directory / f"{category}.yaml")
        limits = doc.get("per_template", 8)  # one number, or one per kind: {positive: 8, negative: 12}
        if not isinstance(limits, dict):
            limits = {"positive": limits, "negative": limits}
        section = doc.get(language) or {}
        slots = {**(common.get(language) or {}), **(section.get("slots") or {})}
        rng = random.Random(f"{seed}:{split}:{language}:{category}")
        for kind in ("positive", "negative"):
            for template, marked, also in _templates(section.get(kind)):
                lang = marked or LANGUAGE_GROUPS[language][0]
                labels = [category, *also] if kind == "positive" else also
                for text in expand(template, slots, rng, int(limits[kind])):
                    if text in seen:
                        continue
                    seen.add(text)
                    records.append({"text": text, "language": lang, "group": f"{category}:{kind}",
                                    "categories": labels})
    return records


def write_jsonl(out: Path, split: str, language: str) -> Path:
    records = generate(split, language)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--split", default="tune", choices=SPLITS)
    ap.add_argument("--language", default="en", choices=sorted(LANGUAGE_GROUPS))
    args = ap.parse_args()
    write_jsonl(Path(args.out), args.split, args.language)


if __name__ == "__main__":
    main()
