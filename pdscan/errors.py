"""Outcomes of reading an item that are not crashes. Each becomes the item's status and message."""


class ItemProblem(Exception):
    status = "error"


class Unscannable(ItemProblem):
    """Encrypted, password-protected or otherwise unreadable by design: never reported as clean."""

    status = "unscannable"


class NoText(ItemProblem):
    """Readable, but no text layer (an image, a scanned PDF)."""

    status = "no_text"


class Skipped(ItemProblem):
    """Deliberately not read: over a size limit, excluded type, unchanged since the last scan."""

    status = "skipped"


class MissingDependency(ItemProblem):
    """The format needs an optional package that is not installed; the message says which."""

    status = "error"


class UsageError(Exception):
    """A bad source or option; the CLI turns it into exit code 2."""
