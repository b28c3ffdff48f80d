"""One error body for every refusal of the API: `{"code", "message", "errors": [{"field",
"message"}]}`, the message in the caller's language. Domain refusals keep their code; what the
framework refuses (validation, authentication, a missing page) gets one of ours."""

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from konsultasi.accounts.permissions import PermissionDenied
from konsultasi.consultations.errors import (
    AlreadyClaimed,
    ConsultationNotFound,
    IllegalTransition,
    StaleEdit,
)
from konsultasi.errors import DomainError, InvalidInput
from konsultasi.offices.calendar import OfficeCalendarInvalid


class FieldError(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    errors: list[FieldError] = []


class NotFound(DomainError):
    """Anything the caller may not see is as missing as what does not exist."""

    code = "not_found"

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Not found."))


class FieldRefusal(InvalidInput):
    """Input refused for one named field."""

    def __init__(self, field: str, message: str):
        self.field_errors = {field: [message]}
        super().__init__(message)


class Forbidden(DomainError):
    """A refusal the permission table does not name (staff-only lookups)."""

    code = "permission_denied"


class MissingScope(DomainError):
    code = "insufficient_scope"

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__(_("This API key lacks the scope “%(scope)s”.") % {"scope": scope})


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(
            _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": retry_after}
        )


class Unavailable(DomainError):
    code = "unavailable"


STATUS_OF: list[tuple[type[DomainError], int]] = [
    (ConsultationNotFound, 404),
    (NotFound, 404),
    (PermissionDenied, 403),
    (MissingScope, 403),
    (Forbidden, 403),
    (StaleEdit, 409),
    (AlreadyClaimed, 409),
    (IllegalTransition, 409),
    (RateLimited, 429),
    (Unavailable, 503),
]


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, errors=()
) -> HttpResponse:
    body = {"code": code, "message": str(message), "errors": list(errors)}
    return api.create_response(request, body, status=status)


# Pydantic's messages are English: the common ones get ours, the rest a general one.
def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        return _("This value is too long.")
    if kind in ("string_too_short", "too_short"):
        return _("This value is too short.")
    if kind == "string_pattern_mismatch":
        return _("This value does not have the expected form.")
    if kind.startswith(("int_", "float_")) or kind in ("greater_than_equal", "less_than_equal"):
        return _("Enter a whole number in the allowed range.")
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("Enter a valid e-mail address.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


def _field_name(loc) -> str:
    # ("body", "payload", "stakeholder", "email") → "stakeholder.email"
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    if parts and parts[0] in ("payload", "data"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        errors = [
            {"field": _field_name(e.get("loc", ())), "message": _field_message(e)}
            for e in exc.errors
        ]
        return error_response(
            api, request, 422, "invalid_input", _("The request is not valid."), errors
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = error_response(
            api,
            request,
            401,
            "not_authenticated",
            _("Sign in, or send an API key as “Authorization: Bearer KEY”."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 403:
            return error_response(
                api,
                request,
                403,
                "csrf_failed",
                _("The CSRF check failed. Send the CSRF token with a signed-in request."),
            )
        if exc.status_code == 400:
            return error_response(
                api, request, 400, "bad_request", _("The request body could not be read as JSON.")
            )
        return error_response(api, request, exc.status_code, "error", _("The request failed."))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        # A body past DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a malformed header.
        return error_response(
            api, request, 400, "bad_request", _("The request is too large or malformed.")
        )

    @api.exception_handler(Http404)
    def missing(request, exc):
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(OfficeCalendarInvalid)
    def calendar_invalid(request, exc: OfficeCalendarInvalid):
        return error_response(api, request, 503, "unavailable", exc.message)

    @api.exception_handler(DomainError)
    def refused(request, exc: DomainError):
        status = next((s for cls, s in STATUS_OF if isinstance(exc, cls)), 422)
        # A refusal that names its fields (a stakeholder's profile, a filter) lists them.
        field_errors = getattr(exc, "field_errors", None) or {}
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in field_errors.items()
            for message in messages
        ]
        response = error_response(api, request, status, exc.code, exc.message, errors)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response


def responses(*codes: int) -> dict[int, type[ErrorBody]]:
    return dict.fromkeys(codes, ErrorBody)


def refusals(*extra: int) -> dict[int, type[ErrorBody]]:
    """The refusals every authenticated operation may answer with, and `extra`."""
    return responses(400, 401, 403, 404, 422, 429, *extra)
