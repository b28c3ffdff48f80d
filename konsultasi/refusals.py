"""The pages of a refusal that the person did not cause by what they typed: no right to a page
(403), a form whose security token has expired (the session changed, for instance by signing in
again in another tab), and nothing at an address (404). In the site's look and language; asked
for by htmx (an action done in place), a notice for the panel instead of a whole page inside it.
The server's own failure (500) is `templates/500.html`, which needs no request."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _refusal(
        request,
        403,
        _("Not allowed"),
        _("You do not have the right to open this page or to do this here."),
    )


def expired_form(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _refusal(
        request,
        403,
        _("The page has expired"),
        _(
            "This form is no longer valid, perhaps because you signed in again in another tab. "
            "Copy what you typed, reload the page and send it again."
        ),
        back_hint=_("The browser's Back button returns to the form with what you typed."),
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _refusal(
        request,
        404,
        _("Page not found"),
        _("There is nothing at this address: it may be mistyped, or what was here is gone."),
    )


def _refusal(
    request: HttpRequest, status: int, title: str, text: str, *, back_hint: str = ""
) -> HttpResponse:
    context = {"title": title, "text": text}
    if getattr(request, "htmx", False):
        context["reload"] = request.htmx.current_url_abs_path  # type: ignore[attr-defined]
        response = render(request, "refusals/_notice.html", context, status=status)
        # Above what the part would have replaced, not instead of it: a form being sent keeps
        # what was typed in it.
        response["HX-Reswap"] = "afterbegin"
        return response
    context["home"] = "/desk/" if request.path.startswith("/desk/") else "/"
    context["back_hint"] = back_hint
    return render(request, "refusals/page.html", context, status=status)
