"""What a consultation's steps announce: the outbox rows `consultations.notify` writes at each
step of its life, delivered and read as they would stand at the anchor.

A live installation keeps every notification it ever queued, so at a million consultations
the outbox is the largest table but the event log, and every new question adds to its
indexes. A data set without it would flatter the submissions and the desk's alert strip.

- The stakeholder: an in-app row when they have a portal account, and one on the outside
  channel they prefer (`notify.outside_address`), in their language.
- Staff: an in-app row per person; clock alerts and the kinds in `notify.STAFF_EMAIL_KINDS`
  go by e-mail too.
- A new question not taken at the desk: one notice to all of the office's officers, with no
  recipient; now and then an officer marks it read before anyone claims it (`NoticeReading`).

At the anchor, e-mail and WhatsApp rows have been sent (a few parked after failing every
try, the last minute's still waiting); in-app rows stay `pending`, as the courier leaves
them. Officers keep their strip clear: their rows older than two weeks are read, and most
recent ones. Stakeholders read about half of theirs in the portal.

Announcements are gathered while a story is told and written when it is saved: the subject
line ("[number] subject") needs the number, which is issued then."""

import random
import uuid

from bench.dataset.timeline import as_datetime
from konsultasi.consultations.notify import STAFF_EMAIL_KINDS
from konsultasi.notifications.delivery import max_attempts
from konsultasi.notifications.models import OutboxMessage

OUTBOX_COLUMNS = (
    "id office_id consultation_id kind channel recipient_id address subject body state "
    "attempts last_error delivery_key language created_at sent_at read_at"
)
READING_COLUMNS = "id notice_id reader_id read_at"

IN_APP = OutboxMessage.Channel.IN_APP
EMAIL = OutboxMessage.Channel.EMAIL
State = OutboxMessage.State

STAFF_READ_ALL_AFTER = 14 * 24 * 3600.0  # seconds: "mark all read" now and then
STAFF_LEAVES_UNREAD = 0.3  # of their recent rows
STAKEHOLDER_READS = 0.5
NOTICE_READ_BEFORE_CLAIM = 0.2
PARKED = 0.002  # of the rows sent outside: every try failed
NOT_SENT_YET = 60.0  # seconds before the anchor: the courier has not come yet
FAILURES = {
    OutboxMessage.Channel.EMAIL: "550 5.1.1 mailbox unavailable",
    OutboxMessage.Channel.WHATSAPP: "WhatsApp 131026: the number cannot receive messages",
}

# The services' wording, as the Indonesian catalogue has it.
BODIES = {
    "received": "Pertanyaan Anda telah kami terima dengan nomor {number}.",
    "new_consultation": "Ada pertanyaan baru yang menunggu di kotak masuk.",
    "claimed": "Pertanyaan Anda kini ditangani oleh petugas layanan.",
    "documents_provided": "Stakeholder telah mengirimkan dokumen yang diminta.",
    "handed_to_hai": (
        "Pertanyaan Anda telah diteruskan ke layanan bantuan nasional HAI DJPb. Kami akan "
        "terus menyampaikan perkembangannya."
    ),
    "clock_officer": "Tenggat {clock} konsultasi ini sudah dekat atau terlewati.",
    "clock_section_head": "Tenggat {clock} konsultasi ini telah terlewati.",
    "clock_office_head": "Tenggat {clock} konsultasi ini sudah lama terlewati.",
}
CLOCK_NAMES = {
    "service": "waktu layanan",
    "follow_up": "tindak lanjut",
    "progress": "kabar perkembangan",
    "escalation": "jawaban eskalasi",
}


class Announcements:
    """The outbox rows of one consultation, gathered step by step."""

    def __init__(self, steps):
        self.steps = steps
        self.rng: random.Random = steps.rng
        self.gathered: list[tuple[float, str, str, tuple]] = []  # (ts, kind, body, audience)
        self.claimed_ts: float | None = None

    def to_stakeholder(self, kind: str, ts: float, body: str = "") -> None:
        self.gathered.append((ts, kind, body or BODIES[kind], ("stakeholder",)))

    def to_staff(self, kind: str, ts: float, users, body: str = "") -> None:
        by_email = kind in STAFF_EMAIL_KINDS or kind.startswith("clock_")
        people = tuple(dict.fromkeys(u for u in users if u is not None))
        self.gathered.append((ts, kind, body or BODIES[kind], ("staff", people, by_email)))

    def to_the_officers(self, kind: str, ts: float) -> None:
        self.gathered.append((ts, kind, BODIES[kind], ("officers",)))

    def clock_alert(self, clock: str, step: str, ts: float, users) -> None:
        body = BODIES[f"clock_{step}"].format(clock=CLOCK_NAMES[clock])
        self.to_staff(f"clock_{clock}_{step}", ts, users, body)

    def write(self, number: str) -> None:
        steps = self.steps
        subject = f"[{number}] {steps.subject}"[:200]
        for ts, kind, body, audience in self.gathered:
            body = body.format(number=number) if kind == "received" else body
            row = _Row(self, ts, kind, subject, body)
            if audience[0] == "stakeholder":
                stakeholder = steps.stakeholder
                if stakeholder.user_id:
                    row.in_app(stakeholder.user_id, STAKEHOLDER_READS, always_after=None)
                if stakeholder.outside:
                    row.outside(*stakeholder.outside, stakeholder.language)
            elif audience[0] == "staff":
                _, people, by_email = audience
                for user in people:
                    row.in_app(user, 1 - STAFF_LEAVES_UNREAD, always_after=STAFF_READ_ALL_AFTER)
                if by_email:
                    for user in people:
                        row.outside(EMAIL, steps.world.staff_emails[user], "id")
            else:
                self._read_before_claim(row.in_app(None, 0.0, always_after=None), ts)

    def _read_before_claim(self, notice: int, ts: float) -> None:
        if self.rng.random() >= NOTICE_READ_BEFORE_CLAIM:
            return
        h = self.steps.h
        until = self.claimed_ts if self.claimed_ts is not None else h.anchor_ts
        h.readings.add(
            (
                h.ids.next("reading"),
                notice,
                self.rng.choice(self.steps.world.officers),
                as_datetime(ts + (until - ts) * self.rng.random()),
            )
        )


class _Row:
    """One announcement's rows: they share the moment, kind, subject and body."""

    def __init__(self, announcements: Announcements, ts: float, kind: str, subject, body):
        self.a = announcements
        self.ts, self.kind, self.subject, self.body = ts, kind, subject, body

    def in_app(self, recipient: int | None, reads: float, *, always_after: float | None) -> int:
        rng, anchor = self.a.rng, self.a.steps.h.anchor_ts
        age = anchor - self.ts
        read = (always_after is not None and age > always_after) or rng.random() < reads
        read_at = as_datetime(self.ts + min(rng.expovariate(1 / 7200), age)) if read else None
        return self._add(IN_APP, recipient, "", "id", State.PENDING, 0, None, "", read_at)

    def outside(self, channel: str, address: str, language: str) -> None:
        rng, anchor = self.a.rng, self.a.steps.h.anchor_ts
        if self.ts > anchor - NOT_SENT_YET:
            self._add(channel, None, address, language, State.PENDING, 0, None, "", None)
        elif rng.random() < PARKED:
            parked = (State.PARKED, max_attempts(), None, FAILURES[channel])
            self._add(channel, None, address, language, *parked, None)
        else:
            sent_at = as_datetime(self.ts + rng.uniform(1, 20))
            self._add(channel, None, address, language, State.SENT, 1, sent_at, "", None)

    def _add(self, channel, recipient, address, language, state, attempts, sent_at, error, read):
        steps = self.a.steps
        h = steps.h
        pk = h.ids.next("outbox")
        h.outbox.add(
            (
                pk,
                steps.world.office.pk,
                steps.pk,
                self.kind,
                channel,
                recipient,
                address,
                self.subject,
                self.body,
                state,
                attempts,
                error,
                uuid.UUID(int=self.a.rng.getrandbits(128), version=4),
                language,
                as_datetime(self.ts),
                sent_at,
                read,
            )
        )
        return pk
