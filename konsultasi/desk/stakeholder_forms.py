"""The fields of a stakeholder registered on the spot, declared once for every desk form that
can register one (the walk-in counter, the logged-contacts page) and rendered by one include
(`desk/includes/new_stakeholder_fields.html`). Their names are those of `register_stakeholder`,
so its refusals land on the field they are about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import (
    StakeholderProfile,
    nik_validator,
    nip_validator,
    work_unit_code_validator,
)

# The fields of a new stakeholder, in the order the form shows them.
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


def _digits(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", **attrs})


class NewStakeholderFields(forms.Form):
    """Mixed into a desk form; all optional here, as the stakeholder may be found instead: the
    form decides what a new one needs, the profile service checks the rest."""

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
        widget=_digits(),
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
        label=_("Phone / WhatsApp"),
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
        widget=_digits(),
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        max_length=16,
        required=False,
        validators=[nik_validator],
        help_text=_("16 digits. Personal data: shown masked afterwards."),
        widget=_digits(),
    )

    def profile_fields(self) -> dict[str, str]:
        """What the officer filled in; what is left empty takes the profile's default."""
        return {name: value for name in PROFILE_FIELDS if (value := self.cleaned_data.get(name))}
