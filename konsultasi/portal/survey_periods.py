"""The periods an index is reported for: a quarter (triwulan), a half year (semester) or a
year, chosen in the query string (`?tahun=2026&periode=t3`), the current quarter by default."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from konsultasi.feedback.selectors import Period

PARTS = {
    "t1": ((1, 1), (3, 31)),
    "t2": ((4, 1), (6, 30)),
    "t3": ((7, 1), (9, 30)),
    "t4": ((10, 1), (12, 31)),
    "s1": ((1, 1), (6, 30)),
    "s2": ((7, 1), (12, 31)),
    "tahun": ((1, 1), (12, 31)),
}


@dataclass(frozen=True)
class PeriodChoice:
    year: int
    part: str
    period: Period

    @property
    def label(self) -> str:
        names = {
            "t1": _("Quarter I"),
            "t2": _("Quarter II"),
            "t3": _("Quarter III"),
            "t4": _("Quarter IV"),
            "s1": _("Semester I"),
            "s2": _("Semester II"),
            "tahun": _("Whole year"),
        }
        return f"{names[self.part]} {self.year}"


def part_labels() -> list[tuple[str, str]]:
    return [
        ("t1", _("Quarter I")),
        ("t2", _("Quarter II")),
        ("t3", _("Quarter III")),
        ("t4", _("Quarter IV")),
        ("s1", _("Semester I")),
        ("s2", _("Semester II")),
        ("tahun", _("Whole year")),
    ]


def period_from(params, *, today: date) -> PeriodChoice:
    """The period asked for; anything unreadable falls back to the current quarter."""
    try:
        year = int(params.get("tahun", today.year))
    except (TypeError, ValueError):
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    part = params.get("periode", "")
    if part not in PARTS:
        part = f"t{(today.month - 1) // 3 + 1}"
    (first_month, first_day), (last_month, last_day) = PARTS[part]
    period = Period(first=date(year, first_month, first_day), last=date(year, last_month, last_day))
    return PeriodChoice(year=year, part=part, period=period)
