"""Per-language extraction data from `pipelines/<lang>/`, validated against its schema, cached.

`vocabulary.toml` holds cue words, labels and regular expressions; `patterns.jsonl` holds spaCy
SpanRuler patterns. The code reads keys, never language codes.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from functools import cache
from typing import Any

import jsonschema

from minutes.errors import VocabularyError
from minutes.resources import data_path


@cache
def languages() -> tuple[str, ...]:
    """The languages minutes extracts: those with a pipelines/<lang>/vocabulary.toml."""
    root = data_path("pipelines")
    return tuple(sorted(p.parent.name for p in root.glob("*/vocabulary.toml")))


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads(data_path("schemas", name).read_text(encoding="utf-8"))


@cache
def kind_languages() -> tuple[str, ...]:
    """The languages whose documents can be told apart by kind: those with a kind.toml."""
    root = data_path("pipelines")
    return tuple(sorted(p.parent.name for p in root.glob("*/kind.toml")))


def _load_toml(lang: str, name: str) -> dict[str, Any]:
    path = data_path("pipelines", lang, f"{name}.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, _schema(f"{name}.schema.json"))
    except (OSError, tomllib.TOMLDecodeError, jsonschema.ValidationError) as error:
        raise VocabularyError(f"{path}: {error}") from error
    return data


@cache
def load_vocabulary(lang: str) -> dict[str, Any]:
    """The extraction vocabulary of `lang` (pipelines/<lang>/vocabulary.toml)."""
    return _load_toml(lang, "vocabulary")


@cache
def load_kind_cues(lang: str) -> dict[str, list[str]]:
    """The cues that tell the kind of a document in `lang` (pipelines/<lang>/kind.toml)."""
    return _load_toml(lang, "kind")


@cache
def load_patterns(lang: str) -> tuple[dict[str, Any], ...]:
    path = data_path("pipelines", lang, "patterns.jsonl")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise VocabularyError(f"{path}: {error}") from error
    patterns = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            pattern = json.loads(line)
            jsonschema.validate(pattern, _schema("pattern.schema.json"))
        except (ValueError, jsonschema.ValidationError) as error:
            raise VocabularyError(f"{path}: line {number}: {error}") from error
        patterns.append(pattern)
    return tuple(patterns)


def words(lang: str, section: str, key: str) -> list[str]:
    return list(load_vocabulary(lang).get(section, {}).get(key, []))


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal cue words, longest first so that prefixes do not win."""
    return _alternation(tuple(items))


@cache
def _alternation(items: tuple[str, ...]) -> str:
    # the extractors ask for the same few vocabularies per block and per list entry
    return "|".join(re.escape(item) for item in sorted(items, key=len, reverse=True))


@cache
def page_number_patterns() -> tuple[re.Pattern[str], ...]:
    """Page numbering of every language: readers run before the language is known."""
    found = [p for lang in languages() for p in load_vocabulary(lang)["layout"]["page_number"]]
    return tuple(re.compile(p, re.I) for p in dict.fromkeys(found))


@cache
def case_reference_patterns() -> tuple[re.Pattern[str], ...]:
    """Case and file references of every language ("ABC-2025-001234"): a reader never takes a line
    holding one for a running header, however often it repeats."""
    found = [p for lang in languages() for p in load_vocabulary(lang)["agenda"]["case_patterns"]]
    return tuple(re.compile(p) for p in dict.fromkeys(found))


def _item_prefix() -> str:
    prefixes = [p for lang in languages() for p in load_vocabulary(lang)["agenda"]["item_prefixes"]]
    return alternation(list(dict.fromkeys(prefixes)))


@cache
def item_start_pattern() -> re.Pattern[str]:
    """A line that starts with an item's prefix and number, in any language: "TOP 3 …", "§ 4 …"."""
    return re.compile(rf"^(?:{_item_prefix()})\s*\d", re.I)


@cache
def number_line_pattern() -> re.Pattern[str]:
    """A line that is only an item's number, in any language: "3.", "3.)", "TOP 3", "Ö 3", "§ 4"."""
    return re.compile(rf"^(?:(?:{_item_prefix()})\s*)?\d{{1,3}}(?:\.\d{{1,3}})*[.):]{{0,2}}$", re.I)


@cache
def marker_pattern() -> re.Pattern[str]:
    """The list or number marker a line starts with, in any language: "3.", "4.1)", "(a)", "b)",
    "TOP 3", "§ 4", "•"; not a date ("12.03.2025") or a number in running text."""
    return re.compile(
        rf"^(?:(?:{_item_prefix()})\s*\d{{1,3}}(?:\.\d{{1,3}})*[.):]{{0,2}}"
        r"|\d{1,3}(?:\.\d{1,3})+[.)]{0,2}|\d{1,3}\.?\)|\d{1,3}\.|\(?[a-zA-Z]\)|\(\d{1,3}\)|[-–•*+·▪])(?=\s|$)",
        re.I,
    )
