"""The shared corpus (../shared), when it is there; skipped otherwise.

Every document parses to a schema-valid record, and none ends in an internal error. Language and
kind are measured over the whole corpus against a floor (the scorer, `make score`, measures every
field): the corpus holds documents that no rule was written for, so a per-document assertion would
only be a list of the documents the rules were fitted to.
"""

from __future__ import annotations

import json

import pytest

from minutes import parse
from minutes.errors import OCRUnavailable

from conftest import SHARED

CORPORA = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "dev"]
GOLD = sorted(g for corpus in CORPORA if corpus.is_dir() for g in (corpus / "gold").glob("*.json"))
# Share of documents whose language and kind agree with the gold; raise it as detection improves.
DETECTION_FLOOR = 0.78

pytestmark = pytest.mark.skipif(not GOLD, reason="../shared/corpus is not here")


def _document(gold_path):
    return gold_path.parent.parent / "docs" / gold_path.name.removesuffix(".json")


@pytest.fixture(scope="module")
def detected(validate) -> dict[str, tuple[tuple, tuple]]:
    found = {}
    for gold_path in GOLD:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            record = validate(parse(_document(gold_path)).to_dict())
        except OCRUnavailable:  # a scan, where tesseract is not installed (make system-deps)
            continue
        found[gold_path.name] = ((record["language"], record["kind"]), (gold["language"], gold["kind"]))
    return found


def test_every_document_parses_to_a_valid_record(detected):
    assert detected  # the fixture validated each record; an internal error fails it


def test_language_and_kind_agree_with_the_gold_on_most_documents(detected):
    wrong = {name: pair for name, pair in detected.items() if pair[0] != pair[1]}
    share = 1 - len(wrong) / len(detected)
    assert share >= DETECTION_FLOOR, (share, wrong)
