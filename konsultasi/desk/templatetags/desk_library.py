"""The answer-suggestions panel of the workspace, as one tag: `{% answer_suggestions c %}`."""

from django import template

from konsultasi.desk.answer_suggestions import panel_for

register = template.Library()


@register.inclusion_tag("desk/workspace/_answer_suggestions.html", takes_context=True)
def answer_suggestions(context, c):
    request = context["request"]
    return {
        "panel": panel_for(request, c),
        "c": c,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
