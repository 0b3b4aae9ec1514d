"""People named anywhere in the text, recognised by rules: no trained NER model exists here.

A name is a first name from gender-guesser's dictionary followed by one to three capitalised
surname words ("Palle Krogsgaard", "Gunter M. Fiebig", "Mirja Holtkamp de Vries"). A role word
directly before it is kept as the role ("Hospitalsdirektør Palle Krogsgaard").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from minutes.extract.actions import is_first_name
from minutes.model import Block, Person
from minutes.vocab import alternation

UPPER = "A-ZÄÖÜÆØÅÉ"
SURNAME = rf"(?:[{UPPER}]\.|[{UPPER}][\w'’]+(?:-[{UPPER}][\w'’]+)?)"
PARTICLE = r"(?:von|van|de|der|den|zu|af)"
CANDIDATE = re.compile(
    rf"(?<![\w.-])(?P<first>[{UPPER}][a-zäöüæøåéèß]+(?:-[{UPPER}][a-zäöüæøåéèß]+)?)"
    rf"(?P<rest>(?:[ \t](?:{PARTICLE}[ \t])?{SURNAME}){{1,3}})(?![\w-])"
)


def _surnames(first: str, rest: list[str], stop: set[str]) -> list[str]:
    """The surname words of a candidate, cut before a stop word or the next person's first name."""
    if first.casefold() in stop or not all(is_first_name(part) for part in first.split("-")):
        return []
    kept: list[str] = []
    for word in rest:
        if word.casefold().strip(".") in stop or (kept and is_first_name(word) and not word.endswith(".")):
            break
        kept.append(word)
    while kept and kept[-1].endswith("."):  # "Gunter M." is a first name and an initial, no surname
        kept.pop()
    return kept


def names_in_text(blocks: list[Block] | tuple[Block, ...], vocabulary: dict[str, Any]) -> list[Person]:
    """Every name found in the blocks, once each, with a role word written just before it."""
    words = vocabulary["attendance"]
    stop = {w.casefold().strip(".") for w in [*words["not_names"], *words["titles"]]}
    role_before = re.compile(rf"(?<!\w)\w*(?:{alternation(words['role_words'])})\w*\s+$", re.I)
    found: dict[str, Person] = {}
    for block in blocks:
        position = 0
        while match := CANDIDATE.search(block.text, position):
            rest = _surnames(match["first"], match["rest"].split(), stop)
            if not rest:  # "Direktør Gry Lindholt": the name may start at the next word
                position = match.end("first")
                continue
            position = match.start("rest") + len(" ".join(rest)) + 1
            name = f"{match['first']} {' '.join(rest)}"
            role = role_before.search(block.text[max(0, match.start() - 40) : match.start()])
            person = Person(name, role[0].strip().capitalize() if role else None, provenance=block.provenance)
            found.setdefault(name.casefold(), person)
    return list(found.values())


def fullest_form(name: str, known: Iterable[str]) -> str:
    """The one full name the document gives for a first name or a surname written alone ("Tilda"
    or "Brennholz" → "Tilda Brennholz"); the name as it is where the document gives none or several."""
    if " " in name.strip():
        return name
    key = name.strip().strip(".").casefold()
    fuller = {
        full
        for full in known
        if len(full.split()) > 1 and key in (full.split()[0].casefold(), full.split()[-1].casefold())
    }
    return fuller.pop() if len(fuller) == 1 else name
