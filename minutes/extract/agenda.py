"""Agenda items from the sections, each with case number, closed flag, attachments and decision.

A decision is the result paragraph: the text under a decision label ("Beschluss:", "Beslutning"),
or else the sentences that carry an outcome cue. The outcome comes from the spaCy SpanRuler cues
of pipelines/<lang>/patterns.jsonl, votes from numbers next to the for/against/abstain words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from minutes.extract.scoring import current_weights
from minutes.extract.structure import Section, bare_label_pattern, label_pattern
from minutes.model import AgendaItem, Block, Decision, Votes
from minutes.nlp import cue_ids
from minutes.vocab import alternation

# When a result names several outcomes, the rarer and more specific one wins.
OUTCOME_PRECEDENCE = ("rejected", "postponed", "referred", "approved", "noted", "discussed")
WORD = re.compile(r"[^\W\d_]+")
FORMULA_WORDS = 4  # a result this short is a formula about what precedes it
SLASH_VOTES = re.compile(r"(?<![\d/.])(\d{1,3})\s*/\s*(\d{1,3})\s*/\s*(\d{1,3})(?![\d/.])")


def _votes(text: str, vocabulary: dict[str, Any]) -> Votes | None:
    slash = SLASH_VOTES.search(text)
    if slash:
        return Votes(int(slash[1]), int(slash[2]), int(slash[3]))
    counts = {}
    tally = re.search(
        rf"(?<![\d:])(\d{{1,3}})\s*:\s*(\d{{1,3}})\s+(?:{alternation(vocabulary['decision']['tally'])})(?!\w)",
        text,
        re.I,
    )
    if tally:  # "mit 60:45 Stimmen bei 3 Enthaltungen"
        counts["for"], counts["against"] = int(tally[1]), int(tally[2])
    for key in ("for", "against", "abstain"):
        words = alternation(vocabulary["decision"][key])
        # "Nein: 1" before "1 Nein": in "Ja: 4 Nein: 1" the 4 belongs to Ja.
        match = re.search(
            rf"(?<!\w)(?:{words})\w*\s*:?\s*(?:\w+\s+)?(\d{{1,3}})(?!\d)", text, re.I
        ) or re.search(rf"(?<![\d:])(\d{{1,3}})\s+(?:\w+\s+)?(?:{words})(?!\w)", text, re.I)
        if match and key not in counts:
            counts[key] = int(match[1])
    if "for" in counts and "against" in counts:
        return Votes(counts["for"], counts["against"], counts.get("abstain", 0))
    return None


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÆØÅ])|\n")


def outcome(text: str, lang: str, vocabulary: dict[str, Any]) -> str | None:
    """The outcome named by the first sentence that names one ("Et flertal kunne tiltræde … X kunne
    ikke tiltræde" is approved; "udskydes … Enstemmigt vedtaget" is postponed)."""
    cues = cue_ids(lang, text, "OUTCOME")
    ends = [m.start() for m in SENTENCE_END.finditer(text)] + [len(text)]
    first_end = next((end for end in ends if cues and cues[0][1] < end), len(text))
    found = {cue for cue, start, _ in cues if start < first_end}
    lowered = text.casefold()
    if any(marker in lowered for marker in vocabulary["decision"]["no_decision"]):
        found.discard("approved")
        found.add("noted")
    return next((o for o in OUTCOME_PRECEDENCE if o in found), None)


def _unanimous(text: str, vocabulary: dict[str, Any], votes: Votes | None) -> bool | None:
    lowered = text.casefold()
    if re.search(rf"(?<!\w)({alternation(vocabulary['decision']['unanimous'])})", lowered):
        return True
    if re.search(rf"(?<!\w)({alternation(vocabulary['decision']['not_unanimous'])})", lowered):
        return False
    if votes is not None and (votes.against or votes.abstain):
        return False
    return None


def _decision_blocks(blocks: list[Block], vocabulary: dict[str, Any], lang: str) -> list[Block]:
    agenda = vocabulary["agenda"]
    # "Beschluss: …", and "Beschluss OBR: …" with the deciding body named before the colon
    labels = re.compile(
        rf"{label_pattern(agenda['decision_labels']).pattern}|^\W{{0,3}}(?:{alternation(agenda['decision_labels'])})\s+\S{{1,12}}:\s*\S",
        re.I,
    )
    bare = bare_label_pattern(agenda["decision_labels"])
    section = bare_label_pattern(agenda["sections"])
    chosen: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if bare.match(block.text):
            index += 1
            while index < len(blocks) and not section.match(blocks[index].text):
                chosen.append(blocks[index])
                index += 1
            continue
        if labels.match(block.text):
            chosen.append(block)
        index += 1
    labelled = bool(chosen)
    if not chosen:  # no label: the best of the paragraphs that name an outcome or count votes,
        # with those right after it that go on naming one
        candidates = result_candidates(blocks, vocabulary, lang)
        weights = current_weights("result_blocks")
        scored = [(weights.score(features), index) for index, features in candidates.items()]
        collected = _collecting.get()
        if collected is not None:
            collected += [(blocks[index], candidates[index]) for index in candidates]
        best = max(scored, default=None, key=lambda si: (si[0], -si[1]))
        if best is not None and best[0] >= weights.threshold:
            index = best[1]
            while index in candidates:
                chosen.append(blocks[index])
                index += 1
    if len(chosen) == 1 and chosen[0].text.rstrip().endswith(":"):
        # "… werden diese Schritte vereinbart:" goes on in the list below it
        after = blocks.index(chosen[0]) + 1
        while (
            after < len(blocks) and not section.match(blocks[after].text) and blocks[after].kind != "heading"
        ):
            chosen.append(blocks[after])
            after += 1
    chosen += _enumerated_siblings(blocks, chosen)
    first = blocks.index(chosen[0]) if chosen else 0
    if chosen and first > 0 and len(WORD.findall(chosen[0].text)) <= FORMULA_WORDS:
        # "Enstemmigt vedtaget." says what happened to the paragraph before it; "Konsens: einstimmig
        # angenommen" to the proposal or the result sentence before it: keep them together
        previous = blocks[first - 1]
        proposal = label_pattern(agenda["proposal_labels"]).match(previous.text)
        if (
            previous.kind in ("paragraph", "list_item")
            and not section.match(previous.text)
            and (proposal or not labelled or cue_ids(lang, previous.text, "OUTCOME"))
        ):
            chosen = [previous, *chosen]
    return chosen


# The candidates of every item's result, with their features, when collected for fitting.
_collecting: ContextVar[list[tuple[Block, frozenset[str]]] | None] = ContextVar("results", default=None)


@contextmanager
def collecting_results() -> Iterator[list[tuple[Block, frozenset[str]]]]:
    """Every result candidate the parser weighs inside the block, with its features (for fitting)."""
    found: list[tuple[Block, frozenset[str]]] = []
    token = _collecting.set(found)
    try:
        yield found
    finally:
        _collecting.reset(token)


def results_by_item(
    items: tuple[AgendaItem, ...], results: list[tuple[Block, frozenset[str]]]
) -> dict[int, list[tuple[Block, frozenset[str]]]]:
    """Collected result candidates by the index of the item whose section holds them."""
    starts = [item.provenance.start if item.provenance else 0 for item in items]
    by_item: dict[int, list[tuple[Block, frozenset[str]]]] = {}
    for block, features in results:
        by_item.setdefault(bisect.bisect_right(starts, block.start) - 1, []).append((block, features))
    return by_item


LONG_RESULT = 60  # words: a block this long is an account of the debate more than its result


def result_candidates(
    blocks: list[Block], vocabulary: dict[str, Any], lang: str
) -> dict[int, frozenset[str]]:
    """The blocks that may state an item's result (they name an outcome or count votes), by index,
    each with its features: the outcomes it names, counted votes, unanimity, a result tense ("wurde
    angenommen", "blev vedtaget"), its place among the candidates, its length."""
    found: dict[int, set[str]] = {}
    for index, block in enumerate(blocks):
        if block.kind not in ("paragraph", "list_item"):
            continue
        cues = cue_ids(lang, block.text, "OUTCOME")
        votes = _votes(block.text, vocabulary)  # counted votes, written out or as "7/2/1"
        if not cues and votes is None:
            continue
        features = {f"outcome:{cue}" for cue, _, _ in cues}
        if votes is not None:
            features.add("votes")
        if _unanimous(block.text, vocabulary, votes):
            features.add("unanimous")
        if _result_tense(vocabulary).search(block.text):
            features.add("result_tense")
        words = len(WORD.findall(block.text))
        features.add("short" if words <= FORMULA_WORDS else "long" if words > LONG_RESULT else "medium")
        if block.text.rstrip().endswith("?"):
            features.add("question")
        if block.text.rstrip().endswith(":"):  # "Følgende blev besluttet:" over the list it introduces
            features.add("introduces")
        if block.kind == "list_item":
            features.add("list_item")
        found[index] = features
    order = sorted(found)
    for rank, index in enumerate(order):
        found[index].add("first" if rank == 0 else "later")
        if rank == len(order) - 1:
            found[index].add("last")
    return {index: frozenset(features) for index, features in found.items()}


@cache
def _result_tense_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(list(words))})(?!\w)", re.I)


def _result_tense(vocabulary: dict[str, Any]) -> re.Pattern[str]:
    """ "wurde", "blev": a result is reported as done."""
    return _result_tense_of(tuple(vocabulary["actions"]["state_verbs"]))


ENUMERATED = re.compile(r"^\(?([a-z]|[ivx]{1,4})[.)]\s")


def _enumerated_siblings(blocks: list[Block], chosen: list[Block]) -> list[Block]:
    """ "(a) Vedtægterne renskrives …" goes on with "(b) …", "(c) …" after it."""
    if not chosen or not ENUMERATED.match(chosen[-1].text):
        return []
    siblings = []
    for block in blocks[blocks.index(chosen[-1]) + 1 :]:
        if not ENUMERATED.match(block.text):
            break
        siblings.append(block)
    return siblings


def decision_of(
    blocks: list[Block], vocabulary: dict[str, Any], lang: str, *, results: bool = False
) -> Decision | None:
    """The item's decision; `results`: the minutes record each item's result as its text (an
    "Ergebnisprotokoll"), so an item without a result label or cue has its text as the result."""
    chosen = _decision_blocks(blocks, vocabulary, lang)
    recorded = results and not chosen
    if recorded:
        chosen = [b for b in blocks if b.kind in ("paragraph", "list_item")]
    if not chosen:
        return None
    text = " ".join(b.text for b in chosen)
    votes = _votes(text, vocabulary)
    result = outcome(text, lang, vocabulary)
    if result is None and votes is not None:  # a counted vote without an outcome word
        result = "approved" if votes.for_ > votes.against else "rejected"
    if result is None and recorded:  # a result recorded as agreed, without a word for it
        result = "approved"
    return Decision(text, result, _unanimous(text, vocabulary, votes), votes, chosen[0].provenance)


def result_part(blocks: list[Block], vocabulary: dict[str, Any]) -> list[Block]:
    """The blocks that record what this meeting did with the item: from its decision label to the
    next section ("Resume", "Tidligere beslutninger" quote what others did), or all of them."""
    agenda = vocabulary["agenda"]
    decision = bare_label_pattern(agenda["decision_labels"])
    section = bare_label_pattern(agenda["sections"])
    start = next((i for i, b in enumerate(blocks) if decision.match(b.text)), None)
    if start is None:
        return blocks
    end = next((i for i in range(start + 1, len(blocks)) if section.match(blocks[i].text)), len(blocks))
    return blocks[start:end]


def records_results(header: list[Block], vocabulary: dict[str, Any]) -> bool:
    """Whether the header says the items below are written as their results ("Ergebnisprotokoll",
    "kamen zu den Punkten zu folgenden Ergebnissen")."""
    cue = re.compile(rf"(?<!\w)({alternation(vocabulary['agenda']['results_protocol'])})", re.I)
    return any(cue.search(block.text) for block in header)


def _attachments(blocks: list[Block], vocabulary: dict[str, Any]) -> tuple[str, ...]:
    """Titles under a bare "Bilag"/"Anlagen" line, and "Anlage: title" or "siehe Anlage 2" lines.

    A numbered attachment keeps its label ("Bilag 1: Budget"); an unnumbered one is its title.
    """
    agenda = vocabulary["agenda"]
    words = alternation(agenda["attachment_labels"])
    labelled = label_pattern(agenda["attachment_labels"])
    bare = bare_label_pattern(agenda["attachment_labels"])
    section = bare_label_pattern(agenda["sections"])
    mention = re.compile(rf"(?:siehe|se)\s+((?:{words})[\w ]*)", re.I)
    found: list[str] = []
    index = 0
    while index < len(blocks):
        if bare.match(blocks[index].text):
            index += 1
            while index < len(blocks) and _listed_attachment(blocks, index, section, labelled, bool(found)):
                found.append(blocks[index].text)
                index += 1
            continue
        text = blocks[index].text
        match = labelled.match(text)
        if match:
            found.append(text.strip() if match["value"][:1].isdigit() else match["value"].strip())
        elif match := mention.search(text):
            found.append(match[1].strip())
        index += 1
    return tuple(dict.fromkeys(f for f in found if f))


def _listed_attachment(
    blocks: list[Block], index: int, section: re.Pattern[str], labelled: re.Pattern[str], started: bool
) -> bool:
    """Whether blocks[index] is one more entry of an attachment list rather than the next section."""
    block = blocks[index]
    if len(block.text) > 200 or (block.kind == "heading" and started):
        return False
    if section.match(block.text):
        # A section word can itself be an attachment ("Indstilling") when more entries follow it.
        following = blocks[index + 1].text if index + 1 < len(blocks) else ""
        return bool(labelled.match(following))
    return True


def _case_number(blocks: list[Block], vocabulary: dict[str, Any]) -> str | None:
    agenda = vocabulary["agenda"]
    dropped, kept = label_pattern(agenda["case_labels"]), label_pattern(agenda["case_prefixes"])
    for block in blocks[:6]:
        match = kept.match(block.text)
        if match and match["value"].strip():
            return f"{match['label']} {match['value'].strip()}"
        match = dropped.match(block.text)
        if match and match["value"].strip():
            return match["value"].strip()
        for pattern in agenda["case_patterns"]:
            found = re.search(pattern, block.text.strip())
            if found:
                return found[0]
    return None


def build_item(
    section: Section,
    vocabulary: dict[str, Any],
    lang: str,
    *,
    with_decision: bool,
    results: bool = False,
    public: bool = True,
) -> AgendaItem:
    """One agenda item; `with_decision` is false for agendas, whose items have no results yet;
    `results` is true where the minutes say their items are written as results; `public` is false
    for an item of a closed part (see `minutes.extract.closed`)."""
    heading = section.heading
    title = heading.title
    blocks = section.blocks
    if not title and blocks and len(blocks[0].text) < 120:
        title, blocks = blocks[0].text, blocks[1:]
    case_number = None
    for pattern in vocabulary["agenda"]["case_patterns"]:
        found = re.search(pattern, title)
        if found:
            case_number, title = found[0], (title[: found.start()] + title[found.end() :]).strip(" ,–-")
            break
    return AgendaItem(
        number=heading.number,
        title=title,
        text="\n".join(b.text for b in blocks),
        public=public,
        case_number=case_number or _case_number(blocks, vocabulary),
        decision=decision_of(blocks, vocabulary, lang, results=results) if with_decision else None,
        attachments=_attachments(blocks, vocabulary),
        provenance=heading.block.provenance,
    )
