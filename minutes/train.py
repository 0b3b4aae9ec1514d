"""Fit the weights of the scored extraction rules on annotated documents, and measure them honestly.

    python -m minutes.train fit  GOLD DOCS       # writes pipelines/weights/<scorer>.json
    python -m minutes.train cv   GOLD DOCS OUT   # leave-one-source-out predictions in OUT

`fit` collects every candidate the parser weighs (tasks written as sentences, the blocks that may
state an item's result), labels each by the gold as the scorer matches facts (words overlapping by
half), and fits a logistic regression per scorer (scikit-learn, needed only here: the parser reads
the weights as data). `cv` holds out one source at a time (the publisher of the documents, from
SOURCES.tsv beside the gold), fits on the rest, and parses the held-out documents with those
weights: scoring OUT with `score.py --pred OUT` gives the figure to expect on documents never seen.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from minutes.extract.agenda import collecting_results, results_by_item
from minutes.extract.scoring import EVERY_CANDIDATE, SCORERS, Weights, scored_with, weights_path
from minutes.model import Minutes

MIN_SUPPORT = 8  # candidates showing a feature: below it the feature keeps its prior
MATCH = 0.5  # the scorer's overlap for a task or a decision to match
TITLE_MATCH = 0.7  # the scorer's title overlap for an unnumbered item to match
REGULARISATION = 1.0  # the inverse strength of the L2 penalty; small data, so a firm prior

Row = tuple[str, dict[str, float], int]  # document, features, label


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def dice(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0


def sources(gold: Path) -> dict[str, str]:
    """Document file name → its source (the owner of the repository it was published in)."""
    table = gold.parent / "SOURCES.tsv"
    with table.open(encoding="utf-8") as rows:
        listed = csv.DictReader(rows, delimiter="\t")
        return {row["filename"]: row["repository"].split("/")[0] for row in listed}


def documents(gold: Path, docs: Path) -> list[tuple[Path, dict]]:
    """The annotated documents whose content is extracted (not those scored on detection only)."""
    found = []
    for path in sorted(gold.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        if annotation.get("score_only"):
            continue
        found.append((docs / path.name[: -len(".json")], annotation))
    return found


def candidates(items: Iterable[tuple[Path, dict]]) -> dict[str, list[Row]]:
    """Every candidate of every scorer in `items`, with its features and its label."""
    from minutes import parse

    rows: dict[str, list[Row]] = {name: [] for name in SCORERS}
    with scored_with(task_clauses=EVERY_CANDIDATE):
        for path, annotation in items:
            with collecting_results() as results:
                record = parse(path)
            gold_tasks = [task["text"] for task in annotation.get("action_items") or []]
            for task in record.action_items:
                if task.evidence is None or not task.evidence.rule.startswith("task_clause"):
                    continue
                label = int(any(dice(task.text, gold) >= MATCH for gold in gold_tasks))
                rows["task_clauses"].append((path.name, dict.fromkeys(task.evidence.features, 1.0), label))
            decisions = _gold_decisions(record, annotation)
            for at, weighed in results_by_item(record.agenda_items, results).items():
                gold = decisions.get(at) if at >= 0 else None
                for block, features in weighed:
                    label = int(gold is not None and dice(block.text, gold) >= MATCH)
                    rows["result_blocks"].append((path.name, dict.fromkeys(features, 1.0), label))
    return rows


def _gold_decisions(record: Minutes, annotation: dict) -> dict[int, str]:
    """The gold decision text of each parsed item (by index), matched as the scorer matches items:
    by number, or by title where the document numbers nothing."""
    gold_items = annotation.get("agenda_items") or []
    found = {}
    for index, item in enumerate(record.agenda_items):
        number = _number(item.number)
        match = next(
            (
                g
                for g in gold_items
                if (number is not None and _number(g.get("number")) == number)
                or (number is None and dice(item.title, g.get("title") or "") >= TITLE_MATCH)
            ),
            None,
        )
        if match and match.get("decision"):
            found[index] = match["decision"]["text"]
    return found


def _number(number: str | None) -> str | None:
    if number is None:
        return None
    bare = re.sub(r"(?i)\b(top|punkt|pkt)\b|[\s:.)]+$", "", number).strip()
    return re.sub(r"(?<!\d)0+(?=\d)", "", bare) or None


def fit(rows: list[Row], name: str) -> dict:
    """Logistic regression over the candidates' features; a feature the documents show fewer than
    `MIN_SUPPORT` times, or not at all, keeps its hand-set prior (`<name>.priors.json`, which also
    sets the score a candidate needs)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([row[1] for row in rows])
    labels = [row[2] for row in rows]
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=1000).fit(features, labels)
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True))
    support = Counter(feature for row in rows for feature in row[1])
    prior = json.loads(weights_path(name, priors=True).read_text(encoding="utf-8"))
    thin = sorted(feature for feature in prior["weights"] if support[feature] < MIN_SUPPORT)
    weights |= {feature: prior["weights"][feature] for feature in thin}
    return {
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": prior["threshold"],
        "weights": {feature: round(float(value), 4) for feature, value in sorted(weights.items())},
        "fit": {
            "candidates": len(rows),
            "positive": sum(labels),
            "documents": len({row[0] for row in rows}),
            "priors_kept": thin,
        },
    }


def cross_validate(gold: Path, docs: Path, out: Path) -> None:
    """Leave one source out: fit on the others' candidates, parse the held-out documents."""
    items = documents(gold, docs)
    source_of = sources(gold)
    rows = candidates(items)
    out.mkdir(parents=True, exist_ok=True)
    for source in sorted({source_of[path.name] for path, _ in items}):
        held_out = {path.name for path, _ in items if source_of[path.name] == source}
        fold = {
            name: Weights.from_data(fit([row for row in rows[name] if row[0] not in held_out], name))
            for name in SCORERS
        }
        with scored_with(**fold):
            for path, _ in items:
                if path.name in held_out:
                    _write_record(path, out)
    # documents scored on detection only are parsed with the fitted weights: they have no tasks
    for path in sorted(gold.glob("*.json")):
        if not (out / path.name).exists():
            _write_record(docs / path.name[: -len(".json")], out)


def _write_record(path: Path, out: Path) -> None:
    """The record of `path` as `minutes parse --out` writes it."""
    from minutes import parse

    record = parse(path).to_dict()
    (out / f"{path.name}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "fit":
        rows = candidates(documents(Path(argv[1]), Path(argv[2])))
        for name in SCORERS:
            weights = fit(rows[name], name)
            target = weights_path(name)
            target.write_text(json.dumps(weights, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{target}: {weights['fit']}")
    elif len(argv) >= 4 and argv[0] == "cv":
        cross_validate(Path(argv[1]), Path(argv[2]), Path(argv[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
