"""The findings store: items.parquet, findings.parquet and run.json in one output folder."""
from .parquet import ITEM_COLUMNS, FINDING_COLUMNS, StoreWriter, Store, load

__all__ = ["ITEM_COLUMNS", "FINDING_COLUMNS", "StoreWriter", "Store", "load"]
