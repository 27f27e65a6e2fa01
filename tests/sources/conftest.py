"""Real servers for the connector tests: PostgreSQL and MariaDB on this machine, Samba started on loopback.

Each database fixture creates its own uniquely named database once per session, loads a corpus script
into it, and drops it afterwards (also when tests fail). Missing servers are started where the commands
in test-servers.md allow it, else the tests skip with the reason.
"""
from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import corpus_path

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
MARIA = {"host": "127.0.0.1", "port": 3306, "user": "root"}
# Samba maps an SMB user to a Unix account, so the test user is the account running the tests.
SMB_USER, SMB_PASSWORD, SMB_PORT = getpass.getuser(), "Scan-Test-Pw-91", 4450


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def _ensure(port: int, start: list[str], what: str) -> None:
    if _port_open(port):
        return
    try:
        subprocess.run(start, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"{what} is not running on 127.0.0.1:{port} and could not be started: {e}")
    for _ in range(30):
        if _port_open(port):
            return
        time.sleep(1)
    pytest.skip(f"{what} did not come up on 127.0.0.1:{port}")


def unique_name(label: str) -> str:
    return f"pdscan_t_{label}_{uuid.uuid4().hex[:8]}"


def script_after(path: Path, marker: str) -> str:
    """A corpus script without its own CREATE DATABASE / connect lines, so it loads into our database."""
    text = path.read_text(encoding="utf-8")
    i = text.find(marker)
    return text[i + len(marker):] if i >= 0 else text


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def postgres_server():
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    clusters = os.listdir("/etc/postgresql") if os.path.isdir("/etc/postgresql") else []
    start = ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "start"] if clusters else ["false"]
    _ensure(PG["port"], start, "PostgreSQL")
    return PG


def _psql(db: str, sql: str | None = None, stdin: str | None = None) -> None:
    cmd = ["psql", "-h", PG["host"], "-p", str(PG["port"]), "-U", PG["user"], "-d", db, "-q", "-v", "ON_ERROR_STOP=1"]
    cmd += ["-c", sql] if sql else []
    subprocess.run(cmd, input=stdin, text=True, check=True, capture_output=True, timeout=300)


def _pg_database(label: str, script: str):
    name = unique_name(label)
    _psql("postgres", f'CREATE DATABASE "{name}"')
    try:
        _psql(name, stdin=script)
        _psql(name, "ANALYZE")
        yield f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_chinook(postgres_server):
    script = script_after(corpus_path("db-chinook", "Chinook_PostgreSql.sql"), "\\c chinook;")
    yield from _pg_database("chinook", script)


@pytest.fixture(scope="session")
def pg_northwind(postgres_server):
    script = corpus_path("db-northwind", "northwind.sql").read_text(encoding="utf-8")
    yield from _pg_database("northwind", script)


# ---------------------------------------------------------------- MariaDB / MySQL


@pytest.fixture(scope="session")
def mariadb_server():
    if shutil.which("mariadb") is None:
        pytest.skip("the mariadb client is not installed")
    _ensure(MARIA["port"], ["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"], "MariaDB")
    return MARIA


def _mariadb(sql: str | None = None, db: str | None = None, stdin: str | None = None) -> None:
    cmd = ["mariadb", "-h", MARIA["host"], "-P", str(MARIA["port"]), "-u", MARIA["user"]]
    cmd += [db] if db else []
    cmd += ["-e", sql] if sql else []
    subprocess.run(cmd, input=stdin, text=True, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="session")
def maria_chinook(mariadb_server):
    script = script_after(corpus_path("db-chinook", "Chinook_MySql.sql"), "USE `Chinook`;")
    name = unique_name("chinook")
    _mariadb(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        _mariadb(db=name, stdin=script)
        yield f"mariadb://{MARIA['user']}@{MARIA['host']}:{MARIA['port']}/{name}"
    finally:
        _mariadb(f"DROP DATABASE IF EXISTS `{name}`")


# ---------------------------------------------------------------- Samba

SMB_CONF = """[global]
  smb ports = {port}
  interfaces = 127.0.0.1
  bind interfaces only = yes
  disable netbios = yes
  server min protocol = SMB2
  server role = standalone server
  passdb backend = tdbsam
  pid directory = {d}/run
  lock directory = {d}/lock
  state directory = {d}/state
  cache directory = {d}/cache
  private dir = {d}/private
  ncalrpc dir = {d}/ncalrpc
  log file = {d}/log/smbd.log
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes

[docs]
  path = {share}
  read only = yes
  guest ok = no
  valid users = {user}
  force user = root
"""


@pytest.fixture(scope="session")
def smb_share(tmp_path_factory):
    """smbd on 127.0.0.1:4450 serving a tmp folder (`share_dir`); stopped by its pid at the end."""
    smbd = shutil.which("smbd") or ("/usr/sbin/smbd" if os.path.exists("/usr/sbin/smbd") else None)
    smbpasswd = shutil.which("smbpasswd") or ("/usr/bin/smbpasswd" if os.path.exists("/usr/bin/smbpasswd") else None)
    if smbd is None or smbpasswd is None:
        pytest.skip("Samba (smbd) is not installed: `make system-deps` installs the Debian package samba")
    if _port_open(SMB_PORT):
        pytest.skip(f"port {SMB_PORT} is already in use on 127.0.0.1")
    base = tmp_path_factory.mktemp("samba")
    share = base / "share"
    share.mkdir()
    for sub in ("run", "lock", "state", "cache", "private", "ncalrpc", "log"):
        (base / sub).mkdir()
    conf = base / "smb.conf"
    conf.write_text(SMB_CONF.format(port=SMB_PORT, d=base, share=share, user=SMB_USER))
    subprocess.run([smbpasswd, "-c", str(conf), "-a", "-s", SMB_USER], input=f"{SMB_PASSWORD}\n{SMB_PASSWORD}\n",
                   text=True, check=True, capture_output=True, timeout=60)
    # Its own session: on shutdown smbd signals its whole process group, which must not include pytest.
    proc = subprocess.Popen([smbd, "--foreground", "--no-process-group", "-s", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(60):
            if _port_open(SMB_PORT) or proc.poll() is not None:
                break
            time.sleep(0.5)
        if not _port_open(SMB_PORT):
            log = (base / "log" / "smbd.log")
            pytest.skip(f"smbd did not start: {log.read_text()[-500:] if log.exists() else 'no log'}")
        yield {"host": "127.0.0.1", "port": SMB_PORT, "share": "docs", "user": SMB_USER, "password": SMB_PASSWORD,
               "dir": share}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
