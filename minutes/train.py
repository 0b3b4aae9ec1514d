"""Fit the weights of the scored extraction rules on annotated documents, and measure them honestly.

    python -m minutes.train fit  GOLD DOCS       # writes pipelines/weights/task_clauses.json
    python -m minutes.train cv   GOLD DOCS OUT   # leave-one-source-out predictions in OUT

`fit` collects every candidate the parser proposes (all of them, by parsing with a threshold of 0),
labels it by the gold (a candidate is a task when its words overlap a gold task's by half, as the
scorer matches them), and fits a logistic regression (scikit-learn, needed only here: the parser
reads the weights as data). `cv` holds out one source at a time (the publisher of the documents, from
SOURCES.tsv beside the gold), fits on the rest, and parses the held-out documents with those weights:
scoring OUT with `score.py --pred OUT` gives the figure to expect on documents never seen.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from minutes.extract.task_clauses import EVERY_CANDIDATE, WEIGHTS_FILE, Weights, scored_with
from minutes.resources import data_path

PRIORS_FILE = ("pipelines", "weights", "task_clause_priors.json")
MIN_SUPPORT = 8  # candidates showing a feature: below it the feature keeps its prior
MATCH = 0.5  # the scorer's overlap for a task to match
REGULARISATION = 1.0  # the inverse strength of the L2 penalty; small data, so a firm prior


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


def candidates(items: Iterable[tuple[Path, dict]]) -> list[tuple[str, dict[str, float], int]]:
    """(document, features, label) of every task candidate the parser proposes in `items`."""
    from minutes import parse

    rows = []
    with scored_with(EVERY_CANDIDATE):
        for path, annotation in items:
            gold_tasks = [task["text"] for task in annotation.get("action_items") or []]
            for task in parse(path).action_items:
                if task.evidence is None or not task.evidence.rule.startswith("task_clause"):
                    continue
                label = int(any(dice(task.text, gold) >= MATCH for gold in gold_tasks))
                rows.append((path.name, dict.fromkeys(task.evidence.features, 1.0), label))
    return rows


def fit(rows: list[tuple[str, dict[str, float], int]]) -> dict:
    """Logistic regression over the candidates' features; a feature the documents show fewer than
    `MIN_SUPPORT` times, or not at all, keeps its hand-set prior (`PRIORS_FILE`)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([row[1] for row in rows])
    labels = [row[2] for row in rows]
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=1000).fit(features, labels)
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True))
    support = Counter(feature for row in rows for feature in row[1])
    priors = json.loads(data_path(*PRIORS_FILE).read_text(encoding="utf-8"))["weights"]
    thin = sorted(name for name in priors if support[name] < MIN_SUPPORT)
    weights |= {name: priors[name] for name in thin}
    return {
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": 0.5,
        "weights": {name: round(float(value), 4) for name, value in sorted(weights.items())},
        "fit": {
            "candidates": len(rows),
            "tasks": sum(labels),
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
        training = [row for row in rows if row[0] not in held_out]
        with scored_with(Weights.from_data(fit(training))):
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
        gold, docs = Path(argv[1]), Path(argv[2])
        weights = fit(candidates(documents(gold, docs)))
        target = data_path(*WEIGHTS_FILE)
        target.write_text(json.dumps(weights, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{target}: {weights['fit']}")
    elif len(argv) >= 4 and argv[0] == "cv":
        cross_validate(Path(argv[1]), Path(argv[2]), Path(argv[3]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
