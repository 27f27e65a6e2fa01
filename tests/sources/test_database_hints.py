"""detectors/column_hints.yaml: every hint's own examples, name normalisation, and the row-date choice."""
from __future__ import annotations

import pytest
import yaml

from pdscan.paths import data_dir
from pdscan.detect.column_hints import hint_for, normalise_name, row_date_rank

PACK = yaml.safe_load((data_dir("detectors") / "column_hints.yaml").read_text(encoding="utf-8"))
CASES = [(h["entity"], name, True) for h in PACK["hints"] for name in h["examples"]["match"]] + \
        [(h["entity"], name, False) for h in PACK["hints"] for name in h["examples"]["no_match"]]


@pytest.mark.parametrize("entity,name,matches", CASES)
def test_hint_examples(entity, name, matches):
    hint = hint_for(name)
    assert (hint is not None and hint.entity == entity) is matches, (name, hint)


@pytest.mark.parametrize("name,expected", [
    ("FirstName", "first_name"), ("first-name", "first_name"), ("FIRST_NAME", "first_name"),
    ("EPostAdresse", "e_post_adresse"), ("Fødselsnummer", "fødselsnummer"), ("HTMLBody", "html_body"),
])
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


def test_table_name_takes_a_thing_out_of_the_person_hint():
    assert hint_for("Name", "Customer").entity == "PERSON"
    assert hint_for("Name", "Genre") is None and hint_for("name", "product") is None


@pytest.mark.parametrize("name", PACK["row_dates"]["examples"]["match"])
def test_row_date_examples_match(name):
    assert row_date_rank(name) is not None


@pytest.mark.parametrize("name", PACK["row_dates"]["examples"]["no_match"])
def test_row_date_examples_do_not_match(name):
    assert row_date_rank(name) is None


def test_row_date_prefers_creation_over_update():
    assert row_date_rank("created_at") < row_date_rank("updated_at") < row_date_rank("date")


def test_column_values_recognizer_needs_the_hint_and_the_shape():
    from pdscan.detect.recognizers.column_values import ColumnValuesRecognizer

    rec = ColumnValuesRecognizer()
    text = "column: customer.first_name\nAstrid\nLudwig van Beethoven\n12345\nola@example.no\nANNE"
    found = [text[r.start:r.end] for r in rec.analyze(text)]
    assert found == ["Astrid", "Ludwig van Beethoven", "ANNE"]
    assert all(r.entity_type == "PERSON" and "column-name hint" in r.recognition_metadata["reason"]
               for r in rec.analyze(text))
    assert rec.analyze("column: genre.name\nRock\nJazz") == []  # no hint: a genre is not a person
    assert rec.analyze("Astrid\nAnne") == []  # not a column sample
    dob = rec.analyze("column: employees.birth_date\n1962-02-18T00:00:00\n2999-01-01\n31.12.1980")
    assert len(dob) == 2 and dob[0].recognition_metadata["category"] == "user.demographic.date_of_birth"
