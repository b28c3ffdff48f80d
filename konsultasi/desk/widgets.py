"""Form widgets that write their markup in Python instead of through Django's widget templates.

Django renders a <select> with one template include per option (and one more per option for
its attributes): the inbox's filter form, seven selects with some sixty options, cost more
than the whole table of fifty rows (bench/RESULTS.md). These widgets write exactly the markup
of Django's templates (django/forms/widgets/select.html, select_option.html, input.html and
attrs.html, the renderer's strip() included); a test renders both and compares them."""

from typing import Any

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: str() of the value, escaped unless it was safe."""
    shown = "%s" % (value,)  # noqa: UP031 - the filter's own formatting
    safe = isinstance(value, SafeData)
    return conditional_escape(mark_safe(shown) if safe else shown)  # noqa: S308 - was safe


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_text(value)}"')
    return "".join(parts)


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(localize(option['label']))}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())  # noqa: S308 - every value escaped above


class _QuickInput:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
        html = (
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
        )
        return mark_safe(html)  # noqa: S308 - every value escaped above


class QuickTextInput(_QuickInput, forms.TextInput):
    pass


class QuickDateInput(_QuickInput, forms.DateInput):
    pass
