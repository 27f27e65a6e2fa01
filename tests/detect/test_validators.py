"""Validators: every test vector of domain reference §1, valid, invalid and edge cases."""
from __future__ import annotations

import pytest

from pdscan.detect import validators as v

CASES = [
    # §1.1 fødselsnummer family: Tenor +80, NAV/H +40, D-number, FH, 2032 rule, typo
    ("no_fodselsnummer", "15838549990", True), ("no_fodselsnummer", "55838549984", True),
    ("no_fodselsnummer", "15438549908", True), ("no_fodselsnummer", "55438549810", True),
    ("no_fodselsnummer", "81234510053", True), ("no_fodselsnummer", "15838549907", True),
    ("no_fodselsnummer", "30108299939", True), ("no_fodselsnummer", "02013299903", True),
    ("no_fodselsnummer", "02013299997", True), ("no_fodselsnummer", "30108299920", True),
    ("no_fodselsnummer", "158385 49990", True), ("no_fodselsnummer", "158385-49990", True),
    ("no_fodselsnummer", "15838549900", False), ("no_fodselsnummer", "1583854999", False),
    ("no_fodselsnummer", "32138549990", False),
    # §1.2 orgnr, MVA, kontonummer, IBAN
    ("no_orgnr", "310000000", True), ("no_orgnr", "310 000 000", True), ("no_orgnr", "310000001", False),
    ("no_orgnr", "31000000", False),
    ("no_mva", "NO 310 000 000 MVA", True), ("no_mva", "NO310000000MVA", True), ("no_mva", "NO 310 000 001 MVA", False),
    ("no_kontonummer", "9999.00.00014", True), ("no_kontonummer", "9999.00.00015", False),
    ("no_kontonummer", "8601.11.17947", True), ("no_kontonummer", "86011117947", True),
    ("iban", "NO9799990000014", True), ("iban", "NO97 9999 0000 014", True),
    ("iban", "NO7099990000015", False),  # mod 97 holds, the kontonummer inside does not: no bank issued it
    ("iban", "NO9799990000015", False), ("iban", "GB82WEST12345698765432", True),
    ("iban", "GB82WEST12345698765433", False), ("iban", "NO979999000001", False),
    # §1.4 Sweden, Denmark, Finland
    ("se_personnummer", "880320-0016", True), ("se_personnummer", "880320-0018", False),
    ("se_personnummer", "19880320-0016", True), ("se_personnummer", "701063-2391", True),
    ("se_personnummer", "881320-0016", False),
    ("dk_cpr", "211062-5629", True), ("dk_cpr", "211062-5628", True), ("dk_cpr", "321062-5629", False),
    ("dk_cpr", "2110625629", True), ("dk_cpr", "290201-4011", False),
    ("fi_hetu", "131052-308T", True), ("fi_hetu", "131052-308U", False), ("fi_hetu", "010190-999W", True),
    ("fi_hetu", "010190Y999W", True), ("fi_hetu", "010190-999K", False), ("fi_hetu", "010101A001X", False),
    ("fi_hetu", "131052-001F", False),
    # §1.5 EU VAT, MRZ, cards
    ("eu_vat", "SE556000000101", True), ("eu_vat", "DK10000009", True), ("eu_vat", "FI10000004", True),
    ("eu_vat", "SE556000000102", False), ("eu_vat", "DK10000008", False),
    ("vat", "GB 980 7806 84", True), ("vat", "GB 802311781", False), ("vat", "CHE-107.787.577 IVA", True),
    ("vat", "CHE-100.155.212", True), ("vat", "CHE-107.787.578 IVA", False), ("vat", "NO 995 525 828 MVA", True),
    ("vat", "NO 995 525 828", False), ("vat", "El 094259216", True), ("vat", "XX 123456789", False),
    ("dk_cpr", "2110525629", False),  # a birth date in the future: not issued yet
    ("fi_hetu", "131052a308t", True),
    ("mrz", "L898902C36UTO7408122F1204159ZE184226B<<<<<10", True),
    ("mrz", "L898902C37UTO7408122F1204159ZE184226B<<<<<10", False),
    ("mrz", "L898902C36UTO7408123F1204159ZE184226B<<<<<10", False),
    ("mrz", "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6", True),
    ("mrz", "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204158UTO<<<<<<<<<<<6", False),
    ("luhn", "4111 1111 1111 1111", True), ("luhn", "4111 1111 1111 1112", False),
    ("luhn", "2221000000000009", True), ("luhn", "0000000000000000", False), ("luhn", "42", False),
    # §1.3 phones (phonenumbers' plans)
    ("phone", "+47 406 12 345", True), ("phone", "+47 21 23 45 67", True), ("phone", "+47 12345678", False),
    ("phone", "412 34 567", True), ("phone", "0047 41234567", True),
    # US SSN structure, IP, e-mail
    ("us_ssn_outside_rules", "123-45-6789", True), ("us_ssn_outside_rules", "666-12-3456", True),
    ("us_ssn_outside_rules", "536-90-4399", False), ("us_ssn_outside_rules", "000-00-0000", False), ("us_ssn_outside_rules", "123-45-678", False),
    ("us_ssn", "536-90-4399", True), ("us_ssn", "000-12-3456", False), ("us_ssn", "666-12-3456", False),
    ("us_ssn", "912-12-3456", False), ("us_ssn", "536-00-4399", False), ("us_ssn", "078-05-1120", False),
    ("ip_address", "74.34.59.240", True), ("ip_address", "d80:e4b5:79da:6cf6:71f3:51f7:9161:c319", True),
    ("ip_address", "999.1.1.1", False), ("ip_address", "::", False), ("ip_address", "10:30:00", False),
    ("email", "ola@example.no", True), ("email", "ola@example.invalidtld", False),
]


@pytest.mark.parametrize("value,length", [
    ("NO 44 1850.05.14562 innen fredag", 19), ("DE44 5001 0517 5407 3249 31 ist", 27),
    ("GB82WEST12345698765432", None), ("GB82WEST12345698765433 x", None),
])
def test_iban_cuts_off_the_words_after_it(value, length):
    result = v.iban(value)
    assert (result and result.length) == length


@pytest.mark.parametrize("value,countries,valid", [
    ("136695976", ("de",), True), ("136695976", ("gb", "ie"), False), ("0776.091.951", ("nl", "be"), True),
    ("2094606-3", ("fi",), True), ("2094606-4", ("fi",), False),
])
def test_vat_without_prefix_only_for_the_countries_named(value, countries, valid):
    assert (v.vat(value, countries=countries) is not None) is valid


@pytest.mark.parametrize("module,value,valid", [
    ("pl.pesel", "44051401458", True), ("pl.pesel", "44051401459", False), ("de.idnr", "36 574 261 809", True),
    ("fi.hetu", "010190-999W", False),
])
def test_stdnum_validator_uses_the_named_module(module, value, valid):
    assert (v.stdnum_id(value, module=module) is not None) is valid


def test_stdnum_validator_passes_options():
    assert v.stdnum_id("010190-999W", module="fi.hetu", options=("allow_temporary",)) is not None


@pytest.mark.parametrize("name,value,valid", CASES, ids=[f"{n}:{val}" for n, val, _ in CASES])
def test_validator_table(name, value, valid):
    assert (v.VALIDATORS[name](value) is not None) is valid


@pytest.mark.parametrize("value,words,test_data", [
    ("15838549990", ["Tenor synthetic"], True),
    ("55838549984", ["D-number", "Tenor synthetic"], True),
    ("15438549908", ["H-number or NAV synthetic"], False),
    ("81234510053", ["FH-number"], False),
    ("30108299939", ["2032 rule"], False),
    ("02013299997", ["mod 11,"], False),
])
def test_fodselsnummer_kinds(value, words, test_data):
    result = v.no_fodselsnummer(value)
    assert all(w in result.check for w in words)
    assert result.test_data is test_data


def test_samordningsnummer_and_temporary_hetu_are_named():
    assert "samordningsnummer" in v.se_personnummer("701063-2391").check
    assert "temporary" in v.fi_hetu("010190-999W").check
    assert "no mod 11" in v.dk_cpr("211062-5628").check


def test_test_bank_accounts_are_test_data():
    assert v.no_kontonummer("9999.00.00014").test_data
    assert not v.no_kontonummer("8601.11.17947").test_data


def test_mrz_check_digit_matches_icao_specimen():
    assert v.mrz_check_digit("L898902C3") == 6
    assert v.mrz_check_digit("740812") == 2
    assert v.mrz_check_digit("120415") == 9


def test_phone_regions_are_configurable():
    assert v.phone("070-123 45 67", regions=("SE",)) is not None
    assert v.phone("070-123 45 67", regions=("NO",)) is None
