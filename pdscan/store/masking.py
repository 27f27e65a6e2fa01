"""Masked snippets: enough context for a person to judge a finding, never the value itself."""
from __future__ import annotations

import re

from presidio_anonymizer.operators import Mask

_MASK = Mask()


def mask_value(value: str) -> str:
    """Keep the first and last character of values longer than four, so a reader can tell them apart."""
    n = len(value)
    if n <= 4:
        return "*" * n
    middle = _MASK.operate(value[1:-1], {"masking_char": "*", "chars_to_mask": n - 2, "from_end": False})
    return value[0] + middle + value[-1]


def snippet(text: str, spans: list[tuple[int, int]], focus: tuple[int, int], width: int = 40, show: bool = False) -> str:
    """Text around `focus` with every detected span inside the window masked (unless `show`)."""
    start, end = max(0, focus[0] - width), min(len(text), focus[1] + width)
    out, pos = [], start
    for s, e in sorted(spans):
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(text[s:e] if show else mask_value(text[s:e]))
        pos = e
    out.append(text[pos:end])
    body = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def mask_credentials(uri: str) -> str:
    """`postgresql://user:secret@host/db` -> `postgresql://user:***@host/db`; also ?password=..."""
    uri = re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", uri)
    return re.sub(r"(?i)((?:password|passwd|pwd|secret|token)=)[^&;]+", r"\1***", uri)


# Parser and library messages sometimes quote the input; keep them useful but never let a value through.
_VALUE_LIKE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d .-]{4,}\d|(?<!\w)'[^']{12,}'(?!\w)|\"[^\"]{12,}\"")


def describe_exception(exc: BaseException) -> str:
    """`TypeName: first line`, with value-like text and credentials masked: safe for the store and stderr."""
    text = str(exc).strip()
    # Masked before it is cut: a cut can split a quoted value from its closing quote, which then goes unmasked.
    msg = _VALUE_LIKE.sub("…", mask_credentials(text.splitlines()[0]))[:300] if text else ""
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__
