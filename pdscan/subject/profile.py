"""The declarative side of subject matching (detectors/subject/identifiers.yaml), loaded once."""
from __future__ import annotations

from functools import lru_cache

import yaml

from ..paths import data_dir


@lru_cache(maxsize=1)
def profile() -> dict:
    path = data_dir("detectors") / "subject" / "identifiers.yaml"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


KINDS: dict[str, dict] = profile()["kinds"]
NAME_FORMS: dict[str, dict] = profile()["name_forms"]
SHORT_ID: dict = profile()["short_id"]
