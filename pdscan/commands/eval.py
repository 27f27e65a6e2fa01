"""`pdscan eval`: accuracy per entity type, pdscan and Presidio's default engine side by side."""
from __future__ import annotations

import json

import click

from ..cli import friendly_errors, main
from ..evaluate.datasets import LOADERS


@main.command("eval")
@click.option("--data", "data", required=True, type=click.Path(exists=True), help="Labelled dataset (file or folder).")
@click.option("--format", "fmt", required=True,
              type=click.Choice(sorted(LOADERS)),
              help="Dataset format.")
@click.option("--entities", default=None, help="Comma-separated entity types to score (default: those the data "
                                                "labels and pdscan detects).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Also write the figures as JSON here.")
@click.option("--limit", type=int, help="Only the first N examples (quick checks).")
@click.option("--no-presidio", is_flag=True, help="Skip the Presidio baseline.")
@friendly_errors
def eval_cmd(data, fmt, entities, json_out, limit, no_presidio):
    """Precision, recall, F1 and F2 per entity type on a labelled dataset, for pdscan and, in the same run
    on the same data, for Presidio's default AnalyzerEngine with the same spaCy model.

    \b
    Matching: a prediction is correct when it overlaps a gold span of the same type; a gold span is
    found when a prediction of its type overlaps it. Art. 9 sets (crows-pairs) are scored per sentence.
    """
    from ..evaluate.runner import evaluate, table

    ents = {e.strip() for e in entities.split(",")} if entities else None
    result = evaluate(data, fmt, ents, presidio=not no_presidio, limit=limit)
    click.echo(table(result))
    if json_out:
        with open(json_out, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)
