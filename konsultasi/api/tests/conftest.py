import pytest
from django.core.cache import cache

from konsultasi.accounts import api_keys


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issue_key(office):
    def issue(scopes="all", *, for_office=None, name="Portal nasional"):
        _row, key = api_keys.issue_integration_key(
            office=for_office or office, name=name, scopes=scopes
        )
        return key

    return issue


@pytest.fixture
def key(issue_key) -> str:
    return issue_key()


@pytest.fixture
def api(client, key):
    """The test client calling as the office's integration."""

    class Caller:
        def __init__(self, token):
            self.headers = {"Authorization": f"Bearer {token}"} if token else {}

        def get(self, path, data=None, **headers):
            return client.get(path, data, headers={**self.headers, **headers})

        def post(self, path, body=None, **headers):
            return client.post(
                path,
                body or {},
                content_type="application/json",
                headers={**self.headers, **headers},
            )

        def client_delete(self, path, **headers):
            return client.delete(path, headers={**self.headers, **headers})

        def as_key(self, token):
            return Caller(token)

    return Caller(key)


def new_question(**extra) -> dict:
    return {
        "subject": "SP2D belum terbit",
        "question": "SPM kami sudah diajukan kemarin, kapan SP2D terbit?",
        "stakeholder": {"name": "Budi Santoso", "email": "budi@satker.example"},
        **extra,
    }
