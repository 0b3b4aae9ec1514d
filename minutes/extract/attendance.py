"""Who attended and who was absent: from labelled blocks ("Anwesend:", "Afbud:"), the lines that
follow a bare label, checkbox lists, and sentences ("Alle var mødt, undtagen A og B, der havde
meldt afbud"; "A var forhindret i at deltage i sagens behandling" for one item)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from minutes.extract.owners import is_first_name
from minutes.extract.people import UPPER, names_in_text
from minutes.extract.structure import Structure, bare_label_pattern, label_pattern
from minutes.model import Block, Participant, Provenance
from minutes.vocab import alternation

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


def clean_name(entry: str, vocabulary: dict[str, Any], handle: bool = False) -> tuple[str, str | None] | None:
    """(name, role) of one list entry, titles stripped; None when the entry is not a person.

    `handle`: the entry is a list item of its own, where a nickname ("anon6789") names a person too.
    """
    words = vocabulary["attendance"]
    role = None
    entry = ENUMERATION.sub("", entry.strip(" .:-–*\t"))
    entry = re.sub(r"(?<=[a-zäöüæøå])\.(?=[A-ZÄÖÜÆØÅ])", " ", entry)  # "Ulf.Brandtner"
    parenthesis = re.search(r"\(([^)]*)\)\s*$", entry)
    if parenthesis:
        role = parenthesis[1].strip() or None
        entry = entry[: parenthesis.start()].strip()
    entry = _substitution(vocabulary).split(entry, maxsplit=1)[0]
    entry = _without_titles(entry, vocabulary)
    # "Name, Rolle", "Name: Tutor", "Name - Protokollant"
    separated = re.split(r",|:|\s[-–]\s", entry, maxsplit=1)
    if len(separated) == 2:
        entry, rest = separated
        role = role or rest.strip() or None
    tokens = entry.split()
    if not tokens or len(tokens) > 5 or tokens[0].casefold().strip(".") in words["not_names"]:
        return None
    if len(tokens) == 1 and handle and HANDLE.match(tokens[0]):
        return tokens[0], role
    if any(ch.isdigit() for ch in entry) or not _capitalised_name(tokens):
        return None
    return " ".join(tokens), role


ENUMERATION = re.compile(r"^(?:\(?[a-zA-Z]\)|\(?\d{1,2}[.)])\s+")  # "(a) ", "b) ", "3. "
HANDLE = re.compile(r"^(?=.*[a-z])[\w.-]{2,30}$")
PARTICLES = {"von", "van", "de", "der", "den", "zu", "af", "la", "le", "da", "di", "du", "ten", "ter"}


def _capitalised_name(tokens: list[str]) -> bool:
    """Every word capitalised but the particles between them ("Mirja Holtkamp de Vries"):
    "Festlegen der Beschlussfähigkeit" and "Amt für" are not names."""
    if not tokens[0][:1].isupper() or tokens[-1] in PARTICLES:
        return False
    return all(token[:1].isupper() or token in PARTICLES for token in tokens)


def _substitution(vocabulary: dict[str, Any]) -> re.Pattern[str]:
    """ "Fr. Ebner f. Hr. Quandel": Ebner sits in for Quandel, who is absent."""
    words = alternation(vocabulary["attendance"]["substitution"])
    return re.compile(rf"\s+(?:{words})\s+", re.I)


def _without_titles(entry: str, vocabulary: dict[str, Any]) -> str:
    titles = alternation(vocabulary["attendance"]["titles"])
    previous = None
    while previous != entry:
        previous = entry
        entry = re.sub(rf"^(?:{titles})(?:\s+|(?<=\.))", "", entry, flags=re.I).strip()
    return entry


def _function_of(role: str, vocabulary: dict[str, Any]) -> str | None:
    """The function a written role names: "(Vorsitz)" → chair, "(formand)" → chair."""
    words = vocabulary["attendance"]
    for function in ("chair", "minute_taker", "guest", "member"):
        if re.match(rf"^({alternation(words[function])})(?!\w)", role, re.I):
            return function
    return None


def _entries(value: str) -> list[str]:
    entries = [e for e in SPLIT.split(value) if e.strip()]
    # "Imhof Vreni, Seedorf": a member with the place they live in, as parliaments list them
    if len(entries) == 2 and _is_place_after_name(*entries):
        return entries[:1]
    return entries


def _is_place_after_name(name: str, after: str) -> bool:
    words, place = name.split(), after.strip()
    return (
        2 <= len(words) <= 3
        and all(word[:1].isupper() for word in words)
        and re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", place) is not None  # one word, letters only
        and place[:1].isupper()
        and not is_first_name(place)
        and is_first_name(words[-1]) != is_first_name(words[0])  # one of the two is a first name
    )


@dataclass(frozen=True)
class _Entry:
    text: str
    group: Group
    role_label: str | None
    block: Block


class _Lists:
    """Reads attendance lists: a label with its value ("Anwesend: A, B"), or a bare label with the
    lines under it, down to the next label, the agenda, a meeting header line or a distribution list."""

    def __init__(self, vocabulary: dict[str, Any]) -> None:
        self.vocabulary = vocabulary
        self.groups = _groups(vocabulary)
        labels = list(self.groups)
        self.labelled = label_pattern(labels)
        self.bare = bare_label_pattern(labels)
        words = vocabulary["attendance"]
        listing = [w for key in ("present", "absent", "absent_excused", "guest") for w in words[key]]
        # "Anwesende Gründungsmitglieder": a heading that starts with a list label
        self.heading = re.compile(rf"^\W{{0,3}}(?P<label>{alternation(listing)})\s+\w+\s*:?\s*$", re.I)
        # "… Ansgar Lehn Als Gäste: Wiebke Sturm, …": a label inside a list, capitalised, with a colon
        self.inline = re.compile(rf"(?<!\w)(?=(?-i:[{UPPER}]))({alternation(labels)})\s*(?::|$)", re.I)
        # "… Ilka Brandes Als Versammlungsleiter wurde …": after a capitalised joining word, no colon
        self.joined = re.compile(
            rf"(?<=\s)(?P<joiner>(?-i:[{UPPER}])\w*)\s+(?P<label>{alternation(labels)})(?![\w:])", re.I
        )
        self.joiners = {w.casefold() for w in words["not_names"]}
        header_labels = [w for key in HEADER_LABELS for w in vocabulary["meeting"][key]]
        self.ends = (
            bare_label_pattern(vocabulary["agenda"]["list_headings"] + words["list_end"]),
            label_pattern(header_labels),
        )
        self.salutation = re.compile(rf"^(?:{alternation(words['salutations'])})(?:\s|(?<=\.))", re.I)

    def label(self, block: Block) -> tuple[Group, str | None, str] | None:
        """(group, role label, value) of a block that starts a list."""
        text = block.text if not block.cells else ": ".join(block.cells[:2])
        match = self.bare.match(text) or self.labelled.match(text)
        if match is None and block.kind == "heading":
            match = self.heading.match(text)
        if match is None:
            return None
        group = self.groups[match["label"].casefold()]
        officer = group.function in ("chair", "minute_taker")
        # "Protokoll" and "Referat" alone are titles; as labels of one person they have a colon
        if officer and not match.groupdict().get("value") and not text.rstrip().endswith(":"):
            return None
        return group, match["label"] if officer else None, match.groupdict().get("value") or ""

    def read(self, blocks: list[Block]) -> tuple[list[Participant], tuple[int | None, int | None]]:
        participants: list[Participant] = []
        count: tuple[int | None, int | None] = (None, None)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            index += 1
            found = self.label(block)
            if not found:
                continue
            group, role_label, value = found
            head_count = COUNT.match(value)
            if head_count and group.status == "present" and not re.search(r"[A-Za-z]{3}", value[:12]):
                count = (int(head_count[1]), int(head_count[2]) if head_count[2] else None)
                continue
            if value.strip():
                entries = self._split(value, group, role_label, block)
            else:
                under, index = self._under(blocks, index, group)
                entries = [e for b in under for e in self._split(b.text, group, role_label, b)]
            participants += self._participants(entries)
        return participants, count

    def _under(self, blocks: list[Block], index: int, group: Group) -> tuple[list[Block], int]:
        """The blocks of a list under a bare label, and the index after them."""
        limit = 1 if group.function in ("chair", "minute_taker") else MAX_CONTINUATION
        under: list[Block] = []
        while index < len(blocks) and len(under) < limit:
            following = blocks[index]
            text = following.text
            if (
                self.label(following)
                or any(end.match(text) for end in self.ends)  # "Tagesordnung:", "Tid: kl. 16", "Verteiler"
                or following.kind in ("heading", "table_row")
            ):
                break
            index += 1
            if text.rstrip().endswith(":") and len(text) < 40:  # "Stadtrat:": a group within the list
                continue
            if len(text) > 90 and not self._mostly_names(text):
                index -= 1
                break
            under.append(following)
        return under, index

    def _mostly_names(self, text: str) -> bool:
        entries = _entries(text)
        named = [e for e in entries if clean_name(e, self.vocabulary)]
        return len(entries) >= 3 and len(named) >= 0.6 * len(entries)

    def _split(self, value: str, group: Group, role_label: str | None, block: Block) -> list[_Entry]:
        value = self.joined.sub(
            lambda m: f"{m['label']}:" if m["joiner"].casefold() in self.joiners else m[0], value
        )
        parts = self.inline.split(value)
        entries = [_Entry(e, group, role_label, block) for e in _entries(parts[0])]
        for label, text in zip(parts[1::2], parts[2::2], strict=True):
            inner = self.groups[label.casefold()]
            inner_label = label if inner.function in ("chair", "minute_taker") else None
            entries += [_Entry(e, inner, inner_label, block) for e in _entries(text)]
        return entries

    def _participants(self, entries: list[_Entry]) -> list[Participant]:
        # "Hr. Dornbusch, Fr. Aalders, Amt für": where names carry Herr or Frau, the rest are no names
        saluted = [e for e in entries if self.salutation.match(e.text)]
        if len(saluted) >= 2 and len(saluted) * 3 >= len(entries):
            entries = [e for e in entries if e in saluted or is_first_name(e.text.split()[0])]
        out = []
        for entry in entries:
            out += self.participant(entry)
        return out

    def participant(self, entry: _Entry) -> list[Participant]:
        status, text, group = entry.group.status, entry.text, entry.group
        checkbox = re.match(r"^\[([ xX])\]\s*", text)
        if checkbox:
            status = "present" if checkbox[1].strip() else "absent"
            text = text[checkbox.end() :]
        cleaned = clean_name(text, self.vocabulary, handle=entry.block.kind == "list_item")
        if not cleaned:
            return []
        name, role = cleaned
        excused = group.excused if status == "absent" else None
        function = group.function or (_function_of(role, self.vocabulary) if role else None)
        provenance = entry.block.provenance
        found = [Participant(name, status, excused, role or entry.role_label, function, provenance)]
        replaced = _substitution(self.vocabulary).split(text, maxsplit=1)
        other = clean_name(replaced[1], self.vocabulary) if len(replaced) == 2 else None
        # "Fr. Ebner f. Hr. Quandel"; not "Betrieb für Stadtgrün"
        if status == "present" and other and (self.salutation.match(replaced[1]) or is_first_name(other[0])):
            found.append(Participant(other[0], "absent", None, None, None, provenance))
        return found


def extract_attendance(
    blocks: tuple[Block, ...], structure: Structure, vocabulary: dict[str, Any]
) -> tuple[list[Participant], tuple[int | None, int | None]]:
    """Participants from the lists in the header and after it ("### Anwesende:" below the topics),
    from items that are lists themselves ("§1 Til stede:"), and the officers signing inside the
    minutes ("Referent: …"); the head count (present, members) if given."""
    lists = _Lists(vocabulary)
    participants, count = lists.read(structure.header)
    for section in structure.sections:
        heading = dataclasses.replace(section.heading.block, text=section.heading.title)
        if lists.label(heading):
            participants += lists.read([heading, *section.blocks])[0]
    body = list(blocks[len(structure.header) :])
    participants += lists.read(body)[0] + _signatures(body, lists)
    return merge_participants(participants), count


def _signatures(blocks: list[Block], lists: _Lists) -> list[Participant]:
    """ "Referent: Godehard Timm", "Dirigent: …" written as one line inside the minutes."""
    found = []
    for block in blocks:
        labelled = lists.label(block)
        if labelled and labelled[1] and 0 < len(labelled[2]) <= 40:
            entry = _Entry(labelled[2], labelled[0], labelled[1], block)
            found += [p for p in lists.participant(entry) if is_first_name(p.name.split()[0])]
    return found


# "Brunner, FDP: …" (cantonal parliaments) or "Anna Muster (SPD): …" (state parliaments)
SPEAKER_NAME = rf"(?P<name>[{UPPER}][\w'’-]+(?:\s+[{UPPER}][\w'’-]+){{0,2}})"
SPEAKER_LABEL = re.compile(
    rf"^{SPEAKER_NAME}(?:,\s*(?P<after>[^:\d,()]{{1,40}})|\s*\((?P<within>[^:\d()]{{1,40}})\)):\s+\S"
)


def speakers(blocks: list[Block], vocabulary: dict[str, Any]) -> list[Participant]:
    """Who speaks in the minutes under a label with a faction or affiliation, as parliaments write
    their debates ("Brunner, FDP: …", "Dr. Anna Muster (SPD): …", "Kommissionspräsident Gysin,
    Die Mitte: …"): members present. A role word before the name is its role."""
    words = vocabulary["attendance"]
    stop = {w.casefold().strip(".") for w in [*words["not_names"], *words["titles"]]} | _label_words(
        vocabulary
    )
    role_words = re.compile(rf"^\w*(?:{alternation(words['role_words'])})\w*$", re.I)
    found = []
    titles = re.compile(rf"^(?:(?:{alternation(words['titles'])})\s+)+", re.I)
    for block in blocks:
        match = SPEAKER_LABEL.match(titles.sub("", block.text))
        if not match:
            continue
        tokens = match["name"].split()
        role = tokens.pop(0) if len(tokens) > 1 and role_words.match(tokens[0]) else None
        if not tokens or any(token.casefold() in stop for token in tokens):
            continue
        found.append(Participant(" ".join(tokens), "present", None, role, "member", block.provenance))
    return found


def _label_words(vocabulary: dict[str, Any]) -> set[str]:
    """Every word the vocabulary uses as a label or cue ("Ort", "Beschluss", "Anwesend"): a label
    line such as "Ort, Raum: Rathaus" names no speaker."""
    found: set[str] = set()
    for section in ("meeting", "attendance", "agenda", "decision", "actions"):
        for value in vocabulary.get(section, {}).values():
            if isinstance(value, list):
                found.update(w.casefold() for entry in value if isinstance(entry, str) for w in entry.split())
    return found


def merge_participants(participants: list[Participant]) -> list[Participant]:
    """One entry per person: a later mention adds a role or function, it does not repeat them."""
    merged: dict[str, Participant] = {}
    for person in participants:
        key = person.name.casefold()
        # "Asger" in the list and "Referent: Asger Vindum" at the end, or the other way round: one person
        first_name = key.split()[0]
        longer = [k for k in merged if k.startswith(f"{key} ")]
        if key not in merged and first_name in merged:
            key = first_name
        elif key not in merged and len(longer) == 1:
            key = longer[0]
        if key in merged:
            first = merged[key]
            excused = first.excused if first.excused is not None else person.excused
            merged[key] = Participant(
                first.name, first.status, excused, first.role or person.role,
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


def attendance_in_sentences(
    blocks: list[Block], vocabulary: dict[str, Any]
) -> tuple[list[Participant], list[tuple[str, Provenance]]]:
    """Attendance stated in sentences: who was absent ("… havde meldt afbud"), who took part by
    voting or presenting ("A og B kunne tiltræde indstillingen", "Direktør C præsenterede …"), and
    who was absent from one item ("… var forhindret i at deltage i sagens behandling")."""
    words = vocabulary["attendance"]
    excused_cue = re.compile(rf"(?<!\w)({alternation(words['absent_excused'])})", re.I)
    item_cues = [re.compile(p, re.I) for p in words["item_absence"]]
    # voters are members; who presents is a guest unless a list says otherwise
    took_part = [(re.compile(p, re.I), "member") for p in words["voting"]]
    took_part += [(re.compile(p, re.I), "guest") for p in words["presenting"]]
    role_words = re.compile(rf"\w*(?:{alternation(words['role_words'])})\w*", re.I)
    meeting_level: list[Participant] = []
    per_item: list[tuple[str, Provenance]] = []
    for block in blocks:
        for sentence in re.split(r"(?<=[.!?])\s+", block.text):
            item_cue = next((c.search(sentence) for c in item_cues if c.search(sentence)), None)
            participation = next(
                ((found, function) for cue, function in took_part if (found := cue.search(sentence))), None
            )
            if item_cue:
                absent = names_in(sentence[: item_cue.start()], vocabulary)
                per_item += [(name, block.provenance) for name in absent]
                # "… var forhindret i at deltage": hindered, so absent from the meeting with notice
                if excused_cue.search(sentence):
                    meeting_level += [
                        Participant(n, "absent", True, None, None, block.provenance) for n in absent
                    ]
            elif participation:
                subject = sentence[: participation[0].start()]
                meeting_level += _subjects(subject, participation[1], block, vocabulary, role_words)
            elif excused_cue.search(sentence) and len(sentence) < 300:
                meeting_level += [
                    Participant(n, "absent", True, None, None, block.provenance)
                    for n in names_in(sentence, vocabulary)
                ]
    return meeting_level, per_item


def _subjects(
    subject: str, function: str, block: Block, vocabulary: dict[str, Any], role_words: re.Pattern[str]
) -> list[Participant]:
    """The people a sentence opens with, before its verb of taking part: names, a role before a
    name ("Hospitalsdirektør Palle Krogsgaard"), a first name alone ("Ditlev fremlagde …")."""
    subject = subject.strip()
    if len(subject) > 120:
        return []
    if is_first_name(subject) and subject[:1].isupper():
        return [Participant(subject, "present", None, None, function, block.provenance)]
    if not (is_first_name(subject.split(" ")[0]) or role_words.match(subject)):
        return []
    sentence = dataclasses.replace(block, text=subject)
    return [
        Participant(person.name, "present", None, person.role, function, block.provenance)
        for person in names_in_text([sentence], vocabulary)
    ]
