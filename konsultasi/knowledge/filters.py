"""The search box and its filters, as the desk and the portal both read them from a query
string (GET): the text, kind, year, status and service type."""

from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.knowledge.models import EntryStatus, Kind
from konsultasi.knowledge.search import QUERY_MAX, EntryFilters
from konsultasi.offices.models import ServiceType


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=QUERY_MAX)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.IntegerField(
        label=_("Year issued"), required=False, min_value=1945, max_value=2100
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    service_type = forms.ChoiceField(label=_("Service type"), required=False)

    def __init__(self, *args, service_types=(), **kwargs):
        """`service_types`: the choices, or a function that reads them; a function is called
        only when they are needed (the select drawn, or a service type asked for), so the
        results as you type, which send none, read none."""
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["kind"].choices = anything + list(Kind.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = anything + list(EntryStatus.choices)  # type: ignore[attr-defined]

        @cache  # read once, however often the field looks at its choices
        def service_type_choices():
            chosen = service_types() if callable(service_types) else service_types
            return anything + [(t.code, t.name) for t in chosen]

        self.fields["service_type"].choices = service_type_choices  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "aria-describedby": "id_q-hint"}
        )

    def filters(self) -> EntryFilters:
        data = self.cleaned_data
        return EntryFilters(
            kind=data.get("kind") or "",
            year=data.get("year"),
            status=data.get("status") or "",
            service_type=data.get("service_type") or "",
        )

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q") or ""


def office_service_types(office) -> list[ServiceType]:
    return list(ServiceType.objects.filter(office=office, is_active=True).order_by("name"))
