"""An administrator issues API keys in the admin (shown once) and revokes them."""

import re

from konsultasi.accounts.models import ApiKey, User


def test_an_administrator_issues_a_key_and_sees_it_once(client, office):
    client.force_login(User.objects.create_superuser("root", "r@x.example", "x"))
    page = client.post(
        "/admin/accounts/apikey/add/",
        {"name": "Portal nasional", "office": office.pk, "scope_list": "read,submit"},
        follow=True,
    )
    assert page.status_code == 200
    shown = re.findall(r"lk_[0-9a-f]{12}_[A-Za-z0-9_-]+", page.content.decode())
    row = ApiKey.objects.get()
    assert row.scopes == ["read", "submit"] and row.office == office
    assert shown and shown[0].startswith(f"lk_{row.prefix}_")
    again = client.get(f"/admin/accounts/apikey/{row.pk}/change/").content.decode()
    assert shown[0] not in again


def test_an_administrator_revokes_keys(client, office):
    from konsultasi.accounts import api_keys

    row, _key = api_keys.issue_integration_key(office=office, name="x", scopes="all")
    client.force_login(User.objects.create_superuser("root", "r@x.example", "x"))
    client.post(
        "/admin/accounts/apikey/",
        {"action": "revoke_keys", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.revoked_at is not None and not row.user.is_active


def test_a_key_for_both_an_office_and_a_person_is_refused(client, office, officer):
    client.force_login(User.objects.create_superuser("root", "r@x.example", "x"))
    page = client.post(
        "/admin/accounts/apikey/add/",
        {"name": "x", "office": office.pk, "person": officer.pk, "scope_list": "read"},
    )
    assert page.status_code == 200 and not ApiKey.objects.exists()
