"""The forms of the walk-in desk: choosing a counter, and registering a called visitor (who
they are — found again or new — and their question)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import (
    StakeholderProfile,
    nik_validator,
    nip_validator,
    work_unit_code_validator,
)
from konsultasi.consultations.intake import QUESTION_MAX, SUBJECT_MAX
from konsultasi.offices.models import Office, ServiceType
from konsultasi.walkins.models import Counter

NEW = "new"
# The fields of a new stakeholder; a refusal of the profile service names them the same way.
PROFILE_FIELDS = (
    "full_name",
    "position",
    "work_unit_code",
    "work_unit_name",
    "organisation",
    "phone",
    "email",
    "nip",
    "nik",
)


class CounterChoiceForm(forms.Form):
    counter = forms.ModelChoiceField(
        label=_("My counter"), queryset=Counter.objects.none(), empty_label=None
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = Counter.objects.filter(office=office, is_active=True)  # type: ignore[attr-defined]


class RegistrationForm(forms.Form):
    """Step 1 (who) and steps 2–3 (what) of the standard, in one form. The stakeholder is one
    found by the search (its id) or "new", with the new profile's fields filled in."""

    stakeholder = forms.CharField(
        label=_("Stakeholder"),
        error_messages={"required": _("Choose the stakeholder, or register a new one.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    position = forms.ChoiceField(
        label=_("Position"),
        choices=StakeholderProfile.Position.choices,
        initial=StakeholderProfile.Position.TREASURER,
        required=False,
    )
    work_unit_code = forms.CharField(
        label=_("Satker code"),
        max_length=6,
        required=False,
        validators=[work_unit_code_validator],
        help_text=_("6 digits. Leave empty for partners and the public."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    work_unit_name = forms.CharField(
        label=_("Satker name"),
        max_length=300,
        required=False,
        help_text=_("Only when the satker code is not on file yet."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For partners: the bank or local government."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    nip = forms.CharField(
        label=_("NIP (optional)"),
        max_length=18,
        required=False,
        validators=[nip_validator],
        help_text=_("18 digits, for civil servants."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        max_length=16,
        required=False,
        validators=[nik_validator],
        help_text=_("16 digits. Personal data: shown masked afterwards."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
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

    def profile_fields(self) -> dict[str, str]:
        """What the officer filled in; what is left empty takes the profile's default."""
        return {name: value for name in PROFILE_FIELDS if (value := self.cleaned_data.get(name))}
