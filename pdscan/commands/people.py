"""`pdscan people OUT`: distinct people affected per place and per activity, from a store's keyed hashes."""
from __future__ import annotations

import json

import click

from ..cli import friendly_errors, main


def table(rows: list[dict], title: str) -> list[str]:
    lines = [title, f"  {'people':>6} {'art9/10':>7} {'<18':>4} {'items':>5} {'conf.':>5}  place/activity"]
    lines += [f"  {r['people']:>6} {r['special']:>7} {r['children']:>4} {r['items']:>5} {r['confidence']:>5.2f}  {r['group']}" for r in rows]
    return lines


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@click.option("--register", type=click.Path(exists=True, dir_okay=False),
              help="Register of processing activities (YAML): also count people per governing activity.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def people(out, register, fmt):
    """Cluster the identifiers of the scan at OUT (national and customer numbers, e-mail, phone, name; keyed
    hashes only) into distinct people and count them per place (folder, container file, database table) and,
    with --register (or the scan's stored verdicts), per activity: people, people with Art. 9/10 data, children
    (under 18 by a Norwegian national ID's birth date), items and
    the clustering's confidence (share of identifiers resting on record evidence).

    \b
    Examples:
      pdscan people demo-out/scan
      pdscan people demo-out/scan --register examples/acme-it-register.yaml --format json
    """
    from .. import load
    from ..people.affected import from_store
    from ..report.build import load_verdicts

    store = load(out)
    result = from_store(store, load_verdicts(store, register))
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    t = result["total"]
    click.echo(f"{t['people']} distinct people in {t['items']} items ({t['special']} with Art. 9/10 data, {t['children']} children), "
               f"clustering confidence {t['confidence']:.2f}")
    click.echo("\n".join(["", *table(result["places"], "Per place:")]))
    if result["activities"] is not None:
        click.echo("\n".join(["", *table(result["activities"], "Per activity:")]))
