"""The form of the logged-contacts page: a question that came to the office's official
e-mail, WhatsApp or phone, for a stakeholder found again or registered on the spot."""

import uuid
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import StakeholderProfile
from konsultasi.consultations.intake import QUESTION_MAX, SUBJECT_MAX, TOKEN_MAX
from konsultasi.desk.stakeholder_forms import PROFILE_FIELDS, NewStakeholderFields
from konsultasi.offices.models import Channel, Office, ServiceType

NEW = "new"
LOGGED_KINDS = (Channel.Kind.EMAIL, Channel.Kind.WHATSAPP, Channel.Kind.PHONE)


class LoggedContactForm(NewStakeholderFields):
    field_order = ["client_token", "channel", "received_at", "q", "stakeholder", *PROFILE_FIELDS]

    client_token = forms.CharField(widget=forms.HiddenInput, max_length=TOKEN_MAX)
    channel = forms.ModelChoiceField(
        label=_("Received through"), queryset=Channel.objects.none(), empty_label=None
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty if it came in just now. The service clock starts from here."),
    )
    q = forms.CharField(
        label=_("Find the stakeholder"),
        required=False,
        max_length=200,
        help_text=_("Satker code, name, phone, NIP or e-mail."),
    )
    stakeholder = forms.CharField(label=_("Stakeholder"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    question = forms.CharField(
        label=_("Question"), max_length=QUESTION_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    service_type = forms.ModelChoiceField(
        label=_("Service type"),
        queryset=ServiceType.objects.none(),
        required=False,
        empty_label=_("Not known yet"),
    )
    claim = forms.BooleanField(label=_("I will handle it myself"), required=False, initial=True)

    def __init__(self, *args, office: Office, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.office = office
        cast(forms.ModelChoiceField, self.fields["channel"]).queryset = Channel.objects.filter(
            kind__in=LOGGED_KINDS, is_active=True
        ).order_by("name")
        cast(
            forms.ModelChoiceField, self.fields["service_type"]
        ).queryset = ServiceType.objects.filter(office=office, is_active=True).order_by("name")

    def clean_stakeholder(self) -> StakeholderProfile | str | None:
        value = (self.cleaned_data.get("stakeholder") or "").strip()
        if value in ("", NEW):
            return value or None
        if not value.isdigit():
            raise forms.ValidationError(_("Choose a stakeholder from the list."))
        found = StakeholderProfile.objects.filter(office=self.office, pk=int(value)).first()
        if found is None:
            raise forms.ValidationError(_("Choose a stakeholder from the list."))
        return found

    def clean(self):
        cleaned = super().clean() or {}
        chosen = cleaned.get("stakeholder")
        if "stakeholder" in self.errors:
            return cleaned
        if chosen is None and (cleaned.get("full_name") or "").strip():
            chosen = cleaned["stakeholder"] = NEW
        if chosen is None:
            self.add_error(
                "stakeholder",
                _("Choose the stakeholder from the search results, or register a new one."),
            )
        elif chosen == NEW:
            if not (cleaned.get("full_name") or "").strip():
                self.add_error("full_name", _("Write the stakeholder's full name."))
            if not (cleaned.get("phone") or "").strip() and not cleaned.get("email"):
                self.add_error(
                    "phone", _("Record a phone number or an e-mail address to reply to.")
                )
        return cleaned
