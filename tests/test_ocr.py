"""Scanned PDFs: real tesseract OCR in German and Danish, and a clear error where it is missing."""

from __future__ import annotations

import shutil

import pytest

from minutes import parse
from minutes.errors import OCRUnavailable
from minutes.read import read


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


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed (make system-deps)")
def test_a_scan_keeps_its_columns_and_its_list(tmp_path):
    """OCR lines carry their boxes: two columns stay apart, list entries stay entries."""
    from PIL import Image, ImageDraw, ImageFont

    from fixture_builders import FONT

    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    font, large = ImageFont.truetype(str(FONT), 38), ImageFont.truetype(str(FONT), 52)
    draw.text((150, 150), "Niederschrift der Sitzung des Kulturbeirats", fill=0, font=large)
    draw.text((150, 300), "Anwesend", fill=0, font=font)
    draw.text((900, 300), "Entschuldigt", fill=0, font=font)
    for row, (left, right) in enumerate(
        [("Hedwig Lorbeer", "Anton Wacholder"), ("Rupert Salbei", "Berta Kerbel")]
    ):
        draw.text((150, 370 + 60 * row), left, fill=0, font=font)
        draw.text((900, 370 + 60 * row), right, fill=0, font=font)
    draw.text((150, 560), "Der Beirat beschließt folgende Aufgaben:", fill=0, font=font)
    for row, line in enumerate(
        ["- Plakate gestalten (Hedwig Lorbeer)", "- Saal reservieren (Rupert Salbei)"]
    ):
        draw.text((230, 630 + 60 * row), line, fill=0, font=font)
    image.save(tmp_path / "scan.pdf", "PDF", resolution=200)
    raw = read(tmp_path / "scan.pdf")
    assert raw.ocr is True
    assert [(block.kind, block.text) for block in raw.blocks] == [
        ("paragraph", "Niederschrift der Sitzung des Kulturbeirats"),
        ("paragraph", "Anwesend"),
        ("paragraph", "Hedwig Lorbeer"),
        ("paragraph", "Rupert Salbei"),
        ("paragraph", "Entschuldigt"),
        ("paragraph", "Anton Wacholder"),
        ("paragraph", "Berta Kerbel"),
        ("paragraph", "Der Beirat beschließt folgende Aufgaben:"),
        ("list_item", "Plakate gestalten (Hedwig Lorbeer)"),
        ("list_item", "Saal reservieren (Rupert Salbei)"),
    ]
