"""Who a task belongs to: owner lists split into names, and first names told from other words."""

from __future__ import annotations

import re
from functools import cache

import gender_guesser.detector

OWNER_SPLIT = re.compile(r"\s*(?:/|,|;|&|\s\+\s|\s(?:und|og|and)\s)\s*")


@cache
def _first_names():
    return gender_guesser.detector.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    return _first_names().get_gender(word.strip(".,")) != "unknown"


# The period of a surname's initial ("Wiebke K.") belongs to the name.
INITIAL_END = re.compile(r"(?<![^\W\d_])[A-ZÄÖÜÆØÅ]\.$")


def owner_names(text: str) -> tuple[str, ...]:
    """ "Wiebke/ Bendix", "Wiebke, Bendix und Carla", "Wiebke og Bendix K." as the names one by one."""
    names = [name.strip(" :()") for name in OWNER_SPLIT.split(text)]
    names = [name if INITIAL_END.search(name) else name.rstrip(". ") for name in names]
    return tuple(name for name in names if name)
