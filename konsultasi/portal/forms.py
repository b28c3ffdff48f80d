"""The portal's forms. They check what a form can (required fields, lengths, choices of the
office); the services check the rest, and their refusals land in the same error summary."""

import uuid

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import PreferredChannel, StakeholderProfile
from konsultasi.consultations.attachments import MAX_FILES_PER_UPLOAD
from konsultasi.consultations.intake import QUESTION_MAX, SUBJECT_MAX
from konsultasi.desk.forms import MultipleFileField
from konsultasi.offices.models import ServiceType

TEXT_MAX = 20_000
FILES_HINT = _("PDF, images, Office documents or text; at most 10 MB each, %(n)d files at a time.")


def textarea(rows: int = 5, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


class VersionedForm(forms.Form):
    """A form on one consultation, carrying the version it was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, consultation, **kwargs):
        self.consultation = consultation
        kwargs.setdefault("initial", {}).setdefault("version", consultation.version)
        super().__init__(*args, **kwargs)


class ReplyForm(VersionedForm):
    body = forms.CharField(label=_("Your message"), max_length=TEXT_MAX, widget=textarea(4))


class DocumentsForm(VersionedForm):
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=FILES_HINT % {"n": MAX_FILES_PER_UPLOAD},
    )
    note = forms.CharField(
        label=_("Message (optional)"), required=False, max_length=TEXT_MAX, widget=textarea(3)
    )

    def clean(self):
        cleaned = super().clean() or {}
        if not cleaned.get("documents") and not (cleaned.get("note") or "").strip():
            raise forms.ValidationError(_("Attach the documents or write a message."))
        return cleaned


class ConfirmForm(VersionedForm):
    """Confirming that the answer solved the question."""


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why the answer did not solve your question"),
        max_length=TEXT_MAX,
        widget=textarea(3),
    )


class AskForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX)
    question = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX,
        widget=textarea(7),
        help_text=_("Say what you need and, if it helps, the numbers involved (SPM, SP2D, NTPN)."),
    )
    service_type = forms.ModelChoiceField(
        label=_("Service type (optional)"),
        queryset=ServiceType.objects.none(),
        required=False,
        empty_label=_("I don't know — the officer will decide"),
        help_text=_("The officer decides in the end."),
    )
    documents = MultipleFileField(
        label=_("Supporting documents (optional)"),
        required=False,
        help_text=FILES_HINT % {"n": MAX_FILES_PER_UPLOAD},
    )
    preferred_channel = forms.ChoiceField(
        label=_("How should we tell you of news?"),
        choices=PreferredChannel.choices,
        widget=forms.RadioSelect,
        help_text=_("You can always follow your question here as well."),
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, office, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = ServiceType.objects.filter(  # type: ignore[attr-defined]
            office=office, is_active=True
        ).order_by("name")


class GuestAskForm(AskForm):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone or WhatsApp number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    field_order = ["full_name", "phone", "subject", "question"]


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    position = forms.ChoiceField(label=_("Position"), choices=StakeholderProfile.Position.choices)
    work_unit_code = forms.CharField(
        label=_("Work unit (satker) code"),
        max_length=6,
        required=False,
        help_text=_("6 digits, e.g. 012345. Leave empty if you do not work for a satker."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                # The name on file shows under the field as the code is typed (htmx).
                "hx-get": reverse_lazy("portal:work_unit_lookup"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#work-unit-found",
                "aria-describedby": "work-unit-found",
            }
        ),
    )
    work_unit_name = forms.CharField(
        label=_("Work unit name"),
        max_length=300,
        required=False,
        help_text=_("Only if the code is not known to us yet."),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        help_text=_("For partners: the bank or local government."),
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    nip = forms.CharField(
        label=_("NIP (optional)"),
        max_length=18,
        required=False,
        help_text=_("18 digits, for civil servants."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        max_length=16,
        required=False,
        help_text=_("16 digits. Kept as personal data and always shown masked."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How should we tell you of news?"),
        choices=PreferredChannel.choices,
        widget=forms.RadioSelect,
    )


class RegistrationForm(ProfileForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["password1", "password2"]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class EditProfileForm(ProfileForm):
    nik_remove = forms.BooleanField(label=_("Remove my NIK"), required=False)

    def __init__(self, *args, profile: StakeholderProfile, **kwargs):
        super().__init__(*args, **kwargs)
        if profile.nik:
            self.fields["nik"].help_text = _(
                "On file: %(masked)s. Type a new one to replace it; leave empty to keep it."
            ) % {"masked": profile.masked_nik}
        else:
            del self.fields["nik_remove"]


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask for it again before changing where your account's mail goes."),
    )


class AccessCodeForm(forms.Form):
    number = forms.CharField(
        label=_("Consultation number"),
        max_length=30,
        help_text=_("For example PKU-2026-00042."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        help_text=_("Shown on your receipt and in our e-mail."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class NewLinkForm(forms.Form):
    number = forms.CharField(
        label=_("Consultation number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    email = forms.EmailField(
        label=_("The e-mail address you asked with"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
