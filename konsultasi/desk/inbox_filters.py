"""The inbox's query string: saved view, filters, search, period and page cursor, validated
against the signed-in officer's own office (no id of another office's channel, type, section
or officer gets through)."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from konsultasi import sla
from konsultasi.accounts.models import OfficeRole, Role, User
from konsultasi.accounts.selectors import integration_accounts
from konsultasi.consultations.models import Status
from konsultasi.consultations.selectors import (
    NO_OFFICER,
    STATUS_ALL,
    STATUS_OPEN,
    Cursor,
    InboxFilters,
    InboxView,
    Moment,
    PeriodOn,
)
from konsultasi.desk.saved_views import LABELS
from konsultasi.desk.widgets import QuickDateInput, QuickSelect, QuickTextInput
from konsultasi.kept_queries import kept_rows
from konsultasi.offices.models import Channel, Office, Section, ServiceType

TODAY, WEEK, MONTH = "today", "week", "month"

# The officers an inbox may be filtered by, as (user id, name shown).
Officers = list[tuple[int, str]]

# The words a model choice answers an id that is not among the options (the same message as
# before the options were read as plain pairs).
_OPTION_ERRORS = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}


def _office_option(label) -> forms.TypedChoiceField:
    """An id chosen among the office's own options (channel, service type, section)."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
        error_messages=_OPTION_ERRORS,
    )


class InboxFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Saved view"),
        required=False,
        choices=[("", _("All"))] + [(key.value, label) for key, label in LABELS.items()],
    )
    # The widgets write their markup in Python (desk/widgets.py): the same HTML, a fraction
    # of the template work.
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=QuickTextInput)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    # Ids chosen among the office's own options, read as (id, name) pairs: the filter needs
    # only the id, the select only the name (model instances cost more than the query).
    channel = _office_option(_("Channel"))
    service_type = _office_option(_("Service type"))
    section = _office_option(_("Section"))
    officer = forms.ChoiceField(label=_("Officer"), required=False, widget=QuickSelect)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("", _("Any time")),
            (TODAY, _("Today")),
            (WEEK, _("Last 7 days")),
            (MONTH, _("This month")),
        ],
    )
    on = forms.ChoiceField(
        label=_("Date of"),
        required=False,
        widget=QuickSelect,
        choices=[
            (PeriodOn.RECEIVED.value, _("received")),
            (PeriodOn.RESOLVED.value, _("resolved")),
            (PeriodOn.DEFERRED.value, _("put into follow-up")),
            (PeriodOn.BREACHED.value, _("deadline missed")),
        ],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=QuickDateInput)
    date_to = forms.DateField(label=_("Until"), required=False, widget=QuickDateInput)
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, office: Office, officers: Officers | Callable[[], Officers]):
        super().__init__(data)
        self.office = office
        fields = cast(dict[str, Any], self.fields)
        fields["status"].choices = [
            (STATUS_OPEN, _("Open")),
            (STATUS_ALL, _("All, closed ones too")),
            *Status.choices,
        ]
        # By name within the one office (the models' default order joins the office for its
        # name); only what an option shows, read when the select is drawn or an id checked.
        fields["channel"].choices = _options(
            ("channels",), lambda: Channel.objects.filter(is_active=True)
        )
        fields["service_type"].choices = _options(
            ("service types", office.pk),
            lambda: ServiceType.objects.filter(office=office, is_active=True),
        )
        fields["section"].choices = _options(
            ("sections", office.pk), lambda: Section.objects.filter(office=office, is_active=True)
        )

        @cache
        def officer_choices() -> list[tuple[str, Any]]:
            people = officers() if callable(officers) else officers
            return [
                ("", _("All")),
                (NO_OFFICER, _("Nobody yet")),
                *((str(pk), name) for pk, name in people),
            ]

        # Read when the select is drawn or an officer is asked for, not for a live refresh of
        # the rows alone (officers may be passed as a function for that).
        fields["officer"].choices = officer_choices
        self.fields["q"].widget.attrs.update(
            {"type": "search", "data-search": "", "placeholder": _("number, name, satker, phone…")}
        )
        self.fields["date_from"].widget.input_type = "date"
        self.fields["date_to"].widget.input_type = "date"

    def clean_after(self) -> Cursor | None:
        raw = self.cleaned_data.get("after") or ""
        if not raw:
            return None
        due, _sep, pk = raw.rpartition("_")
        try:
            parsed = datetime.fromisoformat(due)
            if parsed.utcoffset() is None or not pk.isdigit():
                raise ValueError(raw)
        except ValueError:
            raise forms.ValidationError(_("This page link is not valid; start again.")) from None
        return Cursor(due=parsed, pk=int(pk))

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self, cal: sla.OfficeCalendar, moment: Moment) -> InboxFilters:
        data = self.cleaned_data
        period_start, period_end = self._period(cal, moment)
        channel, service_type, section = data["channel"], data["service_type"], data["section"]
        officer: int | str | None = data["officer"] or None
        if officer not in (None, NO_OFFICER):
            officer = int(officer)  # type: ignore[arg-type]
        return InboxFilters(
            view=InboxView(data["view"]) if data["view"] else None,
            q=data["q"] or "",
            channel=channel,
            service_type=service_type,
            section=section,
            officer=officer,
            status=data["status"] or STATUS_OPEN,
            period_on=PeriodOn(data["on"] or PeriodOn.RECEIVED),
            period_start=period_start,
            period_end=period_end,
        )

    def _period(self, cal, moment: Moment) -> tuple[datetime | None, datetime | None]:
        """Whole local days in the office zone, as a half-open range of instants."""
        data = self.cleaned_data
        today = moment.day_start.date()
        first: date | None
        last: date | None
        if data["period"] == TODAY:
            first = last = today
        elif data["period"] == WEEK:
            first, last = today - timedelta(days=6), today
        elif data["period"] == MONTH:
            first, last = today.replace(day=1), today
        else:
            first, last = data.get("date_from"), data.get("date_to")
        return (
            _midnight(cal, first) if first else None,
            _midnight(cal, last + timedelta(days=1)) if last else None,
        )


def _options(key: tuple, named: Callable[[], QuerySet]) -> Callable[[], list[tuple[str, Any]]]:
    """ "All", then the rows' ids and names by name, read once and only when asked for (the
    query built once per process: kept_queries.py)."""

    @cache
    def choices() -> list[tuple[str, Any]]:
        rows = kept_rows(
            ("filter options", *key),
            lambda _: named().order_by("name").values_list("pk", "name"),
            {},
        )
        return [("", _("All")), *((str(pk), name) for pk, name in rows)]

    return choices


def _midnight(cal: sla.OfficeCalendar, day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=cal.tz)


def office_officers(office: Office) -> Officers:
    """The people a consultation can be assigned to, for the officer filter: (id, name) as the
    user is shown (`User.__str__`), without a user instance each."""

    def build(_) -> QuerySet:
        ids = (
            OfficeRole.objects.filter(
                office=office, role__in=(Role.OFFICER, Role.SECTION_HEAD), user__is_active=True
            )
            .exclude(integration_accounts("user__"))
            .values("user")
        )
        return (
            User.objects.filter(pk__in=ids)
            .order_by("first_name", "username")
            .values_list("pk", "first_name", "last_name", "username")
        )

    # The query built once per office and process (kept_queries.py), read every time.
    people = kept_rows(("office officers", office.pk), build, {})
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in people]
