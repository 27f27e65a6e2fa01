"""The special-category packs (detectors/special/*.yaml) compiled for one language: lexicon lookup and context rules.

A pack holds one Art. 9 category (or Art. 10): plain `terms` that reveal it on their own, `rules` for words that
are also ordinary words (Høyre, Delta, faste, bot) and count only with a cue in the window and no veto, named
`cues` lists, and `boost`: the cue lists that raise a plain term's score (default: all). Terms and cues match
case-insensitively as whole words; `*` at the end of a term stands for any word ending (Norwegian inflects and
compounds: `sykmeld*`). Rule terms can be case-sensitive (`LO` but not "hun lo"). Every term of every pack goes
into one trie-shaped regex per case mode, so a segment is scanned once however many entries there are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ...paths import data_dir

PACK_DIR = "special"
NORWEGIAN = ("nb", "nn")  # language detection mixes the two written standards up: both get both lists
WILD = "*"
SCORE_ALONE = 0.65  # a lexicon term with nothing around it: medium, as in Microsoft's two-tier scheme
SCORE_CUED = 0.85  # a term or rule with a cue of its category in the window
DEFAULT_WINDOW = 100  # characters each side (~20 tokens) in which cues and vetoes count
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_WORD_AFTER = re.compile(r"^\W*(\w+)")


class PackError(ValueError):
    """A malformed pack; the message names the file and the key."""


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
    cues: re.Pattern | None  # the pack's `boost` cue lists (default: all): raise a plain term's score
    case_sensitive: bool = False


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
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child)
                    for ch, child in sorted(node.items()) if ch not in ("", WILD)]
        if WILD in node:
            branches.append(r"\w*")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node and WILD not in node else body

    return r"(?<!\w)" + build(trie) + r"(?!\w)"


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


def _required(doc: dict, key: str, path: Path):
    if key not in doc:
        raise PackError(f"{path.name}: missing key '{key}'")
    return doc[key]


def load_pack(path: Path, language: str) -> list[Entry]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise PackError(f"{path.name}: expected a mapping at the top level")
    head = dict(entity=_required(doc, "entity", path), special=_required(doc, "special", path),
                category=_required(doc, "category", path), pack=path.stem)
    window = int(doc.get("window", DEFAULT_WINDOW))
    cue_lists = {name: _for_language(table, language, f"{path.name}: cues.{name}")
                 for name, table in (doc.get("cues") or {}).items()}
    boost = doc.get("boost", list(cue_lists))
    unknown = [n for n in boost if n not in cue_lists]
    if unknown:
        raise PackError(f"{path.name}: boost: no cue list named {', '.join(unknown)}")
    all_cues = _compile([w for name in boost for w in cue_lists[name]])
    entries = [Entry(term=t, needs=None, needs_names=(), unless=None, not_preceded_by=frozenset(),
                     not_followed_by=frozenset(), window=window, cues=all_cues, **head)
               for t in _for_language(_required(doc, "terms", path), language, f"{path.name}: terms")]
    for i, rule in enumerate(doc.get("rules") or []):
        where = f"{path.name}: rules[{i}]"
        if language not in rule.get("languages", ["en", "nb", "nn"]):
            continue
        needs = tuple(rule.get("needs") or ())
        unknown = [n for n in needs if n not in cue_lists]
        if unknown:
            raise PackError(f"{where}.needs: no cue list named {', '.join(unknown)}")
        shared = dict(
            needs=_compile([w for n in needs for w in cue_lists[n]]), needs_names=needs,
            unless=_compile(_words(rule.get("unless") or [], f"{where}.unless")),
            not_preceded_by=_word_set(rule, "not_preceded_by", where),
            not_followed_by=_word_set(rule, "not_followed_by", where),
            window=int(rule.get("window", window)), cues=all_cues,
            case_sensitive=bool(rule.get("case_sensitive", False)), **head)
        entries += [Entry(term=t, **shared) for t in _words(_required(rule, "terms", path), f"{where}.terms")]
    return entries


class Lexicon:
    """All packs for one language, compiled; `find(text)` yields the hits that survive their context rules."""

    def __init__(self, language: str, directory: Path | None = None):
        directory = directory or data_dir("detectors") / PACK_DIR
        self.entries = [e for path in sorted(directory.glob("*.yaml")) for e in load_pack(path, language)]
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

    def find(self, text: str):
        for pattern, (words, stems), norm in self._passes:
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                surface = norm(" ".join(m.group().split()))
                for entry in self._lookup(surface, words, stems):
                    hit = self._judge(text, m.start(), m.end(), entry)
                    if hit:
                        yield hit

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
        window = text[max(0, start - entry.window):start] + " " + text[end:end + entry.window]
        if entry.unless and entry.unless.search(window):
            return None
        if entry.needs:
            cue = entry.needs.search(window)
            return Hit(start, end, entry, SCORE_CUED, _cue_name(cue, entry.needs_names)) if cue else None
        cue = entry.cues.search(window) if entry.cues else None
        return Hit(start, end, entry, SCORE_CUED if cue else SCORE_ALONE, _cue_name(cue, ()) if cue else None)


def _cue_name(match: re.Match, lists: tuple[str, ...]) -> str:
    """The cue as the reason shows it: a lexicon word (lower-cased), and the cue list a rule asked for."""
    word = " ".join(match.group().lower().split())
    return f"{word} ({'/'.join(lists)})" if lists else word
