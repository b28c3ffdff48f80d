"""What the heads of the office see: the section head's desk (escalations awaiting an answer,
the section's lists) and the office head's overview (figures per period, breakdowns).

Like every selector, each read starts from the access door narrowed to one office; the
saved views' conditions are the inbox's own (`selectors`)."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Count, Q

from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.consultations.models import OPEN_STATUSES, Alert, Escalation, Status
from konsultasi.consultations.selectors import (
    InboxView,
    Moment,
    due_soon_condition,
    nearest_due_expression,
    no_progress_today_condition,
    office_consultations,
    overdue_condition,
)
from konsultasi.offices.models import Office, Section

# --- the section head's desk ---------------------------------------------------------------


def head_sections(user: User, office: Office) -> list[Section]:
    """The sections `user` heads in `office` (by their section-head role, not `Section.head`)."""
    ids = OfficeRole.objects.filter(
        user=user, office=office, role=Role.SECTION_HEAD, section__isnull=False
    ).values("section")
    return list(Section.objects.filter(pk__in=ids).order_by("name"))


def escalations_awaiting(
    *, user: User, office: Office, sections: list[Section]
) -> list[Escalation]:
    """Escalations to these sections still waiting for the head's answer, the earliest due
    first, with the consultation and what a card shows joined in (one query)."""
    return list(
        Escalation.objects.open()
        .filter(
            target=Escalation.Target.SECTION_HEAD,
            section__in=sections,
            consultation__in=office_consultations(user, office).filter(status=Status.ESCALATED),
        )
        .select_related(
            "section",
            "requested_by",
            "consultation__office",
            "consultation__stakeholder__work_unit",
            "consultation__assignee",
            "consultation__service_type",
            "consultation__channel",
        )
        .order_by("due_at", "pk")
    )


class SectionList(StrEnum):
    OPEN = "open"
    DUE_SOON = InboxView.DUE_SOON.value
    BREACHED = InboxView.BREACHED.value
    NO_PROGRESS = InboxView.NO_PROGRESS.value


def section_lists(
    *, user: User, office: Office, sections: list[Section], moment: Moment, limit: int = 20
) -> tuple[dict[SectionList, list], dict[SectionList, int]]:
    """The sections' open consultations, those due soon, the overdue ones and the follow-ups
    without today's progress: the first `limit` of each (nearest deadline first) and how
    many there are. A fixed number of queries, whatever the sizes."""
    base = office_consultations(user, office).filter(status__in=OPEN_STATUSES, section__in=sections)
    conditions = {
        SectionList.OPEN: Q(),
        SectionList.DUE_SOON: due_soon_condition(moment),
        SectionList.BREACHED: overdue_condition(moment.now),
        SectionList.NO_PROGRESS: no_progress_today_condition(moment),
    }
    counted = base.aggregate(
        **{key.value: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    lists = {
        key: list(
            base.filter(condition)
            .annotate(nearest_due=nearest_due_expression())
            .select_related(
                "office", "stakeholder__work_unit", "channel", "service_type", "section", "assignee"
            )
            .order_by("nearest_due", "pk")[:limit]
        )
        for key, condition in conditions.items()
    }
    return lists, {key: counted[key.value] for key in conditions}


# --- the office head's overview -------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


@dataclass
class Figures:
    received: int = 0
    resolved: int = 0
    deferred: int = 0
    breached: int = 0


@dataclass
class BreakdownRow:
    pk: int | None
    name: str
    counts: dict[str, int]


def overview_figures(
    *, user: User, office: Office, periods: dict[str, Period]
) -> dict[str, Figures]:
    """Per period: consultations received, resolved, put into follow-up, and with a deadline
    missed (as the clock sweep recorded it). Two queries for all periods."""
    visible = office_consultations(user, office)
    aggregates = {}
    for key, period in periods.items():
        for column, name in (
            ("received_at", "received"),
            ("resolved_at", "resolved"),
            ("deferred_at", "deferred"),
        ):
            aggregates[f"{key}__{name}"] = Count(
                "pk", filter=Q(**{f"{column}__gte": period.start, f"{column}__lt": period.end})
            )
    counted = visible.aggregate(**aggregates)
    breaches = Alert.objects.filter(
        step=Alert.Step.SECTION_HEAD, consultation__in=visible.values("pk")
    ).aggregate(
        **{
            key: Count(
                "consultation", distinct=True, filter=Q(due_at__gte=p.start, due_at__lt=p.end)
            )
            for key, p in periods.items()
        }
    )
    return {
        key: Figures(
            received=counted[f"{key}__received"],
            resolved=counted[f"{key}__resolved"],
            deferred=counted[f"{key}__deferred"],
            breached=breaches[key],
        )
        for key in periods
    }


def received_by(
    *, user: User, office: Office, periods: dict[str, Period], field_name: str
) -> list[BreakdownRow]:
    """Consultations received per period, broken down by `field_name` ("channel" or
    "service_type"; None for the unclassified). One query."""
    earliest = min(p.start for p in periods.values())
    rows = (
        office_consultations(user, office)
        .filter(received_at__gte=earliest)
        .values(field_name, f"{field_name}__name")
        .annotate(
            **{
                key: Count("pk", filter=Q(received_at__gte=p.start, received_at__lt=p.end))
                for key, p in periods.items()
            }
        )
        .order_by(f"{field_name}__name")
    )
    return [
        BreakdownRow(
            pk=row[field_name],
            name=row[f"{field_name}__name"] or "",
            counts={key: row[key] for key in periods},
        )
        for row in rows
    ]
