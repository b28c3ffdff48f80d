"""Shared fixtures: the reference office, one user per role, an outsider of another office,
and a way to bring a consultation into any state through the real services (never by
setting its status)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from konsultasi.accounts.models import OfficeRole, Role, StakeholderProfile, User, WorkUnit
from konsultasi.consultations import services
from konsultasi.consultations.models import Consultation, Status
from konsultasi.notifications.models import OutboxMessage, WebhookSubscription
from konsultasi.notifications.services import forget_the_courier_on_its_way
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.models import Office, Section, ServiceType
from konsultasi.offices.reference_data import load_pekanbaru

WIB = ZoneInfo("Asia/Jakarta")
# A Tuesday morning in office hours, with no holiday within the next week.
TUESDAY_0900 = datetime(2026, 9, 1, 9, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Fixtures create several users per test, and Argon2 would take most of the run; pages
    render without a collectstatic manifest; a courier task one test committed is gone with
    its database when the next begins."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    forget_the_courier_on_its_way()


@pytest.fixture
def english():
    """For tests that match refusals in the source language (the default is Indonesian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def office(db) -> Office:
    """The reference office, its calendar for this year already built, as in a process that
    has served a request: pages and submissions are then counted in their steady state, the
    same however many of them came before (offices/calendar.py keeps calendars per process)."""
    office = load_pekanbaru()
    office_calendar(office, around=timezone.now().astimezone(office.zone).date())
    return office


@pytest.fixture
def section(office) -> Section:
    return Section.objects.get(office=office, code="pencairan-dana")


@pytest.fixture
def service_type(office) -> ServiceType:
    return ServiceType.objects.get(office=office, code="sp2d")


def listen_to_everything(office: Office) -> WebhookSubscription:
    """An integration subscribed to every event of `office` (a public address)."""
    return WebhookSubscription.objects.create(
        office=office, url="https://93.184.216.34/h", events=["*"], secret="s3cret"
    )


def webhooks_queued() -> int:
    """The webhook deliveries queued in the outbox so far."""
    return OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WEBHOOK).count()


def make_staff(office: Office, role: Role, username: str, section: Section | None = None) -> User:
    user = User.objects.create_user(username=username, password="x", first_name=username)
    OfficeRole.objects.create(user=user, office=office, role=role, section=section)
    return user


def make_stakeholder(office: Office, username: str | None, **fields) -> StakeholderProfile:
    user = User.objects.create_user(username=username, password="x") if username else None
    work_unit, _ = WorkUnit.objects.get_or_create(code="012345", defaults={"name": "Satker Uji"})
    fields = {
        "full_name": f"Stakeholder {username or 'walk-in'}",
        "work_unit": work_unit,
        "email": f"{username or 'walkin'}@example.invalid",
        "phone": "081234567890",
        **fields,
    }
    return StakeholderProfile.objects.create(office=office, user=user, **fields)


@pytest.fixture
def officer(office) -> User:
    return make_staff(office, Role.OFFICER, "officer")


@pytest.fixture
def second_officer(office) -> User:
    return make_staff(office, Role.OFFICER, "officer2")


@pytest.fixture
def section_head(office, section) -> User:
    # The role alone makes the head: nothing else names who heads a section.
    return make_staff(office, Role.SECTION_HEAD, "kasi", section=section)


@pytest.fixture
def office_head(office) -> User:
    return make_staff(office, Role.OFFICE_HEAD, "kakan")


@pytest.fixture
def admin_user(office) -> User:
    return make_staff(office, Role.ADMIN, "admin")


@pytest.fixture
def regional_viewer(office) -> User:
    return make_staff(office, Role.REGIONAL_VIEWER, "kanwil")


@pytest.fixture
def stakeholder(office) -> StakeholderProfile:
    return make_stakeholder(office, "satker")


@pytest.fixture
def stakeholder_user(stakeholder) -> User:
    return stakeholder.user


@pytest.fixture
def other_stakeholder(office) -> StakeholderProfile:
    return make_stakeholder(office, "satker2")


@pytest.fixture
def other_office(db) -> Office:
    other = Office.objects.create(slug="dumai", name="KPPN Dumai", number_prefix="DUM")
    Section.objects.create(office=other, code="umum", name="Subbagian Umum")
    return other


@pytest.fixture
def outsider(other_office) -> User:
    """An officer — of another office."""
    return make_staff(other_office, Role.OFFICER, "outsider")


@pytest.fixture
def office_hours(time_machine):
    """Stop the clock on a Tuesday 09:00 WIB; tests move it with time_machine.shift()."""
    time_machine.move_to(TUESDAY_0900, tick=False)
    return time_machine


@pytest.fixture
def online_consultation(office_hours, office, stakeholder_user) -> Consultation:
    return services.submit_question(
        actor=stakeholder_user,
        office=office,
        subject="SP2D belum terbit",
        question="SPM kami sudah diajukan kemarin, kapan SP2D terbit?",
    )


@pytest.fixture
def in_state(office_hours, office, officer, section_head, stakeholder_user, service_type):
    """in_state(status) → a consultation of the stakeholder, handled by `officer`, classified
    under the section headed by `section_head`, that has reached `status`."""

    def bring(status: str, *, escalation: str = "section_head") -> Consultation:
        c = services.submit_question(
            actor=stakeholder_user, office=office, subject="Pertanyaan", question="Bagaimana?"
        )
        if status == Status.NEW:
            return c
        c = services.claim(officer=officer, consultation=c)
        c = services.classify(actor=officer, consultation=c, service_type=service_type)
        if status == Status.IN_PROGRESS:
            return c
        if status == Status.WAITING_STAKEHOLDER:
            return services.request_documents(
                actor=officer, consultation=c, description="Salinan SPM"
            )
        if status == Status.FOLLOW_UP:
            return services.defer_to_follow_up(actor=officer, consultation=c, reason="Perlu cek")
        if status == Status.ESCALATED:
            if escalation == "hai":
                return services.hand_to_hai(actor=officer, consultation=c, reason="Isu nasional")
            return services.escalate(actor=officer, consultation=c, reason="Mohon konfirmasi")
        c = services.resolve(actor=officer, consultation=c, answer="Sudah terbit.")
        if status == Status.RESOLVED:
            return c
        if status == Status.CLOSED:
            return services.close(actor=stakeholder_user, consultation=c)
        if status == Status.CANCELLED:
            raise ValueError("use services.cancel on an open consultation")
        raise ValueError(status)

    return bring
