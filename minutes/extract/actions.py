"""Action items: a task with someone responsible and perhaps a deadline.

A document's own task register comes first: a task table (Aufgabe | Verantwortlich | Termin,
Hvem | Hvad | Hvornår) or a task list under a heading such as "Aufgaben bis zum 14.03.2024", with
"Task: Owner" lines or owners as labels over their tasks. Where there is none, tasks are read from
the text: "… V: A/ B T: 12/2021", "Verantwortlich: A", "Ansvarlig: A" with "Deadline: …" on the
next line, "A kümmert sich um …", "… muss von A erledigt werden" and a task ending in "(A, B)".
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

from minutes.extract.dates import parse_due
from minutes.extract.owners import is_first_name, owner_names
from minutes.extract.scoring import current_weights
from minutes.extract.structure import Section
from minutes.extract.task_clauses import tasks_in_sentences
from minutes.model import ActionItem, Block, Evidence, Provenance
from minutes.vocab import alternation


def _is_owner_name(text: str) -> bool:
    """Short capitalised words, as owners are written in task lists ("Ulrike", "Alle Mitglieder")."""
    words = text.split()
    return 0 < len(words) <= 3 and text[:1].isupper() and not re.search(r"[\d/:.!?]", text)


# The rules that find tasks by their form, each named on the tasks it finds.
MARKED = Evidence("task_marker")  # "… V: Anna T: 12/2024"
TABLE = Evidence("task_table")
LISTED = Evidence("task_list")
NESTED_OWNERS = Evidence("task_owner_list")


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
        if task and re.match(r"^[-–•]\s", line) and (parent := _parent_line(lines, index, owner_marker)):
            task = f"{parent}: {task}"  # "d) Design Thinking Workshop" over "- Durchführung V: …"
        task = re.sub(r"^[a-z]\)\s*|^[-–•]\s*", "", task)
        due_value, due_end, written = parse_due(due_text, lang, year)
        found.append(
            ActionItem(
                task,
                owner_names(owners_text),
                due_value,
                due_end,
                written or (due_text.strip() or None),
                item,
                block.provenance,
                MARKED,
            )
        )
    return found


def _parent_line(lines: list[tuple[str, Block]], index: int, owner_marker: re.Pattern[str]) -> str | None:
    """The line a dashed sub-task hangs from: the nearest line above that is no dashed line and
    names no owner itself."""
    for line, _ in reversed(lines[:index]):
        if re.match(r"^[-–•]\s", line):
            continue
        if owner_marker.search(line) or len(line) > 80:
            return None
        return re.sub(r"^(?:[a-z]|\d{1,2})[.)]\s*", "", line).strip(" :")
    return None


def _from_tables(
    blocks: list[Block], vocabulary: dict[str, Any], lang: str, year: int | None
) -> list[ActionItem]:
    """Rows of a task table, its columns found by the header row's labels."""
    actions = vocabulary["actions"]
    header_words = {
        key: {w.casefold() for w in actions[key]} for key in ("table_task", "table_owner", "table_due")
    }
    found: list[ActionItem] = []
    columns: dict[str, int] | None = None
    for block in blocks:
        if block.kind != "table_row":
            columns = None
            continue
        cells = [c.strip(" :").casefold() for c in block.cells]
        header = {
            key: next((i for i, c in enumerate(cells) if c in words), -1)
            for key, words in header_words.items()
        }
        if header["table_task"] >= 0 and header["table_owner"] >= 0:
            columns = header
            continue
        if columns is None:
            continue
        row = {key: block.cells[i].strip() if 0 <= i < len(block.cells) else "" for key, i in columns.items()}
        task, owners = row["table_task"], owner_names(row["table_owner"])
        if task:
            due, due_end, written = parse_due(row["table_due"], lang, year)
            found.append(
                ActionItem(task, owners, due, due_end, written, provenance=block.provenance, evidence=TABLE)
            )
    return found


def _from_task_lists(
    blocks: list[Block], vocabulary: dict[str, Any], lang: str, year: int | None
) -> list[ActionItem]:
    """Tasks listed under a task heading: "Task: Owner" lines, or "Owner:" over bulleted tasks.

    A deadline in the heading ("To-dos bis zum 25.07.2018") holds for every task under it.
    """
    actions = vocabulary["actions"]
    heading = re.compile(rf"^\W*(?:{alternation(actions['list_headings'])})(?!\w)(?P<rest>.*)$", re.I)
    due_marker = _marker(actions["due_markers"])
    task_owner = re.compile(r"^(?P<task>[^:]{2,80}?)\s*:\s*(?P<owners>[^:]{1,60})$")
    found: list[ActionItem] = []
    for index, block in enumerate(blocks):
        match = heading.match(block.text)
        if not match or len(block.text) > 100 or block.kind == "list_item":
            continue
        due_at = due_marker.search(match["rest"])
        due_text = match["rest"][due_at.start() :].strip() if due_at else ""
        due, due_end, _ = (
            parse_due(match["rest"][due_at.end() :], lang, year) if due_at else (None, None, None)
        )
        owner: str | None = None
        for following in blocks[index + 1 :]:
            text = following.text.strip()
            if following.kind == "heading":
                break
            labelled = task_owner.match(text)
            if following.kind != "list_item" and text.endswith(":") and len(text) < 80:
                owner = re.sub(r"\s*\(.*?\)", "", text[:-1]).strip()
                continue
            if following.kind == "list_item" and owner:
                owners: tuple[str, ...] = (owner,)
            elif labelled and all(_is_owner_name(o) for o in owner_names(labelled["owners"])):
                text, owners = labelled["task"], owner_names(labelled["owners"])
            else:
                break
            found.append(
                ActionItem(
                    text,
                    owners,
                    due,
                    due_end,
                    due_text or None,
                    provenance=following.provenance,
                    evidence=LISTED,
                )
            )
    return found


def _lines(blocks: list[Block]) -> list[tuple[str, Block]]:
    return [(line.strip(), block) for block in blocks for line in block.text.split("\n") if line.strip()]


def extract_actions(
    blocks: tuple[Block, ...],
    header: list[Block],
    sections: list[Section],
    vocabulary: dict[str, Any],
    lang: str,
    year: int | None,
    participants: frozenset[str] = frozenset(),
) -> list[ActionItem]:
    """Action items; `participants` are the casefolded names of those present, who may be named
    as owners under a task without any marker."""
    # The register is read over all blocks: numbers in a task table's first column may have been
    # taken for item headings.
    every = list(blocks)
    register = _from_tables(every, vocabulary, lang, year) + _from_task_lists(every, vocabulary, lang, year)
    if register:
        starts = sorted((s.heading.block.start, s.heading.number) for s in sections)
        return [dataclasses.replace(a, agenda_item=_item_at(starts, a.provenance)) for a in register]
    found: list[ActionItem] = []
    for number, part in [(None, header)] + [(s.heading.number, s.blocks) for s in sections]:
        lines = _lines(part)
        marked = _from_markers(lines, vocabulary, lang, year, number)
        marked_blocks = {a.provenance for a in marked}
        found += marked
        weights = current_weights("task_clauses")
        found += [
            a
            for a in tasks_in_sentences(part, lang, year, number, participants, weights)
            if not any(_within(a.provenance, marked) for marked in marked_blocks)
        ]
        found += _from_owner_lists(part, participants, number)
    for section in sections:
        found += _from_owner_lists(section.repeated, participants, section.heading.number)
    return found


def _from_owner_lists(
    blocks: list[Block], participants: frozenset[str], item: str | None
) -> list[ActionItem]:
    """A task in a list with the people who take it on as the items nested under it:
    "* Website" over "  * Ulrike", "  * Bendix"."""
    found = []
    for index, block in enumerate(blocks):
        if block.kind != "list_item" or len(block.text) > 60 or block.text.rstrip().endswith(":"):
            continue
        nested = []
        for child in blocks[index + 1 :]:
            if child.kind != "list_item" or child.level <= block.level:
                break
            nested.append(re.sub(r"\s*\(.*?\)\s*$", "", child.text).strip())
        named = [n for n in nested if _is_participant(n, participants)]
        if nested and len(named) == len(nested) and not _is_participant(block.text, participants):
            found.append(
                ActionItem(
                    block.text.strip(),
                    tuple(named),
                    agenda_item=item,
                    provenance=block.provenance,
                    evidence=NESTED_OWNERS,
                )
            )
    return found


def _is_participant(text: str, participants: frozenset[str]) -> bool:
    words = text.split()
    return text.casefold() in participants or (0 < len(words) <= 2 and is_first_name(words[0]))


def _within(inner: Provenance | None, outer: Provenance | None) -> bool:
    return inner is not None and outer is not None and outer.start <= inner.start and inner.end <= outer.end


def _item_at(starts: list[tuple[int, str | None]], provenance: Provenance | None) -> str | None:
    """The number of the item whose section holds `provenance`."""
    if provenance is None:
        return None
    index = bisect.bisect_right([start for start, _ in starts], provenance.start) - 1
    return starts[index][1] if index >= 0 else None
