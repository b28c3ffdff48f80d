"""Measuring the search against questions with known answers (`evaluate_search`).

A question is found at k when any of its relevant entries is among the first k results;
recall@5 is the share found at 5; MRR is the mean of 1/rank of the first relevant result
within the first 10 (0 when none is)."""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.utils import DatabaseError

from konsultasi.knowledge.backends import BACKENDS
from konsultasi.knowledge.indexing import vocabulary
from konsultasi.knowledge.models import Entry
from konsultasi.knowledge.search import Audience, search_entries

DEPTH = 10


@dataclass
class Case:
    question: str
    relevant: list[str]


@dataclass
class Score:
    questions: int
    recall_at_5: float
    mrr: float

    def line(self) -> str:
        return f"recall@5={self.recall_at_5:.2f} mrr={self.mrr:.2f}"


def _key(value: str) -> str:
    return " ".join(str(value).lower().split())


def read_cases(lines: Iterable[str]) -> list[Case]:
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            cases.append(Case(question=str(item["question"]), relevant=list(item["relevant"])))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(
                f"line {number}: not a question with its relevant entries ({error})"
            ) from None
    return cases


def evaluate(cases: list[Case], *, alias: str = "default") -> Score:
    """Score the search of database `alias` on the cases. Relevant items name an entry by
    number or slug (case and spacing ignored); items naming none are ignored, and so is a
    question left with no relevant entry."""
    ids: dict[str, set[int]] = {}
    for pk, number, slug in Entry.objects.using(alias).values_list("pk", "number", "slug"):
        for name in (number, slug):
            if name:
                ids.setdefault(_key(name), set()).add(pk)
    words = vocabulary()
    found_at_5 = reciprocal = 0.0
    counted = 0
    for case in cases:
        relevant = set().union(*(ids.get(_key(item), set()) for item in case.relevant))
        if not relevant:
            continue
        counted += 1
        hits = search_entries(
            case.question, audience=Audience.STAFF, limit=DEPTH, alias=alias, words=words
        )
        ranks = [rank for rank, hit in enumerate(hits, start=1) if hit.entry.pk in relevant]
        if ranks:
            found_at_5 += ranks[0] <= 5
            reciprocal += 1 / ranks[0]
    if not counted:
        return Score(0, 0.0, 0.0)
    return Score(counted, found_at_5 / counted, reciprocal / counted)


def available_aliases() -> list[str]:
    """The configured databases that have a search backend and the library's tables."""
    usable = []
    for alias in connections:
        if connections[alias].vendor not in BACKENDS:
            continue
        try:
            Entry.objects.using(alias).exists()
        except DatabaseError:
            continue
        usable.append(alias)
    return usable


def backend_label(alias: str) -> str:
    return f"{connections[alias].vendor} ({alias})"
