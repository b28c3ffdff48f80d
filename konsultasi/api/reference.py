"""/api/v1 lookups: who am I, the office's service types, sections and channels, its
stakeholders and work units (satker). Staff and integrations only for people's data."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from konsultasi.accounts.api_keys import Scope
from konsultasi.accounts.models import OfficeRole, Role, StakeholderProfile, WorkUnit
from konsultasi.accounts.permissions import roles_in
from konsultasi.accounts.selectors import find_stakeholders
from konsultasi.api import presenters
from konsultasi.api.auth import Caller, require_scope
from konsultasi.api.errors import Forbidden, NotFound, refusals
from konsultasi.api.offices import office_for
from konsultasi.api.schemas import (
    CODE_PATTERN,
    ChannelOut,
    MeOut,
    SectionOut,
    ServiceTypeOut,
    StakeholderOut,
    WorkUnitOut,
)
from konsultasi.consultations.access import STAFF_VIEWERS
from konsultasi.offices.models import Channel, Office, Section, ServiceType

router = Router(tags=["reference"])

STAFF = frozenset(STAFF_VIEWERS) - {Role.STAKEHOLDER}


class OfficeQuery(Schema):
    office: str | None = Field(None, pattern=CODE_PATTERN, description="Office slug")


class SearchQuery(OfficeQuery):
    q: str = Field("", max_length=100)


def _staff_office(request: HttpRequest, slug: str | None) -> tuple[Caller, Office]:
    who = require_scope(request, Scope.READ)
    office = office_for(who, slug)
    if not roles_in(who.user, office) & STAFF:
        raise Forbidden(_("Only the office's staff may look up stakeholders."))
    return who, office


@router.get("/me", response={200: MeOut, **refusals()}, summary="Who is calling")
def me(request: HttpRequest):
    who = require_scope(request, Scope.READ)
    user = who.user
    by_office: dict[int, dict] = {}
    for role in OfficeRole.objects.filter(user=user).select_related("office"):
        entry = by_office.setdefault(
            role.office_id, {"office": role.office.slug, "name": role.office.name, "roles": []}
        )
        entry["roles"].append(role.role)
    profile = getattr(user, "stakeholder_profile", None)
    if profile is not None:
        entry = by_office.setdefault(
            profile.office_id,
            {"office": profile.office.slug, "name": profile.office.name, "roles": []},
        )
        entry["roles"].append(Role.STAKEHOLDER.value)
    key = who.api_key
    return {
        "username": user.username,
        "name": str(user),
        "offices": list(by_office.values()),
        "api_key": {
            "name": key.name,
            "prefix": key.prefix,
            "scopes": key.scopes,
            "office": key.office.slug if key.office else None,
        }
        if key
        else None,
    }


@router.get(
    "/service-types",
    response={200: list[ServiceTypeOut], **refusals()},
    summary="The office's active service types",
)
def service_types(request: HttpRequest, query: Query[OfficeQuery]):
    who = require_scope(request, Scope.READ)
    office = office_for(who, query.office)
    rows = (
        ServiceType.objects.filter(office=office, is_active=True)
        .select_related("default_section")
        .order_by("name")
    )
    return [
        {
            "code": t.code,
            "name": t.name,
            "section": t.default_section.code,
            "target_minutes": t.target_minutes,
        }
        for t in rows
    ]


@router.get(
    "/sections",
    response={200: list[SectionOut], **refusals()},
    summary="The office's active sections",
)
def sections(request: HttpRequest, query: Query[OfficeQuery]):
    who = require_scope(request, Scope.READ)
    office = office_for(who, query.office)
    return list(
        Section.objects.filter(office=office, is_active=True)
        .order_by("name")
        .values("code", "name")
    )


@router.get(
    "/channels", response={200: list[ChannelOut], **refusals()}, summary="The active channels"
)
def channels(request: HttpRequest):
    require_scope(request, Scope.READ)
    return list(
        Channel.objects.filter(is_active=True).order_by("name").values("code", "name", "kind")
    )


@router.get(
    "/stakeholders",
    response={200: list[StakeholderOut], **refusals()},
    summary="Find the office's stakeholders (staff)",
    description="By satker code, NIP, phone, e-mail or name; at most 20.",
)
def stakeholders(request: HttpRequest, query: Query[SearchQuery]):
    _who, office = _staff_office(request, query.office)
    return [presenters.stakeholder(p) for p in find_stakeholders(office=office, query=query.q)]


@router.get(
    "/stakeholders/{stakeholder_id}",
    response={200: StakeholderOut, **refusals()},
    summary="One stakeholder of the office (staff)",
)
def stakeholder(
    request: HttpRequest,
    query: Query[OfficeQuery],
    stakeholder_id: int = Path(..., ge=1, le=2**62),
):
    _who, office = _staff_office(request, query.office)
    found = (
        StakeholderProfile.objects.filter(office=office, pk=stakeholder_id)
        .select_related("work_unit")
        .first()
    )
    if found is None:
        raise NotFound()
    return presenters.stakeholder(found)


@router.get(
    "/work-units",
    response={200: list[WorkUnitOut], **refusals()},
    summary="Find work units (satker) served by the office",
    description="By code prefix or words of the name; at most 20.",
)
def work_units(request: HttpRequest, query: Query[SearchQuery]):
    who = require_scope(request, Scope.READ)
    office = office_for(who, query.office)
    q = " ".join(query.q.split()).replace("\x00", "")
    found = WorkUnit.objects.filter(office=office)
    if q.isdigit():
        found = found.filter(code__startswith=q)
    elif q:
        found = found.filter(name__icontains=q)
    return list(found.order_by("code").values("code", "name")[:20])


@router.get(
    "/work-units/{code}",
    response={200: WorkUnitOut, **refusals()},
    summary="One work unit (satker) by its 6-digit code",
)
def work_unit(request: HttpRequest, code: str = Path(..., pattern=r"^\d{6}$")):
    require_scope(request, Scope.READ)
    found = WorkUnit.objects.filter(code=code).values("code", "name").first()
    if found is None:
        raise NotFound()
    return found
