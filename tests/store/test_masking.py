from pdscan.store.masking import mask_value, snippet


def test_mask_keeps_only_ends():
    assert mask_value("ola@example.com") == "o" + "*" * 13 + "m"
    assert mask_value("abcd") == "****"


def test_snippet_masks_every_span_in_window_and_never_the_raw_value():
    text = "Kontakt ola@example.com eller ring 412 34 567 i dag for tilbudet."
    s = snippet(text, [(8, 23), (35, 45)], (8, 23), width=30)
    assert "ola@example.com" not in s and "412 34 567" not in s
    assert "Kontakt" in s and s.endswith("…")
    assert "ola@example.com" in snippet(text, [(8, 23)], (8, 23), show=True)
