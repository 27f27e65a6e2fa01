"""`pdscan demo [--out DIR]`: build a synthetic estate, scan it against the example register, summarise."""
from __future__ import annotations

import tempfile

import click

from ..cli import ConfigError, friendly_errors, main


@main.command()
@click.option("--out", "-o", type=click.Path(file_okay=False), metavar="DIR",
              help="Keep the estate (DIR/estate), the store with verdicts.parquet and report.html (DIR/scan). "
                   "Default: a temporary folder, removed afterwards.")
@click.option("--workers", "-w", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes (the estate is small: one avoids loading the models twice).")
@friendly_errors
def demo(out, workers):
    """Build a small synthetic estate of a Norwegian IT-services company (file share with sales, HR and
    recruitment, events, marketing and CRM folders, an mbox export, a SQLite CRM; English and Norwegian
    documents dated over several years), scan it, hold every finding against the example register
    (examples/acme-it-register.yaml: the 17 activities of the company's privacy notice) and print the
    verdicts, the cases and the top actions. All personal data in it is synthetic.

    \b
    Examples:
      pdscan demo
      pdscan demo --out demo-out && pdscan report demo-out/scan -o report.md
    """
    from ..demo.run import run_demo, summary

    if out:
        from pathlib import Path

        if Path(out).exists() and any(Path(out).iterdir()):
            raise ConfigError(f"{out} is not empty; give a new or empty folder to --out")
        result = run_demo(out, workers=workers)
        click.echo("\n".join(summary(result, kept=True)))
        return
    with tempfile.TemporaryDirectory(prefix="pdscan-demo-") as tmp:
        result = run_demo(tmp, workers=workers)
        click.echo("\n".join(summary(result, kept=False)))
