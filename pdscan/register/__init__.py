"""Declared processing activities: load and validate a register, match findings, retention arithmetic.

    from pdscan import load
    from pdscan.register import load_register, evaluate, write_verdicts
    register = load_register("examples/acme-it-register.yaml")   # RegisterError names file:line: field
    verdicts = evaluate(load("scan-out"), register)             # one row per finding
    write_verdicts("scan-out", verdicts)
"""
from .loader import load_register
from .matching import VERDICT_COLUMNS, evaluate
from .model import (COVERED, NEEDS_REVIEW, OVERDUE, SPECIAL_WITHOUT_BASIS, UNDOCUMENTED, VERDICTS, Activity,
                    Register, RegisterError)
from .verdicts import read_verdicts, write_verdicts

__all__ = [
    "load_register", "evaluate", "write_verdicts", "read_verdicts", "Register", "Activity", "RegisterError",
    "VERDICTS", "VERDICT_COLUMNS", "COVERED", "NEEDS_REVIEW", "OVERDUE", "SPECIAL_WITHOUT_BASIS", "UNDOCUMENTED",
]
