"""The register as loaded: activities, their location selectors and their retention rules (frozen)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .periods import Period

# Verdicts, from most to least urgent: the order reports sort by.
SPECIAL_WITHOUT_BASIS = "special_without_basis"
OVERDUE = "overdue"
UNDOCUMENTED = "undocumented"
NEEDS_REVIEW = "needs_review"
COVERED = "covered"
VERDICTS = (SPECIAL_WITHOUT_BASIS, OVERDUE, UNDOCUMENTED, NEEDS_REVIEW, COVERED)


class RegisterError(Exception):
    """A register that cannot be used; the message names the file, the line and the field."""


@dataclass(frozen=True)
class Selector:
    """One location entry: `kind` is path, mail or database; `fields` are its globs as written."""

    kind: str
    fields: tuple[tuple[str, str], ...]  # (field, glob) pairs, e.g. (("path", "**/sales/**"),)
    line: int = 0

    def __str__(self) -> str:
        if self.kind == "path":
            return f"path {self.fields[0][1]}"
        return f"{self.kind} " + " ".join(f"{k}={v}" for k, v in self.fields)


@dataclass(frozen=True)
class EventDate:
    """Where an event's end date comes from: a regex over the uri, or a calendar file looked up by key."""

    event: str
    path: str | None = None  # regex with (?P<date>YYYY-MM-DD)
    key: str | None = None  # regex with (?P<key>...)
    calendar: dict[str, date | None] = field(default_factory=dict)
    calendar_file: str | None = None


@dataclass(frozen=True)
class Retention:
    """One retention rule. `kind`: duration (from a timestamp), event (after an event), review, none_stated."""

    kind: str
    period: Period | None = None
    start: str | None = None  # timestamp name for duration and review rules
    after: EventDate | None = None
    as_declared: str | None = None
    basis: str | None = None
    categories: tuple[str, ...] = ()  # only for findings of these categories (prefix keys)
    locations: tuple[Selector, ...] = ()  # only for items at these locations
    line: int = 0

    def describe(self) -> str:
        if self.kind == "duration":
            return f"{self.period} from {self.start}"
        if self.kind == "event":
            return f"{self.period} after {self.after.event}"
        if self.kind == "review":
            return f"review every {self.period} from {self.start}"
        return "no fixed period stated" + (f" ('{self.as_declared}')" if self.as_declared else "")


@dataclass(frozen=True)
class Activity:
    id: str
    name: str
    purpose: str
    role: str
    data_subjects: tuple[str, ...]
    data_categories: tuple[str, ...]
    legal_basis: tuple[str, ...]
    locations: tuple[Selector, ...]
    retention: tuple[Retention, ...]
    special_category_basis: tuple[str, ...] = ()
    art10_authority: str | None = None
    recipients: tuple[str, ...] = ()
    transfers: tuple[str, ...] = ()
    data_use: str | None = None
    line: int = 0

    def covers_category(self, category: str) -> bool:
        return any(category_within(category, key) for key in self.data_categories)


@dataclass(frozen=True)
class Register:
    path: Path
    activities: tuple[Activity, ...]
    organization: dict = field(default_factory=dict)
    root: str | None = None  # base for relative globs; None = the scanned source folders


def category_within(category: str, key: str) -> bool:
    """Prefix match on whole dotted parts: `user.contact` covers `user.contact.email`, not `user.contacts`."""
    return category == key or category.startswith(key + ".")
