import json

import pytest

from pdscan.evaluate.datasets import load
from tests.conftest import corpus_path


def test_conll_builds_text_and_spans(tmp_path):
    f = tmp_path / "x.conll"
    f.write_text("Hello\tO\nOla\tB-person\nNordmann\tI-person\n!\tO\n\nBye\tO\n")
    ex = load(f, "conll")
    assert len(ex) == 2
    assert [ex[0].text[s.start:s.end] for s in ex[0].spans] == ["Ola Nordmann"]


def test_conllu_norne_respects_space_after(tmp_path):
    f = tmp_path / "no_bokmaal-x.conllu"
    rows = ["1\tKari\tKari\tPROPN\t_\t_\t0\troot\t_\tname=B-PER",
            "2\tHansen\tHansen\tPROPN\t_\t_\t1\tflat\t_\tname=I-PER|SpaceAfter=No",
            "3\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\tname=O"]
    f.write_text("# text = Kari Hansen.\n" + "\n".join(rows) + "\n\n")
    (ex,) = load(f, "conllu-norne")
    assert ex.text == "Kari Hansen." and ex.language == "nb"
    assert [(s.start, s.end, s.label) for s in ex.spans] == [(0, 11, "PERSON")]


def test_nor_deid_inline_tags_and_invalid_numbers(tmp_path):
    f = tmp_path / "v.json"
    note = "Pasient: <First_Name>Ola</First_Name> <Last_Name>Nordmann</Last_Name>, fnr <Social_Security_Number>12345678901</Social_Security_Number> <Firt_Name>x</Firt_Name>"
    f.write_text(json.dumps({"results": [note]}))
    (ex,) = load(f, "nor-deid")
    assert ex.text == "Pasient: Ola Nordmann, fnr 12345678901 x"
    assert [(ex.text[s.start:s.end], s.label) for s in ex.spans] == [
        ("Ola", "PERSON"), ("Nordmann", "PERSON"), ("12345678901", "INVALID_FODSELSNUMMER")]


def test_unknown_format_lists_valid_ones(tmp_path):
    with pytest.raises(ValueError, match="valid formats: .*presidio-json"):
        load(tmp_path, "nope")


def test_shared_sets_load():
    ex = load(corpus_path("presidio-research", "generated_large.json"), "presidio-json")
    assert len(ex) == 2109
    for e in ex[:200]:
        for s in e.spans:
            assert 0 <= s.start < s.end <= len(e.text)
    crows = load(corpus_path("special-crows-pairs", "crows_pairs_anonymized.csv"), "crows-pairs")
    assert {c for e in crows for c in e.categories} == {"religion", "sex_life", "ethnic_origin", "health"}
