"""`pdscan scan SOURCE... -o OUT`."""
from __future__ import annotations

import os
import sys

import click

from ..cli import EXIT_ABORTED, friendly_errors, main
from ..options import ScanOptions


def scan_options(fn):
    """Options shared by every command that scans (scan, subject locate, subject verify-deletion)."""
    defaults = ScanOptions()
    opts = [
        click.option("--workers", "-w", type=click.IntRange(1), default=os.cpu_count() or 1, show_default=True,
                     help="Worker processes (parallel by item)."),
        click.option("--max-file-size", type=int, default=defaults.max_file_size, show_default=True,
                     help="Bytes; larger files are reported as skipped."),
        click.option("--archive-depth", type=int, default=defaults.archive_depth, show_default=True,
                     help="How deep to open archives, attachments and embedded objects."),
        click.option("--archive-members", type=int, default=defaults.archive_members, show_default=True,
                     help="Members read per archive."),
        click.option("--archive-ratio", type=float, default=defaults.archive_ratio, show_default=True,
                     help="Largest expansion ratio before a member counts as a zip bomb."),
        click.option("--item-timeout", type=int, default=defaults.item_timeout, show_default=True,
                     help="Seconds per top-level item (0 = no limit)."),
        click.option("--sample-rows", default="10000", show_default=True,
                     help="Database rows sampled per table, or 'all'."),
        click.option("--date-column", multiple=True, metavar="TABLE=COLUMN",
                     help="Row timestamp for retention checks, when the detected one is wrong."),
        click.option("--no-ner", is_flag=True, help="Patterns and lexicons only (much faster, misses names)."),
    ]
    for o in reversed(opts):
        fn = o(fn)
    return fn


def options_from(kw: dict, show_data: bool = False) -> ScanOptions:
    sample = kw.pop("sample_rows", "10000")
    dates = dict(x.split("=", 1) for x in kw.pop("date_column", ()) if "=" in x)
    return ScanOptions(
        workers=kw.pop("workers"), max_file_size=kw.pop("max_file_size"), archive_depth=kw.pop("archive_depth"),
        archive_members=kw.pop("archive_members"), archive_ratio=kw.pop("archive_ratio"),
        item_timeout=kw.pop("item_timeout"), ner=not kw.pop("no_ner"), show_data=show_data,
        sample_rows=None if str(sample).lower() == "all" else int(sample),
        extra={"date_columns": dates},
    )


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Output folder for the store.")
@click.option("--show-data", is_flag=True, help="Keep raw values in snippets (the store becomes more sensitive).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
@scan_options
@friendly_errors
def scan(sources, out, show_data, progress, **kw):
    """Scan SOURCES (folders, files, mail exports, database URIs, smb://) into the store at OUT.

    \b
    Examples:
      pdscan scan /mnt/share -o scan-2026-11
      pdscan scan export.pst mail.mbox -o mail-scan
      pdscan scan postgresql://scanner@db/crm --sample-rows 5000 -o db-scan
    """
    from ..run import scan as run_scan

    options = options_from(kw, show_data)
    summary = run_scan(list(sources), out, options, progress=progress)
    st = summary.by_status
    click.echo(f"scanned {summary.items} items ({', '.join(f'{k} {v}' for k, v in sorted(st.items()))}); "
               f"{summary.findings} findings -> {out}")
    if summary.aborted:
        sys.exit(EXIT_ABORTED)
