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

from minutes.extract.structure import dated_meetings
from minutes.model import Detection, Kind, RawDocument
from minutes.vocab import item_start_pattern, kind_languages, load_kind_cues

CANDIDATES = (
    Language.GERMAN, Language.DANISH, Language.BOKMAL, Language.NYNORSK, Language.SWEDISH,
    Language.ENGLISH, Language.DUTCH, Language.FRENCH, Language.ITALIAN, Language.SPANISH,
    Language.POLISH, Language.FINNISH, Language.ICELANDIC, Language.PORTUGUESE, Language.CZECH,
)  # fmt: skip
NORWEGIAN = {"NB": "no", "NN": "no"}
SAMPLE_CHARS = 20_000  # the document language is decided on its first this many characters


# Low accuracy mode keeps lingua's trigram models only: 28 MB instead of 430 MB for these languages,
# with the same results on whole documents and paragraphs, the lengths decided here.
@cache
def _detector():
    return (
        LanguageDetectorBuilder.from_languages(*CANDIDATES)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


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


@cache
def _cue_pattern(cues: tuple[str, ...], compounds: bool) -> re.Pattern[str]:
    # One pass over the text for all cues, longest first so that "beschlussfassung" is one cue;
    # with `compounds`, a cue also ends a compound ("Vorstandssitzung", "bestyrelsesmøde").
    start = r"(?<!\w)\w*?" if compounds else r"(?<!\w)"
    return re.compile(rf"{start}(?:{'|'.join(map(re.escape, sorted(cues, key=len, reverse=True)))})(?!\w)")


def _count(cues: list[str], text: str, compounds: bool = False) -> int:
    return sum(1 for _ in _cue_pattern(tuple(cues), compounds).finditer(text)) if cues else 0


def _named_in(line: str, titles: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", line) for t in titles)


def _scores(raw: RawDocument, cues: dict[str, list[str]]) -> Counter[str]:
    """Cue counts of one language; `title_*` count kinds named in the opening lines."""
    text = raw.text.casefold()
    opening = [b.text.casefold() for b in raw.blocks[:15] if b.kind == "heading" or len(b.text) < 140][:8]
    scores: Counter[str] = Counter(
        minutes=_count(cues["minutes_cues"], text),
        agenda=_count(cues["agenda_cues"], text),
        press_release=_count(cues["press_cues"], text),
        meeting=_count(cues["meeting_words"], text, compounds=True),
        report=_count(cues["report_cues"], text),
    )
    for kind in ("minutes", "agenda", "press"):
        if any(_named_in(line, cues[f"{kind}_titles"]) for line in opening):
            scores[f"title_{kind}"] = 1
    dateline = [re.compile(p, re.I) for p in cues["press_patterns"]]
    if any(p.match(b.text) for p in dateline for b in raw.blocks[:3]):
        scores["press_release"] += 2
    return scores


def _item_headings(raw: RawDocument) -> int:
    """How many blocks start as an agenda item does, with an item prefix and number ("TOP 3")."""
    starts = item_start_pattern()
    return sum(1 for block in raw.blocks if len(block.text) < 200 and starts.match(block.text))


NUMBERED_TITLE = re.compile(r"^\(?0?(\d{1,2})[.)]\s+(\S.{2,80})$")
REPEATED_ITEMS = 3  # numbered titles written twice: an agenda listing, then the items themselves


def _listed_twice(raw: RawDocument) -> int:
    """How many numbered item titles stand twice ("01. Valg af formand." in the listing, "1. Valg af
    formand." over its result): an agenda lists its items once."""
    seen: Counter[tuple[str, str]] = Counter()
    for block in raw.blocks:
        found = NUMBERED_TITLE.match(block.text.strip())
        if found:
            seen[(found[1], re.sub(r"\W+", " ", found[2]).strip().casefold())] += 1
    return sum(1 for count in seen.values() if count >= 2)


REPORT_CUES = 3  # report cues that make a document without meeting words a report, not minutes


def detect_kind(raw: RawDocument, lang: str | None) -> Kind:
    """minutes, agenda, press_release or other, from the document's own cue words."""
    known = kind_languages()
    scores: Counter[str] = Counter()
    for code in [lang] if lang in known else known:
        scores.update(_scores(raw, load_kind_cues(code)))
    minutes, agenda, press = scores["minutes"], scores["agenda"], scores["press_release"]
    if scores["title_press"] or (press >= 3 and minutes < 3 and press > scores["meeting"]):
        return "press_release"
    # a lab or test report ("Versuchsprotokoll") records results, but of no meeting
    if scores["report"] >= REPORT_CUES and scores["meeting"] == 0:
        return "other"
    # A title naming minutes needs support from the body: a technical "Protokoll" names no meeting.
    # The structure supports it as well as words do: a meeting with its items ("TOP 1", "Punkt 2").
    if scores["title_minutes"] and (
        minutes >= 2 or (scores["meeting"] and (minutes or _item_headings(raw) >= 2))
    ):
        return "minutes"
    # several dated meetings in one file, with results recorded under them: a logbook
    if minutes and dated_meetings(list(raw.blocks)):
        return "minutes"
    # the items listed at the top and then again, each with what became of it: minutes
    if minutes and _listed_twice(raw) >= REPEATED_ITEMS:
        return "minutes"
    if scores["title_agenda"] and minutes < 2 * max(agenda, 1):
        return "agenda"
    if scores["meeting"] == 0 and minutes < 3:
        return "other"
    if minutes >= 3 and minutes >= agenda:
        return "minutes"
    if agenda >= 2:
        return "agenda"
    return "minutes" if minutes >= 2 else "other"


def detect(raw: RawDocument) -> Detection:
    language, confidence = detect_language(raw.text)
    return Detection(language, detect_kind(raw, language), confidence)
