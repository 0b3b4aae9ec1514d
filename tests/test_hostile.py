"""Hostile input: one batch of broken, malicious and absurd files next to good ones.

Every file ends with an outcome of its own (stored, or failed with a plain reason naming the
problem), the good files are stored, and every file has its row in the ingest log: nothing is lost.
Worker processes run with small limits, so a parse that runs too long or grows too large is stopped.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF

from minutes import Archive
from minutes.batch import Limits, parse_file

import fixture_builders as build

FIXTURES = Path(__file__).parent / "fixtures"
GERMAN = (FIXTURES / "de" / "bauausschuss-niederschrift.txt").read_text(encoding="utf-8")
LIMITS = Limits(seconds=8, memory_mb=1024, file_mb=12)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx_with(tmp: Path, document_xml: bytes) -> bytes:
    """A real DOCX with its document.xml replaced."""
    with zipfile.ZipFile(build.write_docx(tmp / "real.docx")) as real:
        members = {name: real.read(name) for name in real.namelist()}
    return _zip({**members, "word/document.xml": document_xml})


def _blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def _pdf_bytes(tmp: Path) -> bytes:
    return build.write_pdf(tmp / "good.pdf").read_bytes()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

GARBAGE = bytes(range(256)) * 40


def _cases(tmp: Path) -> dict[str, tuple[bytes, str | None]]:
    """File name → (content, the reason it fails, or None when it is stored)."""
    pdf = _pdf_bytes(tmp)
    agenda_lines = "".join(
        f"TOP {n} Antrag Nr. {n}\nBeschluss: einstimmig angenommen.\n" for n in range(1, 4001)
    )
    return {
        "leer.txt": (b"", "contains no text"),
        "leer.pdf": (b"", "contains no text"),
        "nur-leerzeichen.txt": (b" \n\t\r\n" * 100, "contains no text"),
        "abgeschnitten.pdf": (pdf[: len(pdf) // 3], "broken PDF"),
        "kaputt.pdf": (b"%PDF-1.7\n" + GARBAGE, "broken PDF"),
        "nur-kopf.pdf": (b"%PDF-1.4\n%%EOF\n", "broken PDF"),
        "verschluesselt.pdf": (build.write_encrypted_pdf(tmp / "e.pdf").read_bytes(), "encrypted"),
        "muell.pdf": (GARBAGE, "not a PDF file"),
        "muell.docx": (GARBAGE, "not a Word file"),
        "muell.odt": (GARBAGE, "not an OpenDocument file"),
        "muell.txt": (GARBAGE, "binary content"),
        "muell-ohne-endung": (GARBAGE, "binary content"),
        "zipbombe.docx": (_docx_with(tmp, b"<w:document>" + b" " * (300 * 1024 * 1024)), "zip bomb"),
        "zipbombe.odt": (_zip({"content.xml": b"\0" * (300 * 1024 * 1024)}), "zip bomb"),
        "billion-laughs.docx": (_docx_with(tmp, BILLION_LAUGHS), "entity amplification"),
        "kaputtes-xml.docx": (_docx_with(tmp, b"<w:document><w:body><w:p>"), "broken Word document"),
        "nur-zip.docx": (_zip({"readme.txt": b"hello"}), "neither DOCX nor ODT"),
        "riesig.txt": (b"Protokoll\n" * (1_300_000), "more than the limit of 12 MB"),
        "eine-zeile-10mb.txt": (b"Beschluss einstimmig Haushalt " * 350_000, "longer than 8 s"),
        "tief-verschachtelt.html": (
            b"<html><body>" + b"<div>" * 100_000 + b"</div>" * 100_000,
            "nested too deeply",
        ),
        "tief-verschachtelt.md": (b">" * 50_000 + b" Protokoll der Sitzung\n", None),
        "ungueltiges-utf8.txt": (
            GERMAN.encode("utf-8")[:2000] + b"\xff\xfe\xc3\x28" + GERMAN.encode()[2000:],
            None,
        ),
        "utf16-ohne-bom.txt": (GERMAN.encode("utf-16-le"), None),
        "utf16be-ohne-bom.txt": (GERMAN.encode("utf-16-be"), None),
        "nul-bytes.txt": (GERMAN.encode()[:500] + b"\x00" * 64 + GERMAN.encode()[500:], "binary content"),
        "tausend-tops.txt": (f"Niederschrift der Sitzung am 3. März 2024\n{agenda_lines}".encode(), None),
        "name\nmit zeilenumbruch.txt": (GERMAN.encode() + b"\nNachtrag 1", None),
        "ä" * 120 + ".txt": (GERMAN.encode() + b"\nNachtrag 2", None),
        "nur-skript.html": (
            b"<html><head><script>var a = 1;</script></head><body></body></html>",
            "contains no text",
        ),
        "leere-seite.pdf": (_blank_pdf(), "contains no text"),
        "unsinnige-daten.txt": (
            b"Sitzung am 32.13.2024 um 25:99 Uhr\nBeschluss: vertagt auf den 0. Nullember\n",
            None,
        ),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("scratch")
    folder = tmp_path_factory.mktemp("hostile")
    expected = {}
    for name, (data, reason) in _cases(scratch).items():
        (folder / name).write_bytes(data)
        expected[name] = reason
    os.symlink("/etc/passwd", folder / "passwort.txt")
    expected["passwort.txt"] = "symbolic link"
    for good in ("bauausschuss-niederschrift.txt", "teknik-udvalg-referat.md"):
        shutil.copy(next(FIXTURES.rglob(good)), folder / good)
        expected[good] = None
    archive = Archive(scratch / "hostile.db")
    results = {r.path.name: r for r in archive.ingest(folder, workers=2, limits=LIMITS)}
    return archive, expected, results


def test_at_least_thirty_hostile_cases(hostile):
    _, expected, _ = hostile
    assert len(expected) - 2 >= 30


def test_every_file_has_its_own_outcome_and_nothing_is_lost(hostile):
    archive, expected, results = hostile
    assert set(results) == set(expected)
    wrong = {}
    for name, reason in expected.items():
        outcome, error = results[name].outcome, results[name].error
        if (outcome != "stored") if reason is None else (outcome != "failed" or reason not in error):
            wrong[name] = (outcome, error)
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in wrong.items())
    logged = archive.db.execute("select count(distinct path) from ingest_log").fetchone()[0]
    assert logged == len(expected)


def test_a_parse_that_needs_too_much_memory_is_stopped(tmp_path):
    path = tmp_path / "eine-zeile.txt"
    path.write_bytes(b"Beschluss einstimmig Haushalt " * 350_000)
    good = tmp_path / "gut.txt"
    good.write_text(GERMAN, encoding="utf-8")
    results = Archive(tmp_path / "m.db").ingest(
        path, good, workers=1, limits=Limits(seconds=120, memory_mb=300)
    )
    assert [r.outcome for r in results] == ["failed", "stored"]
    assert "more memory than one parse may use" in results[0].error


def test_a_file_that_disappears_is_reported_not_lost(tmp_path):
    archive = Archive(tmp_path / "d.db")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text(GERMAN, encoding="utf-8")
    results = archive.ingest_each(first, second)
    assert next(results).outcome == "stored"
    second.unlink()  # gone between the listing and its parse
    gone = next(results)
    assert gone.outcome == "failed" and "No such file or directory" in gone.error

    third = tmp_path / "c.txt"
    third.write_text(GERMAN.replace("Lindenhain", "Birkenau"), encoding="utf-8")
    parsed = parse_file(third)
    third.unlink()  # gone between its parse and its storing
    result = archive.store_parsed(parsed)
    assert result.outcome == "failed" and "could not be read again" in result.error
