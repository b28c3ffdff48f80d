"""The WhatsApp Cloud API webhook: a thin view over konsultasi.inbound.whatsapp.

Not CSRF-protected (the caller is Meta's server, not a browser) and not signed in: the
signature of the body with the app secret is the authentication."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from konsultasi.inbound import whatsapp

MAX_BODY_BYTES = 1024 * 1024


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        challenge = whatsapp.verification_answer(
            request.GET.get("hub.mode"),
            request.GET.get("hub.verify_token"),
            request.GET.get("hub.challenge"),
        )
        if challenge is None:
            return HttpResponseForbidden("verification failed")
        return HttpResponse(challenge, content_type="text/plain")
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY_BYTES:
        return HttpResponse("too large", status=413)
    raw = request.body
    if not whatsapp.signature_is_valid(raw, request.headers.get("X-Hub-Signature-256")):
        return HttpResponseForbidden("bad signature")
    try:
        whatsapp.receive_webhook(raw)
    except ValueError:  # includes malformed JSON
        return HttpResponseBadRequest("not a WhatsApp notification")
    return HttpResponse("ok", content_type="text/plain")
