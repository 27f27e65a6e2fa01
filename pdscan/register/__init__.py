"""Declared processing activities: load and validate a register, match findings, retention arithmetic."""
