"""Each place's processing activity and verdict from the declared register (`locate --register`)."""
from __future__ import annotations

from ..errors import UsageError
from .results import Located


def attach_verdicts(located: Located, register_path: str) -> None:
    try:
        from ..register import evaluate
    except ImportError as e:
        raise UsageError("--register needs the register matcher (pdscan.register.evaluate), which this "
                         "installation does not have; run locate without --register") from e
    raise UsageError(f"--register is not supported by this register matcher ({evaluate.__module__})")
