"""Keys for the REST API: issued by an administrator, shown once, stored as a digest,
revocable, with the time they were last used.

An integration key acts for one office as its own service account: a user with the officer
role in that office and no password. The lifecycle services then check the key exactly as
they check an officer — the one permission table, the office boundary, the officer's
ownership rule — and the history names the integration that acted. Scopes narrow further
which endpoints a key may call (the API checks them). A personal token acts as its person."""

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.accounts.models import ApiKey, OfficeRole, Role, User
from konsultasi.accounts.permissions import remember_roles_in
from konsultasi.errors import InvalidInput
from konsultasi.kept_queries import kept_objects
from konsultasi.offices.calendar import stamp_read_now
from konsultasi.offices.models import Office

KEY_TAG = "lk"
# Writing the last-used time on every call would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class Scope(StrEnum):
    READ = "read"  # lists, a consultation with its timeline, reference data
    SUBMIT = "submit"  # create consultations
    ACT = "act"  # the lifecycle actions
    WEBHOOKS = "webhooks"  # the office's webhook subscriptions


ALL_SCOPES = "all"


def parse_scopes(value: str | list[str]) -> list[str]:
    """'all', or a comma-separated list of scope names."""
    names = value.split(",") if isinstance(value, str) else list(value)
    names = [n.strip() for n in names if n.strip()]
    if names == [ALL_SCOPES]:
        return sorted(s.value for s in Scope)
    unknown = sorted(set(names) - {s.value for s in Scope})
    if unknown or not names:
        raise InvalidInput(
            _("Unknown scopes: %(scopes)s. Use %(known)s or all.")
            % {"scopes": ", ".join(unknown) or "—", "known": ", ".join(s.value for s in Scope)}
        )
    return sorted(set(names))


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{KEY_TAG}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def issue_integration_key(
    *, office: Office, name: str, scopes: str | list[str], issued_by: User | None = None
) -> tuple[ApiKey, str]:
    """A new key for an integration of `office` and the key itself, which is never shown
    again. The key gets its own service account: an officer of the office."""
    name = (name or "").strip()[:100]
    if not name:
        raise InvalidInput(_("Give the key a name."))
    prefix, key = _new_key()
    account = User(username=f"api-{prefix}", first_name=f"API {name}"[:150])
    account.set_unusable_password()
    account.save()
    OfficeRole.objects.create(user=account, office=office, role=Role.OFFICER)
    row = ApiKey.objects.create(
        office=office,
        user=account,
        name=name,
        prefix=prefix,
        digest=_digest(key),
        scopes=parse_scopes(scopes),
        created_by=issued_by,
    )
    return row, key


def issue_personal_token(
    *, user: User, name: str, scopes: str | list[str], issued_by: User | None = None
) -> tuple[ApiKey, str]:
    """A token with which `user` calls the API as themselves."""
    name = (name or "").strip()[:100]
    if not name:
        raise InvalidInput(_("Give the key a name."))
    prefix, key = _new_key()
    row = ApiKey.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(key),
        scopes=parse_scopes(scopes),
        created_by=issued_by,
    )
    return row, key


@transaction.atomic
def revoke(api_key: ApiKey, *, now: datetime | None = None) -> None:
    """The key stops working at once; an integration's service account is disabled too."""
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
    if api_key.office_id is not None:
        User.objects.filter(pk=api_key.user_id).update(is_active=False)
    api_key.refresh_from_db()


class _Joined(Aggregate):
    """Texts in one, separated by commas (for values that hold none: role names)."""

    function = "GROUP_CONCAT"  # SQLite's; its separator is the comma
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
        )


# Which office roles the key's account holds in the key's office, asked with the key: an
# integration's every call checks them (personal tokens have no office: theirs are read later).
# One subquery reading the account's few rows by the unique index, not an EXISTS per role:
# PostgreSQL ran each EXISTS as a hash of every office role of the country (5 scans of the
# table per call, growing with the offices).
_ROLES_HELD = Subquery(
    OfficeRole.objects.filter(user_id=OuterRef("user_id"), office_id=OuterRef("office_id"))
    .order_by()
    .values("user_id")
    .annotate(names=_Joined("role"))
    .values("names")
)


def _active_key(values, asking: Mapping[str, Any]):
    # With the caller's stakeholder profile, if any (none for an integration): the permission
    # table asks for it on every call; and with its office, whose calendar stamp an
    # integration's question needs. The prefix is unique: no ordering to ask for.
    return (
        ApiKey.objects.select_related("user", "office", "user__stakeholder_profile")
        .annotate(roles_held=_ROLES_HELD, **asking)
        .filter(prefix=values["prefix"], revoked_at__isnull=True)
        .order_by()[:1]
    )


def authenticate(
    key: str, *, now: datetime | None = None, asking: Mapping[str, Any] | None = None
) -> ApiKey | None:
    """The active key `key` is, or None. Compares digests in constant time. `asking`: more
    to read with the key's row, by name (annotations: the same ones on every call)."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_TAG or not parts[1].isalnum():
        return None
    # Every API call asks: the query is built once per process (kept_queries).
    asking = asking or {}
    found = next(
        iter(
            kept_objects(
                ("api key", *sorted(asking)),
                lambda values: _active_key(values, asking),
                {"prefix": parts[1][:16]},
            )
        ),
        None,
    )
    if found is None or not hmac.compare_digest(found.digest, _digest(key)):
        return None
    if not found.user.is_active:
        return None
    if found.office is not None:
        names = set((found.roles_held or "").split(","))
        held = (role for role in Role if role.value in names)
        remember_roles_in(found.user, found.office_id, held)
        stamp_read_now(found.office)
    now = now or timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found
