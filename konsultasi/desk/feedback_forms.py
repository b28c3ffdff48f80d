"""Forms of the desk's complaint register and paper questionnaire entry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.accounts.models import User
from konsultasi.consultations.access import consultation_for
from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation
from konsultasi.feedback.models import ComplaintChannel
from konsultasi.offices.models import Channel, Office, ServiceType
from konsultasi.portal.survey_forms import QuestionnaireForm


class ConsultationByNumber:
    """A form's `consultation_number`: cleaned into the consultation of this office with that
    number, if the person may see it (the access door), or None when left empty."""

    user: User
    office: Office

    def clean_consultation_number(self) -> Consultation | None:
        number = self.cleaned_data["consultation_number"].strip()  # type: ignore[attr-defined]
        if not number:
            return None
        try:
            found = consultation_for(self.user, number=number)
        except ConsultationNotFound:
            found = None
        if found is None or found.office_id != self.office.pk:
            raise forms.ValidationError(_("No consultation of this office has that number."))
        return found


class RegisterComplaintForm(ConsultationByNumber, forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Received through"), queryset=ComplaintChannel.objects.none()
    )
    external_reference = forms.CharField(
        label=_("External reference"),
        required=False,
        max_length=100,
        help_text=_("The tracking number in the channel's own system, e.g. a LAPOR number."),
    )
    consultation_number = forms.CharField(
        label=_("Consultation concerned (number)"), required=False, max_length=30
    )
    officer = forms.ModelChoiceField(
        label=_("Officer concerned"), required=False, queryset=User.objects.none()
    )
    complainant_name = forms.CharField(
        label=_("Complainant's name"), required=False, max_length=200
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Complaint"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, user: User, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.office = user, office
        self.fields["channel"].queryset = ComplaintChannel.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["officer"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(office_roles__office=office, is_active=True)
            .distinct()
            .order_by("first_name", "username")
        )


class AnswerComplaintForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("Answer to the complainant"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class PaperQuestionnaireForm(ConsultationByNumber, QuestionnaireForm):
    consultation_number = forms.CharField(
        label=_("Consultation number (if written on the form)"), required=False, max_length=30
    )
    service_type = forms.ModelChoiceField(
        label=_("Service type"), required=False, queryset=ServiceType.objects.none()
    )
    channel = forms.ModelChoiceField(
        label=_("Channel"), required=False, queryset=Channel.objects.none()
    )
    answered_on = forms.DateField(
        label=_("Date on the questionnaire"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user: User, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.office = user, office
        self.fields["service_type"].queryset = ServiceType.objects.filter(  # type: ignore[attr-defined]
            office=office, is_active=True
        )
        self.fields["channel"].queryset = Channel.objects.filter(is_active=True)  # type: ignore[attr-defined]

    @property
    def paper_fields(self):
        return [
            self[name] for name in ("consultation_number", "answered_on", "service_type", "channel")
        ]
