import os
import stat

from pdscan.store import keys


def test_key_file_is_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.setenv("PDSCAN_KEY_FILE", str(tmp_path / "k" / "hmac.key"))
    h1 = keys.hash_value("EMAIL_ADDRESS", "Ola@Example.com")
    assert stat.S_IMODE(os.stat(tmp_path / "k" / "hmac.key").st_mode) == 0o600
    assert keys.hash_value("EMAIL_ADDRESS", " ola@example.COM ") == h1
    monkeypatch.setenv("PDSCAN_KEY_FILE", str(tmp_path / "other.key"))
    assert keys.hash_value("EMAIL_ADDRESS", "ola@example.com") != h1  # another installation, another key


def test_normalisation():
    assert keys.normalise("phone", "+47 412 34 567") == keys.normalise("phone", "41234567") == "+4741234567"
    assert keys.normalise("phone", "0047 41 23 45 67") == "+4741234567"
    assert keys.normalise("id", "150385 49990") == "15038549990"
    assert keys.normalise("name", "Nordmann, Óla") == keys.normalise("name", "OLA NORDMANN") == "nordmann ola"
    assert keys.normalise("name", "Ørjan Ås") == "as orjan"


def test_hash_kinds_do_not_collide():
    assert keys.kind_of("NO_FODSELSNUMMER") == "id"
    assert keys.kind_of("PHONE_NUMBER") == "phone"
    assert keys.hash_value("NO_FODSELSNUMMER", "41234567") != keys.hash_value("PHONE_NUMBER", "41234567")
    assert keys.hash_value("EMAIL_ADDRESS", "a@b.no").startswith("email:")
