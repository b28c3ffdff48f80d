"""The forms of the walk-in desk: choosing a counter, and registering a called visitor (who
they are — found again or new — and their question)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.consultations.intake import QUESTION_MAX, SUBJECT_MAX
from konsultasi.desk.stakeholder_forms import PROFILE_FIELDS, NewStakeholderFields
from konsultasi.offices.models import Office, ServiceType
from konsultasi.walkins.models import Counter

NEW = "new"


class CounterChoiceForm(forms.Form):
    counter = forms.ModelChoiceField(
        label=_("My counter"), queryset=Counter.objects.none(), empty_label=None
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = Counter.objects.filter(office=office, is_active=True)  # type: ignore[attr-defined]


class RegistrationForm(NewStakeholderFields):
    """Step 1 (who) and steps 2–3 (what) of the standard, in one form. The stakeholder is one
    found by the search (its id) or "new", with the new profile's fields filled in."""

    field_order = ["stakeholder", *PROFILE_FIELDS]

    stakeholder = forms.CharField(
        label=_("Stakeholder"),
        error_messages={"required": _("Choose the stakeholder, or register a new one.")},
    )
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    question = forms.CharField(
        label=_("Question"), max_length=QUESTION_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    service_type = forms.ModelChoiceField(
        label=_("Service type"),
        queryset=ServiceType.objects.none(),
        required=False,
        empty_label=_("— not yet known —"),
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["service_type"].queryset = ServiceType.objects.filter(  # type: ignore[attr-defined]
            office=office, is_active=True
        ).order_by("name")

    def clean_stakeholder(self) -> StakeholderProfile | str:
        value = self.cleaned_data["stakeholder"]
        if value == NEW:
            return NEW
        found = (
            StakeholderProfile.objects.filter(office=self.office, pk=value).first()
            if value.isdigit()
            else None
        )
        if found is None:
            raise forms.ValidationError(_("Choose the stakeholder again: that one is not found."))
        return found

    def clean(self):
        data = super().clean() or {}
        if data.get("stakeholder") == NEW and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Write the new stakeholder's full name."))
        return data

    @property
    def is_new_stakeholder(self) -> bool:
        return self.cleaned_data.get("stakeholder") == NEW
