"""`pdscan scan SOURCE... -o OUT`."""
from __future__ import annotations

import os
import sys
from dataclasses import replace

import click

from ..cli import EXIT_ABORTED, EXIT_FAIL_ON, EXIT_INCOMPLETE, ConfigError, friendly_errors, main
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
        click.option("--archive-total", type=int, default=defaults.archive_total, show_default=True,
                     help="Bytes expanded per top-level item across all its archives."),
        click.option("--max-text-chars", type=int, default=defaults.max_text_chars, show_default=True,
                     help="Characters of text per item; beyond it the item is skipped with a reason."),
        click.option("--pdf-pages", type=int, default=defaults.pdf_pages, show_default=True,
                     help="Pages read per PDF."),
        click.option("--item-timeout", type=int, default=defaults.item_timeout, show_default=True,
                     help="Seconds per top-level item (0 = no limit)."),
        click.option("--max-memory", type=click.IntRange(0), default=defaults.max_memory, show_default=True,
                     help="Bytes of address space per worker process (0 = no limit); an item that needs more "
                          "is an error row. Not applied with --workers 1 (the scan runs in this process)."),
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
        archive_total=kw.pop("archive_total"), max_text_chars=kw.pop("max_text_chars"), pdf_pages=kw.pop("pdf_pages"),
        item_timeout=kw.pop("item_timeout"), max_memory=kw.pop("max_memory"), ner=not kw.pop("no_ner"),
        show_data=show_data,
        sample_rows=None if str(sample).lower() == "all" else int(sample),
        extra={"date_columns": dates},
    )


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--out", "-o", type=click.Path(file_okay=False), help="Output folder for the store.")
@click.option("--resume", "resume_out", type=click.Path(exists=True, file_okay=False), metavar="OUT",
              help="Finish the interrupted scan in OUT (killed, aborted): its sources and options are reused, "
                   "finished items are not scanned again. SOURCES only to give passwords the record masks.")
@click.option("--checkpoint", type=click.FloatRange(0), default=ScanOptions().checkpoint, show_default=True,
              help="Seconds between durable parts of the store: a crash loses at most what finished since.")
@click.option("--show-data", is_flag=True, help="Keep raw values in snippets (the store becomes more sensitive).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr: items/s, MB/s, ETA when known (default: when a terminal).")
@click.option("--progress-json", is_flag=True,
              help="Instead of the bar, one JSON line on stderr every --progress-interval seconds (for schedulers).")
@click.option("--progress-interval", type=click.FloatRange(0), default=5.0, show_default=True,
              help="Seconds between --progress-json lines.")
@click.option("--baseline", type=click.Path(exists=True, file_okay=False), metavar="PREVIOUS_OUT",
              help="Incremental scan: reuse the rows of PREVIOUS_OUT for items unchanged since (same detectors "
                   "required); scan only what is new or changed.")
@click.option("--register", "register_file", type=click.Path(exists=True, dir_okay=False),
              help="Register of processing activities (YAML): writes a verdict per finding to OUT/verdicts.parquet.")
@click.option("--fail-on", default="", metavar="VERDICTS",
              help="With --register: comma-separated verdicts (overdue,undocumented,special_without_basis,"
                   "needs_review) that make the exit code 1.")
@scan_options
@friendly_errors
def scan(sources, out, resume_out, checkpoint, show_data, progress, progress_json, progress_interval, baseline,
         register_file, fail_on, **kw):
    """Scan SOURCES (folders, files, mail exports, database URIs, smb://) into the store at OUT.

    \b
    Examples:
      pdscan scan /mnt/share -o scan-2026-11
      pdscan scan export.pst mail.mbox -o mail-scan
      pdscan scan postgresql://scanner@db/crm --sample-rows 5000 -o db-scan
      pdscan scan /mnt/share -o out --register register.yaml --fail-on overdue,special_without_basis
      pdscan scan --resume out
      pdscan scan /mnt/share -o scan-2026-12 --baseline scan-2026-11
    """
    from ..run import scan as run_scan

    register, failing = _register_options(register_file, fail_on)  # a bad register fails before the scan
    if resume_out:
        out, sources, options = _resume_options(out, resume_out, sources, show_data, kw)
    elif not sources or not out:
        raise ConfigError("give SOURCE... and --out OUT (or --resume OUT to finish an interrupted scan)")
    else:
        options = replace(options_from(kw, show_data), checkpoint=checkpoint)
    if baseline and resume_out:
        raise ConfigError("--baseline starts a new scan; it cannot be combined with --resume")
    if baseline and out and os.path.realpath(out) == os.path.realpath(baseline):
        raise ConfigError("--baseline must be another folder than --out (the new scan replaces OUT)")
    summary = run_scan(list(sources), out, options, progress="json" if progress_json else progress,
                       resume=bool(resume_out), baseline=baseline, progress_interval=progress_interval)
    st = summary.by_status
    click.echo(f"scanned {summary.items} items ({', '.join(f'{k} {v}' for k, v in sorted(st.items()))}); "
               f"{summary.findings} findings -> {out}")
    if baseline:
        inc = summary.incremental
        click.echo(f"incremental: {inc['items_reused']} top-level items reused from {baseline}, "
                   f"{inc['items_scanned']} scanned")
    if summary.aborted:
        click.echo(f"aborted: {summary.abort_reason}; what was scanned is kept in {out}, "
                   f"`pdscan scan --resume {out}` finishes it", err=True)
        sys.exit(EXIT_ABORTED)
    if summary.incomplete:
        click.echo("the store is incomplete: rows could not be written (run.json store_errors)", err=True)
    if register is not None:
        _write_verdicts(out, register, failing)
    if summary.incomplete:
        sys.exit(EXIT_INCOMPLETE)


# With --resume, the interrupted run's options hold; only these may be given again.
_RESUME_MAY_CHANGE = {"workers", "progress", "progress_json", "progress_interval", "register_file", "fail_on", "resume_out", "out", "sources"}


def _resume_options(out, resume_out, sources, show_data, kw):
    from ..run.resume import plan

    if out and os.path.realpath(out) != os.path.realpath(resume_out):
        raise ConfigError(f"--resume {resume_out} writes to that folder; drop --out {out}")
    ctx = click.get_current_context()
    given = [name for name, value in ctx.params.items() if name not in _RESUME_MAY_CHANGE
             and ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE]
    if given:
        raise ConfigError(f"--resume reuses the interrupted scan's options; only --workers may change "
                          f"(given: {', '.join('--' + g.replace('_', '-') for g in given)})")
    sources, options, _ = plan(resume_out, list(sources) or None)
    if ctx.get_parameter_source("workers") is click.core.ParameterSource.COMMANDLINE:
        options = replace(options, workers=kw["workers"])
    return resume_out, sources, options


def _register_options(register_file, fail_on):
    from .report import parse_fail_on

    if not register_file:
        if fail_on:
            raise ConfigError("--fail-on needs --register FILE")
        return None, []
    from ..register import RegisterError, load_register

    failing = parse_fail_on(fail_on)
    try:
        return load_register(register_file), failing
    except RegisterError as e:
        raise ConfigError(f"invalid register:\n{e}") from e


def _write_verdicts(out, register, failing) -> None:
    from .. import load
    from ..register import evaluate, write_verdicts
    from ..register.summary import counts_line, verdict_counts

    verdicts = evaluate(load(out), register)
    write_verdicts(out, verdicts)
    counts = verdict_counts(verdicts)
    click.echo(f"verdicts: {counts_line(verdicts)} -> {out}/verdicts.parquet")
    hits = [f"{counts[v]} {v}" for v in failing if counts[v]]
    if hits:
        click.echo("fail-on: " + ", ".join(hits), err=True)
        sys.exit(EXIT_FAIL_ON)
