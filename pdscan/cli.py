"""The `pdscan` command. Subcommands live one per module in pdscan/commands/ and register themselves.

Exit codes (a contract for schedulers): 0 done, 1 done with findings that --fail-on asked to fail on,
2 usage or configuration error, 3 aborted, 4 inconclusive (subject verify-deletion: items unreadable),
5 done but the store is incomplete (scan: rows that could not be written, listed in run.json store_errors).
"""
from __future__ import annotations

import functools

import click

from . import __version__

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_ABORTED, EXIT_INCONCLUSIVE, EXIT_INCOMPLETE = 0, 1, 2, 3, 4, 5


class ConfigError(click.ClickException):
    """A bad source, option or file; the message says how to fix it."""

    exit_code = EXIT_USAGE


def friendly_errors(fn):
    """Turn configuration problems into exit 2 with a message, and Ctrl-C into exit 3."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .errors import UsageError

        try:
            return fn(*args, **kwargs)
        except (UsageError, FileNotFoundError, LookupError) as e:
            raise ConfigError(str(e)) from e
        except KeyboardInterrupt:
            click.echo("aborted", err=True)
            raise SystemExit(EXIT_ABORTED)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pdscan")
def main() -> None:
    """Find personal data in file shares, mail exports and databases, and check it against the
    organisation's declared processing activities (GDPR Art. 30 record).

    Start with `pdscan demo`, then `pdscan scan PATH -o OUT` and `pdscan report OUT`.
    """


def _load_commands() -> None:
    from .plugins import load_package

    load_package("pdscan.commands")


_load_commands()
