"""Who is calling, in which language, and how often.

People call with their session (and the CSRF token on every change, as on the pages) or with a
personal token; integrations with an office's API key (`accounts.api_keys`). Either way the
request carries a `Caller`: the user the lifecycle services check against the one permission
table, and the key, whose scopes the endpoints check on top. Every caller is counted per
window in the cache; past the limit the answer is 429 with Retry-After."""

import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from konsultasi.accounts import api_keys
from konsultasi.accounts.api_keys import Scope
from konsultasi.accounts.models import ApiKey, User
from konsultasi.api.errors import MissingScope, RateLimited
from konsultasi.consultations.intake import active_channel_read_now, active_channel_with_the_row
from konsultasi.notifications import webhooks
from konsultasi.offices.models import Channel
from konsultasi.window_counts import count_in_window

DEFAULT_RATE_LIMIT = 300  # requests per caller per window
DEFAULT_RATE_WINDOW = 60  # seconds


@dataclass(frozen=True)
class Caller:
    user: User
    api_key: ApiKey | None = None

    def has_scope(self, scope: Scope) -> bool:
        return self.api_key is None or scope.value in self.api_key.scopes

    @property
    def rate_key(self) -> str:
        return f"key:{self.api_key.pk}" if self.api_key else f"user:{self.user.pk}"


def caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


def require_scope(request: HttpRequest, scope: Scope) -> Caller:
    found = caller(request)
    if not found.has_scope(scope):
        raise MissingScope(scope.value)
    return found


def count_request(who: str, *, now: float | None = None) -> None:
    """A fixed window per caller, counted in the cache (shared by every app server when the
    cache is Redis or the database). Raises RateLimited past the limit."""
    limit = getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    window = getattr(settings, "API_RATE_WINDOW", DEFAULT_RATE_WINDOW)
    now = time.time() if now is None else now
    slot = int(now // window)
    used = count_in_window(f"api-rate:{who}:{slot}", seconds=window + 1)
    if used > limit:
        raise RateLimited(max(1, math.ceil((slot + 1) * window - now)))


# What an integration's question needs besides the key's row and its office's, read with the
# key on every call: whether anyone listens to the office's webhooks (none: the question reads
# no subscriptions), and the API channel it came through unless it says.
ASKED_WITH_THE_KEY = {
    "office_listens": webhooks.any_active_in_the_rows_office(),
    "api_channel": active_channel_with_the_row(Channel.Kind.API),
}


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer KEY`: an office's integration key or a personal token."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = api_keys.authenticate(token, asking=ASKED_WITH_THE_KEY)
        if found is None:
            return None
        if found.office is not None:
            if not found.office_listens:  # type: ignore[attr-defined]
                webhooks.none_active_read_now(found.office)
            active_channel_read_now(found.office, Channel.Kind.API, found.api_channel)  # type: ignore[attr-defined]
        who = Caller(user=found.user, api_key=found)
        count_request(who.rate_key)
        return who


class SessionAuth(APIKeyCookie):
    """The signed-in person's session; a change needs the CSRF token, as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, once we know there is a session

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise HttpError(403, "CSRF check failed")
        who = Caller(user=user)
        count_request(who.rate_key)
        return who


def requested_language(header: str) -> str:
    """The first of our languages the Accept-Language header names, else Indonesian."""
    ours = dict(settings.LANGUAGES)
    for code, _quality in parse_accept_lang_header(header[:500]):
        base = code.split("-")[0].lower()
        if base in ours:
            return base
    return settings.LANGUAGE_CODE


def callers_language(run):
    """Speak the caller's language: Accept-Language, Indonesian when it names neither of ours.
    (The pages ignore the browser's language; a program says what it wants.)"""

    @wraps(run)
    def speaking(request: HttpRequest, *args, **kwargs):
        language = requested_language(request.headers.get("Accept-Language", ""))
        with translation.override(language):
            response = run(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

    return speaking
