"""Connectors: one module per kind of source, each registering itself with `@source`."""
