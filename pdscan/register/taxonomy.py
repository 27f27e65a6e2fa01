"""Which data-category keys exist: what the detectors emit, fideslang's groups and our extensions.

A register key that is none of these (nor a group or refinement of one) is most likely a typo, and
would leave every finding of that kind undocumented; `pdscan register check` warns about it.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from ..paths import data_dir
from .model import Register, category_within


@lru_cache(maxsize=1)
def known_categories() -> frozenset[str]:
    doc = yaml.safe_load((data_dir("examples") / "fideslang-categories.yaml").read_text(encoding="utf-8"))
    keys = set(doc.get("fideslang", [])) | set(doc.get("extensions", []))
    detectors = data_dir("detectors")
    if (detectors / "categories.yaml").exists():
        from ..detect.packs import load_categories

        mapping, _ = load_categories(detectors)
        keys |= set(mapping.values())
    for pack in sorted((detectors / "special").glob("*.yaml")):
        category = (yaml.safe_load(pack.read_text(encoding="utf-8")) or {}).get("category")
        if category:
            keys.add(str(category))
    return frozenset(keys)


def is_known(key: str, known: frozenset[str]) -> bool:
    """Known, a group of known keys (`user.contact`), or a refinement of a specific one (`user.contact.email.work`)."""
    return any(category_within(k, key) or ("." in k and category_within(key, k)) for k in known)


def unknown_categories(register: Register) -> list[str]:
    """Warnings `file:line: activity 'id': ...` for declared keys nothing in pdscan knows."""
    known = known_categories()
    out = []
    for a in register.activities:
        for key in a.data_categories:
            if not is_known(key, known):
                out.append(f"{register.path}:{a.line}: activity '{a.id}': data category '{key}' is neither a key "
                           f"the detectors emit nor a fideslang group; findings will never match it")
    return out
