from pdscan.detect.person import is_label


def test_identifier_label_before_its_value_is_not_a_name():
    text = "Kontonummer: 57248739493"
    assert is_label(text, 0, len("Kontonummer"))
    assert is_label("Tlf 412 34 567", 0, 3)


def test_a_label_word_used_as_a_name_is_kept():
    assert not is_label("Iva smiled at the camera", 0, 3)
    assert not is_label("Ola Nordmann: 412 34 567", 0, 12)
