"""Language and kind on the shared corpus (../shared), when it is there; skipped otherwise."""

from __future__ import annotations

import json

import pytest

from minutes import parse

from conftest import SHARED

CORPORA = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "dev"]
GOLD = sorted(g for corpus in CORPORA if corpus.is_dir() for g in (corpus / "gold").glob("*.json"))

pytestmark = pytest.mark.skipif(not GOLD, reason="../shared/corpus is not here")


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.removesuffix(".json"))
def test_language_and_kind_match_gold(gold_path, validate):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = gold_path.parent.parent / "docs" / gold_path.name.removesuffix(".json")
    record = validate(parse(document).to_dict())
    assert (record["language"], record["kind"]) == (gold["language"], gold["kind"])
