"""A scan must not touch the network: run one in a fresh interpreter whose sockets raise."""
from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import socket, sys

    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse

    import pdscan
    src, out = sys.argv[1], sys.argv[2]
    summary = pdscan.scan([src], out, workers=1)
    store = pdscan.load(out)
    print(sorted(set(store.findings["entity"])))
""")


def test_scan_with_emails_and_urls_makes_no_network_connection(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    (share / "contacts.txt").write_text(
        "Contact Ola Nordmann at ola.nordmann@example.no or see https://www.example.co.uk/about.\n"
        "Support: support@firma.com.au, phone +47 406 12 345.\n", encoding="utf-8")
    env_home = tmp_path / "home"
    env_home.mkdir()
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(share), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300,
                          env={"HOME": str(env_home), "PATH": "/usr/bin:/bin",
                               "PDSCAN_KEY_FILE": str(tmp_path / "key")})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "network access attempted" not in proc.stderr
    assert "EMAIL_ADDRESS" in proc.stdout and "PHONE_NUMBER" in proc.stdout
    assert not (env_home / ".cache" / "python-tldextract").exists()
