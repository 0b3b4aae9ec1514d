"""Where the packaged data lives: `pipelines/` and `schemas/` beside the package in a checkout,
`minutes/_data/` inside an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    packaged = _PACKAGE.joinpath("_data", *parts)
    return packaged if packaged.exists() else _PACKAGE.parent.joinpath(*parts)
