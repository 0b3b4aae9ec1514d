"""parse(path) -> Minutes: the stages read → detect → extract, in that order, nothing stored."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from minutes.detect import detect, detect_language
from minutes.extract import extract
from minutes.model import Minutes, RawDocument
from minutes.nlp import build_nlp
from minutes.read import read
from minutes.vocab import languages


def analyse(raw: RawDocument, *, lang: str | None = None) -> Minutes:
    """Detect and extract from blocks already read: what `minutes reparse` runs on stored blocks."""
    detection = detect(raw)
    if lang:
        detection = dataclasses.replace(detection, language=lang)
    return extract(raw, detection)


def parse(path: str | Path, *, lang: str | None = None) -> Minutes:
    """Parse one file into its record; `lang` overrides the detected language.

    Raises a `ParseError` subclass that names the file and the reason when the file cannot be read.
    """
    return analyse(read(path), lang=lang)


def warm_up() -> None:
    """Load the language detector and every spaCy pipeline now instead of on the first file."""
    detect_language("Tagesordnung")
    for lang in languages():
        build_nlp(lang)
