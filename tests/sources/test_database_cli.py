"""`pdscan scan` with database URIs: scheme routing, flags, and no password in the run record."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.plugins import source_for

pytestmark = pytest.mark.servers


@pytest.mark.parametrize("uri", ["postgresql://h/db", "postgres://h/db", "postgresql+psycopg://h/db", "mysql://h/db",
                                 "mariadb://h/db", "mysql+pymysql://h/db", "sqlite:///x.db"])
def test_database_schemes_route_to_the_database_connector(uri):
    assert source_for(uri).name == "database"


def test_cli_scan_of_a_database_with_flags(pg_chinook, tmp_path):
    from pdscan import load

    uri = pg_chinook.replace("postgres@", "postgres:Cli-Secret-Pw@")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["scan", uri, "-o", str(out), "-w", "1", "--no-ner", "--sample-rows", "all",
                                    "--date-column", "employee=birth_date"])
    assert res.exit_code == 0, res.output
    assert "Cli-Secret-Pw" not in res.output
    run = (out / "run.json").read_text()
    assert "Cli-Secret-Pw" not in run and json.loads(run)["options"]["sample_rows"] is None
    store = load(out)
    assert not store.items["uri"].str.contains("Cli-Secret-Pw").any()
    employee = store.items[store.items["uri"].str.endswith("public.employee.email")].iloc[0]
    assert json.loads(employee["timestamps"])["row_date_column"] == "birth_date"
    assert "EMAIL_ADDRESS" in set(store.findings[store.findings["uri"] == employee["uri"]]["entity"])
