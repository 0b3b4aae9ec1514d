"""The records that flow between stages: read → detect → extract → store.

`RawDocument` is what a reader makes of a file; `Minutes` is what `minutes.parse` returns.
`Minutes.to_dict()` is schema version 1 of `schemas/minutes.schema.json`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

SCHEMA_VERSION = "1"

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]
Kind = Literal["minutes", "agenda", "press_release", "other"]
Outcome = Literal["approved", "rejected", "postponed", "referred", "noted", "discussed"]


@dataclass(frozen=True)
class Provenance:
    """Where a fact stands: page (1-based) and character span in `RawDocument.text`."""

    page: int
    start: int
    end: int


class Line(NamedTuple):
    """One line as the reader saw it (a line of a PDF page or a scan, a paragraph of a Word file, a
    line of text), with its span in `RawDocument.text` and how it looked. Positions are points from
    the page's top left; `indent` and `gap` are in font sizes (ems) so that they mean the same in
    every format. None, or the default, where the format does not say. A named tuple: a long document
    has tens of thousands of lines, made fast and stored as plain rows of values."""

    start: int
    end: int
    page: int
    top: float | None = None
    bottom: float | None = None
    x0: float | None = None
    x1: float | None = None
    indent: float = 0.0  # right of the text's left edge; in plain text a space is half an em
    centred: bool = False
    size: float | None = None  # font size in points
    bold: bool = False
    gap: float | None = None  # space above, from the line before on the page; blank lines in text
    marker: str | None = None  # the list or number marker it starts with: "3.", "(a)", "TOP 3", "•"

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.page, self.start, self.end)


@dataclass(frozen=True)
class Block:
    """One unit of text (a paragraph, list entry, table row or heading) built from the lines the
    reader saw, with its place in the document text. A block keeps its lines, so that a later
    stage can look at them one by one, or take apart what the reader joined."""

    text: str
    kind: BlockKind
    page: int
    start: int
    end: int
    level: int = 0  # heading level or list depth
    cells: tuple[str, ...] = ()  # the cells of a table row
    lines: tuple[Line, ...] = field(default=(), compare=False)

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.page, self.start, self.end)

    def line_texts(self) -> list[str]:
        """The text of each of the block's lines, as it stands in the block."""
        return [self.text[line.start - self.start : line.end - self.start] for line in self.lines]


@dataclass(frozen=True)
class RawDocument:
    """A file turned into text blocks; `text` is the blocks joined by newlines."""

    filename: str
    sha256: str
    media_type: str
    pages: int
    blocks: tuple[Block, ...]
    ocr: bool = False

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Detection:
    language: str | None
    kind: Kind
    language_confidence: float


@dataclass(frozen=True)
class Votes:
    for_: int
    against: int
    abstain: int

    def to_dict(self) -> dict[str, int]:
        return {"for": self.for_, "against": self.against, "abstain": self.abstain}


@dataclass(frozen=True)
class Decision:
    text: str
    outcome: Outcome | None
    unanimous: bool | None
    votes: Votes | None
    provenance: Provenance | None = None


@dataclass(frozen=True)
class AgendaItem:
    number: str | None
    title: str
    text: str
    public: bool = True
    case_number: str | None = None
    decision: Decision | None = None
    absent: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Evidence:
    """Why a fact was taken: the rule that proposed it, its score (0–1) and the features that
    scored it; a fact set by a rule alone has no score."""

    rule: str
    score: float | None = None
    features: tuple[str, ...] = ()


@dataclass(frozen=True)
class Participant:
    name: str
    status: Literal["present", "absent"]
    excused: bool | None = None
    role: str | None = None
    function: Literal["chair", "minute_taker", "member", "guest"] | None = None
    provenance: Provenance | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class ActionItem:
    text: str
    owners: tuple[str, ...] = ()
    due: str | None = None
    due_end: str | None = None
    due_text: str | None = None
    agenda_item: str | None = None
    provenance: Provenance | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Withheld:
    """A part of the text that is never published: a non-public part or item, or a listing of one."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    organization: str | None = None
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Meeting:
    title: str | None = None
    body: str | None = None
    organization: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None
    extraordinary: bool | None = None
    present_count: int | None = None
    member_count: int | None = None


@dataclass(frozen=True)
class Source:
    filename: str
    sha256: str
    media_type: str
    pages: int
    ocr: bool = False


@dataclass(frozen=True)
class ParseWarning:
    code: str
    message: str


@dataclass(frozen=True)
class Minutes:
    """The structured record of one document."""

    source: Source
    language: str | None
    kind: Kind
    meeting: Meeting | None = None
    participants: tuple[Participant, ...] = ()
    agenda_items: tuple[AgendaItem, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    people: tuple[Person, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()
    # spans of `text` that publishing leaves out, and why the whole text and source must be left out
    withheld: tuple[Withheld, ...] = ()
    text_withheld: str | None = None
    text: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Schema version 1 (see `schemas/minutes.schema.json`); the full text is left out."""
        data = _plain(self)
        data.pop("text")
        return {"schema_version": SCHEMA_VERSION, **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Minutes:
        return _build(cls, data)


def _plain(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists; `Votes.for_` becomes `for`."""
    if isinstance(value, Votes):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


_NESTED: dict[str, type] = {
    "source": Source,
    "meeting": Meeting,
    "participants": Participant,
    "agenda_items": AgendaItem,
    "action_items": ActionItem,
    "people": Person,
    "warnings": ParseWarning,
    "decision": Decision,
    "provenance": Provenance,
    "evidence": Evidence,
    "withheld": Withheld,
}


def _build(cls: type, data: dict[str, Any]) -> Any:
    if cls is Votes:
        return Votes(data["for"], data["against"], data["abstain"])
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        nested = Votes if f.name == "votes" else _NESTED.get(f.name)
        if value is None or nested is None:
            kwargs[f.name] = tuple(value) if isinstance(value, list) else value
        elif isinstance(value, list):
            kwargs[f.name] = tuple(_build(nested, v) for v in value)
        else:
            kwargs[f.name] = _build(nested, value)
    return cls(**kwargs)
