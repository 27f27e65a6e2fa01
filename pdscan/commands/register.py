"""`pdscan register check FILE`: validate a register of processing activities."""
from __future__ import annotations

import click

from ..cli import ConfigError, friendly_errors, main


@main.group()
def register():
    """The register of declared processing activities (GDPR Art. 30), in YAML."""


@register.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--quiet", "-q", is_flag=True, help="Only the result line (errors still list every problem).")
def check(file, quiet):
    """Validate FILE against the register schema; errors name the file, line and field (exit code 2).

    \b
    Examples:
      pdscan register check examples/acme-it-register.yaml
    """
    from ..register import RegisterError, load_register
    from ..register.summary import describe_register
    from ..register.taxonomy import unknown_categories

    try:
        reg = load_register(file)
    except RegisterError as e:
        raise ConfigError(f"invalid register:\n{e}") from e
    if not quiet:
        for line in describe_register(reg):
            click.echo(line)
    for warning in unknown_categories(reg):
        click.echo(f"warning: {warning}", err=True)
    fixed = sum(any(r.kind != "none_stated" for r in a.retention) for a in reg.activities)
    click.echo(f"{file}: valid, {len(reg.activities)} activities ({fixed} with a fixed period or review cycle, "
               f"{len(reg.activities) - fixed} with none stated -> needs_review)")


@register.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@click.option("--register", "register_file", type=click.Path(exists=True, dir_okay=False),
              help="Register to hold the findings against (default: the scan's stored verdicts; none: every finding).")
@click.option("--output", "-o", default="-", show_default=True, metavar="FILE", help="Where to write the draft; - is stdout.")
@friendly_errors
def suggest(out, register_file, output):
    """Draft activity entries (YAML in the register's format, commented) for the findings of the scan at OUT that
    no activity covers: location globs, categories found, data subjects guessed from the place's names, and a
    retention period suggested by the items' ages, every decision marked TODO for the DPO.

    \b
    Examples:
      pdscan register suggest demo-out/scan --register examples/acme-it-register.yaml -o draft.yaml
      pdscan register check draft.yaml
    """
    from .. import load
    from ..register.suggest import drafts, render
    from ..report.build import load_verdicts

    store = load(out)
    text = render(drafts(store, load_verdicts(store, register_file)), store.items, source=f"from {out}")
    if output == "-":
        click.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"draft -> {output}", err=True)
