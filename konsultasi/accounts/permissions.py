"""The one permission table: which role may take which action, always within one office.

Services ask `require(actor, action, office)`; nothing else decides who may do what. Ownership
(a stakeholder acts only on their own consultations) and section headship (a section head
answers the escalations of their own section) are checked by the services on top of this."""

from collections.abc import Iterable
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.errors import DomainError
from konsultasi.kept_queries import kept_rows
from konsultasi.offices.models import Office


class Action(StrEnum):
    VIEW = "view"
    SUBMIT = "submit"
    LOG_CONTACT = "log_contact"
    REGISTER_WALK_IN = "register_walk_in"
    CLAIM = "claim"
    CLASSIFY = "classify"
    REQUEST_DOCUMENTS = "request_documents"
    PROVIDE_DOCUMENTS = "provide_documents"
    REPLY = "reply"
    ADD_NOTE = "add_note"
    RESOLVE = "resolve"
    DEFER = "defer"
    POST_PROGRESS = "post_progress"
    ESCALATE = "escalate"
    ANSWER_ESCALATION = "answer_escalation"
    HAND_TO_HAI = "hand_to_hai"
    RECORD_HAI_ANSWER = "record_hai_answer"
    REASSIGN = "reassign"
    REOPEN = "reopen"
    CLOSE = "close"
    CANCEL = "cancel"


class FeedbackAction(StrEnum):
    """The satisfaction survey and the complaint register (konsultasi.feedback). Kept apart
    from `Action`, whose every member is a step of a consultation's lifecycle."""

    ENTER_SURVEY = "enter_survey"
    VIEW_SURVEY_INDEX = "view_survey_index"
    FILE_COMPLAINT = "file_complaint"
    HANDLE_COMPLAINT = "handle_complaint"
    READ_WHISTLEBLOWING = "read_whistleblowing"


class LibraryAction(StrEnum):
    """Keeping the regulations library (konsultasi.knowledge), which every office shares."""

    EDIT = "edit_library"


AnyAction = Action | FeedbackAction | LibraryAction

_S, _O, _SH, _OH = Role.STAKEHOLDER, Role.OFFICER, Role.SECTION_HEAD, Role.OFFICE_HEAD
_ADMIN = Role.ADMIN

PERMISSIONS: dict[AnyAction, frozenset[Role]] = {
    Action.VIEW: frozenset({_S, _O, _SH, _OH}),
    Action.SUBMIT: frozenset({_S}),
    Action.LOG_CONTACT: frozenset({_O, _SH}),
    Action.REGISTER_WALK_IN: frozenset({_O, _SH}),
    Action.CLAIM: frozenset({_O, _SH}),
    Action.CLASSIFY: frozenset({_O, _SH, _OH}),
    Action.REQUEST_DOCUMENTS: frozenset({_O, _SH}),
    Action.PROVIDE_DOCUMENTS: frozenset({_S, _O, _SH}),
    Action.REPLY: frozenset({_S, _O, _SH}),
    Action.ADD_NOTE: frozenset({_O, _SH, _OH}),
    Action.RESOLVE: frozenset({_O, _SH}),
    Action.DEFER: frozenset({_O, _SH}),
    Action.POST_PROGRESS: frozenset({_O, _SH}),
    Action.ESCALATE: frozenset({_O}),
    Action.ANSWER_ESCALATION: frozenset({_SH, _OH}),
    Action.HAND_TO_HAI: frozenset({_O, _SH}),
    Action.RECORD_HAI_ANSWER: frozenset({_O, _SH}),
    Action.REASSIGN: frozenset({_SH, _OH}),
    Action.REOPEN: frozenset({_S, _O, _SH}),
    Action.CLOSE: frozenset({_S, _SH, _OH}),
    Action.CANCEL: frozenset({_S, _O, _SH, _OH}),
    # Paper questionnaires are typed in at the desk; the index is read by the desk's staff.
    FeedbackAction.ENTER_SURVEY: frozenset({_O, _SH}),
    FeedbackAction.VIEW_SURVEY_INDEX: frozenset({_O, _SH, _OH}),
    # A stakeholder complains about their own consultation; staff register what the other
    # channels bring.
    FeedbackAction.FILE_COMPLAINT: frozenset({_S, _O, _SH, _OH}),
    # Complaints about the service are handled above the officers they may concern.
    FeedbackAction.HANDLE_COMPLAINT: frozenset({_SH, _OH}),
    # Whistleblowing reports: the office head and the administrators only (every read logged).
    FeedbackAction.READ_WHISTLEBLOWING: frozenset({_OH, _ADMIN}),
    # The library is master data: the heads who vouch for its answers and the administrator.
    LibraryAction.EDIT: frozenset({_SH, _OH, _ADMIN}),
}


class PermissionDenied(DomainError):
    """The actor's roles in this office do not allow the action."""

    code = "permission_denied"

    def __init__(self, action: AnyAction):
        self.action = action
        super().__init__(_("You are not allowed to do this (%(action)s).") % {"action": action})


def _roles_of(values):
    return OfficeRole.objects.filter(
        user_id=values["user"], office_id=values["office"]
    ).values_list("role")


def roles_in(user: User, office: Office) -> frozenset[Role]:
    """The roles `user` holds in `office`, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[int, frozenset[Role]] = user.__dict__.setdefault("_roles_by_office", {})
    if office.pk not in cache:
        if user.__dict__.get("_all_roles_known"):
            return frozenset()  # `remember_roles`: no role there, and no stakeholder profile
        office_roles = user.__dict__.get("_office_roles")  # `remember_roles`, with a profile
        if office_roles is not None:
            roles = set(office_roles.get(office.pk, ()))
        else:
            roles = {
                Role(value)
                for (value,) in kept_rows(
                    ("roles in office",), _roles_of, {"user": user.pk, "office": office.pk}
                )
            }
        cache[office.pk] = _with_profile(user, office.pk, roles)
    return cache[office.pk]


def _with_profile(user: User, office_id: int, roles: set[Role]) -> frozenset[Role]:
    profile = getattr(user, "stakeholder_profile", None)
    if profile is not None and profile.office_id == office_id:
        roles.add(Role.STAKEHOLDER)
    return frozenset(roles)


def remember_roles_in(user: User, office_id: int, held: Iterable[Role]) -> None:
    """Keep the office roles `user` holds in one office, read by the caller (an office's API
    key reads its service account's with the key): `roles_in` reads none there."""
    cache = user.__dict__.setdefault("_roles_by_office", {})
    cache[office_id] = _with_profile(user, office_id, set(held))


def can(user: User, action: AnyAction, office: Office) -> bool:
    return bool(roles_in(user, office) & PERMISSIONS[action])


def require(user: User, action: AnyAction, office: Office) -> frozenset[Role]:
    """Raise PermissionDenied unless allowed; return the roles that allowed it."""
    allowed = roles_in(user, office) & PERMISSIONS[action]
    if not allowed:
        raise PermissionDenied(action)
    return allowed


def can_in_any_office(user: User, action: AnyAction) -> bool:
    """For what is not kept per office (the library, shared by every office): whether the
    user holds a role that allows `action` in any active office. A superuser always may."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return OfficeRole.objects.filter(
        user=user, role__in=PERMISSIONS[action], office__is_active=True
    ).exists()


def remember_roles(user: User, held: Iterable[OfficeRole], *, has_profile: bool = False) -> None:
    """Keep every office role of `user` (perhaps none), read by the caller (the time-zone
    middleware reads them once a request). For a user known to have no stakeholder profile,
    `roles_in` and `offices_where` then read nothing; for one who may have one (`has_profile`),
    `roles_in` reads no office role and adds the stakeholder role from their profile."""
    by_office: dict[int, set[Role]] = {}
    for role in held:
        by_office.setdefault(role.office_id, set()).add(Role(role.role))
    kept = {office: frozenset(roles) for office, roles in by_office.items()}
    if has_profile:
        user.__dict__["_office_roles"] = kept
        return
    user.__dict__["_roles_by_office"] = kept
    user.__dict__["_all_roles_known"] = True


def offices_where(user: User, roles: Iterable[Role]) -> list[int] | None:
    """The ids of the offices where `user` holds one of `roles`, when `remember_roles` kept
    all of their roles for this request (None when it did not: ask the database)."""
    if not user.__dict__.get("_all_roles_known"):
        return None
    wanted = frozenset(roles)
    return sorted(
        office for office, held in user.__dict__["_roles_by_office"].items() if held & wanted
    )


def forget_roles(user: User) -> None:
    """Drop the cached roles, after roles were granted or taken in the same request."""
    user.__dict__.pop("_roles_by_office", None)
    user.__dict__.pop("_all_roles_known", None)
    user.__dict__.pop("_office_roles", None)
    # The signed-in user's own query said whether they held any (`AccountBackend`).
    user.__dict__.pop("holds_office_roles", None)
