"""Fitting the scored rules: sources group the documents, candidates are labelled as the scorer
matches, and a fit gives weights the parser can read."""

from __future__ import annotations

import json

import pytest

from minutes.train import dice, documents, fit, sources


def test_documents_and_their_sources(tmp_path):
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (gold.parent / "SOURCES.tsv").write_text(
        "filename\trepository\tpath\nvorstand.md\tverein-birkenau/protokolle\ta.md\n"
        "norsk.txt\tlag-x/referater\tb.txt\n",
        encoding="utf-8",
    )
    (gold / "vorstand.md.json").write_text(json.dumps({"action_items": []}), encoding="utf-8")
    (gold / "norsk.txt.json").write_text(json.dumps({"score_only": ["language", "kind"]}), encoding="utf-8")
    assert sources(gold) == {"vorstand.md": "verein-birkenau", "norsk.txt": "lag-x"}
    assert [path.name for path, _ in documents(gold, docs)] == ["vorstand.md"]


def test_a_candidate_matches_a_task_as_the_scorer_matches_them():
    assert dice("Frau Linde bucht den Saal.", "Linde bucht den Saal bis Mai") >= 0.5
    assert dice("Herr Roth berichtet.", "Frau Linde bucht den Saal.") == 0.0


def test_a_fit_weighs_features_seen_often_and_keeps_priors_for_the_rest():
    pytest.importorskip("sklearn")
    rows = [(f"{n}.md", {"verb:future": 1.0, "due": 1.0}, 1) for n in range(10)]
    rows += [(f"{n}.md", {"verb:report": 1.0}, 0) for n in range(10)]
    rows += [("x.md", {"rule:passive": 1.0}, 0)]  # once: too rare to fit
    weights = fit(rows, "task_clauses")
    assert weights["weights"]["verb:future"] > 0 > weights["weights"]["verb:report"]
    assert weights["weights"]["rule:passive"] == 2.5  # the prior, not the one negative example
    assert "verb:future" not in weights["fit"]["priors_kept"]
    assert "rule:passive" in weights["fit"]["priors_kept"]
    assert weights["fit"]["candidates"] == 21 and weights["fit"]["positive"] == 10
