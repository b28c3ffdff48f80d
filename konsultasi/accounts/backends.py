"""Signing in with a user name and password, as Django's ModelBackend does; the signed-in
user of every request is read with a query built once per process (`kept_queries`): Django
builds the same query afresh on each of an officer's page loads. A stakeholder's profile comes
with it."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery

from konsultasi.accounts.models import OfficeRole, User
from konsultasi.kept_queries import kept_objects


class AccountBackend(ModelBackend):
    def get_user(self, user_id: int):
        found = kept_objects(("signed-in user",), _user_by_id, {"pk": user_id})
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None


def _user_by_id(values):
    # With their stakeholder profile and its office, if they have one (kept on the user, as
    # `accounts.selectors.stakeholder_profile_of` reads it): every portal page asks for it,
    # and the office's time zone is the stakeholder's. And whether they hold any office role:
    # a stakeholder's are then not asked for (`accounts.middleware.held_office_roles`).
    # (One role's id, or none: a subquery with a limit, as `notifications.webhooks` explains
    # of an EXISTS on PostgreSQL.)
    one_role = OfficeRole.objects.filter(user_id=OuterRef("pk")).order_by().values("pk")[:1]
    return (
        User._default_manager.select_related("stakeholder_profile__office")
        .annotate(holds_office_roles=Subquery(one_role))
        .filter(pk=values["pk"])
    )
