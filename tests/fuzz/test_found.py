"""Inputs the fuzzer found that crashed or hung an extractor, kept as plain regression tests (each names the bug)."""
from __future__ import annotations

from tests.extract.helpers import payload_item, rows, text_of


def test_xml_with_a_comment_before_the_root_is_read():
    # The streaming XML reader deleted the root's "previous sibling" through its parent, which the root lacks.
    item = payload_item(b'<?xml version="1.0"?><!-- export --><staff><name>Kari Nordmann</name></staff>', "staff.xml")
    assert rows(item) == {item.uri: ("ok", None)}
    assert "name: Kari Nordmann" in text_of(item)
