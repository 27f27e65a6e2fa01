"""The CLI contract: every command has help, errors have exit codes scripts can rely on, the README
documents every command (docs as tests)."""
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pdscan.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield prefix + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


COMMANDS = list(_commands(main))


def test_the_expected_commands_exist():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"scan", "report", "demo", "eval", "register check", "subject locate",
            "subject verify-deletion"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p))
def test_every_command_has_help_and_is_documented(path):
    res = CliRunner().invoke(main, [*path, "--help"])
    assert res.exit_code == 0, res.output
    assert len(res.output.splitlines()) > 3
    assert f"pdscan {' '.join(path)}" in README, f"README does not mention `pdscan {' '.join(path)}`"


def test_usage_errors_exit_2(tmp_path):
    r = CliRunner().invoke(main, ["scan", str(tmp_path / "missing"), "-o", str(tmp_path / "o"), "-w", "1"])
    assert r.exit_code == 2 and "source not found" in r.output
    assert CliRunner().invoke(main, ["scan"]).exit_code == 2
    assert CliRunner().invoke(main, ["no-such-command"]).exit_code == 2
