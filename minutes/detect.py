"""detect(raw) -> Detection: the document's language and kind.

Language comes from lingua, limited to the languages such documents are written in, with Danish
and both Norwegian standards all present so that neither is taken for the other. Kind comes from
the document's own cue words (pipelines/<lang>/vocabulary.toml, section `kind`).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from lingua import Language, LanguageDetectorBuilder

from minutes.model import Detection, Kind, RawDocument
from minutes.vocab import languages, load_vocabulary

CANDIDATES = (
    Language.GERMAN, Language.DANISH, Language.BOKMAL, Language.NYNORSK, Language.SWEDISH,
    Language.ENGLISH, Language.DUTCH, Language.FRENCH, Language.ITALIAN, Language.SPANISH,
    Language.POLISH, Language.FINNISH, Language.ICELANDIC, Language.PORTUGUESE, Language.CZECH,
)  # fmt: skip
NORWEGIAN = {"NB": "no", "NN": "no"}
MIN_BLOCK_CHARS = 25  # shorter blocks (names, labels) say little about the language
SAMPLE_CHARS = 20_000  # the document language is decided on its first this many characters


@cache
def _detector():
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).with_preloaded_language_models().build()


def _code(language: Language) -> str:
    code = language.iso_code_639_1.name
    return NORWEGIAN.get(code, code.lower())


def detect_language(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of `text` and its confidence; Norwegian as `no`."""
    values = _detector().compute_language_confidence_values(text[:SAMPLE_CHARS])
    totals: Counter[str] = Counter()
    for value in values:
        totals[_code(value.language)] += value.value
    if not totals:
        return None, 0.0
    code, confidence = totals.most_common(1)[0]
    return (code, confidence) if confidence >= 0.3 else (None, confidence)


def block_languages(raw: RawDocument) -> tuple[str | None, ...]:
    texts = [b.text if len(b.text) >= MIN_BLOCK_CHARS else "" for b in raw.blocks]
    found = _detector().detect_languages_in_parallel_of([t for t in texts if t])
    codes = iter(_code(language) if language else None for language in found)
    return tuple(next(codes) if text else None for text in texts)


def _count(cues: list[str], text: str) -> int:
    return sum(len(re.findall(rf"(?<!\w){re.escape(cue)}(?!\w)", text)) for cue in cues)


def _title_kind(lines: list[str], kinds: dict[str, list[str]]) -> str | None:
    """The kind named by the first heading-like lines ("Protokoll …", "Dagsorden …")."""
    for line in lines:
        for kind, titles in kinds.items():
            if any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", line) for t in titles):
                return kind
    return None


def detect_kind(raw: RawDocument, lang: str | None) -> Kind:
    if lang not in languages():
        lang_vocabularies = [load_vocabulary(code) for code in languages()]
    else:
        lang_vocabularies = [load_vocabulary(lang)]
    text = raw.text.casefold()
    scores: Counter[str] = Counter()
    head = [b.text.casefold() for b in raw.blocks[:12] if b.kind == "heading" or len(b.text) < 140][:8]
    title_votes: Counter[str] = Counter()
    meeting = 0
    for vocabulary in lang_vocabularies:
        cues = vocabulary["kind"]
        scores["minutes"] += _count(cues["minutes_cues"], text)
        scores["agenda"] += _count(cues["agenda_cues"], text)
        scores["press_release"] += _count(cues["press_cues"], text)
        meeting += _count(cues["meeting_words"], text)
        titled = _title_kind(head, {
            "minutes": cues["minutes_titles"], "agenda": cues["agenda_titles"],
            "press_release": cues["press_titles"],
        })  # fmt: skip
        if titled:
            title_votes[titled] += 1
    titled = title_votes.most_common(1)[0][0] if title_votes else None
    if titled == "press_release" or (scores["press_release"] >= 3 and meeting < 2 and scores["minutes"] < 3):
        return "press_release"
    if meeting == 0 and scores["minutes"] < 3:
        return "other"
    if titled == "minutes" and scores["minutes"] >= 2:
        return "minutes"
    if titled == "agenda" and scores["minutes"] < 2 * max(scores["agenda"], 1):
        return "agenda"
    if scores["minutes"] >= 3 and scores["minutes"] >= scores["agenda"]:
        return "minutes"
    if scores["agenda"] >= 2:
        return "agenda"
    return "minutes" if scores["minutes"] >= 2 else "other"


def detect(raw: RawDocument) -> Detection:
    language, confidence = detect_language(raw.text)
    return Detection(language, detect_kind(raw, language), confidence, block_languages(raw))
