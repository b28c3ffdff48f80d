"""When each running clock of a consultation raises its alerts, and the one instant the sweep
must look at it next.

Every clock has three steps: the officer hears when its deadline is near (in office time), the
section head when it has passed, the office head when it is long past (again in office time, so
a Friday deadline does not reach the office head on Saturday). A clock runs while its deadline
column is set; the columns are kept by the frame of every change (`clocks.recompute_deadlines`).

`next_alert_at` is the earliest instant at which a step not yet recorded is reached. It is
kept in an indexed column, so the every-minute sweep reads only what is actually due for a new
alert, however many open or overdue consultations there are."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from konsultasi import sla
from konsultasi.consultations.models import Alert, Consultation


@dataclass(frozen=True)
class ClockRule:
    clock: str
    due_field: str
    warn_before: timedelta  # office time before the deadline: "approaching"
    office_head_after: timedelta  # office time after the deadline: "long past"


CLOCK_RULES = (
    ClockRule(Alert.Clock.SERVICE, "service_due_at", timedelta(minutes=5), timedelta(minutes=20)),
    ClockRule(Alert.Clock.FOLLOW_UP, "follow_up_due_at", timedelta(hours=4), timedelta(hours=8)),
    ClockRule(Alert.Clock.PROGRESS, "progress_due_at", timedelta(hours=2), timedelta(hours=8)),
    ClockRule(Alert.Clock.ESCALATION, "escalation_due_at", timedelta(hours=2), timedelta(hours=8)),
)
RULES = {rule.clock: rule for rule in CLOCK_RULES}

# (clock, step, deadline): an alert already recorded for that deadline.
Recorded = frozenset[tuple[str, str, datetime]]


@dataclass(frozen=True)
class DueStep:
    clock: str
    step: str
    due_at: datetime  # the deadline of the clock
    at: datetime  # when the step is reached


def step_instant(rule: ClockRule, step: str, cal: sla.OfficeCalendar, due_at: datetime):
    if step == Alert.Step.OFFICER:
        return min(sla.office_time_before(cal, due_at, rule.warn_before), due_at)
    if step == Alert.Step.SECTION_HEAD:
        return due_at
    return max(sla.add_office_time(cal, due_at, rule.office_head_after), due_at)


def steps_of(consultation: Consultation, cal: sla.OfficeCalendar) -> Iterator[DueStep]:
    """Every step of every running clock, with the instant it is reached."""
    for rule in CLOCK_RULES:
        due_at = getattr(consultation, rule.due_field)
        if due_at is None:
            continue
        for step in Alert.Step:
            yield DueStep(rule.clock, step, due_at, step_instant(rule, step, cal, due_at))


def pending_steps(
    consultation: Consultation, cal: sla.OfficeCalendar, recorded: Recorded
) -> list[DueStep]:
    return [s for s in steps_of(consultation, cal) if (s.clock, s.step, s.due_at) not in recorded]


def next_alert_at(
    consultation: Consultation, cal: sla.OfficeCalendar, recorded: Recorded
) -> datetime | None:
    return min((s.at for s in pending_steps(consultation, cal, recorded)), default=None)


def recorded_alerts(consultation_ids: Iterable[int]) -> dict[int, Recorded]:
    """The alerts already recorded for these consultations, in one query."""
    found: dict[int, set[tuple[str, str, datetime]]] = {}
    rows = Alert.objects.filter(consultation__in=list(consultation_ids)).values_list(
        "consultation_id", "clock", "step", "due_at"
    )
    for consultation_id, clock, step, due_at in rows:
        found.setdefault(consultation_id, set()).add((clock, step, due_at))
    return {pk: frozenset(alerts) for pk, alerts in found.items()}
