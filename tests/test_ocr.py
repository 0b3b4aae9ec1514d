"""Scanned PDFs: real tesseract OCR in German and Danish, and a clear error where it is missing."""

from __future__ import annotations

import shutil

import pytest

from minutes import parse
from minutes.errors import OCRUnavailable


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make system-deps)")
def test_scanned_page_is_read_by_ocr(built):
    record = parse(built["scanned"])
    assert record.source.ocr is True
    assert record.language == "de"
    assert "Niederschrift" in record.text
    assert "Bau- und Umweltausschusses" in record.text
    assert "14.03.2023" in record.text


def test_missing_tesseract_names_what_to_install(built, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(OCRUnavailable, match=r"scan\.pdf: .*tesseract-ocr-deu"):
        parse(built["scanned"])
