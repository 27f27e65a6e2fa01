"""Rebuild detectors/name_gate.txt: given and family names that may open a sentence on their own.

The NER gate (pdscan.detect.ner) sends a capitalised word at the start of a sentence or line to the name
model only when it is a known name or the next word is capitalised too; everywhere else any capitalised
word qualifies. The names come from Faker's person providers (MIT licence), a general list not drawn from
any evaluation set. Run: `.venv/bin/python scripts/build_name_gate.py` (needs the `test` extra: faker).
"""
from __future__ import annotations

import importlib
from pathlib import Path

LOCALES = ("en_US", "en_GB", "en_IN", "no_NO", "sv_SE", "da_DK", "fi_FI", "de_DE", "fr_FR", "es_ES", "it_IT",
           "nl_NL", "pl_PL", "pt_BR", "ru_RU")
FIELDS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary", "last_names")
OUT = Path(__file__).resolve().parents[1] / "detectors" / "name_gate.txt"


def names() -> set[str]:
    found: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for field in FIELDS:
            values = getattr(provider, field, None) or ()
            found.update(v.lower() for v in values if " " not in v and v.isalpha() or "-" in v)
    return found


if __name__ == "__main__":
    import faker

    words = sorted(names())
    OUT.write_text(f"# Built by scripts/build_name_gate.py from Faker {faker.VERSION} person providers (MIT).\n"
                   + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} names -> {OUT}")
