"""How every benchmark reports: a metric table on stdout and the same figures as JSON in build/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BUILD = Path(__file__).resolve().parent.parent / "build"


def report(result: dict[str, Any], name: str) -> None:
    width = max(len(key) for key in result) + 2
    print(f"{'metric':{width}} value")
    for key, value in result.items():
        print(f"{key:{width}} {value}")
    BUILD.mkdir(exist_ok=True)
    (BUILD / f"{name}.json").write_text(json.dumps(result, indent=2))
