"""`pdscan register check FILE`: validate a register of processing activities."""
from __future__ import annotations

import click

from ..cli import ConfigError, main


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
