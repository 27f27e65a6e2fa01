"""The generated identifier set must be right, or it would grade the detectors wrongly: check it against
python-stdnum where stdnum accepts the form (domain reference §1 lists where it does not)."""
from stdnum.dk import cpr
from stdnum.fi import hetu
from stdnum.no import kontonr, orgnr
from stdnum.se import personnummer

from pdscan.evaluate.nordic_set import fnr_checksums_ok, generate

CHECK = {
    "NO_ORGNR": orgnr.is_valid,
    "NO_KONTONUMMER": kontonr.is_valid,
    "FI_HETU": lambda v: hetu.is_valid(v, allow_temporary=True),
    "DK_CPR": cpr.is_valid,
    "NO_FODSELSNUMMER": fnr_checksums_ok,
}


def test_labels_are_valid_and_negatives_invalid():
    records = generate(seed=3, per_kind=40)
    assert {r["group"] for r in records} == {"with_context", "without_context", "invalid"}
    for r in records:
        for s in r["spans"]:
            value = r["full_text"][s["start_position"]:s["end_position"]]
            assert value == s["entity_value"]
            check = CHECK.get(s["entity_type"])
            if check:
                assert check(value), (s["entity_type"], value)
            elif s["entity_type"] == "SE_PERSONNUMMER" and int(value[4:6]) <= 31:  # stdnum rejects samordningsnr
                assert personnummer.is_valid(value), value
        if r["group"] == "invalid":
            assert not r["spans"]


def test_skatteetaten_examples_pass_our_checksum():
    for v in ("02013299997", "30108299920", "30108299939", "02013299903", "15838549990", "81234510053"):
        assert fnr_checksums_ok(v), v
    assert not fnr_checksums_ok("15838549900")


def test_generation_is_reproducible():
    assert generate(seed=5, per_kind=5) == generate(seed=5, per_kind=5)
