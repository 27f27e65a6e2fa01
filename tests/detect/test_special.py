"""Art. 9 / Art. 10 recogniser: every pack's own examples, false friends, indirect revelation, explanations."""
from __future__ import annotations

import re

import pytest
import yaml

from pdscan.detect.recognizers.special import SpecialCategoryRecognizer
from pdscan.detect.recognizers.special_lexicon import Lexicon, PackError, load_pack, trie_regex
from pdscan.paths import data_dir

PACKS = sorted((data_dir("detectors") / "special").glob("*.yaml"))
ART9 = {"health", "religion", "trade_union", "political_opinion", "ethnic_origin", "sex_life", "genetic",
        "biometric"}
RECOGNIZERS = {rec.supported_language: rec for rec in SpecialCategoryRecognizer.instances()}


def _examples(kind: str):
    for path in PACKS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for example in doc["examples"][kind]:
            (lang, text), = example.items()
            yield pytest.param(doc["entity"], lang, text, id=f"{path.stem}:{lang}:{text[:40]}")


def _entities(lang: str, text: str) -> set[str]:
    return {r.entity_type for r in RECOGNIZERS[lang].analyze(text)}


@pytest.mark.parametrize("entity,lang,text", list(_examples("match")))
def test_match_examples_are_found(entity, lang, text):
    assert entity in _entities(lang, text)


@pytest.mark.parametrize("entity,lang,text", list(_examples("no_match")))
def test_no_match_examples_are_not_found(entity, lang, text):
    assert entity not in _entities(lang, text)


def test_every_pack_has_examples_in_english_and_norwegian():
    for path in PACKS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        langs = {lang for ex in doc["examples"]["match"] for lang in ex}
        assert {"en", "nb"} <= langs, path.name
        assert doc["special"] in ART9 | {"art10"}, path.name
        assert doc["category"].startswith("user."), path.name


def test_one_instance_per_language_covering_every_category():
    assert set(RECOGNIZERS) == {"en", "nb", "nn"}
    expected = {"HEALTH", "RELIGION", "TRADE_UNION", "POLITICAL_OPINION", "ETHNIC_ORIGIN", "SEX_LIFE_ORIENTATION",
                "GENETIC", "BIOMETRIC", "CRIMINAL_OFFENCE"}
    for rec in RECOGNIZERS.values():
        assert set(rec.supported_entities) == expected


@pytest.mark.parametrize("lang,text,special", [
    ("en", "Two halal meals for table 4 (Ahmed, Sara).", "religion"),
    ("en", "Catering: one kosher, one vegetarian.", "religion"),
    ("en", "Please order a gluten-free lunch for Ola.", "health"),
    ("nb", "Lunsjbestilling: glutenfri for Kari.", "health"),
    ("nb", "Kari har cøliaki, bestill uten gluten.", "health"),
    ("nb", "Laktosefri melk til Per.", "health"),
    ("nb", "Halal-mat til Yusuf på julebordet.", "religion"),
    ("nn", "Ho har søkt om fri til id-feiring.", "religion"),
    ("nb", "Lønnsslipp: Trekk fagforening 412,00", "trade_union"),
    ("nb", "Politiattest levert 3. mars.", "art10"),
])
def test_indirect_revelation_names_its_category(lang, text, special):
    assert special in {r.recognition_metadata["special"] for r in RECOGNIZERS[lang].analyze(text)}


@pytest.mark.parametrize("lang,text,entity", [
    # false friends from domain reference §2.4, both written standards
    ("nb", "Ta til høyre etter brua og så til venstre.", "POLITICAL_OPINION"),
    ("nb", "Høyre kolonne viser sum per måned.", "POLITICAL_OPINION"),
    ("nb", "Kritiske feil er markert i rødt.", "POLITICAL_OPINION"),
    ("nb", "Alle må delta på opplæringen.", "TRADE_UNION"),
    ("nb", "Vi er parat til å levere i morgen.", "TRADE_UNION"),
    ("nb", "Hun lo så hun grein.", "TRADE_UNION"),
    ("nn", "Ho lo høgt av det.", "TRADE_UNION"),
    ("nb", "Vi har faste priser på alle tjenester.", "RELIGION"),
    ("nb", "Jeg tror vi rekker det.", "RELIGION"),
    ("nb", "Dommeren blåste av kampen.", "CRIMINAL_OFFENCE"),
    ("nb", "Chatboten svarer på spørsmål døgnet rundt.", "CRIMINAL_OFFENCE"),
    ("nb", "Kameraet ble siktet mot inngangen.", "CRIMINAL_OFFENCE"),
    ("nb", "Vi har det samme møtet i rom 3.", "ETHNIC_ORIGIN"),
    ("nn", "Kven kjem på møtet i morgon?", "ETHNIC_ORIGIN"),
    ("nb", "Feildiagnose i systemet: nettverket var nede.", "HEALTH"),
    ("en", "MS Teams is down.", "HEALTH"),
    ("en", "We aim straight for the goal.", "SEX_LIFE_ORIENTATION"),
])
def test_false_friends_stay_quiet(lang, text, entity):
    assert entity not in _entities(lang, text)


@pytest.mark.parametrize("lang,text,entity", [
    ("nb", "Hun er medlem av Høyre og stiller til valg.", "POLITICAL_OPINION"),
    ("nb", "Kari er tillitsvalgt i Delta.", "TRADE_UNION"),
    ("nb", "LO-favør fordeler via forbundet.", "TRADE_UNION"),
    ("nb", "Ahmed faster under ramadan.", "RELIGION"),
    ("nb", "Han ble dømt og fikk en bot av politiet.", "CRIMINAL_OFFENCE"),
    ("nb", "Hun er same og medlem av Sametinget.", "ETHNIC_ORIGIN"),
])
def test_false_friends_count_in_context(lang, text, entity):
    assert entity in _entities(lang, text)


@pytest.mark.parametrize("lang,text,word", [
    ("nb", "Under ramadan har vi faste ansatte på vakt.", "faste"),  # `unless`
    ("nb", "Politiet har siktet mot bedre rutiner.", "siktet"),  # `not_followed_by`
    ("nb", "Menyvalget Til Høyre justerer teksten i valgskjemaet.", "Høyre"),  # `not_preceded_by`
    ("en", "The students wrote on the white board.", "white"),
])
def test_vetoes_apply_even_with_a_cue(lang, text, word):
    start = text.index(word)
    assert not [r for r in RECOGNIZERS[lang].analyze(text) if r.start <= start < r.end]


def test_finding_explains_itself_without_the_scanned_text():
    text = "Ola Nordmann (f. 01.01.1980) er medlem av Høyre og stemte ved valget."
    results = [r for r in RECOGNIZERS["nb"].analyze(text) if r.entity_type == "POLITICAL_OPINION"]
    assert [text[r.start:r.end] for r in results] == ["Høyre"]
    meta = results[0].recognition_metadata
    assert meta["special"] == "political_opinion"
    assert meta["category"] == "user.political_opinion"
    assert meta["recognizer_name"] == "SpecialCategory_nb"
    assert "'Høyre'" in meta["reason"] and "medlem" in meta["reason"]
    assert "Ola" not in meta["reason"] and "1980" not in meta["reason"]
    assert results[0].score > 0.8


def test_a_cue_raises_a_plain_terms_score():
    alone, = RECOGNIZERS["en"].analyze("Note: halal.")
    cued, = [r for r in RECOGNIZERS["en"].analyze("Halal meals during Ramadan.") if r.start == 0]
    assert alone.score < cued.score
    assert "context" not in alone.recognition_metadata["reason"]
    # only the pack's `boost` lists raise it: church membership words do not make a meal order more religious
    meal, = RECOGNIZERS["nb"].analyze("Halal til nytt medlem.")
    assert meal.score == alone.score


def test_requested_entities_filter_results():
    text = "Kari er sykmeldt og medlem av Fagforbundet."
    assert {r.entity_type for r in RECOGNIZERS["nb"].analyze(text)} == {"HEALTH", "TRADE_UNION"}
    assert {r.entity_type for r in RECOGNIZERS["nb"].analyze(text, ["HEALTH"])} == {"HEALTH"}


def test_inflected_and_compound_forms_match_wildcards():
    text = "Sykmeldingen gjelder fra mandag; sykmeldte ansatte får sykepengene utbetalt."
    spans = [text[r.start:r.end] for r in RECOGNIZERS["nb"].analyze(text)]
    assert spans == ["Sykmeldingen", "sykmeldte", "sykepengene"]


@pytest.mark.parametrize("words", [["sykmeld*", "syk", "sykdom", "sick leave", "sick"], ["a", "ab", "abc*"]])
def test_trie_regex_matches_like_the_word_list(words):
    pattern = re.compile(trie_regex(words), re.IGNORECASE)
    naive = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted(words, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
    text = "Syk og sykmeldt, sick  leave, sickness; sykdommer? sykdom. a ab abc abcd abx b"
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in naive.finditer(text)]


def _pack(tmp_path, body: str):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body,message", [
    ("special: health\ncategory: c\nterms: {en: [a]}\n", "bad.yaml: missing key 'entity'"),
    ("entity: X\nspecial: health\ncategory: c\nterms: {en: a}\n", "bad.yaml: terms.en: expected a list of words"),
    ("entity: X\nspecial: health\ncategory: c\nterms: {de: [a]}\n", "bad.yaml: terms: expected a mapping"),
    ("entity: X\nspecial: health\ncategory: c\nterms: {en: [a]}\nrules: [{terms: [b], needs: [nosuch]}]\n",
     "bad.yaml: rules[0].needs: no cue list named nosuch"),
    ("entity: X\nspecial: health\ncategory: c\nterms: {en: [a]}\nrules: [{terms: [b], unless: [on]}]\n",
     "bad.yaml: rules[0].unless: expected a list of words"),  # YAML reads a bare `on` as true
    ("entity: X\nspecial: health\ncategory: c\nterms: {en: [a]}\nboost: [nosuch]\n",
     "bad.yaml: boost: no cue list named nosuch"),
])
def test_pack_errors_name_the_file_and_key(tmp_path, body, message):
    with pytest.raises(PackError, match=re.escape(message)):
        load_pack(_pack(tmp_path, body), "en")


def test_a_pack_directory_is_a_lexicon(tmp_path):
    _pack(tmp_path, "entity: X\nspecial: health\ncategory: user.x\nterms: {nb: [abc*], nn: [def]}\n"
                    "rules: [{terms: [Ghi], case_sensitive: true, needs: [c]}]\ncues: {c: {nb: [jkl]}}\n")
    lex = Lexicon("nn", tmp_path)
    assert [h.entry.term for h in lex.find("abcd def ghi jkl Ghi")] == ["abc*", "def", "Ghi"]
    assert Lexicon("en", tmp_path).entities == ["X"] and not list(Lexicon("en", tmp_path).find("abc def"))


def test_a_scan_reports_art9_and_art10_findings_with_their_category(scan_paths, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    (share / "hr.txt").write_text(
        "Notat fra personalavdelingen.\n\nKari Nordmann er sykmeldt fra 3. mars. Hun har levert politiattest, "
        "og hun er tillitsvalgt i Fagforbundet. Til julebordet ønsker hun halal mat.\n", encoding="utf-8")
    findings = scan_paths(share).findings
    special = dict(zip(findings["entity"], findings["special"]))
    assert special["HEALTH"] == "health" and special["TRADE_UNION"] == "trade_union"
    assert special["RELIGION"] == "religion" and special["CRIMINAL_OFFENCE"] == "art10"
    categories = dict(zip(findings["entity"], findings["category"]))
    assert categories["CRIMINAL_OFFENCE"] == "user.criminal_history"
    assert "Kari" not in " ".join(findings["snippet"]) + " ".join(findings["reason"])


ADJACENT_PACK = """entity: X
special: ethnic_origin
category: user.x
terms: {en: [plain]}
cues: {things: {en: [box]}}
rules:
  - terms: [black]
    followed_by: [people]
  - terms: [black]
    preceded_by: [subject]
  - terms: [black]
    needs: [things]
  - terms: [christian]
    not_before_name: true
"""


def _adjacent_lexicon(tmp_path) -> Lexicon:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "people.yaml").write_text("en: [man, men]\n", encoding="utf-8")
    (tmp_path / "shared" / "subject.yaml").write_text("en: [he is, he's]\n", encoding="utf-8")
    _pack(tmp_path, ADJACENT_PACK)
    return Lexicon("en", tmp_path)


@pytest.mark.parametrize("text,found", [
    ("a black man", True),
    ("a black young man", True),  # one word may come between
    ("a black and tall young man", False),  # two may not
    ("a man in a black suit", False),
    ("he is black", True),
    ("he’s not black", True),  # typographic apostrophe, one word between
    ("he is dressed in black", False),
    ("black", False),
    ("Christian Berg called", False),
    ("a Christian family", True),
    ("He is Christian.", True),
])
def test_rules_can_ask_for_a_cue_right_next_to_the_term(tmp_path, text, found):
    hits = [h for h in _adjacent_lexicon(tmp_path).find(text) if h.entry.term in ("black", "christian")]
    assert bool(hits) is found


def test_several_rules_on_one_word_give_one_hit_with_the_best_score(tmp_path):
    lex = _adjacent_lexicon(tmp_path)
    text = "he is a black man with a black box"  # the first "black" passes all three rules
    hits = lex.find(text)
    assert [(h.start, h.score) for h in hits] == [(m.start(), 0.85) for m in re.finditer("black", text)]
    alone, = lex.find("plain")
    assert alone.score < 0.85


def test_the_reason_names_the_adjacent_cue_not_the_word_between(tmp_path):
    hit, = _adjacent_lexicon(tmp_path).find("So he is Ola black.")
    assert hit.cue == "he is"


def test_a_pack_may_not_redefine_a_shared_cue_list(tmp_path):
    lex_dir = tmp_path
    (lex_dir / "shared").mkdir()
    (lex_dir / "shared" / "people.yaml").write_text("en: [man]\n", encoding="utf-8")
    _pack(lex_dir, "entity: X\nspecial: health\ncategory: c\nterms: {en: [a]}\ncues: {people: {en: [b]}}\n")
    with pytest.raises(PackError, match=re.escape("bad.yaml: cues.people: the name of a shared cue list")):
        Lexicon("en", lex_dir)


@pytest.mark.parametrize("lang,text,entity", [
    # the majority group is special-category data too
    ("en", "The landlord said they are white.", "ETHNIC_ORIGIN"),
    ("en", "The survey counted white and black employees.", "ETHNIC_ORIGIN"),
    ("en", "He is heterosexual and married.", "SEX_LIFE_ORIENTATION"),
    ("en", "Her parents disowned her for being straight.", "SEX_LIFE_ORIENTATION"),
    ("en", "My neighbour is an atheist.", "RELIGION"),
    ("en", "The Christian students asked for a prayer room.", "RELIGION"),
    ("en", "Only able-bodied applicants were invited.", "HEALTH"),
    ("nb", "Hun er hvit og bor i Oslo.", "ETHNIC_ORIGIN"),
    ("nb", "Han er heterofil.", "SEX_LIFE_ORIENTATION"),
    ("nb", "Han er ateist.", "RELIGION"),
    ("nb", "Kari ble friskmeldt i går.", "HEALTH"),
    ("nn", "Ho er kvit og bur i Bergen.", "ETHNIC_ORIGIN"),
])
def test_majority_groups_are_special_categories_too(lang, text, entity):
    assert entity in _entities(lang, text)


@pytest.mark.parametrize("lang,text,entity", [
    ("en", "Print the white paper in black ink.", "ETHNIC_ORIGIN"),
    ("en", "The man's car was black.", "ETHNIC_ORIGIN"),
    ("en", "Go straight to the point; the line is straight.", "SEX_LIFE_ORIENTATION"),
    ("en", "Christian Hansen sent the invoice.", "RELIGION"),
    ("en", "We had a healthy quarter and healthy margins.", "HEALTH"),
    ("nb", "Christian Ringnes eier bygget.", "RELIGION"),
    ("nb", "– Ja, svarte mannen.", "ETHNIC_ORIGIN"),
])
def test_majority_group_words_keep_their_ordinary_meanings(lang, text, entity):
    assert entity not in _entities(lang, text)
