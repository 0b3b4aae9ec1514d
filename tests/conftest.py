from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from minutes.resources import data_path

import fixture_builders as build

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every rendered format of the authored fixtures, made once per test session."""
    folder = tmp_path_factory.mktemp("formats")
    paths = {f"text-{name}": path for name, path in build.write_encodings(folder).items()}
    paths["pdf"] = build.write_pdf(folder / "niederschrift.pdf")
    paths["encrypted"] = build.write_encrypted_pdf(folder / "verschluesselt.pdf")
    paths["scanned"] = build.write_scanned_pdf(folder / "scan.pdf")
    paths["docx"] = build.write_docx(folder / "niederschrift.docx")
    paths["odt"] = build.write_odt(folder / "niederschrift.odt")
    paths["aspx"] = build.write_aspx(folder / "referat.aspx")
    return paths


@pytest.fixture(scope="session")
def validate():
    schema = json.loads(data_path("schemas", "minutes.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)

    def check(record: dict) -> dict:
        validator.validate(record)
        return record

    return check
