"""Who attended and who was absent: from labelled blocks ("Anwesend:", "Afbud:"), the lines that
follow a bare label, checkbox lists, and sentences ("Alle var mødt, undtagen A og B, der havde
meldt afbud"; "A var forhindret i at deltage i sagens behandling" for one item)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from minutes.extract.structure import bare_label_pattern, label_pattern
from minutes.model import Block, Participant, Provenance
from minutes.vocab import alternation

UPPER = "A-ZÄÖÜÆØÅÉ"
NAME_IN_SENTENCE = re.compile(rf"[{UPPER}][\w'’-]+(?:\s+(?:von|van|de|der|den)?\s*[{UPPER}][\w'’-]+)+")
COUNT = re.compile(r"^\s*(\d+)\s*(?:(?:von|af|of|/)\s*(\d+))?")
SPLIT = re.compile(r"\s*(?:[,;\n]|\s(?:und|og|sowie|samt|&)\s)\s*")
MAX_CONTINUATION = 40
# The meeting header lines that end a list of names below a bare label such as a "Referat" title.
HEADER_LABELS = ("date_labels", "start_labels", "end_labels", "location_labels")


@dataclass(frozen=True)
class Group:
    status: str
    excused: bool | None
    function: str | None


def _groups(vocabulary: dict[str, Any]) -> dict[str, Group]:
    words = vocabulary["attendance"]
    groups: dict[str, Group] = {}
    for key, group in (
        ("present", Group("present", None, None)),
        ("guest", Group("present", None, "guest")),
        ("chair", Group("present", None, "chair")),
        ("minute_taker", Group("present", None, "minute_taker")),
        ("absent", Group("absent", None, None)),
        ("absent_excused", Group("absent", True, None)),
    ):
        for word in words[key]:
            groups.setdefault(word.casefold(), group)
    return groups


def clean_name(entry: str, vocabulary: dict[str, Any]) -> tuple[str, str | None] | None:
    """(name, role) of one list entry, titles stripped; None when the entry is not a person."""
    words = vocabulary["attendance"]
    role = None
    entry = entry.strip(" .:-–*\t")
    parenthesis = re.search(r"\(([^)]*)\)\s*$", entry)
    if parenthesis:
        role = parenthesis[1].strip() or None
        entry = entry[: parenthesis.start()].strip()
    substitution = re.split(rf"\s+(?:{alternation(words['substitution'])})\s+", entry, maxsplit=1, flags=re.I)
    entry = substitution[0]
    titles = alternation(words["titles"])
    previous = None
    while previous != entry:
        previous = entry
        entry = re.sub(rf"^(?:{titles})(?:\s+|(?<=\.))", "", entry, flags=re.I).strip()
    # "Name, Rolle", "Name: Tutor", "Name - Protokollant"
    separated = re.split(r",|:|\s[-–]\s", entry, maxsplit=1)
    if len(separated) == 2:
        entry, rest = separated
        role = role or rest.strip() or None
    tokens = entry.split()
    if not tokens or len(tokens) > 5 or any(ch.isdigit() for ch in entry):
        return None
    if not tokens[0][0].isupper() or tokens[0].casefold().strip(".") in words["not_names"]:
        return None
    return " ".join(tokens), role


def _function_of(role: str, vocabulary: dict[str, Any]) -> str | None:
    """The function a written role names: "(Vorsitz)" → chair, "(formand)" → chair."""
    words = vocabulary["attendance"]
    for function in ("chair", "minute_taker", "guest", "member"):
        if re.match(rf"^({alternation(words[function])})(?!\w)", role, re.I):
            return function
    return None


def _entries(value: str) -> list[str]:
    return [e for e in SPLIT.split(value) if e.strip()]


def _participants_from(
    value: str, group: Group, role_label: str | None, vocabulary, provenance
) -> list[Participant]:
    out = []
    for entry in _entries(value):
        status = group.status
        checkbox = re.match(r"^\[([ xX])\]\s*", entry)
        if checkbox:
            status = "present" if checkbox[1].strip() else "absent"
            entry = entry[checkbox.end() :]
        cleaned = clean_name(entry, vocabulary)
        if cleaned:
            name, role = cleaned
            excused = group.excused if status == "absent" else None
            function = group.function or (_function_of(role, vocabulary) if role else None)
            out.append(Participant(name, status, excused, role or role_label, function, provenance))
    return out


def extract_attendance(blocks: list[Block], vocabulary: dict[str, Any]) -> tuple[list[Participant], tuple]:
    """Participants from labelled blocks, and the head count (present, members) if one is given."""
    groups = _groups(vocabulary)
    pattern = label_pattern(list(groups))
    bare = bare_label_pattern(list(groups))
    meeting = vocabulary["meeting"]
    header_labels = [w for key in HEADER_LABELS for w in meeting[key]]
    ends_list = (bare_label_pattern(vocabulary["agenda"]["list_headings"]), label_pattern(header_labels))
    participants: list[Participant] = []
    count: tuple[int | None, int | None] = (None, None)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = block.text if not block.cells else ": ".join(block.cells[:2])
        match = bare.match(text) or pattern.match(text)
        index += 1
        if not match:
            continue
        label = match["label"].casefold()
        group = groups[label]
        role_label = match["label"] if group.function in ("chair", "minute_taker") else None
        value = match.groupdict().get("value") or ""
        head_count = COUNT.match(value)
        if head_count and group.status == "present" and not re.search(r"[A-Za-z]{3}", value[:12]):
            count = (int(head_count[1]), int(head_count[2]) if head_count[2] else None)
            continue
        if not value.strip():
            lines = []
            while index < len(blocks) and len(lines) < MAX_CONTINUATION:
                following = blocks[index]
                if (
                    bare.match(following.text)
                    or pattern.match(following.text)
                    or any(end.match(following.text) for end in ends_list)  # "Tagesordnung:", "Tid: kl. 16"
                    or following.kind == "heading"
                ):
                    break
                if len(following.text) > 90 or following.kind == "table_row":
                    break
                lines.append(following.text)
                index += 1
            value = "\n".join(lines)
        participants.extend(_participants_from(value, group, role_label, vocabulary, block.provenance))
    return _merge(participants), count


def _merge(participants: list[Participant]) -> list[Participant]:
    """One entry per person: a later mention adds a role or function, it does not repeat them."""
    merged: dict[str, Participant] = {}
    for person in participants:
        key = person.name.casefold()
        if key in merged:
            first = merged[key]
            merged[key] = Participant(
                first.name, first.status, first.excused, first.role or person.role,
                first.function or person.function, first.provenance,
            )  # fmt: skip
        else:
            merged[key] = person
    return list(merged.values())


def names_in(sentence: str, vocabulary: dict[str, Any]) -> list[str]:
    """Full names (two capitalised words or more) written in a running sentence."""
    found = []
    for match in NAME_IN_SENTENCE.finditer(sentence):
        cleaned = clean_name(match[0], vocabulary)
        if cleaned:
            found.append(cleaned[0])
    return found


def absences_in_sentences(
    blocks: list[Block], vocabulary: dict[str, Any]
) -> tuple[list[Participant], list[tuple[str, Provenance]]]:
    """Absences stated in sentences: meeting-level (excused) and per-item ("…in sagens behandling")."""
    words = vocabulary["attendance"]
    excused_cue = re.compile(rf"(?<!\w)({alternation(words['absent_excused'])})", re.I)
    item_cues = [re.compile(p, re.I) for p in words["item_absence"]]
    meeting_level: list[Participant] = []
    per_item: list[tuple[str, Provenance]] = []
    for block in blocks:
        for sentence in re.split(r"(?<=[.!?])\s+", block.text):
            item_cue = next((c.search(sentence) for c in item_cues if c.search(sentence)), None)
            if item_cue:
                per_item += [
                    (n, block.provenance) for n in names_in(sentence[: item_cue.start()], vocabulary)
                ]
            elif excused_cue.search(sentence) and len(sentence) < 300:
                meeting_level += [
                    Participant(n, "absent", True, None, None, block.provenance)
                    for n in names_in(sentence, vocabulary)
                ]
    return meeting_level, per_item
