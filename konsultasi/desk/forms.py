"""The workspace's action forms. They check what a form can (required fields, lengths, choices
within the consultation's office); the services check the rest and their refusals are shown
in the same error summary. Every form carries the version of the consultation it was shown
with, so that an edit made on a stale page is refused, not applied."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import Role, User
from konsultasi.accounts.selectors import integration_accounts
from konsultasi.consultations.models import Consultation
from konsultasi.offices.models import Section, ServiceType

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

TEXT_MAX = 20_000
REFERENCE_MAX = 100


def text_field(
    label: "str | _StrPromise",
    *,
    required: bool = True,
    rows: int = 4,
    help_text: "str | _StrPromise" = "",
    **attrs,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, **attrs}),
    )


class ActionForm(forms.Form):
    """A form on one consultation, carrying the version it was shown with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, consultation: Consultation, **kwargs):
        self.consultation = consultation
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", consultation.version)
        super().__init__(*args, **kwargs)

    def limit(self, name: str, queryset: QuerySet) -> None:
        """Offer only these choices (those of the consultation's office)."""
        cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset


class ConfirmForm(ActionForm):
    """An action that needs nothing but a confirmation (claim, close)."""


class ClassifyForm(ActionForm):
    service_type = forms.ModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.none()
    )
    section = forms.ModelChoiceField(
        label=_("Responsible section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("The service type's own section"),
        help_text=_("Leave as is to route to the section the service type belongs to."),
    )

    def __init__(self, *args, consultation: Consultation, suggested=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("service_type", consultation.service_type_id or suggested)
        initial.setdefault("section", consultation.section_id)
        super().__init__(*args, consultation=consultation, **kwargs)
        office = consultation.office_id
        self.limit(
            "service_type",
            ServiceType.objects.filter(office=office, is_active=True).order_by("name"),
        )
        self.limit(
            "section", Section.objects.filter(office=office, is_active=True).order_by("name")
        )


class ReplyForm(ActionForm):
    body = text_field(_("Message to the stakeholder"), autofocus=True)


class NoteForm(ActionForm):
    body = text_field(
        _("Internal note"),
        help_text=_("Seen by office staff only, never by the stakeholder."),
        autofocus=True,
    )


class ResolveForm(ActionForm):
    answer = text_field(_("Answer"), rows=6, autofocus=True)
    regulations = text_field(
        _("Regulations cited"),
        required=False,
        rows=3,
        help_text=_(
            "One per line, e.g. PMK 62 Tahun 2023 pasal 12. They are added to the answer "
            "under “Legal basis”."
        ),
    )


class RequestDocumentsForm(ActionForm):
    description = text_field(
        _("Documents needed"),
        help_text=_("The clocks pause until the stakeholder sends them."),
        autofocus=True,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProvideDocumentsForm(ActionForm):
    documents = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, images, Office documents or text; at most 10 MB each."),
    )
    note = text_field(
        _("What was handed over"),
        required=False,
        rows=3,
        help_text=_("For example: a copy of the SPM and the contract, handed over at the desk."),
    )

    def clean(self):
        cleaned = super().clean() or {}
        if not cleaned.get("documents") and not (cleaned.get("note") or "").strip():
            raise forms.ValidationError(_("Attach the documents or write what was handed over."))
        return cleaned


class DeferForm(ActionForm):
    reason = text_field(_("Why the answer needs more time"), rows=3, autofocus=True)


class ProgressForm(ActionForm):
    body = text_field(_("Progress update for the stakeholder"), autofocus=True)


class EscalateForm(ActionForm):
    reason = text_field(_("What should the section head confirm?"), autofocus=True)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False, empty_label=None
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("section", consultation.section_id)
        super().__init__(*args, consultation=consultation, **kwargs)
        self.limit(
            "section",
            Section.objects.filter(office=consultation.office_id, is_active=True).order_by("name"),
        )


class HandToHaiForm(ActionForm):
    reason = text_field(_("Why the national helpdesk is needed"), rows=3, autofocus=True)
    external_reference = forms.CharField(
        label=_("HAI DJPb ticket number"),
        max_length=REFERENCE_MAX,
        required=False,
        help_text=_("If the ticket is already open; it can be added with the answer."),
    )


class HaiAnswerForm(ActionForm):
    answer = text_field(_("HAI DJPb's answer"), autofocus=True)
    external_reference = forms.CharField(
        label=_("HAI DJPb ticket number"), max_length=REFERENCE_MAX, required=False
    )


class AnswerEscalationForm(ActionForm):
    answer = text_field(
        _("Guidance for the officer"),
        help_text=_("The consultation goes back to its officer with this answer."),
        autofocus=True,
    )


class ReassignForm(ActionForm):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, consultation=consultation, **kwargs)
        self.limit(
            "officer",
            User.objects.filter(
                is_active=True,
                office_roles__office=consultation.office_id,
                office_roles__role__in=(Role.OFFICER, Role.SECTION_HEAD),
            )
            .exclude(pk=consultation.assignee_id or 0)
            .exclude(integration_accounts())
            .distinct()
            .order_by("first_name", "username"),
        )


class ReopenForm(ActionForm):
    reason = text_field(_("Why the answer did not solve the question"), rows=3, autofocus=True)


class CancelForm(ActionForm):
    reason = text_field(
        _("Reason for cancelling"),
        rows=3,
        help_text=_("For example: a duplicate of another consultation, spam, or withdrawn."),
        autofocus=True,
    )
