"""The network of offices and the people in it.

Pekanbaru comes from the project's reference data; the other 29 offices are its clones with
their own slug, number prefix, time zone, sections, service types and hours (a third of them
break for Friday prayers). Channels are one table for the whole installation, so the clones
share Pekanbaru's. Each office gets its staff (CSO officers, a head per section, the office
head, an administrator) and its stakeholders, a third of whom use the portal."""

import random
from dataclasses import dataclass, field
from datetime import date, time
from itertools import accumulate

from django.contrib.auth.hashers import make_password

from bench.dataset import texts
from bench.dataset.timeline import Timeline
from konsultasi import sla
from konsultasi.accounts.models import OfficeRole, Role, StakeholderProfile, User, WorkUnit
from konsultasi.consultations.notify import outside_address
from konsultasi.offices.calendar import calendar_changed, office_calendar
from konsultasi.offices.models import (
    Channel,
    Office,
    Region,
    Section,
    ServiceStandard,
    ServiceType,
    WorkingHours,
)
from konsultasi.offices.reference_data import load_pekanbaru

OFFICERS_PER_OFFICE = 6
FRIDAY_PRAYERS = [(time(8), time(11, 30)), (time(13), time(16, 30))]

# How often each service type is asked about (the disbursement questions dominate).
SERVICE_TYPE_WEIGHTS = {
    "sp2d": 20,
    "gaji": 10,
    "kontrak-supplier": 8,
    "retur": 7,
    "penerimaan-negara": 6,
    "rekening-pemerintah": 4,
    "kkp": 4,
    "rekonsiliasi": 9,
    "lpj": 8,
    "laporan-keuangan": 5,
    "ikpa": 6,
    "rpd": 4,
    "pengaduan-layanan": 1,
    "user-sakti-span": 7,
    "informasi-publik": 1,
}
POSITIONS = [
    (StakeholderProfile.Position.TREASURER, 35),
    (StakeholderProfile.Position.OPERATOR, 25),
    (StakeholderProfile.Position.PPK, 12),
    (StakeholderProfile.Position.PPSPM, 8),
    (StakeholderProfile.Position.KPA, 5),
    (StakeholderProfile.Position.PARTNER, 7),
    (StakeholderProfile.Position.PUBLIC, 3),
    (StakeholderProfile.Position.OTHER, 5),
]


@dataclass
class Stakeholder:
    pk: int
    user_id: int | None
    reachable: bool  # has a phone or an e-mail, so a follow-up is possible
    origin: str  # the work unit or organisation, as a question names it
    outside: tuple[str, str] | None  # where they hear of changes outside the portal
    language: str


@dataclass
class OfficeWorld:
    """One office and what its consultations' stories need, read once."""

    office: Office
    volume: float
    history_cal: sla.OfficeCalendar  # holidays across the whole span of the data
    cal: sla.OfficeCalendar  # as the code builds it at the anchor, for the deadline columns
    timeline: Timeline
    officers: list[int]
    section_heads: dict[int, int]  # section id -> user id
    office_head: int
    service_types: list[ServiceType]
    type_weights: list[int]  # cumulative, for random.choices
    stakeholders: list[Stakeholder] = field(default_factory=list)
    staff_emails: dict[int, str] = field(default_factory=dict)  # user id -> e-mail address


def build_offices(first_day: date, anchor_day: date, last_day: date) -> list[OfficeWorld]:
    pekanbaru = load_pekanbaru()
    offices = [(pekanbaru, texts.PEKANBARU_VOLUME)]
    for index, spec in enumerate(texts.OFFICES):
        offices.append((_clone(pekanbaru, spec, friday_prayers=index % 3 == 0), spec[5]))
    worlds = []
    for office, volume in offices:
        history_cal = office_calendar(office, around=date(first_day.year + 1, 1, 1))
        worlds.append(
            OfficeWorld(
                office=office,
                volume=volume,
                history_cal=history_cal,
                cal=office_calendar(office, around=anchor_day),
                timeline=Timeline(history_cal, first_day, last_day),
                officers=[],
                section_heads={},
                office_head=0,
                service_types=[],
                type_weights=[],
            )
        )
    _staff(worlds)
    for world in worlds:
        types = list(
            ServiceType.objects.filter(office=world.office).select_related("default_section")
        )
        world.service_types = types
        world.type_weights = list(
            accumulate(SERVICE_TYPE_WEIGHTS.get(t.code, 3) for t in world.service_types)
        )
    return worlds


def _clone(source: Office, spec, *, friday_prayers: bool) -> Office:
    slug, city, prefix, code, zone, _volume = spec
    region, _ = Region.objects.get_or_create(
        code=f"kanwil-{prefix.lower()}", defaults={"name": f"Kantor Wilayah DJPb ({city})"}
    )
    office = Office.objects.create(
        slug=slug,
        code=code,
        name=f"KPPN {city}",
        office_type=source.office_type,
        region=region,
        number_prefix=prefix,
        address=f"Jl. Jenderal Sudirman, {city}",
        time_zone=zone,
    )
    standard = ServiceStandard.objects.get(office=source)
    standard.pk, standard.office = None, office
    standard.save()
    hours = []
    for hour in WorkingHours.objects.filter(office=source):
        if friday_prayers and hour.weekday == WorkingHours.Weekday.FRIDAY:
            hours.append(WorkingHours(office=office, weekday=4, opens=time(8), closes=time(11, 30)))
            hours.append(
                WorkingHours(office=office, weekday=4, opens=time(13), closes=time(16, 30))
            )
        else:
            hours.append(
                WorkingHours(
                    office=office, weekday=hour.weekday, opens=hour.opens, closes=hour.closes
                )
            )
    WorkingHours.objects.bulk_create(hours)
    calendar_changed(office.pk)
    sections = {}
    for section in Section.objects.filter(office=source):
        sections[section.pk] = Section.objects.create(
            office=office, code=section.code, name=section.name
        )
    ServiceType.objects.bulk_create(
        ServiceType(
            office=office,
            code=t.code,
            name=t.name,
            default_section=sections[t.default_section_id],
            target_minutes=t.target_minutes,
            keywords=t.keywords,
        )
        for t in ServiceType.objects.filter(office=source)
    )
    return office


def _staff(worlds: list[OfficeWorld]) -> None:
    """Officers, one head per section (the section-head role naming it), the office head
    and an administrator in every office. Nobody signs in: passwords are unusable."""
    unusable = make_password(None)
    for world in worlds:
        office = world.office
        code = office.number_prefix.lower()
        sections = list(Section.objects.filter(office=office))
        people = [(f"{code}-cso-{i}", Role.OFFICER, None) for i in range(OFFICERS_PER_OFFICE)]
        people += [(f"{code}-kasi-{s.code}", Role.SECTION_HEAD, s) for s in sections]
        people += [(f"{code}-kakan", Role.OFFICE_HEAD, None), (f"{code}-admin", Role.ADMIN, None)]
        users = User.objects.bulk_create(
            User(
                username=name,
                first_name=name,
                email=f"{name}@kemenkeu.go.id",
                password=unusable,
            )
            for name, _, _ in people
        )
        world.staff_emails.update((user.pk, user.email) for user in users)
        OfficeRole.objects.bulk_create(
            OfficeRole(user=user, office=office, role=role, section=section)
            for user, (_, role, section) in zip(users, people, strict=True)
        )
        for user, (_, role, section) in zip(users, people, strict=True):
            if role == Role.OFFICER:
                world.officers.append(user.pk)
            elif role == Role.SECTION_HEAD:
                world.section_heads[section.pk] = user.pk
            elif role == Role.OFFICE_HEAD:
                world.office_head = user.pk


def build_stakeholders(worlds: list[OfficeWorld], total: int, rng: random.Random) -> None:
    """`total` stakeholders over the offices by volume, about four to a work unit."""
    unusable = make_password(None)
    weight = sum(w.volume for w in worlds)
    codes = iter(rng.sample(range(1, 1_000_000), max(total // 4, len(worlds)) + len(worlds)))
    positions, position_weights = zip(*POSITIONS, strict=True)
    for world in worlds:
        count = max(10, round(total * world.volume / weight))
        city = world.office.name.removeprefix("KPPN ").removeprefix("Tipe A1 ")
        units = WorkUnit.objects.bulk_create(
            WorkUnit(
                code=f"{next(codes):06d}",
                name=f"{rng.choice(texts.WORK_UNIT_KINDS)} {city}",
                office=world.office,
            )
            for _ in range(max(1, count // 4))
        )
        profiles = []
        portal_users = []
        for i in range(count):
            position = rng.choices(positions, position_weights)[0]
            first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
            partner = position == StakeholderProfile.Position.PARTNER
            civil_servant = not partner and position != StakeholderProfile.Position.PUBLIC
            email = f"{first}.{last}.{world.office.pk}.{i}@example.go.id".lower()
            profile = StakeholderProfile(
                office=world.office,
                full_name=f"{first} {last}",
                position=position,
                work_unit=rng.choice(units) if civil_servant else None,
                organisation=rng.choice(texts.PARTNERS) if partner else "",
                email=email if rng.random() < 0.8 else "",
                phone=f"08{rng.randrange(10**9, 10**10)}" if rng.random() < 0.9 else "",
                nip=f"{rng.randrange(10**17, 10**18)}" if civil_servant else "",
            )
            if rng.random() < 0.3:
                portal_users.append(
                    User(username=email.split("@")[0], email=email, password=unusable)
                )
                profile.user = portal_users[-1]
            profiles.append(profile)
        User.objects.bulk_create(portal_users, batch_size=2000)
        for profile in profiles:
            if profile.user is not None:
                profile.user_id = profile.user.pk
        created = StakeholderProfile.objects.bulk_create(profiles, batch_size=2000)
        world.stakeholders = [
            Stakeholder(
                p.pk,
                p.user_id,
                bool(p.phone or p.email),
                p.work_unit.name if p.work_unit else (p.organisation or p.full_name),
                outside_address(p),
                p.language,
            )
            for p in created
        ]


def channels() -> dict[str, Channel]:
    return {c.code: c for c in Channel.objects.all()}
