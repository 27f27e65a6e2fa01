from pdscan.evaluate.metrics import CategoryScorer, SpanScorer, f_beta


def test_overlap_counts_each_side():
    s = SpanScorer({"PERSON", "EMAIL_ADDRESS"})
    # gold: first and last name apart; prediction: one span over both -> both found, one correct prediction
    s.add([(0, 3, "PERSON"), (4, 12, "PERSON")], [(0, 12, "PERSON"), (20, 30, "EMAIL_ADDRESS")])
    r = s.result()
    assert r["PERSON"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "f2": 1.0, "support": 2, "predicted": 1}
    assert r["EMAIL_ADDRESS"]["precision"] == 0.0 and r["EMAIL_ADDRESS"]["support"] == 0
    assert r["overall"]["precision"] == 0.5 and r["overall"]["recall"] == 1.0


def test_wrong_type_is_not_credited_and_unscored_types_ignored():
    s = SpanScorer({"PERSON"})
    s.add([(0, 5, "PERSON")], [(0, 5, "LOCATION")])
    assert s.result()["PERSON"]["recall"] == 0.0
    assert s.result()["overall"]["predicted"] == 0


def test_f_beta_weights_recall():
    assert round(f_beta(0.5, 1.0, 2), 4) == round(5 * 0.5 / (4 * 0.5 + 1.0), 4)
    assert f_beta(0.0, 0.0, 1) == 0.0


def test_category_scorer_per_sentence():
    s = CategoryScorer({"religion", "health"})
    s.add(frozenset({"religion"}), {"religion"})
    s.add(frozenset(), {"health"})
    s.add(frozenset({"health"}), set())
    r = s.result()
    assert r["religion"]["precision"] == 1.0 and r["religion"]["recall"] == 1.0
    assert r["health"]["precision"] == 0.0 and r["health"]["recall"] == 0.0
