"""Scored rules: candidates described by features, kept or chosen by weights stored as data.

Each scorer has its fitted weights in `pipelines/weights/<name>.json` (written by `minutes.train`)
and hand-set priors in `pipelines/weights/<name>.priors.json` for features the annotated documents
show too rarely to fit. At run time the weights are plain data; no training library is loaded.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from minutes.resources import data_path

SCORERS = ("task_clauses", "result_blocks")


@dataclass(frozen=True)
class Weights:
    """A logistic model: a candidate's score is the sigmoid of the bias plus its features' weights."""

    bias: float
    weights: dict[str, float]
    threshold: float

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Weights:
        return cls(data["bias"], data["weights"], data["threshold"])

    def score(self, features: frozenset[str] | tuple[str, ...]) -> float:
        total = self.bias + sum(self.weights.get(feature, 0.0) for feature in features)
        return 1 / (1 + math.exp(-total))

    def contributions(self, features: frozenset[str] | tuple[str, ...]) -> list[tuple[str, float]]:
        """What each feature adds to the score (in log-odds), largest first; the bias last."""
        added = sorted(((f, self.weights.get(f, 0.0)) for f in features), key=lambda fw: -abs(fw[1]))
        return [*added, ("bias", self.bias)]


EVERY_CANDIDATE = Weights(0.0, {}, 0.0)  # keeps every candidate: for fitting and for --explain
_overrides: ContextVar[dict[str, Weights] | None] = ContextVar("scoring_overrides", default=None)


def weights_path(name: str, priors: bool = False) -> Any:
    return data_path("pipelines", "weights", f"{name}.priors.json" if priors else f"{name}.json")


@cache
def load_weights(name: str) -> Weights:
    """The fitted weights of scorer `name`."""
    return Weights.from_data(json.loads(weights_path(name).read_text(encoding="utf-8")))


def current_weights(name: str) -> Weights:
    """The weights in force for scorer `name`: the fitted ones, or those set by `scored_with`."""
    return (_overrides.get() or {}).get(name) or load_weights(name)


@contextmanager
def scored_with(**weights: Weights) -> Iterator[None]:
    """Parse with other weights for some scorers: a cross-validation fold's, or `EVERY_CANDIDATE`."""
    token = _overrides.set({**(_overrides.get() or {}), **weights})
    try:
        yield
    finally:
        _overrides.reset(token)
