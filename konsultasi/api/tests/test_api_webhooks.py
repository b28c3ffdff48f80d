"""An office's integration manages its webhook subscriptions through the API."""

from konsultasi.accounts import api_keys
from konsultasi.notifications.models import WebhookSubscription

URL = "/api/v1/webhooks"


def test_an_integration_subscribes_a_public_url_and_sees_the_secret_once(api, db):
    response = api.post(URL, {"url": "https://93.184.216.34/hooks", "events": ["*"]})
    assert response.status_code == 201, response.content
    secret = response.json()["secret"]
    assert secret == WebhookSubscription.objects.get().secret
    listed = api.get(URL).json()
    assert [s["url"] for s in listed] == ["https://93.184.216.34/hooks"]
    assert "secret" not in listed[0]


def test_an_internal_url_is_refused_through_the_api(api, db):
    for url in ("http://127.0.0.1/x", "http://169.254.169.254/", "http://[::ffff:10.0.0.1]/"):
        response = api.post(URL, {"url": url, "events": ["*"]})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "url"
    assert not WebhookSubscription.objects.exists()


def test_an_unknown_event_is_refused(api, db):
    response = api.post(URL, {"url": "https://93.184.216.34/", "events": ["consultation.x"]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "events"


def test_unsubscribing_deactivates_and_keeps_the_log(api, db):
    created = api.post(URL, {"url": "https://93.184.216.34/", "events": ["*"]}).json()
    assert api.as_key(None).get(URL).status_code == 401
    response = api.client_delete(f"{URL}/{created['id']}")
    assert response.status_code == 204
    assert WebhookSubscription.objects.get().is_active is False


def test_another_offices_subscription_is_not_found(api, issue_key, other_office, db):
    created = api.post(URL, {"url": "https://93.184.216.34/", "events": ["*"]}).json()
    outsider = api.as_key(issue_key(for_office=other_office, name="Dumai"))
    assert outsider.client_delete(f"{URL}/{created['id']}").status_code == 404
    assert outsider.get(URL).json() == []


def test_a_key_without_the_webhooks_scope_is_refused(api, issue_key, db):
    reader = api.as_key(issue_key("read,submit,act"))
    assert reader.get(URL).status_code == 403


def test_an_officer_signed_in_may_not_manage_webhooks(client, officer):
    client.force_login(officer)
    assert client.get(URL).status_code == 403


def test_the_office_head_may(client, office_head):
    client.force_login(office_head)
    assert client.get(URL).status_code == 200


def test_a_personal_token_of_an_officer_may_not(api, officer):
    _row, token = api_keys.issue_personal_token(user=officer, name="x", scopes="all")
    assert api.as_key(token).get(URL).status_code == 403
