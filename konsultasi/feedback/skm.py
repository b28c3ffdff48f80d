"""The satisfaction index of the national survey method (SKM, PermenPANRB 14/2017), exactly.

Pure on purpose, like `konsultasi.sla`: no Django, no database, so it can be proven alone.

Each respondent scores nine elements from 1 to 4. An element's mean is the mean of its scores;
the index (IKM) is the mean of the nine element means times 25, giving 25–100. The method's
tables print the weight 1/9 as 0.111; multiplying by 0.111 loses 0.1 % and can drop an office
a grade, so the arithmetic here is done in exact fractions and rounded once, at the end, to
the two decimals offices publish. The grade is read from that published figure."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENT_COUNT = 9
LOWEST, HIGHEST = 1, 4
SCALE = 25

# (grade, the lowest published index that earns it), best first.
GRADES: tuple[tuple[str, Decimal], ...] = (
    ("A", Decimal("88.31")),
    ("B", Decimal("76.61")),
    ("C", Decimal("65.00")),
    ("D", Decimal("25.00")),
)


class InvalidResponse(ValueError):
    """A questionnaire that the method cannot count: wrong length or a score out of 1–4."""

    def __init__(self, message: str, *, respondent: int | None = None):
        self.respondent = respondent
        super().__init__(message)


@dataclass(frozen=True)
class ElementTally:
    """What the index needs of a group of respondents: their number and each element's sum.

    Databases give sums cheaply (one aggregate query), and sums add up across groups."""

    respondents: int
    sums: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.sums) != ELEMENT_COUNT:
            raise InvalidResponse(f"a tally has {ELEMENT_COUNT} element sums, not {len(self.sums)}")
        if self.respondents < 0:
            raise InvalidResponse("a tally cannot count fewer than no respondents")
        for total in self.sums:
            if not LOWEST * self.respondents <= total <= HIGHEST * self.respondents:
                raise InvalidResponse("an element sum lies outside what the respondents can give")

    @classmethod
    def of(cls, responses: Iterable[Sequence[int]]) -> "ElementTally":
        """Tally questionnaires, refusing any that the method cannot count."""
        count, sums = 0, [0] * ELEMENT_COUNT
        for number, answers in enumerate(responses, start=1):
            check_answers(answers, respondent=number)
            count += 1
            for element, score in enumerate(answers):
                sums[element] += score
        return cls(respondents=count, sums=tuple(sums))

    def __add__(self, other: "ElementTally") -> "ElementTally":
        return ElementTally(
            respondents=self.respondents + other.respondents,
            sums=tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )


EMPTY = ElementTally(respondents=0, sums=(0,) * ELEMENT_COUNT)


def check_answers(answers: Sequence[int], *, respondent: int | None = None) -> None:
    where = f"respondent {respondent}: " if respondent is not None else ""
    if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
        raise InvalidResponse(
            f"{where}answers must be a list of {ELEMENT_COUNT} scores", respondent=respondent
        )
    if len(answers) != ELEMENT_COUNT:
        raise InvalidResponse(
            f"{where}{len(answers)} answers given, the questionnaire has {ELEMENT_COUNT}",
            respondent=respondent,
        )
    for element, score in enumerate(answers, start=1):
        # bool is an int in Python; a tally of true/false is not a tally of scores.
        if isinstance(score, bool) or not isinstance(score, int):
            raise InvalidResponse(
                f"{where}element {element}: {score!r} is not a whole score", respondent=respondent
            )
        if not LOWEST <= score <= HIGHEST:
            raise InvalidResponse(
                f"{where}element {element}: {score} is outside {LOWEST}–{HIGHEST}",
                respondent=respondent,
            )


@dataclass(frozen=True)
class SkmIndex:
    respondents: int
    element_means: tuple[Fraction, ...]
    exact: Fraction  # the index before rounding

    @property
    def value(self) -> Decimal:
        """The index as published: two decimals, halves rounded up."""
        return round_published(self.exact)

    @property
    def grade(self) -> str:
        return grade_of(self.value)

    @property
    def weakest_element(self) -> int:
        """The position (0–8) of the element that pulls the index down most: the lowest mean,
        the first of equals in questionnaire order."""
        return min(range(ELEMENT_COUNT), key=lambda e: (self.element_means[e], e))


def round_published(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def grade_of(published: Decimal) -> str:
    for grade, lowest in GRADES:
        if published >= lowest:
            return grade
    raise InvalidResponse(f"an index of {published} is below the scale's {GRADES[-1][1]}")


def index_of(tally: ElementTally) -> SkmIndex | None:
    """The index of a tally, or None when nobody answered (no index, rather than a zero)."""
    if tally.respondents == 0:
        return None
    means = tuple(Fraction(total, tally.respondents) for total in tally.sums)
    exact = sum(means, Fraction(0)) / ELEMENT_COUNT * SCALE
    return SkmIndex(respondents=tally.respondents, element_means=means, exact=exact)


def index_of_responses(responses: Iterable[Sequence[int]]) -> SkmIndex | None:
    return index_of(ElementTally.of(responses))


def element_score(mean: Fraction) -> Decimal:
    """An element's own figure on the 25–100 scale, as the reports print it."""
    return round_published(mean * SCALE)
