"""What the API reads and writes. Codes (of channels, service types, sections) and numbers
identify things, never database ids of another office's rows."""

from datetime import datetime

from ninja import Field
from pydantic import BaseModel

NUMBER_PATTERN = r"^[A-Za-z0-9-]{1,30}$"
CODE_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
SATKER_PATTERN = r"^(\d{6})?$"


class Shape(BaseModel):
    """What the API reads and writes is plain data: pydantic validates it as it is. (django-
    ninja's Schema reads every field through an object made for ORM rows, in Python: four
    fifths of the time to validate and dump a consultation.)"""


class StakeholderIn(Shape):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254, description="Found again by this address.")
    phone: str = Field("", max_length=30)
    satker_code: str = Field("", pattern=SATKER_PATTERN, description="6 digits")
    satker_name: str = Field(
        "", max_length=300, description="Needed only when the satker is not on file yet."
    )


class ConsultationIn(Shape):
    subject: str = Field(min_length=1, max_length=200)
    question: str = Field(min_length=1, max_length=20_000)
    stakeholder: StakeholderIn | None = Field(
        None, description="Required unless the caller is the stakeholder themselves."
    )
    service_type: str | None = Field(None, pattern=CODE_PATTERN)
    channel: str | None = Field(None, pattern=CODE_PATTERN)
    received_at: datetime | None = Field(
        None, description="When a contact logged by staff or an integration was received."
    )
    office: str | None = Field(None, pattern=CODE_PATTERN, description="Office slug")


class StakeholderOut(Shape):
    id: int
    name: str
    email: str
    phone: str
    satker_code: str | None
    satker_name: str | None
    organisation: str
    position: str


class ConsultationOut(Shape):
    number: str
    office: str
    status: str
    status_label: str
    version: int
    subject: str
    question: str
    stakeholder: StakeholderOut
    channel: str
    service_type: str | None
    section: str | None
    assignee: str | None
    resolution: str
    external_reference: str | None
    received_at: datetime
    created_at: datetime
    service_due_at: datetime | None
    follow_up_due_at: datetime | None
    progress_due_at: datetime | None
    escalation_due_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None


class TimelineEntryOut(Shape):
    kind: str
    at: datetime
    actor: str | None
    internal: bool
    body: str
    action: str | None = None
    from_status: str | None = None
    to_status: str | None = None


class ConsultationDetailOut(ConsultationOut):
    timeline: list[TimelineEntryOut]


class ConsultationPage(Shape):
    items: list[ConsultationOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


# --- actions -------------------------------------------------------------------------------


class Versioned(Shape):
    version: int = Field(
        ge=1,
        le=2_147_483_647,
        description="The version you read; a change made since is refused with 409.",
    )


class ClaimIn(Shape):
    version: int | None = Field(None, ge=1, le=2_147_483_647)


class BodyIn(Versioned):
    body: str = Field(min_length=1, max_length=20_000)


class AnswerIn(Versioned):
    answer: str = Field(min_length=1, max_length=20_000)


class ReasonIn(Versioned):
    reason: str = Field(min_length=1, max_length=20_000)


class DocumentsIn(Versioned):
    description: str = Field(min_length=1, max_length=20_000)


class EscalateIn(ReasonIn):
    section: str | None = Field(None, pattern=CODE_PATTERN, description="Section code")


class HandToHaiIn(ReasonIn):
    external_reference: str = Field("", max_length=100)


class HaiAnswerIn(AnswerIn):
    external_reference: str = Field("", max_length=100)


class ClassifyIn(Versioned):
    service_type: str = Field(pattern=CODE_PATTERN)
    section: str | None = Field(None, pattern=CODE_PATTERN)


# --- reference data ------------------------------------------------------------------------


class ServiceTypeOut(Shape):
    code: str
    name: str
    section: str
    target_minutes: int


class ChannelOut(Shape):
    code: str
    name: str
    kind: str


class SectionOut(Shape):
    code: str
    name: str


class WorkUnitOut(Shape):
    code: str
    name: str


class OfficeRoleOut(Shape):
    office: str
    name: str
    roles: list[str]


class KeyOut(Shape):
    name: str
    prefix: str
    scopes: list[str]
    office: str | None


class MeOut(Shape):
    username: str
    name: str
    offices: list[OfficeRoleOut]
    api_key: KeyOut | None


class WebhookIn(Shape):
    url: str = Field(min_length=8, max_length=254, description="https://… of the receiver")
    events: list[str] = Field(
        min_length=1, max_length=30, description='Event names, or ["*"] for every event.'
    )


class WebhookOut(Shape):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="Shown once: verify each delivery's signature with it.")
