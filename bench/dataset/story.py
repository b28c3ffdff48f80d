"""The steps of a consultation's life as the services take them, written as rows.

Each step appends the event (and message, document request, attachment rows) its service
writes, in the order the service writes them, announces it as the service does (`outbox.py`),
and moves the status on; clock alerts that a sweep would have raised along the way are kept
too, with their announcements. Positions are office seconds on the
office's timeline (see `timeline.py`)."""

from dataclasses import dataclass
from datetime import timedelta

from bench.dataset import texts
from bench.dataset.outbox import Announcements
from bench.dataset.people import Stakeholder
from bench.dataset.timeline import as_datetime
from konsultasi.consultations import clocks
from konsultasi.consultations.models import Alert, Consultation, Escalation, Message, Status
from konsultasi.offices.models import Channel

MINUTE = 60.0

# (channel code, weight): most questions still come face to face and through HAI CSO.
CHANNEL_WEIGHTS = [
    ("tatap-muka", 35),
    ("hai-cso", 25),
    ("whatsapp", 15),
    ("portal", 8),
    ("telepon", 8),
    ("email", 6),
    ("api", 3),
]
SELF_SERVICE = {"portal", "api"}  # the stakeholder submits; needs a portal account
WAITING = (Status.WAITING_STAKEHOLDER, Status.ESCALATED)  # states that remember where to resume


@dataclass
class Arrival:
    position: float  # office seconds on the office's timeline
    is_open: bool


class Steps:
    """One consultation, step by step. Positions are office seconds on the timeline; each
    step writes what its service writes and moves the status on."""

    def __init__(self, history, arrival: Arrival):
        h = self.h = history
        rng = self.rng = history.rng
        world = self.world = history.world
        self.tl = world.timeline
        self.arrival = arrival
        self.pk = h.ids.next("consultation")
        self.stakeholder: Stakeholder = world.stakeholders[
            int(len(world.stakeholders) * rng.random() ** 2)  # some ask far more than others
        ]
        self.channel: Channel = rng.choices(h.channels, cum_weights=h.channel_weights)[0]
        if self.channel.code in SELF_SERVICE and self.stakeholder.user_id is None:
            self.channel = h.email  # no portal account: they wrote instead
        self.walk_in = self.channel.kind == Channel.Kind.WALK_IN
        self.service_type = rng.choices(world.service_types, cum_weights=world.type_weights)[0]
        self.officer = rng.choice(world.officers)
        self.status = ""
        self.version = 0
        self.last_ts = 0.0
        self.event_ts = 0.0
        self.fields: dict = {}
        self.open_escalation: Escalation | None = None
        self.announcements = Announcements(self)
        self._arrive(arrival.position)

    # --- writing rows -------------------------------------------------------------------

    def at(self, position: float):
        return as_datetime(self.tl.instant(position))

    def event(self, action, to_status, position, actor, reason="", data=None, ts=None):
        ts = self.tl.instant(position) if ts is None else ts
        self.h.events.add(
            (
                self.h.ids.next("event"),
                self.pk,
                actor,
                action,
                self.status,
                to_status,
                reason,
                data or {},
                as_datetime(ts),
            )
        )
        self.status = to_status
        self.version += 1
        self.event_ts = ts  # when the step happened, for what it announces
        self.last_ts = max(self.last_ts, ts)

    def message(self, kind, body, position, author=None, internal=False, ts=None) -> int:
        pk = self.h.ids.next("message")
        ts = self.tl.instant(position) if ts is None else ts
        self.h.messages.add((pk, self.pk, author, kind, body, internal, as_datetime(ts)))
        return pk

    def attach(self, message: int, position: float, uploaded_by: int, files: int) -> None:
        for _ in range(files):
            name, content_type = self.rng.choice(texts.ATTACHMENT_KINDS)
            path = f"attachments/{self.world.office.pk}/{self.rng.getrandbits(128):032x}"
            self.h.attachments.add(
                (
                    self.h.ids.next("attachment"),
                    self.pk,
                    message,
                    path,
                    name.format(n=self.rng.randrange(100, 99999)),
                    content_type,
                    self.rng.randrange(20_000, 4_000_000),
                    uploaded_by,
                    self.at(position),
                )
            )

    def alert(self, clock: str, step: str, due_position: float, reached_position: float):
        if step == Alert.Step.OFFICER:
            told = [self.officer]
        elif step == Alert.Step.SECTION_HEAD:
            told = [self.officer, self.head_of_section()]
        else:
            told = [self.world.office_head]
        self.announcements.clock_alert(clock, step, self.tl.instant(reached_position), told)
        self.h.alerts.add(
            (
                self.h.ids.next("alert"),
                self.pk,
                clock,
                step,
                self.at(due_position),
                self.at(reached_position),
            )
        )

    def head_of_section(self) -> int:
        """Who answers for the consultation's section: its head, or unclassified, the
        office head (`notify.head_for`)."""
        section = self.fields.get("section_id")
        return self.world.office_head if section is None else self.world.section_heads[section]

    # --- the steps ----------------------------------------------------------------------

    def _arrive(self, position: float) -> None:
        """Received in office hours, or (online, a quarter of the time) in the evening or
        at the weekend, when the service clock starts at the next opening."""
        span = self.tl.span_index(position)
        received = self.tl.instant(position)
        if not self.walk_in and self.rng.random() < 0.25:
            closed_from, opening = self.tl.closed_gap_before(span)
            received = self.rng.uniform(closed_from, opening - 1)
            position = self.tl.before[span]
        self.start = position
        self.received_ts = received
        topic = texts.TOPICS[self.service_type.code]
        subject = self.rng.choice(topic[0]).format(
            n=self.rng.randrange(100, 99999), bulan=self.rng.choice(texts.MONTHS)
        )
        self.subject = subject
        self.question = (
            f"{self.rng.choice(texts.GREETINGS)}, kami dari {self.stakeholder.origin} ingin "
            f"menanyakan: {subject.lower()}. {topic[1]} Mohon petunjuk. Terima kasih."
        ).format(bulan=self.rng.choice(texts.MONTHS))
        self.answer = topic[2]

    def intake(self) -> None:
        own = self.channel.code in SELF_SERVICE
        actor = self.stakeholder.user_id if own else self.officer
        action, to = (
            ("register_walk_in", Status.IN_PROGRESS)
            if self.walk_in
            else (
                "submit",
                Status.NEW,
            )
        )
        self.event(
            action, to, self.start, actor, data={"channel": self.channel.code}, ts=self.received_ts
        )
        question = self.message(
            Message.Kind.QUESTION,
            self.question,
            self.start,
            author=actor if own else None,
            ts=self.received_ts,
        )
        if own and self.rng.random() < 0.15:
            self.attach(question, self.start, actor, 1)
        self.announcements.to_stakeholder("received", self.received_ts)
        if not self.walk_in:
            self.announcements.to_the_officers("new_consultation", self.received_ts)

    def claim(self, position: float) -> None:
        if not self.walk_in:
            self.event("claim", Status.IN_PROGRESS, position, self.officer)
            self.announcements.claimed_ts = self.event_ts
            self.announcements.to_stakeholder("claimed", self.event_ts)

    def classify(self, position: float) -> None:
        t = self.service_type
        self.fields["service_type"], self.fields["section_id"] = t, t.default_section_id
        self.event(
            "classify",
            self.status,
            position,
            self.officer,
            data={"service_type": t.code, "section": t.default_section.code},
        )

    def request_documents(self, position: float) -> int:
        description = self.rng.choice(texts.DOCUMENT_REQUESTS)
        request = self.h.ids.next("request")
        self.request_row = [request, self.pk, self.officer, description, self.at(position), None]
        self.message(Message.Kind.DOCUMENT_REQUEST, description, position, self.officer)
        self.resume = self.status
        self.event(
            "request_documents",
            Status.WAITING_STAKEHOLDER,
            position,
            self.officer,
            reason=description,
        )
        self.announcements.to_stakeholder(
            "documents_requested",
            self.event_ts,
            f"Mohon sampaikan dokumen pendukung berikut: {description}",
        )
        return request

    def provide_documents(self, position: float) -> None:
        by = self.stakeholder.user_id or self.officer  # handed over at the desk otherwise
        self.request_row[5] = self.at(position)
        self.h.requests.add(tuple(self.request_row))
        files = self.rng.choice((1, 1, 2, 3))
        note = self.rng.choice(texts.DOCUMENTS_NOTES) or "Dokumen terlampir."
        message = self.message(Message.Kind.DOCUMENTS, note, position, by)
        self.attach(message, position, by, files)
        self.event("provide_documents", self.resume, position, by, data={"files": files})
        self.announcements.to_staff("documents_provided", self.event_ts, [self.officer])

    def defer(self, position: float) -> None:
        self.fields["deferred_at"] = self.at(position)
        reason = self.rng.choice(texts.DEFER_REASONS)
        self.event("defer", Status.FOLLOW_UP, position, self.officer, reason=reason)
        self.announcements.to_stakeholder("deferred", self.event_ts, reason)

    def progress(self, position: float) -> None:
        body = self.rng.choice(texts.PROGRESS)
        self.message(Message.Kind.PROGRESS, body, position, self.officer)
        self.fields["progress_counted_from"] = self.at(position)
        self.event("post_progress", self.status, position, self.officer)
        self.announcements.to_stakeholder("progress", self.event_ts, body)

    def escalate(self, position: float, *, to_hai: bool) -> Escalation:
        requested = self.at(position)
        section = self.service_type.default_section
        escalation = Escalation(
            id=self.h.ids.next("escalation"),
            consultation_id=self.pk,
            target=Escalation.Target.HAI_DJPB if to_hai else Escalation.Target.SECTION_HEAD,
            section=None if to_hai else section,
            reason=self.rng.choice(texts.HAI_REASONS if to_hai else texts.ESCALATION_REASONS),
            requested_by_id=self.officer,
            requested_at=requested,
            due_at=None
            if to_hai
            else clocks.escalation_due(self.world.cal, self.world.office, requested),
            external_reference=f"HAI-{self.rng.randrange(10**6, 10**7)}" if to_hai else "",
        )
        self.resume = self.status
        if self.status == Status.IN_PROGRESS:
            # The session ends unanswered, as with a deferral: the follow-up promise starts
            # (the caller has ended the service clock).
            self.fields["deferred_at"] = requested
        if to_hai:
            self.fields["progress_counted_from"] = requested
            self.event(
                "hand_to_hai",
                Status.ESCALATED,
                position,
                self.officer,
                reason=escalation.reason,
                data={"external_reference": escalation.external_reference},
            )
            self.announcements.to_stakeholder("handed_to_hai", self.event_ts)
        else:
            self.event(
                "escalate",
                Status.ESCALATED,
                position,
                self.officer,
                reason=escalation.reason,
                data={"section": section.code},
            )
            self.announcements.to_staff(
                "escalated",
                self.event_ts,
                [self.world.section_heads[section.pk]],
                escalation.reason,
            )
        return escalation

    def answer_escalation(self, escalation: Escalation, position: float) -> None:
        to_hai = escalation.target == Escalation.Target.HAI_DJPB
        by = self.officer if to_hai else self.world.section_heads[escalation.section_id]
        escalation.answer = self.rng.choice(
            texts.HAI_ANSWERS if to_hai else texts.ESCALATION_ANSWERS
        )
        escalation.answered_by_id, escalation.answered_at = by, self.at(position)
        self.h.escalations.add_instance(escalation)
        self.message(Message.Kind.NOTE, escalation.answer, position, by, internal=True)
        self.event(
            "record_hai_answer" if to_hai else "answer_escalation",
            self.resume,
            position,
            by,
            data={"escalation": escalation.pk},
        )
        self.announcements.to_staff(
            "hai_answered" if to_hai else "escalation_answered",
            self.event_ts,
            [self.officer],
            escalation.answer,
        )

    def resolve(self, position: float) -> None:
        self.fields["resolved_at"] = self.at(position)
        self.fields["resolution"] = self.answer
        self.message(Message.Kind.ANSWER, self.answer, position, self.officer)
        self.event("resolve", Status.RESOLVED, position, self.officer)
        self.announcements.to_stakeholder("resolved", self.event_ts, self.answer)

    def end_service(self, position: float, paused: float) -> None:
        """Handling time, and the service-clock alerts a sweep would have raised."""
        self.fields["service_ended_at"] = self.at(position)
        self.fields["service_paused"] = timedelta(seconds=paused)
        self.fields["service_office_seconds"] = int(position - self.start - paused)
        due = self.start + self.service_type.target_minutes * MINUTE + paused
        if position >= due - 5 * MINUTE:
            self.alert(Alert.Clock.SERVICE, Alert.Step.OFFICER, due, due - 5 * MINUTE)
        if position >= due:
            self.alert(Alert.Clock.SERVICE, Alert.Step.SECTION_HEAD, due, due)
        if position >= due + 20 * MINUTE:
            self.alert(Alert.Clock.SERVICE, Alert.Step.OFFICE_HEAD, due, due + 20 * MINUTE)

    def cancel(self, position: float) -> None:
        reason = self.rng.choice(texts.CANCEL_REASONS)
        self.fields["cancelled_at"], self.fields["cancel_reason"] = self.at(position), reason
        self.event("cancel", Status.CANCELLED, position, self.officer, reason=reason)
        self.announcements.to_stakeholder("cancelled", self.event_ts, reason)

    # --- the consultation row -----------------------------------------------------------

    def save(self) -> None:
        """The consultation's row. Unless it is over, the deadline columns come from the
        project's own code, as at the end of every transition."""
        f = self.fields
        number = self.h.number(self.received_ts)
        self.announcements.write(number)
        values = {
            "id": self.pk,
            "office_id": self.world.office.pk,
            "number": number,
            "stakeholder_id": self.stakeholder.pk,
            "channel_id": self.channel.pk,
            "service_type_id": f["service_type"].pk if "service_type" in f else None,
            "section_id": f.get("section_id"),
            "assignee_id": None if self.status == Status.NEW else self.officer,
            "subject": self.subject,
            "question": self.question,
            "status": self.status,
            "resume_status": getattr(self, "resume", "") if self.status in WAITING else "",
            "client_token": (
                f"{self.rng.getrandbits(64):016x}" if self.channel.code in SELF_SERVICE else None
            ),
            "version": self.version,
            "resolution": f.get("resolution", ""),
            "cancel_reason": f.get("cancel_reason", ""),
            "received_at": as_datetime(self.received_ts),
            "service_started_at": self.at(self.start),
            "service_ended_at": f.get("service_ended_at"),
            "service_paused": f.get("service_paused", timedelta(0)),
            "service_office_seconds": f.get("service_office_seconds"),
            "deferred_at": f.get("deferred_at"),
            "waiting_since": f.get("waiting_since"),
            "progress_counted_from": f.get("progress_counted_from"),
            "resolved_at": f.get("resolved_at"),
            "closed_at": f.get("closed_at"),
            "cancelled_at": f.get("cancelled_at"),
            "created_at": as_datetime(self.received_ts),
            "updated_at": as_datetime(max(self.last_ts, self.received_ts)),
        }
        if self.status in (Status.CLOSED, Status.CANCELLED):
            self.h.consultations.add_values(values)
            return
        c = Consultation(**values)
        c.office, c.service_type = self.world.office, f.get("service_type")
        clocks.recompute_deadlines(c, self.world.cal, open_escalation=self.open_escalation)
        self.h.consultations.add_instance(c)
        self.h.opened += c.is_open
