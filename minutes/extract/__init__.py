"""extract(raw, detection) -> Minutes: the structure of the meeting from the reader's blocks."""

from __future__ import annotations

from minutes.model import Detection, Minutes, RawDocument, Source


def extract(raw: RawDocument, detection: Detection) -> Minutes:
    source = Source(raw.filename, raw.sha256, raw.media_type, raw.pages, raw.ocr)
    return Minutes(source=source, language=detection.language, kind=detection.kind, text=raw.text)
