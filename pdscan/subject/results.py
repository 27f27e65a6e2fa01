"""What a subject search answers: the places a person appears, and what was searched to find them."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import ERROR, SKIPPED, UNSCANNABLE

# Items whose content was not read: a search that met one of these cannot say "no trace".
UNREAD = (ERROR, UNSCANNABLE, SKIPPED)


@dataclass
class Match:
    """One place (item) where the person appears."""

    uri: str
    kind: str
    identifiers: list[str]  # labels of the identifiers found there ("email", "name", "id:customer_no")
    entities: list[str]  # every kind of personal data found in the item
    timestamp: str | None  # the item's most telling date: sent/received for mail, else modified
    timestamps: dict = field(default_factory=dict)
    confidence: float = 0.0
    reason: str = ""
    count: int = 0
    excerpts: list[str] = field(default_factory=list)  # masked unless the scan kept raw data
    activity: str | None = None
    verdict: str | None = None

    def row(self) -> dict:
        """The JSON row: never the excerpts, which only the export (the person's own copy) carries."""
        return {
            "uri": self.uri, "kind": self.kind, "identifiers": self.identifiers, "entities": self.entities,
            "timestamp": self.timestamp, "activity": self.activity, "verdict": self.verdict,
            "confidence": round(self.confidence, 3), "reason": self.reason, "count": self.count,
        }


@dataclass
class Searched:
    sources: list[str]
    items: int
    unreadable: list[dict]  # {"uri", "status", "message"}
    started: str | None = None
    ended: str | None = None
    by_status: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # limits of the search a reader must know

    def row(self) -> dict:
        return {"sources": self.sources, "items": self.items, "unreadable": self.unreadable,
                "started": self.started, "ended": self.ended, "by_status": self.by_status, "notes": self.notes}


@dataclass
class Located:
    matches: list[Match]
    searched: Searched
    excerpts_raw: bool = False  # True when the excerpts are the person's data in clear (fresh export scan)

    def to_json(self) -> dict:
        return {"matches": [m.row() for m in self.matches], "searched": self.searched.row()}
