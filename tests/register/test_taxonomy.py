"""Declared category keys are checked against what the detectors emit and fideslang's groups."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pdscan.cli import main
from pdscan.paths import data_dir
from pdscan.register import load_register
from pdscan.register.taxonomy import is_known, known_categories, unknown_categories

TYPO = (Path(__file__).parent / "minimal-register.yaml").read_text().replace("user.contact]", "user.contacts]")


def test_detector_categories_are_known():
    known = known_categories()
    assert {"user.contact.email", "user.health_and_medical", "user.trade_union_membership", "user.sex_life"} <= known


@pytest.mark.parametrize("key, ok", [("user", True), ("user.contact", True), ("user.contact.email", True),
                                     ("user.contact.email.work", True), ("user.contacts", False),
                                     ("user.helth_and_medical", False), ("customer.name", False)])
def test_is_known(key, ok):
    assert is_known(key, known_categories()) is ok


def test_the_example_register_uses_known_keys():
    assert unknown_categories(load_register(data_dir("examples") / "acme-it-register.yaml")) == []


def test_check_warns_about_a_typo_but_accepts_the_file(write_register):
    path = write_register(TYPO)
    res = CliRunner().invoke(main, ["register", "check", str(path)])
    assert res.exit_code == 0
    assert f"warning: {path}:2: activity 'sales': data category 'user.contacts' is neither" in res.output
