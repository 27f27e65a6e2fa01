"""The special-category packs (detectors/special/*.yaml) compiled for one language: lexicon lookup and context rules.

A pack holds one Art. 9 category (or Art. 10): plain `terms` that reveal it on their own, `rules` for words that
are also ordinary words (Høyre, Delta, faste, bot) and count only with a cue in the window and no veto, named
`cues` lists, and `boost`: the cue lists that raise a plain term's score (default: the pack's own). Cue lists
every pack may name (person nouns, "he is" ...) live one per file in detectors/special/shared/. A rule may also
ask for a cue right next to the term (`preceded_by: [subject]`: "he is black"; `followed_by: [people]`: "black
man"; one word may come between) where a window would be too loose ("a man in a black suit"). Terms and cues
match case-insensitively as whole words; `*` at the end of a term stands for any word ending (Norwegian inflects
and compounds: `sykmeld*`); an apostrophe matches both ' and ’. Rule terms can be case-sensitive (`LO` but not
"hun lo"); `not_before_name` skips a given name ("Christian Berg"). Every term of every pack goes into one trie-shaped regex per case mode, so a segment is scanned once
however many entries there are.

A statement about nobody is not a person's data: `needs: [person]` asks for a person in the window (a word of the
shared `people` or `pronoun` lists, or a known given name), so "Sykehuset har 300 senger" stays quiet while
"Pasienten ligger på sykehuset" counts. A pack's `negation` drops a hit that a cue of its `before` lists precedes,
or a cue of its `after` lists follows, within the same clause ("not a member of any union", "politiattest uten
merknader", "a study on diabetes"); its `generic` lists (policy text) drop a hit that has no person in the window,
and `anchored: true` asks a rule for a person besides its cues ("Høyre la fram programmet" is party news).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...paths import data_dir
from ..packs import PackError, load_yaml

PACK_DIR = "special"
SHARED_DIR = "shared"  # under PACK_DIR: cue lists for every pack, one per file, named by the file
NORWEGIAN = ("nb", "nn")  # language detection mixes the two written standards up: both get both lists
WILD = "*"
SCORE_ALONE = 0.65  # a lexicon term with nothing around it: medium, as in Microsoft's two-tier scheme
SCORE_CUED = 0.85  # a term or rule with a cue of its category in the window
DEFAULT_WINDOW = 100  # characters each side (~20 tokens) in which cues and vetoes count
ADJACENT = 60  # characters searched for a `preceded_by` / `followed_by` cue (the cue, one word and the gaps)
_GAP = r"\W+(?:[\w'’-]+\W+)?"  # between a term and an adjacent cue: punctuation or spaces and at most one word
APOSTROPHES = str.maketrans("’", "'")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"^\W*(\w+)")
_NAME_AFTER = re.compile(r"[ \t]+[^\W\d_]")
PERSON = "person"  # the cue list a rule names to ask for a person: people + pronoun words or a known given name
PERSON_LISTS = ("people", "pronoun")  # shared lists (detectors/special/shared/) that name or point at a person
NEGATION_BEFORE = 40  # characters before a term searched for a negation cue (the clause is cut at its start)
NEGATION_AFTER = 50  # ... and after it
NEGATION_WORDS = 4  # words at most between a negation and the term ("not [a member of any] union")
# where a negation's scope ends: punctuation, a dash, a conjunction or a relative pronoun ("he didn't stare
# because he was ill", «ikke sykmeldt, men har diabetes»)
_CLAUSE = re.compile(r"[.;:!?\n]|\s[–-]\s|\b(?:but|and|or|because|since|so|who|which|that|while|when|after|"
                     r"however|although|men|og|eller|fordi|siden|som|mens|når|etter at|selv om)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÆØÅÄÖÜ][a-zæøåäöüéè]+(?![\w-])")


@dataclass(frozen=True)
class Entry:
    term: str  # as written in the pack: the finding's reason names it
    entity: str
    special: str
    category: str
    pack: str
    needs: re.Pattern | None  # a rule counts only with one of these cues in the window
    needs_names: tuple[str, ...]
    unless: re.Pattern | None  # veto words in the window
    not_preceded_by: frozenset[str]
    not_followed_by: frozenset[str]
    window: int
    cues: re.Pattern | None  # the pack's `boost` cue lists (default: its own): raise a plain term's score
    case_sensitive: bool = False
    preceded_by: re.Pattern | None = None  # a rule counts only with one of these cues right before the term
    followed_by: re.Pattern | None = None  # ... or right after it
    not_before_name: bool = False  # a capitalised word right after makes it a given name ("Christian Berg")
    needs_person: bool = False  # `needs` includes `person`: a known given name in the window is a cue too
    negated_before: re.Pattern | None = None  # the pack's `negation.before` cues: drop the hit in their clause
    negated_after: re.Pattern | None = None  # the pack's `negation.after` cues
    generic: re.Pattern | None = None  # the pack's `generic` cues: drop the hit unless a person is in the window
    person: re.Pattern | None = None  # the person words (for `generic` and `anchored`)
    anchored: bool = False  # besides its cues, the rule asks for a person in the window (a party, not its news)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry
    score: float
    cue: str | None  # the cue word that applied: a word of the pack's cue lists, as matched


def trie_regex(words: list[str]) -> str:
    """One alternation shaped like a trie, so matching costs one pass, not one try per word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in (word[:-1] if word.endswith(WILD) else word):
            node = node.setdefault(ch, {})
        node[WILD if word.endswith(WILD) else ""] = {}

    def build(node: dict) -> str:
        branches = [_char(ch) + build(child)
                    for ch, child in sorted(node.items()) if ch not in ("", WILD)]
        if WILD in node:
            branches.append(r"\w*")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node and WILD not in node else body

    return r"(?<!\w)" + build(trie) + r"(?!\w)"


def _char(ch: str) -> str:
    return r"\s+" if ch == " " else "['’]" if ch == "'" else re.escape(ch)


def _words(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise PackError(f"{where}: expected a list of words")
    return [" ".join(w.split()) for w in value]


def _for_language(table, language: str, where: str) -> list[str]:
    """A {en, nb, nn} table -> the words for one language (Norwegian gets both standards)."""
    if table is None:
        return []
    if not isinstance(table, dict) or set(table) - {"en", "nb", "nn"}:
        raise PackError(f"{where}: expected a mapping with keys en, nb, nn")
    langs = NORWEGIAN if language in NORWEGIAN else (language,)
    return [w for lang in langs for w in _words(table.get(lang) or [], f"{where}.{lang}")]


def _word_set(rule: dict, key: str, where: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _words(rule.get(key) or [], f"{where}.{key}"))


def _compile(words: list[str]) -> re.Pattern | None:
    return re.compile(trie_regex([w.lower() for w in words]), re.IGNORECASE) if words else None


def _adjacent(words: list[str], before: bool) -> re.Pattern | None:
    """A cue that must end right before the term (searched up to the term) or start right after it."""
    if not words:
        return None
    cue = "(?P<cue>" + trie_regex([w.lower() for w in words]) + ")"
    return re.compile(cue + _GAP + "$" if before else "^" + _GAP + cue, re.IGNORECASE)


@cache
def _given_names() -> frozenset[str]:
    """The NER gate's known names (detectors/name_gate.txt, lower case) less the words that are rarely names."""
    from ..ner import load_settings

    settings = load_settings()
    table = load_yaml(data_dir("detectors") / PACK_DIR / SHARED_DIR / "not_names.yaml")
    never = {w.lower() for lang in ("en", "nb", "nn") for w in _words(table.get(lang) or [], f"not_names.{lang}")}
    return settings.names - settings.not_names - never


def _name_in(window: str) -> re.Match | None:
    names = _given_names()
    return next((m for m in _CAPITALISED.finditer(window) if m.group().lower() in names), None)


def _person_in(entry: Entry, window: str) -> bool:
    return bool(entry.person and entry.person.search(window) or _name_in(window))


def _clause_before(text: str, start: int) -> str:
    """The words right before the term in its clause; a comma ends a clause here ("Kari, who had no job, ...")."""
    head = text[max(0, start - NEGATION_BEFORE):start]
    cut = [m for m in _CLAUSE.finditer(head)] + [m for m in re.finditer(",", head)]
    cut.sort(key=lambda m: m.end())
    words = (head[cut[-1].end():] if cut else head).split()
    return " ".join(words[-(NEGATION_WORDS + 1):])


def _clause_after(text: str, end: int) -> str:
    tail = text[end:end + NEGATION_AFTER]
    cut = _CLAUSE.search(tail)
    return tail[:cut.start()] if cut else tail


def _cue_names(rule: dict, key: str, cue_lists: dict, where: str) -> tuple[str, ...]:
    names = tuple(rule.get(key) or ())
    unknown = [n for n in names if n not in cue_lists]
    if unknown:
        raise PackError(f"{where}.{key}: no cue list named {', '.join(unknown)}")
    return names


def shared_cues(directory: Path, language: str) -> dict[str, list[str]]:
    """detectors/special/shared/NAME.yaml: a {en, nb, nn} word table any pack may name as cue list NAME."""
    return {path.stem: _for_language(load_yaml(path), language,
                                     f"{SHARED_DIR}/{path.name}")
            for path in sorted((directory / SHARED_DIR).glob("*.yaml"))}


def _required(doc: dict, key: str, path: Path):
    if key not in doc:
        raise PackError(f"{path.name}: missing key '{key}'")
    return doc[key]


def load_pack(path: Path, language: str, shared: dict[str, list[str]] | None = None) -> list[Entry]:
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise PackError(f"{path.name}: expected a mapping at the top level")
    head = dict(entity=_required(doc, "entity", path), special=_required(doc, "special", path),
                category=_required(doc, "category", path), pack=path.stem)
    window = int(doc.get("window", DEFAULT_WINDOW))
    own = {name: _for_language(table, language, f"{path.name}: cues.{name}")
           for name, table in (doc.get("cues") or {}).items()}
    clash = sorted(set(own) & set(shared or {}))
    if clash:
        raise PackError(f"{path.name}: cues.{clash[0]}: the name of a shared cue list")
    cue_lists = {**(shared or {}), **own}
    cue_lists[PERSON] = [w for name in PERSON_LISTS for w in cue_lists.get(name, [])]
    boost = doc.get("boost", list(own))
    unknown = [n for n in boost if n not in cue_lists]
    if unknown:
        raise PackError(f"{path.name}: boost: no cue list named {', '.join(unknown)}")
    all_cues = _compile([w for name in boost for w in cue_lists[name]])
    negation = doc.get("negation") or {}
    if not isinstance(negation, dict) or set(negation) - {"before", "after"}:
        raise PackError(f"{path.name}: negation: expected a mapping with keys before, after")
    listed = {key: _compile([w for n in _cue_names(negation, key, cue_lists, f"{path.name}: negation")
                             for w in cue_lists[n]]) for key in ("before", "after")}
    generic = _compile([w for n in _cue_names(doc, "generic", cue_lists, path.name) for w in cue_lists[n]])
    head.update(negated_before=listed["before"], negated_after=listed["after"], generic=generic,
                person=_compile(cue_lists[PERSON]))
    entries = [Entry(term=t, needs=None, needs_names=(), unless=None, not_preceded_by=frozenset(),
                     not_followed_by=frozenset(), window=window, cues=all_cues, **head)
               for t in _for_language(_required(doc, "terms", path), language, f"{path.name}: terms")]
    for i, rule in enumerate(doc.get("rules") or []):
        where = f"{path.name}: rules[{i}]"
        if language not in rule.get("languages", ["en", "nb", "nn"]):
            continue
        needs = _cue_names(rule, "needs", cue_lists, where)
        before, after = (_cue_names(rule, key, cue_lists, where) for key in ("preceded_by", "followed_by"))
        common = dict(
            needs=_compile([w for n in needs for w in cue_lists[n]]), needs_names=needs,
            preceded_by=_adjacent([w for n in before for w in cue_lists[n]], before=True),
            followed_by=_adjacent([w for n in after for w in cue_lists[n]], before=False),
            unless=_compile(_words(rule.get("unless") or [], f"{where}.unless")),
            not_preceded_by=_word_set(rule, "not_preceded_by", where),
            not_followed_by=_word_set(rule, "not_followed_by", where),
            window=int(rule.get("window", window)), cues=all_cues,
            case_sensitive=bool(rule.get("case_sensitive", False)),
            not_before_name=bool(rule.get("not_before_name", False)), needs_person=PERSON in needs,
            anchored=bool(rule.get("anchored", False)), **head)
        entries += [Entry(term=t, **common) for t in _words(_required(rule, "terms", path), f"{where}.terms")]
    return entries


class Lexicon:
    """All packs for one language, compiled; `find(text)` yields the hits that survive their context rules."""

    def __init__(self, language: str, directory: Path | None = None):
        directory = directory or data_dir("detectors") / PACK_DIR
        shared = shared_cues(directory, language)
        self.entries = [e for path in sorted(directory.glob("*.yaml")) for e in load_pack(path, language, shared)]
        self.entities = sorted({e.entity for e in self.entries})
        folded = [e for e in self.entries if not e.case_sensitive]
        exact = [e for e in self.entries if e.case_sensitive]
        self._passes = [(_compile([e.term for e in folded]), self._index(folded, str.lower), str.lower),
                        (re.compile(trie_regex([e.term for e in exact])) if exact else None,
                         self._index(exact, str), str)]

    @staticmethod
    def _index(entries: list[Entry], norm) -> tuple[dict, dict]:
        words: dict[str, list[Entry]] = {}
        stems: dict[str, list[Entry]] = {}
        for e in entries:
            table, key = (stems, e.term[:-1]) if e.term.endswith(WILD) else (words, e.term)
            table.setdefault(norm(key), []).append(e)
        return words, stems

    def find(self, text: str) -> list[Hit]:
        best: dict[tuple, Hit] = {}  # several entries may hold the same word ("black man", "he is black")
        for pattern, (words, stems), norm in self._passes:
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                surface = norm(" ".join(m.group().split())).translate(APOSTROPHES)
                for entry in self._lookup(surface, words, stems):
                    hit = self._judge(text, m.start(), m.end(), entry)
                    key = (m.start(), m.end(), entry.entity)
                    if hit and (key not in best or hit.score > best[key].score):
                        best[key] = hit
        return list(best.values())

    @staticmethod
    def _lookup(surface: str, words: dict, stems: dict) -> list[Entry]:
        found = list(words.get(surface, ()))
        for n in range(len(surface), 0, -1):
            if surface[:n] in stems:
                return found + stems[surface[:n]]
        return found

    @staticmethod
    def _judge(text: str, start: int, end: int, entry: Entry) -> Hit | None:
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before and before.group(1).lower() in entry.not_preceded_by:
            return None
        after = _WORD_AFTER.search(text[end:end + 40])
        if after and after.group(1).lower() in entry.not_followed_by:
            return None
        if entry.not_before_name:
            name = _NAME_AFTER.match(text, end)
            if name and name.group()[-1].isupper():
                return None
        window = text[max(0, start - entry.window):start] + " " + text[end:end + entry.window]
        if entry.unless and entry.unless.search(window):
            return None
        if entry.negated_before and entry.negated_before.search(_clause_before(text, start)):
            return None
        if entry.negated_after and entry.negated_after.search(_clause_after(text, end)):
            return None
        if (entry.generic and entry.generic.search(window) or entry.anchored) and not _person_in(entry, window):
            return None
        adjacent = None
        if entry.preceded_by:
            adjacent = entry.preceded_by.search(text, max(0, start - ADJACENT), start)
            if not adjacent:
                return None
        if entry.followed_by:
            adjacent = entry.followed_by.search(text[end:end + ADJACENT])
            if not adjacent:
                return None
        if adjacent and not entry.needs:
            return Hit(start, end, entry, SCORE_CUED, _cue_name(adjacent, (), "cue"))
        if entry.needs:
            cue = entry.needs.search(window)
            if cue:
                return Hit(start, end, entry, SCORE_CUED, _cue_name(cue, entry.needs_names))
            # a reason never quotes the text: the name that anchored the hit is not repeated
            named = entry.needs_person and _name_in(window)
            return Hit(start, end, entry, SCORE_CUED, f"a given name ({PERSON})") if named else None
        cue = entry.cues.search(window) if entry.cues else None
        return Hit(start, end, entry, SCORE_CUED if cue else SCORE_ALONE, _cue_name(cue, ()) if cue else None)


def _cue_name(match: re.Match, lists: tuple[str, ...], group: int | str = 0) -> str:
    """The cue as the reason shows it: a lexicon word (lower-cased), and the cue list a rule asked for."""
    word = " ".join(match.group(group).lower().split())
    return f"{word} ({'/'.join(lists)})" if lists else word
