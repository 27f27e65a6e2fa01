"""pdscan people: birth dates from national IDs, the clustering's rules, its measured quality, the command."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.evaluate.people_set import generate, pair_scores
from pdscan.people.affected import affected, place_of
from pdscan.people.birthdate import birth_date, is_minor
from pdscan.people.cluster import cluster
from pdscan.people.records import records


def fnr(born: date, individual: int, d_number: bool = False) -> str:
    """A fødselsnummer with valid check digits."""
    day = born.day + (40 if d_number else 0)
    ds = [int(c) for c in f"{day:02d}{born.month:02d}{born.year % 100:02d}{individual:03d}"]
    for weights in ((3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)):
        k = 11 - sum(w * d for w, d in zip(weights, ds)) % 11
        k = 0 if k == 11 else k
        assert k != 10, "pick another individual number"
        ds.append(k)
    return "".join(map(str, ds))


@pytest.mark.parametrize("value,born", [
    ("010190" + "123" + "00", date(1990, 1, 1)),  # 000-499: 1900s
    ("010160" + "950" + "00", date(1960, 1, 1)),  # 900-999 with YY 40-99: 1900s
    ("010110" + "550" + "00", date(2010, 1, 1)),  # 500-999 with YY 00-39: 2000s
    ("010160" + "550" + "00", date(1860, 1, 1)),  # 500-749 with YY 54-99: 1800s
    ("010145" + "600" + "00", None),              # 500-899 with YY 40-53: never issued
    ("410110" + "550" + "00", date(2010, 1, 1)),  # D-number: day + 40
    ("015110" + "550" + "00", date(2010, 11, 1)),  # H-number: month + 40
])
def test_birth_date_century_rules(value, born):
    assert birth_date(value) == born


def test_minor_at_scan_date():
    assert is_minor("010110" + "55000", date(2026, 12, 4))
    assert not is_minor("010190" + "12300", date(2026, 12, 4))
    assert not is_minor("041208" + "55000", date(2026, 12, 4))  # 18 today
    assert is_minor("051208" + "55000", date(2026, 12, 4))  # 18 tomorrow


def _findings(rows):
    """(uri, hashes, special) -> store-shaped findings."""
    return pd.DataFrame([{"uri": u, "entity": "X", "hashes": list(hs), "special": s} for u, hs, s in rows])


def test_strong_links_merge_and_a_big_file_merges_nobody():
    f = _findings([
        ("/s/a.eml", ["email:a1", "email:a2", "name:ola"], None),  # one person's two addresses
        ("/s/b.eml", ["email:a2", "id:1"], None),
        ("/s/c.eml", ["email:b1", "name:kari"], None),
        ("/s/kunder.csv", ["email:a1", "email:b1", "email:c1"], None),  # a list: links nothing
    ])
    c = cluster(records(f))
    assert c.person["email:a1"] == c.person["id:1"] == c.person["name:ola"]
    assert c.person["email:a1"] != c.person["email:b1"] != c.person["email:c1"]
    assert affected(f)["total"]["people"] == 3


def test_family_phone_and_namesakes_bridge_nobody():
    f = _findings([
        ("/s/1.eml", ["email:mor", "phone:home", "name:kari"], None),
        ("/s/2.eml", ["email:far", "phone:home", "name:ola"], None),
        ("/s/4.eml", ["email:far2", "name:ola"], None),  # a namesake (or the same Ola): a name alone links nothing
        ("/s/3.eml", ["id:1", "id:2", "email:mor"], None),  # mother's record naming a child: two IDs, no link
    ])
    c = cluster(records(f))
    assert c.person["email:mor"] != c.person["email:far"] != c.person["email:far2"]
    assert c.person["phone:home"] not in {c.person["email:mor"], c.person["email:far"]}
    assert c.person["id:1"] != c.person["id:2"] != c.person["email:mor"]


def test_art9_and_children_per_place():
    f = _findings([
        ("/s/helse/1.eml", ["email:a", "id:1", "minor:1"], "health"),
        ("/s/helse/2.eml", ["email:b"], None),
        ("/s/crm/x.eml", ["email:a"], None),
    ])
    places = {r["group"]: r for r in affected(f)["places"]}
    assert places["/s/helse"]["people"] == 2
    assert places["/s/helse"]["special"] == 1 and places["/s/helse"]["children"] == 1
    assert places["/s/crm"]["children"] == 1  # the same child, known by the e-mail address only there


def test_place_of():
    assert place_of("/s/a/b.txt") == "/s/a"
    assert place_of("/s/post.mbox#3") == "/s/post.mbox"
    assert place_of("sqlite:////x/crm.db#contacts.email") == "sqlite:////x/crm.db#contacts"


def test_clustering_quality_on_the_generated_truth():
    """The figures in the README (seed 1): a change that merges people wrongly or stops linking fails here."""
    scores = pair_scores(*generate(300, seed=1))
    assert scores["precision"] >= 0.9, scores
    assert scores["recall"] >= 0.55, scores


def test_people_command_on_a_real_scan(scan_paths, tmp_path):
    share = tmp_path / "share"
    (share / "helse").mkdir(parents=True)
    (share / "crm").mkdir()
    child = fnr(date(2015, 3, 14), 512)
    adult = fnr(date(1980, 6, 2), 123)
    (share / "helse" / "melding.txt").write_text(
        f"Hei, sønnen min har fødselsnummer {child}. Hilsen Kari Nordmann, kari.nordmann@example.org\n")
    (share / "helse" / "notat.txt").write_text(f"Ola Hansen, fødselsnummer {adult}, ola.hansen@example.org\n")
    (share / "crm" / "kontakt.txt").write_text("Ny kunde: kari.nordmann@example.org ønsker tilbud.\n")
    store = scan_paths(share)
    res = CliRunner().invoke(main, ["people", str(store.path), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert "kari" not in res.output and child not in res.output  # hashes only, no values
    places = {r["group"].rsplit("/", 1)[-1]: r for r in out["places"]}
    assert places["helse"]["children"] == 1
    assert places["crm"]["people"] == 1
    table = CliRunner().invoke(main, ["people", str(store.path)])
    assert table.exit_code == 0 and "Per place:" in table.output
    html = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", str(store.path), "-o", str(html)]).exit_code == 0
    text = html.read_text()
    assert "People affected per place" in text and child not in text


def test_people_in_the_demo(detector, tmp_path):
    from pdscan.demo.run import run_demo, summary

    result = run_demo(tmp_path / "demo", detector=detector)
    lines = summary(result, kept=True)
    head = next(i for i, line in enumerate(lines) if line.startswith("People affected (pdscan people): "))
    assert lines[head + 1].strip()[0].isdigit()  # at least one place with a count
    assert "People affected per place" in result.report.read_text()
    assert ", 1 children," in lines[head]  # the child in the payroll sheet (examples/demo/estate.yaml)
    register = str(result.register.path)
    res = CliRunner().invoke(main, ["people", str(result.store), "--register", register, "--format", "json"])
    assert res.exit_code == 0, res.output
    activities = {r["group"]: r for r in json.loads(res.output)["activities"]}
    assert activities["crm"]["people"] >= 1 and "(no activity: undocumented)" in activities  # the payroll
