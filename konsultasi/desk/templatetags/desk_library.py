"""The answer-suggestions panel of the workspace, as one tag: `{% answer_suggestions c %}`.

The tag renders a placeholder that loads the panel from its own request once the page is
there (answer_suggestions.suggestions): the workspace does not wait for the search."""

from django import template

register = template.Library()


@register.inclusion_tag("desk/workspace/_answer_suggestions_placeholder.html")
def answer_suggestions(c):
    return {"c": c}
