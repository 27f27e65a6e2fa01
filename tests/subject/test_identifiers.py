"""The identifier set hashes exactly as the store does, in every spelling a requester may give."""
import pytest

from pdscan.errors import UsageError
from pdscan.store.keys import hash_value
from pdscan.subject.identifiers import build_identifiers, split_name, spellings


def one(**kw):
    (ident,) = build_identifiers(**kw)
    return ident


@pytest.mark.parametrize("given, stored_entity, stored_value", [
    ({"emails": ["Ola.Nordmann@Example.NO"]}, "EMAIL_ADDRESS", "ola.nordmann@example.no"),
    ({"phones": ["412 34 567"]}, "PHONE_NUMBER", "+47 41234567"),
    ({"phones": ["+4741234567"]}, "NO_PHONE_NUMBER", "0047 412 34 567"),
    ({"national_ids": ["150385 49990"]}, "NO_FODSELSNUMMER", "15038549990"),
    ({"national_ids": ["131052-308T"]}, "FI_HETU", "131052308t"),
    ({"names": ["Nordmann, Ola"]}, "PERSON", "OLA NORDMANN"),
    ({"national_ids": ["880320-0016"]}, "SE_PERSONNUMMER", "880320-0016"),
    ({"names": ["Óla Nordmann"]}, "PERSON", "Ola Nordmann"),
])
def test_canonical_hash_is_the_stores_hash(given, stored_entity, stored_value):
    assert one(**given).hash == hash_value(stored_entity, stored_value)


@pytest.mark.parametrize("stored", ["O. Nordmann", "Nordmann O", "Ola Nordmann"])
def test_name_variants_reach_stored_forms(stored):
    variants = {v.hash: v for v in one(names=["Ola Johan Nordmann"]).variants()}
    assert hash_value("PERSON", stored) in variants


def test_swedish_personnummer_reaches_both_stored_forms():
    hashes = {v.hash for v in one(national_ids=["19880320-0016"]).variants()}
    assert {hash_value("SE_PERSONNUMMER", "880320-0016"), hash_value("SE_PERSONNUMMER", "198803200016")} <= hashes
    assert len(one(national_ids=["15838549990"]).variants()) == 1  # a Norwegian number has one form


def test_variant_confidence_orders_forms():
    variants = {v.hash: v for v in one(names=["Ola Nordmann"]).variants()}
    full = variants[hash_value("PERSON", "Ola Nordmann")]
    initial = variants[hash_value("PERSON", "O. Nordmann")]
    assert full.confidence > initial.confidence and "initial" in initial.reason


@pytest.mark.parametrize("query, stored", [("Bjørn Ødegård", "Bjoern Oedegaard"), ("Bjoern Oedegaard", "Bjørn Ødegård"),
                                           ("Åse Berg", "Aase Berg")])
def test_nordic_letters_and_their_two_letter_spellings_meet(query, stored):
    hashes = {v.hash for v in one(names=[query]).variants()}
    assert hash_value("PERSON", stored) in hashes


def test_other_peoples_names_do_not_share_a_hash():
    hashes = {v.hash for v in one(names=["Ola Nordmann"]).variants()}
    assert not hashes & {hash_value("PERSON", n) for n in ("Kari Nordmann", "Ola", "Nordmann", "Ola Nordmannsen")}


def test_customer_number_is_found_as_identity_or_free_value():
    ident = one(ids=["customer_no=K-100234"])
    hashes = {v.hash for v in ident.variants()}
    assert ident.label == "id:customer_no"
    assert hash_value("CUSTOMER_ID", "k100234") in hashes and hash_value("ORDER_REF", "K-100234") in hashes


def test_short_ids_carry_a_lower_confidence_and_say_why():
    short, long_ = build_identifiers(ids=["n=4711", "m=K-100234"])
    assert short.confidence < long_.confidence and "coincidental" in short.reason


def test_labels_never_hold_the_value_and_repeat_with_an_index():
    ids = build_identifiers(emails=["a@example.no", "b@example.no"], names=["Ola Nordmann"])
    assert [i.label for i in ids] == ["email[1]", "email[2]", "name"]
    assert all("example" not in i.masked() and "Nordmann" not in i.masked() for i in ids)
    assert "Nordmann" not in repr(ids)


def test_split_name_reads_both_orders():
    assert split_name("Nordmann, Ola Johan") == (["ola", "johan"], ["nordmann"])
    assert split_name("Ola Johan Nordmann") == (["ola", "johan"], ["nordmann"])
    assert spellings("bjørn") == {"bjørn", "bjoern"}


@pytest.mark.parametrize("kw, message", [
    ({}, "at least one identifier"),
    ({"names": ["Ola"]}, "given name and a surname"),
    ({"emails": ["not-an-address"]}, "--email"),
    ({"ids": ["customer_no"]}, "KEY=VALUE"),
    ({"phones": ["12"]}, "at least 3"),
])
def test_bad_identifiers_are_usage_errors(kw, message):
    with pytest.raises(UsageError, match=message):
        build_identifiers(**kw)
