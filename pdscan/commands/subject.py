"""`pdscan subject locate` (Art. 15/20) and `pdscan subject verify-deletion` (Art. 17) for one person."""
from __future__ import annotations

import json

import click
from click.core import ParameterSource

from ..cli import ConfigError, friendly_errors, main
from .scan import options_from, scan_options


def identifier_options(fn):
    """The person's identifiers; each option repeats (several e-mail addresses, old and new phone...)."""
    opts = [
        click.option("--email", "emails", multiple=True, metavar="ADDRESS", help="E-mail address (any case)."),
        click.option("--phone", "phones", multiple=True, metavar="NUMBER",
                     help="Phone number, with or without +47 and spaces."),
        click.option("--national-id", "national_ids", multiple=True, metavar="NUMBER",
                     help="Nordic identity number (fødselsnummer, D-number, personnummer, CPR, HETU)."),
        click.option("--name", "names", multiple=True, metavar="NAME",
                     help="'Ola Nordmann' or 'Nordmann, Ola': also finds 'O. Nordmann', any case, with or "
                          "without diacritics."),
        click.option("--id", "ids", multiple=True, metavar="KEY=VALUE",
                     help="Another identifier, e.g. customer_no=10023 or employee_no=E-77."),
    ]
    for o in reversed(opts):
        fn = o(fn)
    return fn


def _identifiers(kw: dict, required: bool = True):
    from ..subject.identifiers import build_identifiers

    values = {k: kw.pop(k) for k in ("emails", "phones", "national_ids", "names", "ids")}
    if not required and not any(values.values()):
        return []
    return build_identifiers(**values)


def _options(kw: dict, show_data: bool = False, every_row: bool = False):
    """Scan options for a person search: every database row unless the operator asked for a sample, since a
    sample can miss the one row that holds the person."""
    sampled = click.get_current_context().get_parameter_source("sample_rows") == ParameterSource.COMMANDLINE
    if sampled and every_row and str(kw["sample_rows"]).lower() != "all":
        raise ConfigError("verify-deletion reads every database row; drop --sample-rows or give --sample-rows all")
    if not sampled:
        kw["sample_rows"] = "all"
    return options_from(kw, show_data)


def _register(path: str):
    from ..register import RegisterError, load_register

    try:
        return load_register(path)
    except RegisterError as e:
        raise ConfigError(str(e)) from e


def _print_rows(rows, heading: str) -> None:
    click.echo(heading)
    for m in rows:
        click.echo(f"  {m.uri}")
        ids = f"identifiers: {', '.join(m.identifiers)}; " if m.identifiers else ""
        click.echo(f"    {m.kind}, {m.timestamp or 'no date'}; {ids}confidence {m.confidence:.2f} ({m.reason})")
        if m.entities:
            click.echo(f"    data in this item: {', '.join(m.entities)}")
        if m.verdict:
            click.echo(f"    register: {m.verdict}, activity {m.activity or 'none'}")


def _print_searched(searched) -> None:
    click.echo(f"Searched {searched.items} items in {', '.join(searched.sources)} "
               f"({searched.started or '?'} to {searched.ended or '?'}).")
    for note in searched.notes:
        click.echo(f"Note: {note}.")
    if searched.unreadable:
        click.echo(f"Could not read {len(searched.unreadable)} items (not searched):")
        for u in searched.unreadable:
            click.echo(f"  {u['uri']}: {u['status']}: {u['message'] or ''}")


@main.group()
def subject():
    """One person's data: locate it for an access request (Art. 15/20), verify its deletion (Art. 17)."""


@subject.command()
@click.argument("sources", nargs=-1)
@identifier_options
@click.option("--store", "store_path", type=click.Path(file_okay=False),
              help="Answer from a previous scan's output folder (keyed hashes; no rescan) instead of SOURCES.")
@click.option("--register", "register_path", type=click.Path(dir_okay=False),
              help="Register (YAML) to name each place's processing activity and verdict.")
@click.option("--export", "export_dir", type=click.Path(file_okay=False),
              help="Write the Art. 15/20 package here: index.json, index.csv and excerpts (files 0600).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {matches: [...], searched: {...}}.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
@scan_options
@friendly_errors
def locate(sources, store_path, register_path, export_dir, as_json, progress, **kw):
    """Every place one person appears: in SOURCES (a fresh scan for this person only) or in --store.

    A fresh scan reads every database row unless --sample-rows is given; it runs no name model, so it is
    much faster than `pdscan scan`.

    \b
    Examples:
      pdscan subject locate /srv/share mail.mbox --email ola@example.no --name "Ola Nordmann"
      pdscan subject locate --store scan-2026-11 --national-id "150385 49990" --json
      pdscan subject locate /srv/share --phone "+47 412 34 567" --export request-2026-17
    """
    from ..store import load
    from ..subject.export import write_export
    from ..subject.fresh import scan_for_subject
    from ..subject.lookup import locate_in_store

    identifiers = _identifiers(kw)
    if bool(sources) == bool(store_path):
        raise ConfigError("give either SOURCE... (a fresh scan) or --store OUT (a previous scan), not both or neither")
    register = _register(register_path) if register_path else None
    if store_path:
        located = locate_in_store(load(store_path), identifiers, register)
    else:
        # The export is the person's own copy: only then do raw excerpts leave the matcher.
        located = scan_for_subject(list(sources), identifiers, _options(kw, show_data=bool(export_dir)),
                                   progress=progress, register=register, nearby=True)
    if export_dir:
        write_export(export_dir, located, identifiers)
    if as_json:
        click.echo(json.dumps(located.to_json(), indent=2, ensure_ascii=False))
        return
    looked_for = ", ".join(i.masked() for i in identifiers)
    if located.matches:
        _print_rows(located.matches, f"{looked_for}: found in {len(located.matches)} places:")
    else:
        click.echo(f"{looked_for}: not found.")
    _print_searched(located.searched)
    if export_dir:
        click.echo(f"Export written to {export_dir} (index.json, index.csv, excerpts/; files mode 0600).")


@subject.command("verify-deletion")
@click.argument("sources", nargs=-1, required=True)
@identifier_options
@click.option("--category", metavar="KEY",
              help="Verify that no data of this category remain (e.g. health, user.contact.email); runs the "
                   "full detection engine.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {remaining: [...], searched: {...}, result}.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when a terminal).")
@scan_options
@friendly_errors
def verify_deletion(sources, category, as_json, progress, **kw):
    """Check by a fresh scan of SOURCES that a person's identifiers (or a category) are gone.

    Exit 0: nothing remains and every item was read; 1: something remains (listed); 4: some items could not
    be read (error, unscannable, skipped), so the result is inconclusive, never clean. Database tables are
    always read in full.

    \b
    Examples:
      pdscan subject verify-deletion /srv/share crm.sqlite --email ola@example.no --national-id 15038549990
      pdscan subject verify-deletion /srv/events/2026-party --category health
    """
    from ..subject.deletion import Verification
    from ..subject.fresh import scan_for_subject

    identifiers = _identifiers(kw, required=not category)
    if category and identifiers:
        raise ConfigError("--category checks a whole location; give it without person identifiers")
    options = _options(kw, every_row=True)
    if category:
        from ..subject.category import scan_for_category

        check = Verification(scan_for_category(list(sources), category, options, progress),
                             f"category {category}")
    else:
        check = Verification(scan_for_subject(list(sources), identifiers, options, progress),
                             ", ".join(i.label for i in identifiers))
    if as_json:
        click.echo(json.dumps(check.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(check.summary())
        if check.located.matches:
            _print_rows(check.located.matches, "Remaining:")
        if check.located.searched.unreadable or check.located.searched.notes:
            _print_searched(check.located.searched)
    raise SystemExit(check.exit_code)
