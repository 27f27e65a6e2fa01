"""Every recogniser in detectors/patterns/ behaves as its own examples say; loader errors name file, line, key."""
from __future__ import annotations

import pytest

from pdscan.detect.packs import PackError, load_categories, load_pattern_pack, load_pattern_packs

SPECS = load_pattern_packs()


def _examples(kind: str):
    return [pytest.param(spec, text, id=f"{spec.name}:{text[:30]}")
            for spec in SPECS for text in getattr(spec, f"examples_{kind}")]


def _found(detector, spec, text) -> bool:
    return any(r.entity_type == spec.entity for r in detector.analyze_text(text))


@pytest.mark.parametrize("spec,text", _examples("match"))
def test_match_examples_are_found(detector, spec, text):
    assert _found(detector, spec, text)


@pytest.mark.parametrize("spec,text", _examples("no_match"))
def test_no_match_examples_are_not_found(detector, spec, text):
    assert not _found(detector, spec, text)


def test_every_entity_has_a_category():
    categories, _ = load_categories()
    assert {spec.entity for spec in SPECS} <= set(categories)


def _write(tmp_path, body: str):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("body,line,key", [
    ("version: '1'\nrecognizers:\n  - name: A\n    entity: X\n    patterns: [{name: p, regex: 'a(', score: 0.5}]\n"
     "    examples: {match: [a]}\n", 5, "regex"),
    ("version: '1'\nrecognizers:\n  - name: A\n    entity: X\n    patterns: [{name: p, regex: 'a', score: 0.5}]\n"
     "    validator: nosuch\n    examples: {match: [a]}\n", 6, "validator"),
    ("version: '1'\nrecognizers:\n  - name: A\n    entity: X\n    patterns: [{name: p, regex: 'a', score: 0.5}]\n"
     "    threshold: 2\n    examples: {match: [a]}\n", 6, "threshold"),
    ("version: '1'\nrecognizers:\n  - name: A\n    entity: X\n    patterns: [{name: p, regex: 'a', score: 0.5}]\n"
     "    colour: red\n    examples: {match: [a]}\n", 6, "colour"),
    ("version: '1'\nrecognizers:\n  - name: A\n    entity: X\n    patterns: [{name: p, regex: 'a', score: 0.5}]\n",
     3, "examples"),
])
def test_loader_errors_name_file_line_and_key(tmp_path, body, line, key):
    path = _write(tmp_path, body)
    with pytest.raises(PackError) as err:
        load_pattern_pack(path)
    assert f"{path}:{line}: key '{key}'" in str(err.value)


def test_invalid_yaml_names_the_line(tmp_path):
    path = _write(tmp_path, "recognizers:\n  - name: [unclosed\n")
    with pytest.raises(PackError, match=rf"{path}:\d+: invalid YAML"):
        load_pattern_pack(path)
