"""`pdscan report OUT`: render a scan's store as json, csv, md or html, with verdicts and comparison."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..cli import EXIT_FAIL_ON, ConfigError, friendly_errors, main

# File extensions that are not a format's name.
EXTENSION_ALIASES = {"markdown": "md", "htm": "html"}
DEFAULT_FORMAT = "md"


def choose_format(fmt: str | None, output: str, known: list[str]) -> str:
    valid = ", ".join(known)
    if fmt:
        if fmt not in known:
            raise ConfigError(f"unknown format '{fmt}'; valid formats are {valid}")
        return fmt
    if output == "-":
        return DEFAULT_FORMAT
    ext = Path(output).suffix.lstrip(".").lower()
    ext = EXTENSION_ALIASES.get(ext, ext)
    if ext not in known:
        raise ConfigError(f"cannot tell the format from '{output}'; give --format ({valid})")
    return ext


def parse_fail_on(value: str) -> list[str]:
    """The verdicts named by --fail-on (any but `covered`), for `pdscan report` and `pdscan scan`."""
    from ..register import COVERED, VERDICTS

    allowed = tuple(v for v in VERDICTS if v != COVERED)
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in allowed]
    if unknown:
        raise ConfigError(f"--fail-on: unknown verdict {', '.join(unknown)}; valid values are {', '.join(allowed)}")
    return wanted


def open_report(path: str, private: bool):
    """A report of a --show-data store holds raw personal data: only its owner may read it (0600)."""
    if not private:
        return open(path, "w", encoding="utf-8", newline="")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # also when the file existed with wider permissions
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


@main.command()
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "-f", "fmt", metavar="FORMAT",
              help="json, csv, md or html (default: from the output file's extension; md on stdout).")
@click.option("--output", "-o", default="-", show_default=True, metavar="FILE", help="Where to write; - is stdout.")
@click.option("--register", type=click.Path(exists=True, dir_okay=False),
              help="Register of processing activities (YAML): adds a verdict to every finding.")
@click.option("--compare", "previous", type=click.Path(exists=True, file_okay=False), metavar="PREVIOUS_OUT",
              help="Store of an earlier scan: show what is new, resolved and unchanged since then.")
@click.option("--fail-on", default="", metavar="VERDICTS",
              help="Comma-separated verdicts (overdue,undocumented,special_without_basis,needs_review) "
                   "that make the exit code 1, for schedulers.")
@friendly_errors
def report(out, fmt, output, register, previous, fail_on):
    """Render the scan stored in OUT as a report.

    Verdicts come from --register FILE, or from the scan itself when it was run with --register.

    \b
    Examples:
      pdscan report scan-out                                # Markdown summary on stdout
      pdscan report scan-out --register register.yaml -o report.html
      pdscan report scan-out -f json --compare scan-last-month
      pdscan report scan-out --register register.yaml --fail-on overdue,special_without_basis -o report.csv
    """
    from ..plugins import renderers
    from ..report import build_report
    from ..register.summary import verdict_counts

    known = sorted(renderers())
    fmt = choose_format(fmt, output, known)
    failing = parse_fail_on(fail_on)
    rep = build_report(out, register=register, previous=previous)
    if failing and rep.verdicts is None:
        raise ConfigError("--fail-on needs verdicts: give --register FILE (or scan with --register)")

    render = renderers()[fmt].fn
    if output == "-":
        render(rep, sys.stdout)
    else:
        with open_report(output, private=rep.show_data) as fh:
            render(rep, fh)
        click.echo(f"{fmt} report -> {output}", err=True)

    if failing:
        counts = verdict_counts(rep.findings)
        found = {v: counts[v] for v in failing if counts[v]}
        if found:
            click.echo("fail-on: " + ", ".join(f"{n} {v}" for v, n in found.items()), err=True)
            sys.exit(EXIT_FAIL_ON)
