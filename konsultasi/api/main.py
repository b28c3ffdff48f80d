"""The API object: version 1 of the routers, the two ways to authenticate, one error body,
the caller's language, and the documentation served from our own static files (ninja's
Swagger UI assets, no CDN: the pages run under a strict Content-Security-Policy)."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from konsultasi.api import consultations, errors, library, reference, webhooks
from konsultasi.api.auth import ApiKeyAuth, SessionAuth, callers_language

api = NinjaAPI(
    title="Layanan Konsultasi API",
    version="1.0.0",
    # For the programmers who integrate: English, like the schema's names.
    description=(
        "The consultation service desk of a State Treasury office (KPPN), for programs. "
        "Authenticate with `Authorization: Bearer KEY` (an office's integration key or a "
        "personal token) or a signed-in session with its CSRF token. Every refusal has "
        "the body {code, message, errors: [{field, message}]}; the message speaks the "
        "language of Accept-Language (Indonesian by default). Lists page with an opaque "
        "`cursor`; changes carry the `version` you read (409 when it is stale); "
        "`Idempotency-Key` makes a submission safe to retry."
    ),
    auth=[ApiKeyAuth(), SessionAuth()],
    urls_namespace="api",
    docs=Swagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_decorator(callers_language, mode="view")
api.add_router("/v1", consultations.router)
api.add_router("/v1", reference.router)
api.add_router("/v1", webhooks.router)
api.add_router("/v1", library.router)
