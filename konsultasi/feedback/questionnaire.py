"""The SKM questionnaire as respondents read it: the nine elements of the method in their
order, each with its question and the usual four-point answer wording, and the optional
respondent fields (gender, age band, education, occupation).

The order is the method's and is fixed: the database columns `e1`…`e9` and every tally
follow it."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    code: str
    name: Promise
    question: Promise
    answers: tuple[Promise, Promise, Promise, Promise]  # the words for scores 1, 2, 3, 4


ELEMENTS: tuple[Element, ...] = (
    Element(
        "requirements",
        _("Requirements"),
        _("How well do the requirements match the service you received?"),
        (_("Not appropriate"), _("Less appropriate"), _("Appropriate"), _("Very appropriate")),
    ),
    Element(
        "procedure",
        _("Procedure"),
        _("How easy was the service procedure?"),
        (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")),
    ),
    Element(
        "time",
        _("Service time"),
        _("How fast was the service?"),
        (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")),
    ),
    Element(
        "cost",
        _("Cost"),
        _("How fair was the cost of the service?"),
        (_("Very expensive"), _("Fairly expensive"), _("Cheap"), _("Free of charge")),
    ),
    Element(
        "product",
        _("Service product"),
        _("How well did the result match what the service standard promises?"),
        (_("Not appropriate"), _("Less appropriate"), _("Appropriate"), _("Very appropriate")),
    ),
    Element(
        "competence",
        _("Staff competence"),
        _("How competent was the officer who served you?"),
        (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")),
    ),
    Element(
        "conduct",
        _("Staff conduct"),
        _("How polite and friendly was the officer who served you?"),
        (
            _("Not polite and friendly"),
            _("Less polite and friendly"),
            _("Polite and friendly"),
            _("Very polite and friendly"),
        ),
    ),
    Element(
        "facilities",
        _("Facilities"),
        _("How good were the service facilities and infrastructure?"),
        (_("Poor"), _("Adequate"), _("Good"), _("Very good")),
    ),
    Element(
        "complaints",
        _("Complaint handling"),
        _("How are complaints, suggestions and feedback handled?"),
        (
            _("Not available"),
            _("Available but not working"),
            _("Working but not at its best"),
            _("Well managed"),
        ),
    ),
)

ELEMENT_FIELDS = tuple(f"e{position}" for position in range(1, len(ELEMENTS) + 1))


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class AgeBand(models.TextChoices):
    UNDER_25 = "under_25", _("Under 25")
    FROM_25 = "25_34", _("25–34")
    FROM_35 = "35_44", _("35–44")
    FROM_45 = "45_54", _("45–54")
    FROM_55 = "55_plus", _("55 and over")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school or below")
    JUNIOR = "junior", _("Junior high school")
    SENIOR = "senior", _("Senior high school")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "bachelor", _("Bachelor or D4")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    MILITARY_POLICE = "military_police", _("Military or police")
    PRIVATE = "private", _("Private employee")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    OTHER = "other", _("Other")


# The method's words for each grade (the quality of the service unit's performance).
GRADE_WORDS = {
    "A": _("Very good"),
    "B": _("Good"),
    "C": _("Less good"),
    "D": _("Not good"),
}
