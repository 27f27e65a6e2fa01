"""Register validation: the shipped example loads; broken files fail with file, line and field."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pdscan.paths import data_dir
from pdscan.register import RegisterError, load_register

VALID = (Path(__file__).parent / "minimal-register.yaml").read_text()


def test_example_register_has_the_seventeen_activities_of_the_notice():
    reg = load_register(data_dir("examples") / "acme-it-register.yaml")
    assert len(reg.activities) == 17
    assert len({a.id for a in reg.activities}) == 17
    ids = {a.id: a for a in reg.activities}
    assert ids["processor-for-customers"].role == "processor"
    assert ids["recruitment"].special_category_basis == ("explicit_consent",)
    assert ids["events"].special_category_basis == ("explicit_consent",)
    # the notice states three fixed periods and one review cycle; everything else says so
    fixed = sorted(str(r.period) for a in reg.activities for r in a.retention if r.kind in ("duration", "event"))
    assert fixed == ["P0D", "P0D", "P12M", "P24M", "P30D"]
    assert [r.kind for r in ids["crm"].retention] == ["duration", "duration", "review", "review"]
    none = [a.id for a in reg.activities if all(r.kind == "none_stated" for r in a.retention)]
    assert len(none) == 13
    assert all(r.as_declared for a in reg.activities for r in a.retention)


def test_valid_minimal_register(write_register):
    reg = load_register(write_register(VALID))
    (a,) = reg.activities
    assert (a.id, a.line, a.retention[0].kind, a.retention[0].period.days) == ("sales", 2, "duration", 30)
    assert str(a.locations[0]) == "path **/sales/**"


def broken(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


@pytest.mark.parametrize("text, expected", [
    (broken("P30D", "P30X"), r":12: activities\[0\]\.retention\.duration: 'P30X' is not an ISO 8601 duration"),
    (broken("P30D", "PT30M"), r":12: activities\[0\]\.retention\.duration: 'PT30M' is not an ISO 8601"),
    (broken("role: controller", "role: owner"), r":5: activities\[0\]\.role: 'owner' is not one of controller, processor"),
    (broken("    purpose: Customer contacts\n", ""), r":2: activities\[0\]: 'purpose' is a required property"),
    (broken("user.contact]", "User.Contact]"), r":7: activities\[0\]\.data_categories\[1\]: 'User.Contact' is not a category key"),
    (broken("from: modified", "from: mtime"), r":13: activities\[0\]\.retention\.from: 'mtime' is not a timestamp"),
    (broken("legitimate_interests", "legitimate"), r":8: activities\[0\]\.legal_basis\[0\]: 'legitimate' is not one of"),
    (broken("      - path:", "      - paht:"), r":10: activities\[0\]\.locations\[0\]: Additional properties .*'paht'.*; allowed: database, mail, note, path"),
    (broken("    name: Sales\n", "    name: Sales\n    name: Again\n"), r":4: activities\[0\]\.name: duplicate key \(first on line 3\)"),
    (broken("      from: modified\n", ""), r":12: activities\[0\]\.retention\.duration: a duration needs exactly one of 'from'"),
    (broken("      duration: P30D\n", "      duration: P30D\n      review: P12M\n"), r":11: activities\[0\]\.retention: a retention rule needs exactly one of duration, review, none_stated \(found: duration, review\)"),
    (broken('      - path: "**/sales/**"', '      - path: "**/sales/**"\n        mail: {folder: Inbox}'), r":10: activities\[0\]\.locations\[0\]: a location needs exactly one of path, mail, database \(found: path, mail\)"),
    (VALID + VALID.split("\n", 1)[1], r":14: activities\[1\]\.id: duplicate id 'sales' \(also activities\[0\]\)"),
    ("activities: [\n", r":2: YAML syntax"),
    ("activities: []\n", r":1: activities: \[\] should be non-empty"),
    ("# nothing yet\n", r":1: the register is empty"),
    ("- id: a\n", r":1: \(document\): \[.*\] is not of type 'object'"),
])
def test_broken_register_names_file_line_and_field(write_register, text, expected):
    path = write_register(text)
    with pytest.raises(RegisterError) as e:
        load_register(path)
    assert str(e.value).startswith(str(path) + ":")
    assert re.search(expected, str(e.value)), str(e.value)


def test_every_schema_problem_is_listed_in_file_order(write_register):
    text = broken("P30D", "P30X").replace("role: controller", "role: owner")
    with pytest.raises(RegisterError) as e:
        load_register(write_register(text))
    lines = str(e.value).splitlines()
    assert [int(line.split(":")[1]) for line in lines] == [5, 12]


RULES = VALID.replace("""    retention:
      duration: P30D
      from: modified
""", "    retention:\n{rules}")


@pytest.mark.parametrize("rules, expected", [
    ("      - none_stated: true\n      - duration: P1Y\n        from: modified\n",
     r":13: activities\[0\]\.retention\[1\]: unreachable"),
    ("      - duration: P1D\n        after: {event: end, path: 'events/(?P<day>\\d+)'}\n",
     r":13: activities\[0\]\.retention\[0\]\.after\.path: .* has no \(\?P<date>\.\.\.\) group"),
    ("      - duration: P1D\n        after: {event: end, path: 'events/('}\n",
     r"retention\[0\]\.after\.path: 'events/\(' is not a regular expression"),
    ("      - duration: P1D\n        after: {event: end, calendar: missing.csv, key: '(?P<key>x)'}\n",
     r"retention\[0\]\.after\.calendar: cannot read calendar .*missing\.csv"),
    ("      - review: P1Y\n", r":12: activities\[0\]\.retention\[0\]\.review: a review cycle needs 'from'"),
    ("      - none_stated: true\n        from: modified\n", r"retention\[0\]\.from: a none_stated rule has no start"),
    ("      - categories: [user.health_and_medical]\n        none_stated: true\n      - none_stated: true\n",
     r"retention\[0\]\.categories: 'user\.health_and_medical' is not among the activity's data_categories"),
])
def test_rules_the_schema_cannot_say(write_register, rules, expected):
    with pytest.raises(RegisterError) as e:
        load_register(write_register(RULES.format(rules=rules)))
    assert re.search(expected, str(e.value)), str(e.value)


def test_calendar_file_is_read_beside_the_register(write_register, tmp_path):
    (tmp_path / "cal.csv").write_text("key,end\nq1,2026-03-31\nopen,\n")
    rules = "      - duration: P0D\n        after: {event: end of recruitment, calendar: cal.csv, key: 'rec/(?P<key>[^/]+)/'}\n"
    reg = load_register(write_register(RULES.format(rules=rules)))
    cal = reg.activities[0].retention[0].after.calendar
    assert str(cal["q1"]) == "2026-03-31" and cal["open"] is None
    (tmp_path / "cal.csv").write_text("key,end\nq1,31.03.2026\n")
    with pytest.raises(RegisterError, match=r"cal\.csv:2: end: '31\.03\.2026' is not a date"):
        load_register(tmp_path / "register.yaml")


def test_unreadable_register_is_a_register_error(tmp_path):
    with pytest.raises(RegisterError, match="cannot read register"):
        load_register(tmp_path / "nope.yaml")


def test_yaml_dates_stay_strings_so_the_schema_sees_what_was_written(write_register):
    text = broken("    purpose: Customer contacts", "    purpose: 2025-06-12")
    assert load_register(write_register(text)).activities[0].purpose == "2025-06-12"


def test_one_value_or_a_list(write_register):
    text = broken("legal_basis: [legitimate_interests]", "legal_basis: contract\n    special_category_basis: explicit_consent")
    a = load_register(write_register(text)).activities[0]
    assert (a.legal_basis, a.special_category_basis) == (("contract",), ("explicit_consent",))
    text = broken("legal_basis: [legitimate_interests]", "legal_basis: [consent]\n    special_category_basis: consent")
    with pytest.raises(RegisterError, match=r":9: activities\[0\]\.special_category_basis: 'consent' is not one of "
                                            r"explicit_consent, "):
        load_register(write_register(text))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    import jsonschema

    from pdscan.register.loader import schema

    jsonschema.Draft202012Validator.check_schema(schema())
