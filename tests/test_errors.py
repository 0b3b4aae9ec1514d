"""Bad input: each case raises a ParseError subclass whose message names the file and the reason."""

from __future__ import annotations

import zipfile

import pytest

from minutes import ParseError, parse
from minutes.errors import EmptyDocument, EncryptedDocument, UnreadableFile, UnsupportedFormat


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "error", "reason"),
    [
        ("leer.txt", b"", EmptyDocument, "contains no text"),
        ("leer.pdf", b"   \n", EmptyDocument, "contains no text"),
        ("kaputt.pdf", b"%PDF-1.7\n1 0 obj <<", UnreadableFile, "cannot be read"),
        ("muell.pdf", bytes(range(256)) * 8, UnreadableFile, "content is not a PDF file"),
        ("muell.docx", b"\x00\x01\x02garbage" * 50, UnreadableFile, "content is not a Word file"),
        ("muell.txt", b"\x00\x01\x02garbage" * 50, UnsupportedFormat, "binary content"),
        ("text.pdf", b"Protokoll der Sitzung", UnreadableFile, "named .pdf but its content is not a PDF"),
        ("archiv.zip", None, UnsupportedFormat, "neither DOCX nor ODT"),
        ("falsch.docx", b"PK\x03\x04 not really a zip", UnreadableFile, "broken zip"),
    ],
)
def test_bad_files_raise_named_errors(tmp_path, name, data, error, reason):
    if data is None:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "hello")
    else:
        path = write(tmp_path, name, data)
    with pytest.raises(error) as raised:
        parse(path)
    assert isinstance(raised.value, ParseError)
    assert name in str(raised.value)
    assert reason in str(raised.value)


def test_truncated_pdf(built, tmp_path):
    data = built["pdf"].read_bytes()
    path = write(tmp_path, "abgeschnitten.pdf", data[: len(data) // 3])
    with pytest.raises(ParseError, match=r"abgeschnitten\.pdf"):
        parse(path)


def test_encrypted_pdf(built):
    with pytest.raises(EncryptedDocument, match=r"verschluesselt\.pdf: is encrypted"):
        parse(built["encrypted"])


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match=r"fehlt\.pdf: cannot be read"):
        parse(tmp_path / "fehlt.pdf")
