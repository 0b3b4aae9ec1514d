"""Action items: a task with someone responsible and perhaps a deadline.

Forms: "… V: A/ B T: 12/2021", "Verantwortlich: A", "Ansvarlig: A" with "Deadline: …" on the next
line, "A kümmert sich um …", and a task ending in "(A, B)" where the parenthesis holds first names.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import gender_guesser.detector

from minutes.extract.dates import parse_due
from minutes.extract.structure import Section
from minutes.model import ActionItem, Block
from minutes.vocab import alternation

OWNER_SPLIT = re.compile(r"\s*(?:/|,|;|&|\s\+\s|\s(?:und|og|and)\s)\s*")


@cache
def _first_names():
    return gender_guesser.detector.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    return _first_names().get_gender(word.strip(".,")) != "unknown"


def _is_person(name: str) -> bool:
    """A first name, or a lone capitalised surname once a title was stripped ("Frau Keller")."""
    return is_first_name(name.split()[0]) or (len(name.split()) == 1 and name[:1].isupper() and len(name) > 2)


def _owners(text: str) -> tuple[str, ...]:
    return tuple(o.strip(" .:()") for o in OWNER_SPLIT.split(text) if o.strip(" .:()"))


def _marker(words: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(words)})\s*", re.I)


def _from_markers(
    lines: list[tuple[str, Block]], vocabulary: dict[str, Any], lang: str, year: int | None, item: str | None
) -> list[ActionItem]:
    actions = vocabulary["actions"]
    owner_marker = _marker([w for w in actions["owner_markers"] if w.endswith(":")])
    due_marker = _marker([w for w in actions["due_markers"] if w.endswith(":")])
    found = []
    for index, (line, block) in enumerate(lines):
        owner = owner_marker.search(line)
        if not owner:
            continue
        task = line[: owner.start()].strip(" -–:;,")
        rest = line[owner.end() :]
        due = due_marker.search(rest)
        owners_text, due_text = (rest[: due.start()], rest[due.end() :]) if due else (rest, "")
        if not due_text and index + 1 < len(lines):
            following = due_marker.match(lines[index + 1][0])
            if following:
                due_text = lines[index + 1][0][following.end() :]
        if not task and index > 0:
            task = lines[index - 1][0]
        task = re.sub(r"^[a-z]\)\s*|^[-–•]\s*", "", task)
        due_value, due_end, written = parse_due(due_text, lang, year)
        found.append(
            ActionItem(
                task,
                _owners(owners_text),
                due_value,
                due_end,
                written or (due_text.strip() or None),
                item,
                block.provenance,
            )
        )
    return found


def _from_sentences(
    lines: list[tuple[str, Block]], vocabulary: dict[str, Any], item: str | None
) -> list[ActionItem]:
    """ "A kümmert sich um …", "A und B laver …" and tasks ending in "(A, B)"."""
    verbs = alternation(vocabulary["actions"]["task_verbs"])
    subject = re.compile(
        rf"^(?P<owners>[A-ZÄÖÜÆØÅ][\w-]+(?:\s*(?:,|und|og|&)\s*[A-ZÄÖÜÆØÅ][\w-]+)*)\s+(?:{verbs})(?!\w)"
    )
    trailing = re.compile(r"^(?P<task>.{8,}?)\s*\((?P<owners>[A-ZÄÖÜÆØÅ][^()]{1,60})\)\s*\.?$")
    titles = re.compile(rf"^(?:(?:{alternation(vocabulary['attendance']['titles'])})\s+)+", re.I)
    relative = re.compile(rf"(?<!\w)({alternation(vocabulary['actions']['relative_due'])})(?!\w)", re.I)
    found = []
    for line, block in lines:
        match = subject.match(titles.sub("", line))
        if match and all(_is_person(o) for o in _owners(match["owners"])):
            due = relative.search(line)
            owners = _owners(match["owners"])
            found.append(
                ActionItem(
                    line,
                    owners,
                    due_text=due[0] if due else None,
                    agenda_item=item,
                    provenance=block.provenance,
                )
            )
            continue
        match = trailing.match(line)
        if match and all(is_first_name(o.split()[0]) for o in _owners(match["owners"]) if o):
            found.append(
                ActionItem(
                    match["task"], _owners(match["owners"]), agenda_item=item, provenance=block.provenance
                )
            )
    return found


def _lines(blocks: list[Block]) -> list[tuple[str, Block]]:
    return [(line.strip(), block) for block in blocks for line in block.text.split("\n") if line.strip()]


def extract_actions(
    header: list[Block], sections: list[Section], vocabulary: dict[str, Any], lang: str, year: int | None
) -> list[ActionItem]:
    parts = [(None, header)] + [(s.heading.number, s.blocks) for s in sections]
    found: list[ActionItem] = []
    for number, blocks in parts:
        lines = _lines(blocks)
        marked = _from_markers(lines, vocabulary, lang, year, number)
        marked_blocks = {a.provenance for a in marked}
        found += marked
        found += [a for a in _from_sentences(lines, vocabulary, number) if a.provenance not in marked_blocks]
    return found
