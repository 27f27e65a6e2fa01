"""Train, or score, the Norwegian (Bokmål + Nynorsk) person-name model shipped in models/nb_ner.

    python scripts/train_nb_ner.py train [--corpus ../shared/corpus] [--epochs 12] [--out models/nb_ner]
    python scripts/train_nb_ner.py score [--corpus ../shared/corpus] [--model models/nb_ner]
    python scripts/train_nb_ner.py words [--corpus ../shared/corpus] [--words models/nb_common_words.txt]

`train` fits a small spaCy NER (hash-embedding CNN, no word vectors) from `spacy.blank("nb")` on the NorNE
training split only (CC0 annotations); the dev split picks the best epoch and nothing else.
`score` runs the shipped model the way the scanner does (raw sentence text through the nb tokenizer) on
NorNE dev and prints PER precision, recall and F1 per written standard, matching exact character spans.
`words` writes the common-word list the name recogniser uses to tidy the model's spans: word forms the training
split has in lower case at least twice and never inside a person name («diakon», «grove»; not «per», «berg»).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRAIN_FILES = ("no_bokmaal-train.conll", "no_nynorsk-train.conll")
DEV_FILES = {"bokmaal": "no_bokmaal-ud-dev.conllu", "nynorsk": "no_nynorsk-ud-dev.conllu"}
# NorNE's geo-political split matters for maps, not for privacy: fold it into ORG/LOC so capacity goes to PER.
LABELS = {"PER": "PER", "ORG": "ORG", "GPE_ORG": "ORG", "LOC": "LOC", "GPE_LOC": "LOC"}
NO_SPACE_BEFORE = set(",.:;!?)»%")
NO_SPACE_AFTER = set("(«")
MIN_LOWER = 2  # lower-case occurrences that make a word form common (one could be a typo)


def read_conll(path: Path):
    """Two-column NorNE (token, BIO tag): yields (words, spaces, tags) per sentence."""
    words, tags = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if words:
                yield words, guess_spaces(words), tags
            words, tags = [], []
            continue
        token, tag = line.split("\t")
        words.append(token)
        tags.append(tag)


def guess_spaces(words: list[str]) -> list[bool]:
    return [
        not (w in NO_SPACE_AFTER or (i + 1 < len(words) and words[i + 1] in NO_SPACE_BEFORE))
        for i, w in enumerate(words)
    ]


def read_conllu(path: Path):
    """NorNE UD dev: yields (text, words, spaces, tags) per sentence, tags from `name=` in MISC."""
    text, words, spaces, tags = None, [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
            words.append(cols[1])
            spaces.append(misc.get("SpaceAfter") != "No")
            tags.append(misc.get("name", "O"))
        elif not line and words:
            yield text, words, spaces, tags
            text, words, spaces, tags = None, [], [], []


def to_biluo_entities(tags: list[str]) -> list[str]:
    """BIO with NorNE labels -> spaCy IOB strings with our reduced label set."""
    out = []
    for tag in tags:
        prefix, _, label = tag.partition("-")
        mapped = LABELS.get(label)
        out.append(f"{prefix}-{mapped}" if mapped else "O")
    # NorNE has a few I- tags with nothing to continue; spaCy refuses those, so they open a span
    for i, tag in enumerate(out):
        if tag.startswith("I-") and (i == 0 or out[i - 1] == "O"):
            out[i] = "B-" + tag[2:]
    return out


def docbin(nlp, sentences):
    from spacy.tokens import Doc, DocBin

    db = DocBin()
    for words, spaces, tags in sentences:
        db.add(Doc(nlp.vocab, words=words, spaces=spaces, ents=to_biluo_entities(tags)))
    return db


def build_config(train_path: Path, dev_path: Path, epochs: int):
    from spacy.cli.init_config import init_config

    config = init_config(lang="nb", pipeline=["ner"], optimize="efficiency")
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config["training"]["max_epochs"] = epochs
    config["training"]["max_steps"] = 0
    config["training"]["patience"] = 0
    config["training"]["eval_frequency"] = 1000
    # a little wider than spaCy's "efficiency" preset: names need more suffix/shape memory than the default
    config["components"]["tok2vec"]["model"]["encode"]["width"] = 128
    config["components"]["tok2vec"]["model"]["embed"]["rows"] = [8000, 4000, 4000, 4000]
    return config


def train(args) -> None:
    import spacy
    from spacy.cli.train import train as spacy_train

    corpus = Path(args.corpus) / "norne"
    nlp = spacy.blank("nb")
    # the work dir survives the run, so an interrupted training still leaves its best epoch in work/out/model-best
    tmp = Path(args.workdir or tempfile.mkdtemp(prefix="nb_ner_"))
    tmp.mkdir(parents=True, exist_ok=True)
    train_sents = [s for name in TRAIN_FILES for s in read_conll(corpus / name)]
    dev_sents = [(w, s, t) for name in DEV_FILES.values() for _, w, s, t in read_conllu(corpus / name)]
    docbin(nlp, train_sents).to_disk(tmp / "train.spacy")
    docbin(nlp, dev_sents).to_disk(tmp / "dev.spacy")
    config_path = tmp / "config.cfg"
    build_config(tmp / "train.spacy", tmp / "dev.spacy", args.epochs).to_disk(config_path)
    started = time.monotonic()
    spacy_train(config_path, tmp / "out", use_gpu=-1)
    minutes = (time.monotonic() - started) / 60
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(tmp / "out" / "model-best", out)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(name="pdscan_nb_ner", version="1.0.0", license="CC0-1.0 (NorNE annotations)",
                description=f"pdscan Norwegian NER, NorNE train, {len(train_sents)} sentences, "
                            f"{args.epochs} epochs max, {minutes:.0f} min")
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    print(f"trained in {minutes:.1f} min -> {out}")


def spans(tags: list[str], offsets: list[tuple[int, int]], label: str) -> set[tuple[int, int]]:
    found, start = set(), None
    for i, tag in enumerate(tags + ["O"]):
        if start is not None and not tag.startswith("I-"):
            found.add((offsets[start][0], offsets[i - 1][1]))
            start = None
        if tag == f"B-{label}":
            start = i
    return found


def score(args) -> None:
    sys.path.insert(0, str(REPO))
    from pdscan.detect.recognizers.nb_names import NorwegianNames

    model = NorwegianNames(Path(args.model)) if args.model else NorwegianNames()
    corpus = Path(args.corpus) / "norne"
    for standard, name in DEV_FILES.items():
        texts, gold = [], []
        for _, words, spaces, tags in read_conllu(corpus / name):
            text, offsets = "", []
            for w, sp in zip(words, spaces):
                offsets.append((len(text), len(text) + len(w)))
                text += w + (" " if sp else "")
            texts.append(text)
            gold.append(spans(tags, offsets, "PER"))
        started = time.monotonic()
        predicted = [{(r.start, r.end) for r in results} for results in model.pipe(texts)]
        seconds = time.monotonic() - started
        tp = sum(len(g & p) for g, p in zip(gold, predicted))
        n_pred = sum(map(len, predicted))
        n_gold = sum(map(len, gold))
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{standard}: PER precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
              f"(gold {n_gold}, predicted {n_pred}, {len(texts)} sentences, {seconds:.1f} s)")


def common_words(args) -> None:
    lower, in_names = {}, set()
    for name in TRAIN_FILES:
        for words, _, tags in read_conll(Path(args.corpus) / "norne" / name):
            for word, tag in zip(words, tags):
                if tag.endswith("-PER"):
                    in_names.add(word.lower())
                elif word.isalpha() and word.islower():
                    lower[word] = lower.get(word, 0) + 1
    chosen = sorted(w for w, n in lower.items() if n >= MIN_LOWER and w not in in_names)
    Path(args.words).write_text("\n".join(chosen) + "\n", encoding="utf-8")
    print(f"{len(chosen)} words -> {args.words}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["train", "score", "words"])
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--out", default=str(REPO / "models" / "nb_ner"))
    parser.add_argument("--workdir", default=None, help="training scratch dir (default: a new temp dir)")
    parser.add_argument("--model", default=None, help="model directory to score (default: the shipped one)")
    parser.add_argument("--words", default=str(REPO / "models" / "nb_common_words.txt"))
    args = parser.parse_args()
    {"train": train, "score": score, "words": common_words}[args.command](args)


if __name__ == "__main__":
    main()
