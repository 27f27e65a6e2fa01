"""Verification of deletion: a fresh search whose only good answer is "nothing left, and everything was read"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..cli import EXIT_FAIL_ON, EXIT_INCONCLUSIVE, EXIT_OK
from .results import Located

CLEAN, REMAINING, INCONCLUSIVE = "clean", "remaining", "inconclusive"
EXIT_CODES = {CLEAN: EXIT_OK, REMAINING: EXIT_FAIL_ON, INCONCLUSIVE: EXIT_INCONCLUSIVE}


@dataclass
class Verification:
    located: Located
    looked_for: str  # "email, name" or "category health": what the summary says is gone

    @property
    def result(self) -> str:
        # Something found is a definite answer; only a search that read everything can be clean.
        if self.located.matches:
            return REMAINING
        if self.located.searched.unreadable:
            return INCONCLUSIVE
        return CLEAN

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.result]

    def to_json(self) -> dict:
        return {"remaining": [m.row() for m in self.located.matches], "searched": self.located.searched.row(),
                "result": self.result}

    def summary(self) -> str:
        s = self.located.searched
        when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        where = f"{s.items} items in {', '.join(s.sources)}"
        if self.result == CLEAN:
            return f"{when}: {where}, no trace of {self.looked_for}."
        if self.result == REMAINING:
            return f"{when}: {where}: traces of {self.looked_for} remain in {len(self.located.matches)} places."
        return (f"{when}: {where}: no trace of {self.looked_for} in what could be read, but {len(s.unreadable)} "
                "items could not be read, so deletion is not verified (inconclusive).")
