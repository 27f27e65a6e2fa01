"""Database connector benchmark: rows/s and peak RSS, sampling vs full scan, on generated PostgreSQL tables.

Generates 100,000- and 1,000,000-row tables of people (names, e-mails, phones, fødselsnummer-like numbers,
created_at) server-side with generate_series in a database of its own, then reads them through the
connector in a fresh process per run (so peak RSS is that run's alone): the default sample, and a full
scan (`--sample-rows all`) of each size. Flat memory means the 1M full scan peaks near the 100k one.
With `--detect`, the sampled run also goes through the whole pipeline (extract + detection).
The database is dropped at the end. Run: `.venv/bin/python -m tests.bench.bench_db [--detect]`.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REPO = Path(__file__).resolve().parents[2]
SIZES = (100_000, 1_000_000)
PEOPLE = """
CREATE TABLE people_{n} AS SELECT g AS id,
  (ARRAY['Ola','Kari','Per','Anne','Lars','Ingrid','Nils','Marit'])[1 + g % 8] AS first_name,
  (ARRAY['Nordmann','Hansen','Johansen','Olsen','Larsen','Andersen','Pedersen','Nilsen'])[1 + (g / 8) % 8] AS last_name,
  'person' || g || '@example.no' AS email,
  '+47 ' || (40000000 + g % 9999999)::text AS phone,
  lpad((1 + g % 28)::text, 2, '0') || lpad((1 + g % 12)::text, 2, '0') || lpad((g % 100)::text, 2, '0')
    || lpad((g % 99999)::text, 5, '0') AS fnr,
  now() - random() * interval '3650 days' AS created_at
FROM generate_series(1, {n}) AS g
"""


def _admin(sql: str, db: str | None = None) -> None:
    import sqlalchemy as sa

    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{db}" if db else PG_ADMIN
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


def child(uri: str, table: str, sample: str, detect: bool) -> dict:
    """One measured run in this (fresh) process: the connector alone, or the whole pipeline."""
    import tempfile

    from pdscan import load
    from pdscan.options import ScanOptions
    from pdscan.run import scan
    from pdscan.sources.database import scan_database

    options = ScanOptions(workers=1, sample_rows=None if sample == "all" else int(sample))
    t0 = time.perf_counter()  # after the imports: the figure is the scan's, not Python's start-up
    if detect:
        with tempfile.TemporaryDirectory() as out:
            scan([uri], out, options, progress=False)
            store = load(out)
            emails = store.items[store.items["uri"].str.contains(f".{table}.email")]
            rows = int(emails["meta"].map(lambda m: json.loads(m)["rows_sampled"]).sum())
            findings = len(store.findings)
    else:
        rows, findings = 0, None
        for it in scan_database(uri, options):
            meta = getattr(it, "meta", {})
            if meta.get("table") == table and meta.get("column") == "email":
                rows += meta["rows_sampled"]
    secs = time.perf_counter() - t0
    return {"table": table, "sample": sample, "detect": detect, "rows": rows, "seconds": round(secs, 2),
            "rows_per_s": round(rows / secs) if secs else None, "findings": findings,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _run_child(uri: str, table: str, sample: str, detect: bool) -> dict:
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_db", "--child", uri, table, sample, str(int(detect))],
                         check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> list[dict]:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(argv[1], argv[2], argv[3], argv[4] == "1")))
        return []
    detect = "--detect" in argv
    # One database per size, so each run reads exactly one table.
    dbs = {n: f"pdscan_bench_{uuid.uuid4().hex[:8]}_{n}" for n in SIZES}
    results = []
    try:
        t0 = time.perf_counter()
        for n, db in dbs.items():
            _admin(f'CREATE DATABASE "{db}"')
            _admin(PEOPLE.format(n=n), db)
            _admin("ANALYZE", db)
        print(f"generated {', '.join(f'{n:,}' for n in SIZES)} rows in {time.perf_counter() - t0:.1f} s")
        runs = [(f"people_{SIZES[-1]}", "10000", False), (f"people_{SIZES[0]}", "all", False),
                (f"people_{SIZES[-1]}", "all", False)]
        if detect:
            runs.append((f"people_{SIZES[-1]}", "10000", True))
        for table, sample, det in runs:
            uri = f"postgresql://postgres@127.0.0.1:5432/{dbs[int(table.rsplit('_', 1)[1])]}"
            r = _run_child(uri, table, sample, det)
            results.append(r)
            what = "pipeline+detection" if det else "connector"
            print(f"{table:>16} sample={sample:>5} {what:>18}: {r['rows']:>9,} rows in {r['seconds']:>7.2f} s "
                  f"= {r['rows_per_s']:>9,} rows/s, peak RSS {r['peak_rss_mb']} MB"
                  + (f", {r['findings']} findings" if det else ""))
    finally:
        for db in dbs.values():
            _admin(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return results


if __name__ == "__main__":
    main()
