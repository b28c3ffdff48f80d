"""The workspace of one consultation: the page, its action forms and its live clocks.

Every action is a small form: opened in place with htmx, or as the workspace page with that
form open without JavaScript; posted, it calls the service. A refusal shows the service's
message in the form's error summary (400; 409 when someone else was faster; 403 when the
role may not); a success goes back to the workspace (a redirect, or the refreshed workspace
swapped in place)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from konsultasi.accounts.permissions import Action, PermissionDenied, roles_in
from konsultasi.consultations import clocks as domain_clocks
from konsultasi.consultations.access import consultations_visible_to
from konsultasi.consultations.actions import available_actions
from konsultasi.consultations.errors import AlreadyClaimed, ConsultationNotFound, StaleEdit
from konsultasi.consultations.models import Consultation, Escalation, Status
from konsultasi.consultations.previews import follow_up_due_if_deferred
from konsultasi.consultations.timeline import consultation_timeline, last_changed_by
from konsultasi.desk.access import DESK_ROLES, staff_office, staff_required
from konsultasi.desk.clocks import ClockView, full_text
from konsultasi.desk.inbox_rows import workspace_links
from konsultasi.desk.today import request_calendar, request_now
from konsultasi.desk.workspace_actions import BY_SLUG, SPECS, ActionSpec, citations_in
from konsultasi.desk.workspace_clocks import workspace_clocks
from konsultasi.errors import DomainError
from konsultasi.knowledge.selectors import cited_references
from konsultasi.offices.calendar import office_calendar
from konsultasi.offices.suggestions import suggest_service_types

EARLIER_SHOWN = 8


# What the workspace shows of a consultation, read with it.
WORKSPACE_RELATED = (
    "office",
    "stakeholder__work_unit",
    "channel",
    "service_type",
    "section",
    "assignee",
)


def fetch_consultation(
    request: HttpRequest, number: str, related: tuple[str, ...] = WORKSPACE_RELATED
) -> Consultation:
    """The consultation, through the access helper, in an office where the user works the
    desk; anything else is 404, like a number that does not exist. `related`: what is read
    with it (a fragment that shows less asks for less)."""
    found = (
        consultations_visible_to(request.user)  # type: ignore[arg-type]
        .select_related(*related)
        .filter(number=number)
        .first()
    )
    if found is None or not roles_in(request.user, found.office) & DESK_ROLES:  # type: ignore[arg-type]
        raise Http404
    return found


def workspace_url(c: Consultation) -> str:
    return reverse("desk:consultation", kwargs={"number": c.number})


def action_url(c: Consultation, slug: str) -> str:
    return reverse("desk:consultation_action", args=[c.number, slug])


class Workspace:
    """Everything the workspace page shows, read once per request in a fixed number of
    queries, whatever the length of the history."""

    def __init__(self, request: HttpRequest, c: Consultation):
        self.request, self.c = request, c
        self.now = request_now(request)

    @cached_property
    def escalation(self) -> Escalation | None:
        if self.c.status != Status.ESCALATED:
            return None
        return self.c.escalations.open().select_related("section").order_by("-requested_at").first()

    @cached_property
    def cal(self):
        # The frame's calendar, unless the consultation is of another office of the user's.
        if self.c.office_id == staff_office(self.request).pk:
            return request_calendar(self.request)
        return office_calendar(self.c.office, around=self.now.date())

    @cached_property
    def offered(self):
        return available_actions(
            self.request.user,  # type: ignore[arg-type]
            self.c,
            open_escalation=self.escalation,
            now=self.now,
        )

    @property
    def specs(self) -> list[ActionSpec]:
        return [spec for spec in SPECS if spec.action in self.offered]

    def buttons(self) -> list[tuple[ActionSpec, str, str]]:
        """The offered actions with their button style and address: one primary action per
        page, the first that moves the consultation on; the others are secondary."""
        found, primary_given = [], False
        for spec in self.specs:
            style = spec.style
            if style == "primary":
                style = "secondary" if primary_given else "primary"
                primary_given = True
            found.append((spec, style, action_url(self.c, spec.slug)))
        return found

    @cached_property
    def suggestions(self) -> list:
        if not self.c.is_open:
            return []
        return suggest_service_types(
            office=self.c.office, text=f"{self.c.subject}\n{self.c.question}"
        )

    def clocks(self) -> list[ClockView]:
        return workspace_clocks(self.c, cal=self.cal, now=self.now)

    def when(self, instant) -> str:
        return full_text(instant.astimezone(self.cal.tz))

    def form_for(self, spec: ActionSpec, data=None, files=None):
        extra = {}
        if spec.action == Action.CLASSIFY:
            suggested = self.suggestions
            extra["suggested"] = suggested[0].pk if suggested else None
        if spec.action == Action.RESOLVE and data is None:
            # The entries cited from the answer suggestions are the answer's legal basis.
            extra["initial"] = {"regulations": cited_references(self.c)}
        return spec.form(data, files, consultation=self.c, **extra)

    def consequence(self, spec: ActionSpec) -> str:
        """What confirming will lead to, said before the officer confirms."""
        if spec.action == Action.DEFER:
            due = follow_up_due_if_deferred(self.c, cal=self.cal, now=self.now)
            if due is not None:
                return _("Follow-up due: %(when)s") % {"when": self.when(due)}
        if spec.action == Action.ESCALATE:
            due = domain_clocks.escalation_due(self.cal, self.c.office, self.now)
            return _("The section head answers by %(when)s.") % {"when": self.when(due)}
        return ""

    def context(self, *, spec: ActionSpec | None = None, form=None) -> dict:
        c = self.c
        timeline = consultation_timeline(c, include_internal=True)
        question = next((e for e in timeline if e.kind == "question"), None)
        link = workspace_links()
        earlier = [
            (other, link(other.number))
            for other in consultations_visible_to(self.request.user)  # type: ignore[arg-type]
            .filter(stakeholder=c.stakeholder_id)
            .exclude(pk=c.pk)
            .only("number", "status", "subject")
            .order_by("-received_at")[:EARLIER_SHOWN]
        ]
        if spec is not None and form is None:
            form = self.form_for(spec)
        suggestions = self.suggestions
        return {
            "c": c,
            "stakeholder": c.stakeholder,
            "question": question,
            "timeline": [e for e in timeline if e is not question],
            "attachments": [a for e in timeline for a in e.attachments],
            "earlier": earlier,
            "clocks": self.clocks(),
            "escalation": self.escalation,
            "buttons": self.buttons(),
            "can_classify": Action.CLASSIFY in self.offered,
            "classify_url": action_url(c, "klasifikasi"),
            "open_spec": spec,
            "form": form,
            "consequence": self.consequence(spec) if spec is not None else "",
            "suggestions": [s for s in suggestions if s.pk != c.service_type_id],
            "citations": citations_in(c.resolution),
            "zone": self.now.astimezone(self.cal.tz).tzname(),
        }


@staff_required
@require_GET
def consultation(request: HttpRequest, number: str) -> HttpResponse:
    c = fetch_consultation(request, number)
    return render(request, "desk/workspace/page.html", Workspace(request, c).context())


@staff_required
@require_GET
def consultation_clocks(request: HttpRequest, number: str) -> HttpResponse:
    """The clocks, polled by the page; also says when someone else changed the consultation."""
    c = fetch_consultation(request, number)
    workspace = Workspace(request, c)
    shown = request.GET.get("version", "")
    changed_by = None
    if shown.isdigit() and int(shown) != c.version:
        changed_by = last_changed_by(c) or _("someone")
    context = {
        "c": c,
        "clocks": workspace.clocks(),
        "shown_version": shown if shown.isdigit() else c.version,
        "changed_by": changed_by,
    }
    return render(request, "desk/workspace/_clocks.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def consultation_action(request: HttpRequest, number: str, slug: str) -> HttpResponse:
    spec = BY_SLUG.get(slug)
    if spec is None:
        raise Http404
    c = fetch_consultation(request, number)
    workspace = Workspace(request, c)
    if request.method == "GET":
        if spec.action not in workspace.offered:
            return not_available(request, c)
        return _render_action(request, workspace, spec, workspace.form_for(spec))

    form = workspace.form_for(spec, request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            spec.perform(request.user, c, form.cleaned_data)  # type: ignore[arg-type]
        except ConsultationNotFound:
            raise Http404 from None
        except DomainError as error:
            status = _status_of(error)
            form.add_error(None, _refusal(error, c))
            form.stale = isinstance(error, StaleEdit | AlreadyClaimed)
        else:
            return _done(request, c, spec)
    return _render_action(request, workspace, spec, form, status=status)


def _status_of(error: DomainError) -> int:
    if isinstance(error, StaleEdit | AlreadyClaimed):
        return 409
    if isinstance(error, PermissionDenied):
        return 403
    return 400


def _refusal(error: DomainError, c: Consultation) -> str:
    if isinstance(error, StaleEdit):
        who = getattr(error, "changed_by", None) or last_changed_by(c)
        if who is not None:
            return _(
                "%(who)s changed this consultation after you opened it. Reload the page to "
                "see the change; nothing of yours was saved."
            ) % {"who": who}
    return error.message


def _render_action(request, workspace: Workspace, spec: ActionSpec, form, *, status=200):
    if request.htmx:
        context = {
            "c": workspace.c,
            "open_spec": spec,
            "form": form,
            "consequence": workspace.consequence(spec),
        }
        return render(request, "desk/workspace/_action_form.html", context, status=status)
    context = workspace.context(spec=spec, form=form)
    return render(request, "desk/workspace/page.html", context, status=status)


def _done(request: HttpRequest, c: Consultation, spec: ActionSpec) -> HttpResponse:
    messages.success(request, str(spec.done))
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(workspace_url(c), permanent=False)
    # Swap the refreshed workspace in place of the old one, flash message included.
    fresh = fetch_consultation(request, c.number)
    context = {**Workspace(request, fresh).context(), "refreshed": True}
    response = render(request, "desk/workspace/_workspace.html", context)
    response["HX-Retarget"] = "#workspace"
    response["HX-Reswap"] = "outerHTML"
    # An action whose form was opened as a page of its own (its address in the bar): the
    # bar shows the workspace again, so a reload does not bring the form back.
    response["HX-Replace-Url"] = workspace_url(c)
    return response


def not_available(request: HttpRequest, c: Consultation, text: str = "") -> HttpResponse:
    """An action or form that the consultation's state no longer offers: in place, a notice in
    the action panel (409); as a page, a warning on the workspace."""
    text = text or _(
        "This action is not available now: the consultation may have changed. Reload it."
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "desk/workspace/_not_available.html", {"c": c, "text": text}, status=409
        )
    messages.warning(request, text)
    return redirect(workspace_url(c), permanent=False)
