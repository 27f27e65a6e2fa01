"""Each place's processing activity and verdict from the declared register (`locate --register`)."""
from __future__ import annotations

from dataclasses import replace

from ..register import VERDICTS, Register, evaluate
from ..store import Store
from .results import Located


def attach_verdicts(located: Located, store: Store, register: Register) -> None:
    """A place holding several categories shows its most severe verdict and that verdict's activity."""
    uris = {m.uri for m in located.matches}
    if not uris:
        return
    # Only the person's places are judged; the rest of a large store is not this request's business.
    verdicts = evaluate(replace(store, findings=store.findings[store.findings["uri"].isin(uris)]), register)
    severity = {v: n for n, v in enumerate(VERDICTS)}
    worst = (verdicts.assign(rank=verdicts["verdict"].map(severity)).sort_values(["uri", "rank"])
             .drop_duplicates("uri").set_index("uri"))
    for m in located.matches:
        if m.uri in worst.index:
            row = worst.loc[m.uri]
            m.verdict = row["verdict"]
            m.activity = row["activity"] if isinstance(row["activity"], str) else None
