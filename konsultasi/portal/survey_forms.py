"""The SKM questionnaire as a form, shared by the invitation link, the kiosk at the desk and
the officer's paper entry: the nine questions with their four answers, then the optional
respondent fields and a comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultasi.feedback.questionnaire import (
    ELEMENT_FIELDS,
    ELEMENTS,
    AgeBand,
    Education,
    Gender,
    Occupation,
)


def _optional(choices) -> list:
    return [("", _("(not given)")), *choices]


class QuestionnaireForm(forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=_optional(Gender.choices), required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=_optional(AgeBand.choices), required=False)
    education = forms.ChoiceField(
        label=_("Education"), choices=_optional(Education.choices), required=False
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), choices=_optional(Occupation.choices), required=False
    )
    comment = forms.CharField(
        label=_("Comment or suggestion (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for position, (name, element) in enumerate(zip(ELEMENT_FIELDS, ELEMENTS, strict=True), 1):
            self.fields[name] = forms.TypedChoiceField(
                label=f"{position}. {element.question}",
                choices=[(str(score), word) for score, word in enumerate(element.answers, 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the four answers.")},
            )
            self.fields[name].element = element  # type: ignore[attr-defined]
        # The questions first, in the method's order; the respondent fields after them.
        order = [*ELEMENT_FIELDS, "gender", "age_band", "education", "occupation", "comment"]
        self.order_fields(order)

    @property
    def questions(self):
        return [self[name] for name in ELEMENT_FIELDS]

    @property
    def respondent_fields(self):
        return [self[name] for name in ("gender", "age_band", "education", "occupation")]

    def answers(self) -> list[int]:
        return [self.cleaned_data[name] for name in ELEMENT_FIELDS]

    def respondent(self) -> dict:
        keys = ("gender", "age_band", "education", "occupation", "comment")
        return {key: self.cleaned_data.get(key, "") for key in keys}
