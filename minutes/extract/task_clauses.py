"""Tasks written as sentences: every sentence with someone who could own a task is a candidate,
described by features, and kept when its score says it is a task (`minutes.extract.scoring`).

A candidate's owner is the subject of the sentence ("Frau Linde wird den Saal buchen", "Sigrid og
Ole bestiller bussen"), a body ("Der Vorstand klärt …", "Bestyrelsen sørger for …"), a subject
after the verb ("Danach wird Herr Roth die Liste schicken"), the agent of a passive ("… muss von
Malte erledigt werden") or names in parentheses after the task ("Flyer drucken (Mia, Tom)").
Whether it is a task is not decided by the first rule that fits but by weighing what the sentence
shows: a future or modal verb or a task verb after the subject speaks for it, a verb of reporting
("berichtet", "fortæller") or a past tense against it, a deadline for it. The weights are fit on
the annotated documents (`make train`, `minutes.train`) and stored in
`pipelines/weights/task_clauses.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import spacy

from minutes.extract.dates import find_dates
from minutes.extract.owners import is_first_name, owner_names
from minutes.extract.scoring import Weights
from minutes.model import ActionItem, Block, Evidence, Participant, Provenance
from minutes.vocab import alternation, load_vocabulary

UPPER = "A-ZÄÖÜÆØÅ"
# A label before the sentence ("Aktion: Sigrid ringer til …", "Info: …"), taken off before its subject.
LABEL = re.compile(r"^[^\W\d_][\w-]{1,20}:\s+")
NAME = rf"[{UPPER}][\w'-]+(?:\s[{UPPER}]\.)?"
# A sentence ends after a word of three letters or more (so not after "Fr." or "lt."), or after a
# closing bracket or quote, before a capital.
SENTENCE_END = re.compile(rf"(?:(?<=[^\W\d_]{{3}}[.!?])|(?<=[)\"“”»][.!?]))\s+(?=[{UPPER}„\"])")
LONG_SENTENCE = 40  # words
VERB_KINDS = {
    "future": "future_auxiliaries",
    "obligation": "task_obligation",
    "task": "task_verbs",
    "report": "report_verbs",
    "state": "state_verbs",
}


@dataclass(frozen=True)
class Candidate:
    """A sentence that may be a task, its owners, where it stands and what speaks for and against."""

    text: str
    owners: tuple[str, ...]
    provenance: Provenance
    features: frozenset[str]
    rule: str
    due: str | None = None  # the first date the sentence names, ISO
    due_text: str | None = None  # as written, or a relative deadline ("bis zur nächsten Sitzung")


@dataclass(frozen=True)
class Cues:
    """The patterns of one language that candidates are found and described with."""

    subject: re.Pattern[str]
    body_subject: re.Pattern[str]
    inverted: re.Pattern[str]
    trailing: re.Pattern[str]
    passive: re.Pattern[str]
    titles: re.Pattern[str]
    verbs: dict[str, re.Pattern[str]]  # by kind: future, obligation, task, report, state
    request: re.Pattern[str]
    relative_due: re.Pattern[str]
    not_names: frozenset[str]
    function_words: frozenset[str]  # "Davon", "Dette": a capital at a sentence's start, not a name


def _starting(words: list[str]) -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(words)})(?!\w)", re.I)


@cache
def cues(lang: str) -> Cues:
    vocabulary = load_vocabulary(lang)
    actions = vocabulary["actions"]
    titles = rf"(?:(?i:{alternation(vocabulary['attendance']['titles'])})\s+)*"
    joiner = r"\s*(?:,|und|og|&)\s*"
    owners = rf"(?P<owners>{NAME}(?:\s{NAME})?(?:{joiner}{titles}{NAME}(?:\s{NAME})?)*)"
    article = rf"(?:(?:{alternation(actions['articles'])})\s+)?" if actions["articles"] else ""
    verbs = alternation(actions["future_auxiliaries"] + actions["task_verbs"])
    return Cues(
        subject=re.compile(rf"^{titles}{owners}\s+(?P<rest>[a-zæøåäöüß].*)$", re.S),
        body_subject=re.compile(rf"^{article}(?P<owners>[{UPPER}][\w-]+)\s+(?P<rest>[a-zæøåäöüß].*)$", re.S),
        inverted=re.compile(rf"^.{{2,80}}?[\s,](?:{verbs})\s+(?P<titles>{titles})(?P<owners>{NAME})\s", re.S),
        trailing=re.compile(rf"^(?P<task>.{{8,}}?)\s*\((?P<owners>[{UPPER}][^()]{{1,60}})\)\s*\.?$", re.S),
        passive=re.compile(
            rf"(?<!\w)(?:{alternation(actions['task_obligation'])})\s+(?:{alternation(actions['passive_agent'])})"
            rf"\s+(?:(?:der|die|dem|den)\s+)?(?P<owners>[{UPPER}][\w-]+)"
        ),
        titles=re.compile(rf"^{titles}", re.I),
        verbs={kind: _starting(actions[key]) for kind, key in VERB_KINDS.items()},
        request=re.compile(rf"(?<!\w)(?:{alternation(actions['request_words'])})(?!\w)", re.I),
        relative_due=re.compile(rf"(?<!\w)({alternation(actions['relative_due'])})(?!\w)", re.I),
        not_names=frozenset(vocabulary["attendance"]["not_names"]),
        function_words=frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words),
    )


def sentences(block: Block) -> Iterator[tuple[str, int]]:
    """The sentences of a block's lines with their offsets in the document text."""
    offset = 0
    for line in block.text.split("\n"):
        start = 0
        for part in SENTENCE_END.split(line):
            at = line.find(part, start)
            if part.strip():
                yield part.strip(), block.start + offset + at + (len(part) - len(part.lstrip()))
            start = at + len(part)
        offset += len(line) + 1


def candidates(
    blocks: list[Block],
    lang: str,
    year: int | None,
    participants: frozenset[str],
    only: re.Pattern[str] | None = None,
) -> Iterator[Candidate]:
    """Every sentence of `blocks` with a possible owner, described by its features; with `only`,
    just the sentences where that pattern is found (a cheap test before the owner is looked for)."""
    found = cues(lang)
    known = {word for name in participants for word in name.split()}
    bodies = [b.casefold() for b in load_vocabulary(lang)["actions"]["bodies"]]
    for block in blocks:
        if only is not None and not only.search(block.text):
            continue
        for index, (sentence, start) in enumerate(sentences(block)):
            if only is not None and not only.search(sentence):
                continue
            label = LABEL.match(sentence)
            owners, rest, rule = _owner(sentence[label.end() :] if label else sentence, found, known, bodies)
            if not owners or (rest is not None and rest.split(" ", 1)[0].casefold() in found.not_names):
                continue  # a list of names ("Wiebke, Bendix und Carla"), no sentence about them
            features = {f"rule:{rule}"} | ({"label"} if label else set())
            features |= _verb_features(rest, found) if rest is not None else set()
            dates = find_dates(sentence, lang, year)
            relative = found.relative_due.search(sentence)
            if dates or relative:
                features.add("due")
            if found.request.search(sentence):
                features.add("request")
            if sentence.rstrip().endswith("?"):
                features.add("question")
            if len(sentence.split()) > LONG_SENTENCE:
                features.add("long")
            if block.kind == "list_item":
                features.add("list_item")
            if index == 0:
                features.add("block_start")
            if block.kind == "heading":
                features.add("heading")
            span = Provenance(block.page, start, start + len(sentence))
            due, due_text = (dates[0][0], sentence[dates[0][1] : dates[0][2]]) if dates else (None, None)
            due_text = due_text or (relative[0] if relative else None)
            yield Candidate(sentence, owners, span, frozenset(features), rule, due, due_text)


def _owner(
    sentence: str, found: Cues, known: set[str], bodies: list[str]
) -> tuple[tuple[str, ...], str | None, str]:
    """Who may own the sentence's task, the words after them, and how they were found."""
    titled = bool(found.titles.match(sentence)[0])
    match = found.subject.match(sentence)
    if match:
        names = owner_names(match["owners"])
        if names and all(_is_person(n, titled, known, found) for n in names):
            return names, match["rest"], "subject"
    match = found.body_subject.match(sentence)
    if match and _is_body(match["owners"], bodies):
        return (match["owners"],), match["rest"], "body"
    match = found.inverted.match(sentence)
    if match and _is_person(match["owners"], bool(match["titles"]), known, found):
        return (match["owners"],), None, "inverted"
    match = found.passive.search(sentence)
    if match and match["owners"].casefold() not in found.not_names:
        return (match["owners"],), None, "passive"
    match = found.trailing.match(sentence)
    if match:
        names = owner_names(match["owners"])
        if names and all(is_first_name(n.split()[0]) or n.split()[0] in known for n in names):
            return names, None, "trailing"
    return (), None, ""


def _is_person(name: str, titled: bool, known: set[str], found: Cues) -> bool:
    """A first name, a name of someone present, or a capitalised surname after a title ("Frau
    Brombach"): German capitalises every noun, so a capital alone does not make a name."""
    first = name.split()[0]
    folded = first.casefold()
    if folded in found.not_names or (folded in found.function_words and folded not in known):
        return False
    return is_first_name(first) or folded in known or (titled and len(first) > 2)


def _is_body(word: str, bodies: list[str]) -> bool:
    folded = word.casefold()
    return any(folded == body or (len(body) >= 3 and folded.endswith(body)) for body in bodies)


def _verb_features(rest: str, found: Cues) -> set[str]:
    """What the words right after the subject say: a future or modal verb, a task verb, a verb of
    reporting, a state or a past tense; or none of these (another verb in the present)."""
    return {f"verb:{kind}" for kind, pattern in found.verbs.items() if pattern.match(rest)} or {"verb:other"}


def tasks_in_sentences(
    blocks: list[Block],
    lang: str,
    year: int | None,
    item: str | None,
    participants: frozenset[str],
    weights: Weights,
) -> list[ActionItem]:
    """The candidates that score as tasks, as action items with the evidence they were chosen on."""
    found = []
    for candidate in candidates(blocks, lang, year, participants):
        score = weights.score(candidate.features)
        if score < weights.threshold:
            continue
        features = tuple(sorted(candidate.features))
        evidence = Evidence(f"task_clause.{candidate.rule}", round(score, 3), features)
        found.append(
            ActionItem(
                candidate.text,
                candidate.owners,
                candidate.due,
                due_text=candidate.due_text,
                agenda_item=item,
                provenance=candidate.provenance,
                evidence=evidence,
            )
        )
    return found


# What a person does in the meeting that shows they were there: they report, explain, ask or propose.
# Taking on a task does not (tasks go to those absent too), nor a state or a past tense ("war
# verhindert", "hatte geschrieben").
ACTING = frozenset({"verb:report"})


def actors(blocks: list[Block], lang: str, year: int | None, known: list[str]) -> list[Participant]:
    """People who speak in the minutes as the subject of a sentence ("Frau Linde erläutert …",
    "Ole fortæller …"): they took part, though no list names them. Someone the document already
    lists (present or absent) by the same surname is left to that list."""
    surnames = {name.split()[-1].casefold().rstrip(".") for name in known if name.split()}
    found: dict[str, Participant] = {}
    # a name right before a verb of reporting: the cheap test that most sentences fail
    verbs = alternation(load_vocabulary(lang)["actions"]["report_verbs"])
    reporting = re.compile(rf"[{UPPER}][\w.'-]+\s+(?i:{verbs})(?!\w)")
    for candidate in candidates(blocks, lang, year, frozenset(), only=reporting):
        if candidate.rule not in ("subject", "inverted") or not candidate.features & ACTING:
            continue
        for name in candidate.owners:
            if name.split()[-1].casefold().rstrip(".") in surnames or name.casefold() in found:
                continue
            evidence = Evidence(f"actor.{candidate.rule}", None, tuple(sorted(candidate.features)))
            where = candidate.provenance
            found[name.casefold()] = Participant(name, "present", provenance=where, evidence=evidence)
    return list(found.values())
