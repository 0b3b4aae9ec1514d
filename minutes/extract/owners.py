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


def owner_names(text: str) -> tuple[str, ...]:
    """ "Anna/ Ben", "Anna, Ben und Carla", "Anna og Ben" as the names one by one."""
    return tuple(o.strip(" .:()") for o in OWNER_SPLIT.split(text) if o.strip(" .:()"))
