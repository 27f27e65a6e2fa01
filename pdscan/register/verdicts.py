"""verdicts.parquet in a scan's output folder: the verdicts beside the findings they judge."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .matching import VERDICT_COLUMNS

VERDICT_SCHEMA = pa.schema([
    ("uri", pa.string()), ("entity", pa.string()), ("category", pa.string()), ("special", pa.string()),
    ("verdict", pa.string()), ("activity", pa.string()), ("selector", pa.string()), ("detail", pa.string()),
    ("overdue_days", pa.int64()), ("rows_overdue", pa.int64()),
])
FILE = "verdicts.parquet"


def write_verdicts(out: str | os.PathLike, df: pd.DataFrame) -> Path:
    """Write `df` (as returned by `evaluate`) to OUT/verdicts.parquet; returns the path."""
    path = Path(out) / FILE
    table = pa.Table.from_pandas(df[VERDICT_COLUMNS], schema=VERDICT_SCHEMA, preserve_index=False)
    pq.write_table(table, path)
    return path


def read_verdicts(out: str | os.PathLike) -> pd.DataFrame:
    """The verdicts of a scan (columns VERDICT_COLUMNS). Raises FileNotFoundError when the scan has none."""
    path = Path(out) / FILE
    if not path.exists():
        raise FileNotFoundError(f"{out} has no {FILE}: scan with --register FILE, or pass --register to report")
    df = pq.read_table(path).to_pandas()
    for col in ("overdue_days", "rows_overdue"):
        df[col] = df[col].astype("Int64")
    return df
