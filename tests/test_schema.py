"""Every fixture's record validates against schemas/minutes.schema.json and survives a round trip."""

from __future__ import annotations

import json

import pytest

from minutes import Minutes, parse
from minutes.resources import data_path
from minutes.vocab import kind_languages, languages, load_kind_cues, load_patterns, load_vocabulary

from fixture_builders import FIXTURES

AUTHORED = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
FORMATS = ["pdf", "docx", "odt", "aspx", "text-cp1252", "text-utf-16"]


@pytest.mark.parametrize("path", AUTHORED, ids=lambda p: p.name)
def test_authored_fixture_records_are_schema_valid(path, validate):
    record = parse(path)
    validate(record.to_dict())
    assert Minutes.from_dict(record.to_dict()).to_dict() == record.to_dict()


@pytest.mark.parametrize("name", FORMATS)
def test_rendered_format_records_are_schema_valid(built, name, validate):
    validate(parse(built[name]).to_dict())


def test_every_pipeline_file_matches_its_schema():
    assert languages() == ("da", "de")
    assert set(kind_languages()) >= {"da", "de", "no"}
    for lang in languages():
        load_vocabulary(lang)
        assert load_patterns(lang)
    for lang in kind_languages():
        load_kind_cues(lang)


def test_languages_share_one_vocabulary_shape():
    schema = json.loads(data_path("schemas", "vocabulary.schema.json").read_text())
    for lang in languages():
        vocabulary = load_vocabulary(lang)
        assert set(vocabulary) == set(schema["required"])
