"""Files of a consultation, served only to someone who may see it — staff of its office and
the stakeholder who asked (the portal will link here too) — and only ever as a download, or
as a sandboxed preview for the few types a browser shows without running anything."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from konsultasi.accounts.models import Role
from konsultasi.accounts.permissions import roles_in
from konsultasi.consultations.access import consultation_for
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Attachment

# Shown inline in a preview: none of these can carry script the browser would run.
PREVIEWABLE = frozenset({"image/png", "image/jpeg", "application/pdf"})


@login_required
@require_GET
def attachment(request: HttpRequest, number: str, pk: int, preview: bool = False) -> FileResponse:
    try:
        c = consultation_for(request.user, number=number)  # type: ignore[arg-type]
    except ConsultationNotFound:
        raise Http404 from None
    found = Attachment.objects.select_related("message").filter(consultation=c, pk=pk).first()
    if found is None:
        raise Http404
    staff = roles_in(request.user, c.office) - {Role.STAKEHOLDER}  # type: ignore[arg-type]
    if found.message is not None and found.message.is_internal and not staff:
        raise Http404
    inline = preview and found.content_type in PREVIEWABLE
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=found.original_name,
        content_type=found.content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
