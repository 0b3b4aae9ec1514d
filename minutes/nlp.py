"""The spaCy pipelines: `spacy.blank(lang)` with a SpanRuler fed from
`pipelines/<lang>/patterns.jsonl`. Built once per process and language."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from minutes.vocab import load_patterns

CUES = "cues"


@cache
def build_nlp(lang: str) -> Language:
    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe(
        "span_ruler",
        config={
            "spans_key": CUES,
            "phrase_matcher_attr": "LOWER",
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        },
    )
    ruler.add_patterns(list(load_patterns(lang)))
    return nlp


def cue_ids(lang: str, text: str, label: str) -> list[tuple[str, int, int]]:
    """(id, start_char, end_char) of every cue with `label` in `text`, in text order."""
    doc = build_nlp(lang)(text)
    return [(span.id_, span.start_char, span.end_char) for span in doc.spans[CUES] if span.label_ == label]
