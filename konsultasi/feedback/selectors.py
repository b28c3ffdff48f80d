"""Reads of the survey: the index of an office for a period, broken down by service type,
channel and officer — one aggregate query per breakdown, the arithmetic in `skm`.

Periods are office dates, both ends included (`answered_on` is the office's local date)."""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q, QuerySet, Sum

from konsultasi.feedback import skm
from konsultasi.feedback.models import SurveyResponse
from konsultasi.feedback.questionnaire import ELEMENT_FIELDS, ELEMENTS, Element
from konsultasi.offices.models import Office


@dataclass(frozen=True)
class Period:
    first: date
    last: date


@dataclass(frozen=True)
class ElementFigure:
    element: Element
    mean: Fraction

    @property
    def mean_published(self):
        return skm.round_published(self.mean)

    @property
    def score(self):
        return skm.element_score(self.mean)


@dataclass(frozen=True)
class IndexFigures:
    """Respondents, each element's mean, the index, its grade and the weakest element.
    `index` is None when nobody answered."""

    name: str
    index: skm.SkmIndex | None

    @property
    def respondents(self) -> int:
        return self.index.respondents if self.index else 0

    @property
    def elements(self) -> list[ElementFigure]:
        if self.index is None:
            return []
        return [
            ElementFigure(element=element, mean=mean)
            for element, mean in zip(ELEMENTS, self.index.element_means, strict=True)
        ]

    @property
    def weakest(self) -> ElementFigure | None:
        if self.index is None:
            return None
        return self.elements[self.index.weakest_element]


def responses_in(office: Office, period: Period) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(
        office=office, answered_on__gte=period.first, answered_on__lte=period.last
    )


_SUMS = {f"sum_{name}": Sum(name) for name in ELEMENT_FIELDS}


def _tally(row: dict) -> skm.ElementTally:
    return skm.ElementTally(
        respondents=row["respondents"],
        sums=tuple(row[f"sum_{name}"] or 0 for name in ELEMENT_FIELDS),
    )


def office_index(office: Office, period: Period, *, name: str = "") -> IndexFigures:
    row = responses_in(office, period).aggregate(respondents=Count("pk"), **_SUMS)
    return IndexFigures(name=name or office.name, index=skm.index_of(_tally(row)))


def _broken_down(
    office: Office, period: Period, *, key: str, label: str, unnamed: str
) -> list[IndexFigures]:
    rows = (
        responses_in(office, period)
        .values(key, label)
        .annotate(respondents=Count("pk"), **_SUMS)
        .order_by(label, key)
    )
    return [
        IndexFigures(name=row[label] or unnamed, index=skm.index_of(_tally(row))) for row in rows
    ]


def by_service_type(office: Office, period: Period, *, unnamed: str) -> list[IndexFigures]:
    return _broken_down(
        office, period, key="service_type", label="service_type__name", unnamed=unnamed
    )


def by_channel(office: Office, period: Period, *, unnamed: str) -> list[IndexFigures]:
    return _broken_down(office, period, key="channel", label="channel__name", unnamed=unnamed)


def by_officer(office: Office, period: Period, *, unnamed: str) -> list[IndexFigures]:
    rows = (
        responses_in(office, period)
        .values("officer", "officer__first_name", "officer__last_name", "officer__username")
        .annotate(respondents=Count("pk"), **_SUMS)
        .order_by("officer__first_name", "officer__username", "officer")
    )
    figures = []
    for row in rows:
        first, last = row["officer__first_name"] or "", row["officer__last_name"] or ""
        full = f"{first} {last}".strip()
        name = full or row["officer__username"] or unnamed
        figures.append(IndexFigures(name=name, index=skm.index_of(_tally(row))))
    return figures


def comments_in(office: Office, period: Period, *, limit: int = 20) -> list[SurveyResponse]:
    """The newest comments, for the desk: what respondents wrote, without who they are."""
    return list(
        responses_in(office, period)
        .filter(~Q(comment=""))
        .only("comment", "answered_on", "source")
        .order_by("-answered_at", "-pk")[:limit]
    )
