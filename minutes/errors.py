"""Typed errors of the library and the coded warnings stored on records.

Every error names the file and the reason; the CLI and the inbox turn them into messages.
"""

from __future__ import annotations

from pathlib import Path

from minutes.names import printable


class MinutesError(Exception):
    """Base of every error this library raises on purpose."""


class ParseError(MinutesError):
    """A file could not be turned into a record."""

    reason = "could not be parsed"

    def __init__(self, path: str | Path, detail: str | None = None) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{printable(self.path.name)}: {self.reason}" + (f" ({detail})" if detail else ""))

    @property
    def explanation(self) -> str:
        """The reason in plain words, for places that name the file already (logs, reason files)."""
        return f"the file {self.reason}" + (f" ({self.detail})" if self.detail else "")


class UnsupportedFormat(ParseError):
    reason = "is not a format minutes reads (PDF, DOCX, ODT, HTML, Markdown, AsciiDoc, text)"


class UnreadableFile(ParseError):
    reason = "cannot be read"


class EmptyDocument(ParseError):
    reason = "contains no text"


class EncryptedDocument(ParseError):
    reason = "is encrypted (password protected)"


class OCRUnavailable(ParseError):
    reason = (
        "has no text layer and needs OCR, but tesseract is not installed "
        "(install the Debian packages tesseract-ocr, tesseract-ocr-deu and tesseract-ocr-dan)"
    )


class FileChanged(MinutesError):
    """A claimed file's bytes changed between its claim and its storage: it is still being written."""

    explanation = "the file changed while it was being read; it waits until it is complete"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        super().__init__(f"{printable(self.path.name)}: {self.explanation}")


class VocabularyError(MinutesError):
    """A pipeline data file in pipelines/ does not match its schema."""


class Warnings:
    """Recoverable oddities, stored on the record as (code, message)."""

    W001 = "no meeting date found"
    W002 = "text was recognised by OCR"
    W003 = "language could not be determined"
    W004 = "no agenda items found in minutes"
    W005 = "the document text and source file are withheld from publishing"
