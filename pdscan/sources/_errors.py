"""Connector errors as one line safe for the store and the terminal: no password, no credentials."""
from __future__ import annotations

from ..store.masking import mask_credentials


def error_line(exc: BaseException, secret: str | None) -> str:
    """`TypeName: first line of the message`, the secret and any credentials in URIs masked, at most 300
    characters of message."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else ""
    if secret:
        line = line.replace(secret, "***")
    line = mask_credentials(line)[:300]
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__
