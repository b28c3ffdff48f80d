"""What happened to each consultation, told with the lifecycle's own steps.

Each consultation arrives, is claimed, classified, perhaps waits for documents, and is
answered in the session, deferred to follow-up, escalated to the section head or handed to
HAI DJPb; then it is closed after its quiet period or by the stakeholder's confirmation.
Every step appends the event (and message, document request, attachment rows) the service
would write, in the order the service writes them, and the notifications it queues; clock
alerts that a sweep would have raised along the way are kept too, announced as the sweep
announces them.

About 3% are still open at the anchor (new, in progress, waiting on the stakeholder, in
follow-up, escalated), most of them recent, some forgotten for months. Their deadline
columns are computed by the project's own `clocks.recompute_deadlines`, as every transition
does; closed and cancelled consultations keep none, resolved ones their auto-close time."""

import math
import random
from itertools import accumulate, count

from bench.dataset import texts
from bench.dataset.outbox import OUTBOX_COLUMNS, READING_COLUMNS
from bench.dataset.people import OfficeWorld
from bench.dataset.story import CHANNEL_WEIGHTS, MINUTE, Arrival, Steps
from bench.dataset.timeline import as_datetime
from bench.dataset.writer import BulkWriter
from konsultasi.consultations.models import (
    Alert,
    Attachment,
    Consultation,
    DocumentRequest,
    Escalation,
    Event,
    Message,
    NumberSequence,
    Status,
)
from konsultasi.notifications.models import NoticeReading, OutboxMessage
from konsultasi.offices.models import Channel

DAY = 8 * 3600.0  # office seconds in an ordinary working day

# The columns of the tables written as plain tuples (the largest ones).
EVENT_COLUMNS = "id consultation_id actor_id action from_status to_status reason data created_at"
MESSAGE_COLUMNS = "id consultation_id author_id kind body is_internal created_at"
REQUEST_COLUMNS = "id consultation_id requested_by_id description requested_at fulfilled_at"
ATTACHMENT_COLUMNS = (
    "id consultation_id message_id file original_name content_type size uploaded_by_id created_at"
)

ALERT_COLUMNS = "id consultation_id clock step due_at created_at"

# Closed outcomes: (name, share). The rest is answered within the session.
OUTCOMES = [("cancel", 0.02), ("defer", 0.12), ("escalate", 0.05), ("hai", 0.01)]


class Ids:
    """The next id of each table: the generator names its rows, so children can point at
    their parents without reading them back."""

    def __init__(self):
        self.counters: dict[str, count] = {}

    def next(self, table: str) -> int:
        if table not in self.counters:
            self.counters[table] = count(1)
        return next(self.counters[table])


class OfficeHistory:
    """The consultations of one office, told in the order they arrived (so that numbers
    follow time, per office and year, as intake issues them)."""

    def __init__(
        self,
        world: OfficeWorld,
        writer: BulkWriter,
        ids: Ids,
        rng: random.Random,
        channels: dict[str, Channel],
        anchor_ts: float,
    ):
        self.world = world
        self.writer = writer
        self.ids = ids
        self.rng = rng
        self.anchor_ts = anchor_ts
        self.anchor_pos = world.timeline.position(anchor_ts)
        self.email = channels["email"]
        self.channels = [channels[code] for code, _ in CHANNEL_WEIGHTS]
        self.channel_weights = list(accumulate(weight for _, weight in CHANNEL_WEIGHTS))
        self.consultations = writer.table(Consultation)
        self.events = writer.table(Event, EVENT_COLUMNS)
        self.messages = writer.table(Message, MESSAGE_COLUMNS)
        self.requests = writer.table(DocumentRequest, REQUEST_COLUMNS)
        self.attachments = writer.table(Attachment, ATTACHMENT_COLUMNS)
        self.escalations = writer.table(Escalation)
        self.alerts = writer.table(Alert, ALERT_COLUMNS)
        self.outbox = writer.table(OutboxMessage, OUTBOX_COLUMNS)
        self.readings = writer.table(NoticeReading, READING_COLUMNS)
        self.sequences = writer.table(NumberSequence)
        self.last_number: dict[int, int] = {}
        self.opened = 0

    def arrivals(self, closed: int, still_open: int) -> list[tuple[float, float, bool]]:
        """When each consultation arrives: (timestamp, position, still open at the anchor).
        The generator tells the stories of all offices in the order of these timestamps, so
        that ids follow time across the network, as in a live installation."""
        positions = [(self._closed_arrival(), False) for _ in range(closed)]
        positions += [(self._open_arrival(), True) for _ in range(still_open)]
        instant = self.world.timeline.instant
        return [(instant(position), position, is_open) for position, is_open in positions]

    def tell(self, position: float, is_open: bool) -> None:
        Story(self, Arrival(position, is_open)).tell()

    def finish(self) -> None:
        """The number sequences, where intake will go on counting."""
        for year, last in sorted(self.last_number.items()):
            self.sequences.add_instance(
                NumberSequence(
                    id=self.ids.next("sequence"), office=self.world.office, year=year, last=last
                )
            )

    def _closed_arrival(self) -> float:
        # Anything answered by the anchor arrived at least an hour before it.
        return self.rng.uniform(0, self.anchor_pos - 3600)

    def _open_arrival(self) -> float:
        """Most open consultations arrived today or in the last weeks; a tail was forgotten
        for months (the stakeholder never sent the documents, a follow-up nobody closed)."""
        rng = self.rng
        timeline = self.world.timeline
        today = self.anchor_pos - timeline.before[timeline.span_index(self.anchor_pos)]
        if rng.random() < 0.15:
            age = rng.uniform(0, today)
        else:
            age = min(rng.expovariate(1 / (20 * DAY)), 250 * DAY)
        return max(self.anchor_pos - age, 0.0)

    def number(self, received_ts: float) -> str:
        office = self.world.office
        year = as_datetime(received_ts).astimezone(office.zone).year
        self.last_number[year] = self.last_number.get(year, 0) + 1
        return f"{office.number_prefix}-{year}-{self.last_number[year]:05d}"


class Story(Steps):
    """One consultation's whole story: closed by the anchor, or still open there."""

    def tell(self) -> None:
        if self.arrival.is_open:
            self.tell_open()
        else:
            self.tell_closed()
        self.save()

    def tell_closed(self) -> None:
        rng, start = self.rng, self.start
        limit = self.h.anchor_pos - MINUTE
        claimed = start if self.walk_in else start + min(rng.expovariate(1 / 240), 1800)
        work = min(rng.lognormvariate(math.log(420), 0.6), 3 * 3600)
        outcome, roll = "session", rng.random()
        for name, share in OUTCOMES:
            if roll < share:
                outcome = name
                break
            roll -= share
        waits = rng.expovariate(1 / (0.8 * DAY)) if rng.random() < 0.08 else 0.0
        later = {
            "defer": rng.uniform(0.2, 3.8) * DAY,
            "escalate": rng.uniform(0.3, 2.5) * DAY,
            "hai": rng.uniform(1.5, 6) * DAY,
        }.get(outcome, 0.0)
        if outcome != "cancel" and not self.stakeholder.reachable:
            outcome = "session"  # a follow-up needs the stakeholder's phone or e-mail
        if claimed + work + waits + later > limit:  # it would not be over by the anchor
            outcome, waits, later = "session", 0.0, 0.0
            claimed = min(claimed, limit - 2 * MINUTE)
            work = min(work, limit - claimed - MINUTE)

        self.intake()
        self.claim(claimed)
        self.classify(claimed + MINUTE)
        if outcome == "cancel":
            self.cancel(claimed + 2 * MINUTE)
            return
        cursor, paused = claimed + work / 2, 0.0
        if waits:
            self.request_documents(cursor)
            self.provide_documents(cursor + waits)
            cursor, paused = cursor + waits, waits
        cursor += work / 2
        if rng.random() < 0.05:
            self.message(
                Message.Kind.NOTE,
                rng.choice(texts.NOTES),
                cursor - MINUTE,
                self.officer,
                internal=True,
            )
        self.end_service(cursor, paused)
        if outcome == "session":
            self.resolve(cursor)
        else:
            cursor = self.follow_up(outcome, cursor, later)
        self.close_after(cursor)

    def follow_up(self, outcome: str, deferred: float, later: float) -> float:
        """Deferred (or escalated, or handed to HAI DJPb) and answered `later` office
        seconds on, with a progress update on most working days in between."""
        rng = self.rng
        answered = deferred + later
        escalation = None
        if outcome == "escalate" and rng.random() < 0.4:
            escalation = self.escalate(deferred, to_hai=False)  # straight from the session
        else:
            self.defer(deferred)
            if outcome != "defer":
                escalation = self.escalate(
                    deferred + rng.uniform(0.1, 0.3) * later, to_hai=outcome == "hai"
                )
        day = deferred + DAY
        while day < answered - MINUTE:
            if rng.random() < 0.85:
                self.progress(day)
            day += DAY
        if escalation is not None:
            self.answer_escalation(escalation, answered - 30 * MINUTE)
        self.resolve(answered)
        deferred_at = self.fields.get("deferred_at")
        if deferred_at is not None:
            self.follow_up_alerts(deferred_at, answered)
        return answered

    def follow_up_alerts(self, deferred_at, answered: float) -> None:
        day = deferred_at.astimezone(self.world.office.zone).date()
        due_ts = self.tl.close_of_working_day(day, self.world.office.follow_up_working_days)
        due = self.tl.position(due_ts)
        if answered >= due - 4 * 3600:
            self.alert(Alert.Clock.FOLLOW_UP, Alert.Step.OFFICER, due, due - 4 * 3600)
        if answered >= due:
            self.alert(Alert.Clock.FOLLOW_UP, Alert.Step.SECTION_HEAD, due, due)
        if answered >= due + 8 * 3600:
            self.alert(Alert.Clock.FOLLOW_UP, Alert.Step.OFFICE_HEAD, due, due + 8 * 3600)

    def close_after(self, resolved: float) -> None:
        """The stakeholder confirms (a third of portal users do), or the sweep closes it at
        the end of the quiet period; either may still lie ahead at the anchor."""
        rng = self.rng
        if self.stakeholder.user_id and rng.random() < 0.33:
            closes = self.tl.instant(resolved + rng.uniform(0.05, 1.5) * DAY)
            actor, reason = self.stakeholder.user_id, ""
        else:
            local = as_datetime(self.tl.instant(resolved)).astimezone(self.world.office.zone)
            closes = self.tl.close_of_working_day(
                local.date(), self.world.office.quiet_period_working_days
            )
            actor, reason = None, "quiet period over"
        if closes <= self.h.anchor_ts:
            self.fields["closed_at"] = as_datetime(closes)
            self.event("close", Status.CLOSED, 0, actor, reason=reason, ts=closes)

    def tell_open(self) -> None:
        """Where an open consultation stands at the anchor depends on how long ago it came:
        today's are new or being served; older ones wait on the stakeholder, are in
        follow-up or escalated; a few were never claimed at all."""
        rng, start = self.rng, self.start
        limit = self.h.anchor_pos - MINUTE
        age = self.h.anchor_pos - start
        if age < DAY:
            mix = {"new": 35, "in_progress": 40, "waiting": 10, "follow_up": 10, "escalated": 5}
        elif age < 5 * DAY:
            mix = {"new": 5, "in_progress": 5, "waiting": 25, "follow_up": 50, "escalated": 15}
        else:
            mix = {"new": 5, "in_progress": 5, "waiting": 55, "follow_up": 25, "escalated": 10}
        state = rng.choices(list(mix), list(mix.values()))[0]
        claimed = start if self.walk_in else start + min(rng.expovariate(1 / 240), age / 3)
        if state in ("follow_up", "escalated") and not self.stakeholder.reachable:
            state = "waiting"
        if limit - claimed < 4 * MINUTE:  # arrived a moment ago
            state = "new"
        work = min(rng.lognormvariate(math.log(420), 0.6), (limit - claimed) / 2)
        self.intake()
        if state == "new" and not self.walk_in:
            return
        self.claim(claimed)
        if rng.random() < 0.8 or state != "in_progress":
            self.classify(claimed + min(MINUTE, work / 4))
        session_end = claimed + work
        if state == "in_progress" or session_end >= limit:
            return
        if state == "waiting":
            if rng.random() < 0.3:
                self.end_service(session_end, 0.0)
                self.defer(session_end)
            asked = rng.uniform(session_end, min(limit, session_end + DAY))
            self.request_documents(asked)
            self.fields["waiting_since"] = self.at(asked)
            self.fields["progress_counted_from"] = self.at(asked)
            self.h.requests.add(tuple(self.request_row))
            return
        escalate_now = state == "escalated" and rng.random() < 0.4
        self.end_service(session_end, 0.0)
        if not escalate_now:
            self.defer(session_end)
        cursor = session_end
        if state == "escalated":
            when = cursor if escalate_now else rng.uniform(cursor, min(limit, cursor + DAY))
            self.open_escalation = self.escalate(when, to_hai=rng.random() < 0.1)
            self.h.escalations.add_instance(self.open_escalation)
            cursor = when
        # Progress on most days at first; the forgotten ones stopped hearing from us.
        stops = cursor + rng.expovariate(1 / (3 * DAY))
        day = cursor + DAY
        while day < min(limit, stops):
            if rng.random() < 0.85:
                self.progress(day)
            day += DAY
