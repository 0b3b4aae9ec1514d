"""`minutes parse --explain FILE`: what was extracted from a file, and why.

For each field the value chosen and the rule that chose it; for the scored rules (tasks written as
sentences) every candidate, kept or not, with its score and what each of its features added to it.
"""

from __future__ import annotations

from pathlib import Path

from minutes.extract.agenda import collecting_results, results_by_item
from minutes.extract.scoring import EVERY_CANDIDATE, current_weights, scored_with
from minutes.model import Block, Evidence, Minutes
from minutes.parse import parse

EXCERPT = 90  # characters of a sentence shown


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:EXCERPT]}…”" if len(text) > EXCERPT else f"“{text}”"


def _rule(evidence: Evidence | None, default: str) -> str:
    return evidence.rule if evidence is not None else default


def explain(path: str | Path, lang: str | None = None) -> str:
    """A plain-text account of what `minutes.parse(path)` extracts and which rule or score chose it."""
    with collecting_results() as results:
        record = parse(path, lang=lang)
    lines = [f"{Path(path).name}: language {record.language}, kind {record.kind}"]
    lines += _meeting(record)
    lines += _participants(record)
    lines += _items(record, results)
    lines += _tasks(record, path, lang)
    if record.warnings:
        lines += ["", "warnings"] + [f"  {w.code} {w.message}" for w in record.warnings]
    return "\n".join(lines)


def _meeting(record: Minutes) -> list[str]:
    meeting = record.meeting
    fields = ("title", "body", "organization", "date", "start", "end", "location", "extraordinary")
    found = [(name, getattr(meeting, name)) for name in fields]
    return ["", "meeting (header labels and sentences)"] + [
        f"  {name:<14}{value if value is not None else '— not found'}" for name, value in found
    ]


def _participants(record: Minutes) -> list[str]:
    lines = ["", f"participants ({len(record.participants)})"]
    for person in record.participants:
        how = _rule(person.evidence, "attendance list or label")
        excused = " (excused)" if person.excused else ""
        lines.append(f"  {person.status:<8}{person.name}{excused}   ← {how}")
    return lines


def _items(record: Minutes, results: list[tuple[Block, frozenset[str]]]) -> list[str]:
    weights = current_weights("result_blocks")
    weighed = results_by_item(record.agenda_items, results)
    lines = ["", f"agenda items ({len(record.agenda_items)}); results scored, the best kept at "
             f"{weights.threshold:.2f} or more"]  # fmt: skip
    for index, item in enumerate(record.agenda_items):
        closed = "" if item.public else "  [closed: withheld from the published site]"
        lines.append(f"  {item.number or '–':<6}{item.title[:EXCERPT]}{closed}")
        decision = item.decision
        if decision is not None:
            outcome = decision.outcome or "outcome not recognised"
            votes = f", votes {decision.votes.to_dict()}" if decision.votes else ""
            lines.append(f"        decision: {outcome}{votes}  {_excerpt(decision.text)}")
        for block, features in sorted(weighed.get(index, []), key=lambda bf: -weights.score(bf[1])):
            verdict = "kept" if decision is not None and block.text in decision.text else "not kept"
            score = weights.score(features)
            lines.append(f"        {verdict:<9}{score:.2f}  {_excerpt(block.text)}")
            why = ", ".join(f"{name} {value:+.2f}" for name, value in weights.contributions(features))
            lines.append(f"{'':19}{why}")
    return lines


def _tasks(record: Minutes, path: str | Path, lang: str | None) -> list[str]:
    weights = current_weights("task_clauses")
    kept = {(task.text, task.provenance) for task in record.action_items}
    lines = ["", f"action items ({len(record.action_items)})"]
    for task in record.action_items:
        if task.evidence is None or task.evidence.score is None:
            owners = ", ".join(task.owners) or "no owner"
            lines.append(f"  {_excerpt(task.text)}  owners: {owners}   ← {_rule(task.evidence, 'rule')}")
    with scored_with(task_clauses=EVERY_CANDIDATE):
        candidates = [
            task
            for task in parse(path, lang=lang).action_items
            if task.evidence is not None and task.evidence.rule.startswith("task_clause")
        ]
    if candidates:
        lines += ["", f"task clauses (kept at a score of {weights.threshold:.2f} or more)"]
    for task in sorted(candidates, key=lambda t: -weights.score(frozenset(t.evidence.features))):
        features = frozenset(task.evidence.features)
        verdict = "kept" if (task.text, task.provenance) in kept else "not kept"
        owners = ", ".join(task.owners)
        lines.append(f"  {verdict:<9}{weights.score(features):.2f}  {_excerpt(task.text)}  owners: {owners}")
        why = ", ".join(f"{name} {value:+.2f}" for name, value in weights.contributions(features))
        lines.append(f"{'':13}{why}")
    return lines
