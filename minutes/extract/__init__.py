"""extract(raw, detection) -> Minutes: the structure of the meeting from the reader's blocks.

The document's shape is found first (header, item sections); each field is then read inside the
part where it belongs. Documents in a language without a pipeline, and documents that are not
minutes or agendas, keep their language and kind and no meeting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from minutes.errors import Warnings
from minutes.extract.actions import extract_actions
from minutes.extract.agenda import build_item, records_results, result_part
from minutes.extract.attendance import (
    attendance_in_sentences,
    extract_attendance,
    merge_participants,
    speakers,
)
from minutes.extract.closed import Closure, find_closed
from minutes.extract.meeting import extract_meeting
from minutes.extract.owners import is_first_name
from minutes.extract.people import fullest_form, names_in_text
from minutes.extract.structure import item_identity, segment
from minutes.extract.task_clauses import actors
from minutes.model import (
    ActionItem,
    AgendaItem,
    Detection,
    Minutes,
    ParseWarning,
    Participant,
    Person,
    RawDocument,
    Source,
)
from minutes.vocab import languages, load_vocabulary

MEETING_KINDS = ("minutes", "agenda")


def extract(raw: RawDocument, detection: Detection) -> Minutes:
    source = Source(raw.filename, raw.sha256, raw.media_type, raw.pages, raw.ocr)
    warnings = [ParseWarning("W002", Warnings.W002)] if raw.ocr else []
    lang = detection.language
    if lang not in languages():
        if lang is None:
            warnings.append(ParseWarning("W003", Warnings.W003))
        # whatever its language, a closed part found by any language's cues is not published
        closure = _closure_of_text(raw, languages())
        record = Minutes(source, lang, detection.kind, warnings=tuple(warnings), text=raw.text)
        return _with_closure(record, closure)
    vocabulary = load_vocabulary(lang)
    if detection.kind not in MEETING_KINDS:  # a press release still names people
        people = tuple(names_in_text(raw.blocks, vocabulary))
        record = Minutes(source, lang, detection.kind, people=people, warnings=tuple(warnings), text=raw.text)
        return _with_closure(record, _closure_of_text(raw, (lang,)))
    structure = segment(raw.blocks, vocabulary)
    meeting = extract_meeting(structure.header, raw.blocks, vocabulary, lang, raw.filename)
    if structure.sections and structure.sections[0].heading.style == "dated":
        # a logbook: its meetings are its items, each with its own date; the file has none
        meeting = dataclasses.replace(meeting, date=None, start=None, end=None)
    year = int(meeting.date[:4]) if meeting.date else None
    # An agenda has no results yet: what it quotes of earlier meetings is not this meeting's record,
    # and whom it invites or who sent regrets in advance is no attendance of a meeting still to come.
    has_results = detection.kind == "minutes"
    participants, (present_count, member_count) = (
        extract_attendance(raw.blocks, structure, vocabulary) if has_results else ([], (None, None))
    )
    meeting = dataclasses.replace(meeting, present_count=present_count, member_count=member_count)

    results = records_results(structure.header, vocabulary)
    items: list[AgendaItem] = []
    for section in structure.sections:
        public = item_identity(section.heading) not in structure.closure.closed_keys
        if public:  # a public item's text stops where a closed part begins inside it
            section = dataclasses.replace(section, blocks=structure.closure.outside(section.blocks))
        item = build_item(
            section, vocabulary, lang, with_decision=has_results, results=results, public=public
        )
        stated_here, per_item = [], []
        if has_results:  # an agenda quotes earlier meetings; it records no attendance of its own
            stated_here, per_item = attendance_in_sentences(section.blocks, vocabulary)
            # absence from this item is read where its result is recorded, not in the history it quotes
            recorded = {block.provenance for block in result_part(section.blocks, vocabulary)}
            per_item = [(name, where) for name, where in per_item if where in recorded]
        participants = merge_participants([*participants, *stated_here])
        items.append(dataclasses.replace(item, absent=tuple(dict.fromkeys(name for name, _ in per_item))))
    if not structure.sections:
        stated_here, _ = attendance_in_sentences(list(raw.blocks), vocabulary)
        participants = merge_participants([*participants, *stated_here])

    named = names_in_text(raw.blocks, vocabulary)
    if has_results:  # the debate's speakers, and who acts in the minutes, took part
        participants = merge_participants([*participants, *speakers(list(raw.blocks), vocabulary)])
        listed = [p.name for p in participants]
        participants = merge_participants([*participants, *actors(list(raw.blocks), lang, year, listed)])
    # a person written by a first name or surname alone is the one full name the document gives
    known = [*(p.name for p in participants), *(p.name for p in named)]
    participants = merge_participants(
        [dataclasses.replace(p, name=fullest_form(p.name, known)) for p in participants]
    )
    present = frozenset(p.name.casefold() for p in participants if p.status == "present")
    actions = _once_each(
        dataclasses.replace(action, owners=tuple(fullest_form(owner, known) for owner in action.owners))
        for action in extract_actions(
            raw.blocks, structure.header, structure.sections, vocabulary, lang, year, present
        )
    )
    if meeting.date is None:
        warnings.append(ParseWarning("W001", Warnings.W001))
    if detection.kind == "minutes" and not items:
        warnings.append(ParseWarning("W004", Warnings.W004))
    record = Minutes(
        source=source,
        language=lang,
        kind=detection.kind,
        meeting=meeting,
        participants=tuple(participants),
        agenda_items=tuple(items),
        action_items=tuple(actions),
        people=_people(participants, items, actions, named),
        warnings=tuple(warnings),
        text=raw.text,
    )
    return _with_closure(record, structure.closure)


def _once_each(actions: Iterable[ActionItem]) -> list[ActionItem]:
    """A task found twice (in its sentence and under its owner label) is one task, where it is."""
    seen: dict[tuple[str, tuple[str, ...]], ActionItem] = {}
    for action in actions:
        seen.setdefault((action.text, action.owners), action)
    return list(seen.values())


def _closure_of_text(raw: RawDocument, langs: tuple[str, ...]) -> Closure:
    """The closed parts of a document read without items: from the first closed marker on."""
    closure = Closure()
    for lang in langs:
        found = find_closed(list(raw.blocks), [], item_identity, load_vocabulary(lang))
        closure.withheld += found.withheld
        closure.uncertain = closure.uncertain or found.uncertain
    return closure


def _with_closure(record: Minutes, closure: Closure) -> Minutes:
    """The record with the text it must never publish, and a warning where that is all of it."""
    warnings = record.warnings
    if closure.uncertain:
        warnings = (*warnings, ParseWarning("W005", f"{Warnings.W005}: {closure.uncertain}"))
    return dataclasses.replace(
        record, withheld=tuple(closure.withheld), text_withheld=closure.uncertain, warnings=warnings
    )


def _people(
    participants: list[Participant], items: list[AgendaItem], actions: list[ActionItem], named: list[Person]
) -> tuple[Person, ...]:
    """Every person named: participants, those absent from an item, owners who are people, and the
    names found in the text, which a participant's full name or a longer spelling absorbs."""
    people: dict[str, Person] = {}
    for participant in participants:
        people.setdefault(participant.name.casefold(), Person(participant.name, participant.role))
    for item in items:
        for name in item.absent:
            people.setdefault(name.casefold(), Person(name))
    for action in actions:
        for owner in action.owners:
            if is_first_name(owner.split()[0]):
                people.setdefault(owner.casefold(), Person(owner))
    for person in named:
        key = person.name.casefold()
        if key in people:
            if people[key].role is None and person.role:
                people[key] = dataclasses.replace(people[key], role=person.role)
            continue
        people[key] = person
    # A lone first name ("Gisbert") is the same person as a full name starting with it, if only one does.
    for key in [k for k in people if " " not in k]:
        longer = [k for k in people if k.startswith(f"{key} ")]
        if len(longer) == 1:
            del people[key]
    return tuple(people.values())
